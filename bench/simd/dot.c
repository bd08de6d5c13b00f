/* dot: float32 dot products of two 4096-element vectors (16 KiB each).
 * One unit = 32 dot products (128 Ki multiply-adds), each after changing one
 * element.
 *
 * Written for clang's auto-vectoriser: eight running sums, one per lane of
 * two f32x4 vectors, so with -msimd128 the loop becomes f32x4.mul/f32x4.add
 * without reassociating anything (no -ffast-math needed), and the scalar and
 * SIMD builds add in the same order: same result, same checksum. Entries are
 * multiples of 1/8 below 4 in magnitude, sums stay far from overflow. */
#include "../programs/bench.h"

#define LEN 4096
#define LANES 8

static float a[LEN], b[LEN];
BENCH_OPAQUE(uint32_t, dot_len, LEN);

static float dot(const float* restrict x, const float* restrict y, uint32_t len) {
  float acc[LANES] = {0};
  for (uint32_t i = 0; i + LANES <= len; i += LANES)
    for (uint32_t l = 0; l < LANES; l++) acc[l] += x[i + l] * y[i + l];
  float s = 0.0f;
  for (uint32_t l = 0; l < LANES; l++) s += acc[l];
  return s;
}

static uint32_t bits(float f) {
  union {
    float f;
    uint32_t u;
  } v = {f};
  return v.u;
}

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t x = 2463534242u;
  for (uint32_t i = 0; i < LEN; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    a[i] = (float)((int32_t)(x & 63) - 32) / 8.0f;
    b[i] = (float)((int32_t)((x >> 8) & 63) - 32) / 8.0f;
  }
  uint32_t h = 0x811c9dc5u;
  uint32_t len = dot_len;
  for (uint32_t rep = 0; rep < n; rep++) {
    for (uint32_t k = 0; k < 32; k++) {
      uint32_t i = (rep * 32 + k) * 2654435761u % LEN;
      a[i] = a[i] > 3.0f ? -3.875f : a[i] + 0.125f;
      h = bench_mix(h, bits(dot(a, b, len)));
    }
  }
  return h;
}
