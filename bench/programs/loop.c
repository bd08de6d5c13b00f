/* loop: a tight integer loop with a loop-carried dependency (xorshift32 plus an
 * LCG), no memory traffic. One unit = 1<<16 iterations. */
#include "bench.h"

BENCH_OPAQUE(uint32_t, loop_seed, 0x12345678u);

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t x = loop_seed, lcg = 1, acc = 0;
  for (uint32_t i = 0; i < n; i++) {
    for (uint32_t j = 0; j < (1u << 16); j++) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      lcg = lcg * 1664525u + 1013904223u;
      acc += (x ^ lcg) >> (j & 7);
    }
    acc = bench_mix(acc, x);
  }
  return acc ^ lcg;
}
