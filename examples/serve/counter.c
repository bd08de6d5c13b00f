/* counter.c - a counter that survives requests, kept in a file.
 *
 * Each request reads /data/counter (a missing file counts as 0),
 * increments it, writes it back and answers {"count":N}. The route must
 * grant a writable directory as /data:
 *     writable_dirs = [ { host = "data", guest = "/data" } ]
 * The new value is written to /data/counter.tmp and renamed over
 * /data/counter, so a reader never sees a half-written file. (There is no
 * locking in WASI preview1: two requests at the same instant can both
 * read N and both write N+1. Fine for a demo; use a database for real.)
 */
#include <errno.h>

#include "petrel_wagi.h"

#define COUNTER_FILE "/data/counter"
#define COUNTER_TMP "/data/counter.tmp"

static void fail(const char *what) {
    fprintf(stderr, "counter: %s: %s\n", what, strerror(errno));
    pw_respond(500, "application/json");
    printf("{\"error\":\"%s\"}\n", what); /* fixed ASCII strings only */
}

int main(void) {
    unsigned long long count = 0;
    FILE *f = fopen(COUNTER_FILE, "r");

    if (f) {
        char buf[32];
        size_t n = fread(buf, 1, sizeof buf - 1, f), i;
        fclose(f);
        buf[n] = '\0';
        for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9' && i < 19; i++)
            count = count * 10 + (unsigned)(buf[i] - '0');
        if (i == 0 || (buf[i] != '\0' && buf[i] != '\n')) {
            errno = EINVAL;
            fail("counter file is corrupt");
            return 0;
        }
    } else if (errno != ENOENT) {
        fail("cannot read " COUNTER_FILE " (is /data granted?)");
        return 0;
    }

    count++;
    f = fopen(COUNTER_TMP, "w");
    if (!f) { fail("cannot write " COUNTER_TMP " (is /data granted writable?)"); return 0; }
    fprintf(f, "%llu\n", count);
    if (fclose(f) != 0) { fail("cannot write " COUNTER_TMP); return 0; }
    if (rename(COUNTER_TMP, COUNTER_FILE) != 0) { fail("cannot rename " COUNTER_TMP); return 0; }

    pw_respond(200, "application/json");
    printf("{\"count\":%llu}\n", count);
    return 0;
}
