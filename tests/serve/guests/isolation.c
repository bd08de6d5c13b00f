/* isolation.c - proves that no state survives from one request to the next.
 *
 * Each request first looks for the markers that an earlier request would
 * have left behind if the instance (or its memory, or its globals) were
 * reused, then sets them all. It answers 200 application/json:
 *   {"static":false,"global":false,"wasm_global":false,"heap":false,
 *    "result":"clean"}
 * Each member tells whether that marker was found:
 *   static       a function-local static variable, initialised data
 *                (.data: a fresh instance gets it back from the data
 *                segment)
 *   global       a zero-initialised C global (.bss, which no data segment
 *                covers: only a fresh memory is zero there)
 *   wasm_global  a mutable wasm global (not in linear memory at all; a
 *                fresh instance gets its initial value 0)
 *   heap         a 16-byte pattern written into a malloc'd buffer, found by
 *                scanning linear memory from __heap_base to its end (past
 *                the data segments and the stack)
 * "result" is "clean" when none was found, else "dirty". A fresh instance
 * per request must always answer "clean". ?runs=2 (test of the test) does
 * the check twice inside one instance and reports the second, which must
 * be "dirty" with all four true.
 */
#include "petrel_wagi.h"

/* The heap marker; built at run time so the pattern is in no data segment. */
static void make_pattern(unsigned char *p) {
    unsigned i;
    for (i = 0; i < 16; i++) p[i] = (unsigned char)(0x5A ^ (i * 37u + 11u));
}

unsigned isolation_global_marker; /* .bss */

#if defined(__wasm__)
/* A mutable i32 wasm global of our own, declared in assembly. */
__asm__(".globaltype isolation_wasm_global, i32\n"
        "isolation_wasm_global:\n");
static unsigned get_wasm_global(void) {
    unsigned v;
    __asm__ volatile("global.get isolation_wasm_global\n\tlocal.set %0" : "=r"(v));
    return v;
}
static void set_wasm_global(unsigned v) {
    __asm__ volatile("local.get %0\n\tglobal.set isolation_wasm_global" : : "r"(v));
}
extern unsigned char __heap_base;
#endif

#define MARK 0x7e57ab1eu

/* Where the heap marker's buffer goes; volatile, so that the compiler
 * cannot drop the allocation as unused. */
unsigned char *volatile isolation_heap_buffer;

static int heap_marker_present(void) {
#if defined(__wasm__)
    unsigned char pat[16];
    const unsigned char *p =
        (const unsigned char *)(((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15);
    const unsigned char *end = (const unsigned char *)(__builtin_wasm_memory_size(0) * 65536u);
    make_pattern(pat);
    for (; p + 16 <= end; p += 16) /* malloc'd memory is 16-byte aligned */
        if (p[0] == pat[0] && memcmp(p, pat, 16) == 0) return 1;
#endif
    return 0;
}

typedef struct {
    int found_static, found_global, found_wasm_global, found_heap;
} findings;

/* Looks for every marker, then sets them all. */
static findings check_and_mark(void) {
    static unsigned static_marker = 1; /* .data; we set it to MARK */
    findings f;
    unsigned char *buf;
    f.found_static = static_marker == MARK;
    f.found_global = isolation_global_marker == MARK;
    f.found_heap = heap_marker_present();
    f.found_wasm_global = 0;
#if defined(__wasm__)
    f.found_wasm_global = get_wasm_global() == MARK;
    set_wasm_global(MARK);
#endif
    static_marker = MARK;
    isolation_global_marker = MARK;
    buf = malloc(64); /* left allocated on purpose */
    if (buf) make_pattern(buf + 16);
    isolation_heap_buffer = buf;
    return f;
}

int main(void) {
    long long runs = 1;
    findings f;
    pw_json j;
    int dirty;

    /* ?runs=2 checks twice in this one instance and reports the second:
     * that must be "dirty", which shows the detection works. */
    if (pw_param_long("runs", &runs) < 0 || runs < 1 || runs > 10) {
        pw_respond_text(400, "runs must be from 1 to 10");
        return 0;
    }
    do f = check_and_mark(); while (--runs > 0);
    dirty = f.found_static || f.found_global || f.found_heap || f.found_wasm_global;

    pw_respond(200, "application/json");
    pw_json_init(&j, stdout);
    pw_json_object_begin(&j);
    pw_json_key(&j, "static");
    pw_json_bool(&j, f.found_static);
    pw_json_key(&j, "global");
    pw_json_bool(&j, f.found_global);
    pw_json_key(&j, "wasm_global");
    pw_json_bool(&j, f.found_wasm_global);
    pw_json_key(&j, "heap");
    pw_json_bool(&j, f.found_heap);
    pw_json_key(&j, "result");
    pw_json_string(&j, dirty ? "dirty" : "clean");
    pw_json_object_end(&j);
    pw_json_end(&j);
    return 0;
}
