/* bytescan: memchr-like scanning of a 64 KiB text buffer, line by line: find
 * each '\n' and hash the line lengths, then count one letter in the whole
 * buffer. Lines are 1-2047 bytes (mean ~1 KiB), so the scan dominates.
 * One unit = one pass over the buffer (after changing one letter of it).
 *
 * The same source builds scalar and with -msimd128: with __wasm_simd128__ the
 * search for the newline is explicit wasm_simd128.h (16 bytes per compare,
 * i8x16.eq + i8x16.bitmask + ctz); otherwise a plain byte loop. The letter
 * count is plain C that clang auto-vectorises with -msimd128. */
#include "../programs/bench.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define BUF_SIZE (1u << 16)

static uint8_t buf[BUF_SIZE];
BENCH_OPAQUE(uint32_t, scan_len, BUF_SIZE);
BENCH_OPAQUE(uint8_t, letter, 'e');

/* The first c in [p, end), or end. */
static const uint8_t* find_byte(const uint8_t* p, const uint8_t* end, uint8_t c) {
#ifdef __wasm_simd128__
  v128_t vc = wasm_i8x16_splat((int8_t)c);
  while (end - p >= 16) {
    uint32_t m = (uint32_t)wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p), vc));
    if (m) return p + __builtin_ctz(m);
    p += 16;
  }
#endif
  while (p < end && *p != c) p++;
  return p;
}

/* Counted in blocks of 240 bytes with a byte-sized counter, so that the
 * vectorised loop keeps sixteen u8 counters (i8x16.eq, v128.and, i8x16.add)
 * and reduces them once per block, instead of widening every compare to
 * 32-bit lanes (which clang 14 does with shuffles for a plain `k += p[i] == c`). */
static uint32_t count_byte(const uint8_t* p, uint32_t len, uint8_t c) {
  uint32_t k = 0;
  for (uint32_t i = 0; i < len; i += 240) {
    uint32_t m = len - i < 240 ? len - i : 240;
    uint8_t k8 = 0;
    for (uint32_t j = 0; j < m; j++) k8 += p[i + j] == c;
    k += k8;
  }
  return k;
}

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t x = 2463534242u;
  uint32_t next_newline = 0;
  for (uint32_t i = 0; i < BUF_SIZE; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    if (i == next_newline) {
      buf[i] = '\n';
      next_newline = i + 1 + (x >> 21); /* 1..2048 bytes on */
    } else {
      buf[i] = (uint8_t)('a' + (x >> 8) % 26);
    }
  }
  uint32_t h = 0x811c9dc5u;
  for (uint32_t rep = 0; rep < n; rep++) {
    uint32_t pos = (rep * 40503u) % BUF_SIZE;
    if (buf[pos] != '\n') buf[pos] = (uint8_t)('a' + rep % 26);
    const uint8_t* p = buf;
    const uint8_t* end = buf + scan_len;
    uint32_t lines = 0;
    while (p < end) {
      const uint8_t* nl = find_byte(p, end, '\n');
      h = bench_mix(h, (uint32_t)(nl - p));
      lines++;
      p = nl + 1;
    }
    h = bench_mix(h, lines);
    h = bench_mix(h, count_byte(buf, scan_len, letter));
  }
  return h;
}
