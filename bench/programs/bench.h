/* Shared by every benchmark program. Each program is freestanding C (no libc,
 * no includes besides <stdint.h>/<stddef.h>) so that the same file compiles
 * to a wasm32 module without imports and to a native object.
 *
 * Contract: `uint32_t run(uint32_t n)` does n units of work, each unit about
 * the same cost, and returns a checksum that depends on all of it. The
 * harness relies on time being ~linear in n when it normalises runs made
 * with a smaller n (see bench/run.py, --scale).
 */
#ifndef PETREL_BENCH_H
#define PETREL_BENCH_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_EXPORT __attribute__((visibility("default")))

/* Values read through a volatile so that the compiler cannot specialise the
 * kernels on them or hoist whole units of work out of the outer loop. */
#define BENCH_OPAQUE(type, name, value) static volatile type name = (value)

uint32_t run(uint32_t n);

static inline uint32_t bench_mix(uint32_t h, uint32_t v) {
  h ^= v;
  h *= 0x01000193u; /* FNV-1a prime */
  return h ^ (h >> 15);
}

#endif
