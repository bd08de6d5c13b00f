/* memkernel: memory-bound loops over two 4 MiB buffers: a memset-like fill, a
 * memcpy-like copy (word at a time), a read-modify-write pass and strided sums
 * that touch one word per 64-byte line. Plain loops on purpose: the programs
 * are compiled with -fno-builtin, so neither target turns them into libc or
 * bulk-memory calls. One unit = one pass of all of that over 8 MiB. */
#include "bench.h"

#define WORDS (1u << 20) /* 4 MiB of uint32_t per buffer */

static uint32_t src[WORDS], dst[WORDS];
BENCH_OPAQUE(uint32_t, mem_words, WORDS);

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t words = mem_words;
  uint32_t h = 0x811c9dc5u;
  for (uint32_t rep = 0; rep < n; rep++) {
    uint32_t fill = rep * 0x9e3779b9u;
    for (uint32_t i = 0; i < words; i++) src[i] = fill;               /* memset */
    for (uint32_t i = 0; i < words; i += 97) src[i] = i ^ fill;       /* sparse writes */
    for (uint32_t i = 0; i < words; i++) dst[i] = src[i];             /* memcpy */
    for (uint32_t i = 0; i < words; i++) dst[i] += dst[words - 1 - i] >> 3; /* RMW, reversed */
    uint32_t sum = 0;
    for (uint32_t off = 0; off < 16; off += 5)                          /* strided sums */
      for (uint32_t i = off; i < words; i += 16) sum += dst[i];
    h = bench_mix(h, sum);
  }
  return h;
}
