/* For runtimes that cannot pass arguments to an export (wabt 1.0.32's
 * wasm-interp only has --run-all-exports, which calls each export with no
 * arguments): a second module per (program, N) whose only function export is
 * `bench()`, calling run(N). N comes from -DBENCH_N and is read through a
 * volatile so that run() is not specialised on it; this file is a separate
 * object and wasm-ld does no LTO, so run() is the very same code as in the
 * module the other runtimes load. */
#include <stdint.h>

uint32_t run(uint32_t n);

static volatile uint32_t bench_n = BENCH_N;

__attribute__((visibility("default"))) uint32_t bench(void) { return run(bench_n); }
