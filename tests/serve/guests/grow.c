/* grow.c - allocates memory until the allocation fails, then aborts.
 *
 * For the memory-cap test: with the route's max_memory set, malloc
 * eventually fails (memory.grow returns -1 at the cap), the guest writes
 * "grow: allocation failed after N MiB (memory M MiB)" to stderr and calls
 * abort() (a trap: `unreachable`), and the host answers 500. Nothing is
 * written to stdout before the abort.
 *
 * ?mib=N stops after N MiB instead and answers 200
 * {"allocated_mib":N,"memory_mib":M} if that much could be had: use it to
 * show that a request under the cap succeeds.
 */
#include "petrel_wagi.h"

#define CHUNK (1024u * 1024u)

struct block {
    struct block *prev;
};

static size_t memory_mib(void) {
#if defined(__wasm__)
    return __builtin_wasm_memory_size(0) / 16; /* 64 KiB pages */
#else
    return 0;
#endif
}

int main(void) {
    long long limit = -1;
    struct block *last = NULL;
    size_t mib = 0;

    if (pw_param_long("mib", &limit) < 0) {
        pw_respond_text(400, "mib must be an integer");
        return 0;
    }
    for (;;) {
        struct block *b;
        if (limit >= 0 && (long long)mib >= limit) break;
        b = malloc(CHUNK);
        if (!b) {
            fprintf(stderr, "grow: allocation failed after %zu MiB (memory %zu MiB)\n", mib,
                    memory_mib());
            abort();
        }
        memset(b, 0xA5, CHUNK); /* touch it, so nothing can be optimised away */
        b->prev = last;         /* and keep it reachable */
        last = b;
        mib++;
    }
    pw_respond(200, "application/json");
    printf("{\"allocated_mib\":%zu,\"memory_mib\":%zu}\n", mib, memory_mib());
    while (last) {
        struct block *p = last->prev;
        free(last);
        last = p;
    }
    return 0;
}
