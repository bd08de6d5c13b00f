/* adler32: the Adler-32 checksum (zlib, RFC 1950) of a 64 KiB buffer.
 * One unit = one checksum of the buffer (after changing one byte of it).
 *
 * The scalar form (s1 += byte; s2 += s1, reduced mod 65521 every 5552
 * bytes) is a dependency chain no compiler vectorises, so with
 * __wasm_simd128__ the body is explicit wasm_simd128.h, 16 bytes per step:
 *   s1 += sum of the bytes           (u8 -> u16 -> u32 extadd_pairwise)
 *   s2 += 16 * s1_before + sum((16 - i) * byte[i])   (i32x4.dot_i16x8_s
 *                                                     against 16..1)
 * with s1_before accumulated per lane and everything folded mod 65521 once
 * per 5536-byte block (the largest multiple of 16 within zlib's NMAX, so no
 * 32-bit sum overflows). Without SIMD the same source is zlib's plain loop.
 * Both give the exact checksum, so the builds print the same result. */
#include "../programs/bench.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define BUF_SIZE (1u << 16)
#define BASE 65521u
#define NMAX 5552u

static uint8_t buf[BUF_SIZE];
BENCH_OPAQUE(uint32_t, adler_len, BUF_SIZE);

#ifdef __wasm_simd128__
static uint32_t hsum(v128_t v) {
  return wasm_u32x4_extract_lane(v, 0) + wasm_u32x4_extract_lane(v, 1) + wasm_u32x4_extract_lane(v, 2) +
         wasm_u32x4_extract_lane(v, 3);
}
#endif

static uint32_t adler32(uint32_t adler, const uint8_t* p, uint32_t len) {
  uint32_t s1 = adler & 0xffff, s2 = adler >> 16;
#ifdef __wasm_simd128__
  const v128_t w_lo = wasm_i16x8_make(16, 15, 14, 13, 12, 11, 10, 9);
  const v128_t w_hi = wasm_i16x8_make(8, 7, 6, 5, 4, 3, 2, 1);
  while (len >= 16) {
    uint32_t block = len < NMAX ? len & ~15u : NMAX & ~15u;
    len -= block;
    v128_t vs1 = wasm_i32x4_splat(0), vs2 = wasm_i32x4_splat(0), vprev = wasm_i32x4_splat(0);
    for (uint32_t c = 0; c < block; c += 16) {
      v128_t v = wasm_v128_load(p + c);
      vprev = wasm_i32x4_add(vprev, vs1);
      vs1 = wasm_i32x4_add(vs1, wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(v)));
      v128_t lo = wasm_u16x8_extend_low_u8x16(v), hi = wasm_u16x8_extend_high_u8x16(v);
      vs2 = wasm_i32x4_add(vs2, wasm_i32x4_add(wasm_i32x4_dot_i16x8(lo, w_lo), wasm_i32x4_dot_i16x8(hi, w_hi)));
    }
    p += block;
    /* s2 gains s1 once per byte of the block, 16 * (bytes before each step),
     * and the weighted sums; in 64 bits to keep the proof of no overflow short. */
    uint64_t t2 = (uint64_t)s2 + (uint64_t)s1 * block + 16u * (uint64_t)hsum(vprev) + hsum(vs2);
    s1 = (s1 + hsum(vs1)) % BASE;
    s2 = (uint32_t)(t2 % BASE);
  }
#endif
  while (len > 0) {
    uint32_t k = len < NMAX ? len : NMAX;
    len -= k;
    while (k--) {
      s1 += *p++;
      s2 += s1;
    }
    s1 %= BASE;
    s2 %= BASE;
  }
  return (s2 << 16) | s1;
}

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t x = 2463534242u;
  for (uint32_t i = 0; i < BUF_SIZE; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    buf[i] = (uint8_t)(x >> 24);
  }
  uint32_t h = 0x811c9dc5u;
  uint32_t len = adler_len;
  for (uint32_t rep = 0; rep < n; rep++) {
    buf[(rep * 40503u) % BUF_SIZE] ^= (uint8_t)(rep | 1);
    /* Two lengths: the whole buffer, and an odd tail for the scalar remainder. */
    h = bench_mix(h, adler32(1, buf, len));
    h = bench_mix(h, adler32(h, buf + 7, len - 7 - (rep & 15)));
  }
  return h;
}
