/* fib: recursive Fibonacci; stresses calls, returns and small-integer arithmetic.
 * One unit = one call of fib(24): 150049 calls in the source; clang -O2 turns
 * the second recursion into a loop, leaving ~75k calls on every target. */
#include "bench.h"

BENCH_OPAQUE(uint32_t, fib_arg, 24);

static uint32_t fib(uint32_t k) {
  return k < 2 ? k : fib(k - 1) + fib(k - 2);
}

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t h = 0x811c9dc5u;
  for (uint32_t i = 0; i < n; i++) h = bench_mix(h, fib(fib_arg) + i);
  return h;
}
