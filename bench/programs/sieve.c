/* sieve: sieve of Eratosthenes over a 128 KiB byte array; byte loads/stores with
 * data-dependent strides. One unit = one full sieve (primes below 1<<17). */
#include "bench.h"

#define SIEVE_SIZE (1u << 17)

static uint8_t composite[SIEVE_SIZE];
BENCH_OPAQUE(uint32_t, sieve_limit, SIEVE_SIZE);

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t h = 0x811c9dc5u;
  for (uint32_t rep = 0; rep < n; rep++) {
    uint32_t limit = sieve_limit;
    for (uint32_t i = 0; i < limit; i++) composite[i] = 0;
    uint32_t count = 0, last = 0;
    for (uint32_t i = 2; i < limit; i++) {
      if (composite[i]) continue;
      count++;
      last = i;
      for (uint32_t j = i * 2; j < limit; j += i) composite[j] = 1;
    }
    h = bench_mix(h, count + rep);
    h = bench_mix(h, last);
  }
  return h;
}
