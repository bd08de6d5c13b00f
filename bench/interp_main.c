/* For runtimes that cannot pass arguments to an export (wabt 1.0.32's
 * wasm-interp only has --run-all-exports, which calls each export with no
 * arguments): a second module per (program, N) whose only function export is
 * `bench()`, calling run(N). N comes from -DBENCH_N and is read through a
 * volatile so that run() is not specialised on it, and run() is called
 * through a volatile pointer so that it is not inlined either: this file is a
 * separate object and wasm-ld does no LTO, but clang runs Binaryen's
 * whole-module wasm-opt after wasm-ld when it is installed, and that would
 * inline run() into bench(). So run() is the very same code as in the module
 * the other runtimes load. */
#include <stdint.h>

uint32_t run(uint32_t n);

static volatile uint32_t bench_n = BENCH_N;

static uint32_t (*volatile run_fn)(uint32_t) = run;

__attribute__((visibility("default"))) uint32_t bench(void) { return run_fn(bench_n); }
