/* Driver of the benchmark programs, native and WASI: `prog N` calls run(N)
 * from a benchmark program (a separate object) and prints the checksum as an
 * unsigned decimal on stdout, and the in-process time of the call on stderr as
 * `bench-time: run=SECONDS`. bench/run.py links it with the native objects;
 * bench/CMakeLists.txt builds it with each program natively and for
 * wasm32-wasi. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint32_t run(uint32_t n);

/* run() is called through a volatile pointer so that nothing can inline it
 * into main: not LTO, and not Binaryen's whole-module wasm-opt, which clang
 * runs after wasm-ld when it is installed. So run() stays the same function,
 * and main's code and the libc it pulls in stay out of it. */
static uint32_t (*volatile run_fn)(uint32_t) = run;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s N\n", argv[0]);
    return 1;
  }
  uint32_t n = (uint32_t)strtoul(argv[1], NULL, 10);
  double t0 = now();
  uint32_t result = run_fn(n);
  double t1 = now();
  printf("%u\n", result);
  fprintf(stderr, "bench-time: run=%.6f\n", t1 - t0);
  return 0;
}
