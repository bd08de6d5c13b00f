/* slow.c: answers after sleeping ?ms=N milliseconds (default 500), for the
 * host's tests of graceful shutdown (a request in flight at SIGTERM
 * finishes) and of max_concurrency (a second request meanwhile gets 503). */
#include <time.h>

#include "petrel_wagi.h"

int main(void) {
    long long ms = 500;
    pw_param_long("ms", &ms);
    if (ms < 0 || ms > 60000) ms = 500;
    struct timespec t = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
    pw_respond(200, "text/plain");
    printf("slept %lld ms\n", ms);
    return 0;
}
