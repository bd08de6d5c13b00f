// The <wasm_simd128.h> intrinsics that simd_intrinsics.c uses, in plain C for
// builds without -msimd128 (scalar wasm32, and native for the expected
// output): a v128_t is a union of lane arrays and every operation is a loop
// over lanes written from the spec's definition (Wasm 2.0, 4.3 numerics, 4.4.3
// vector instructions), not from any compiler's lowering. Little-endian lane
// order, as wasm and x86-64 both have. Signed arithmetic is done on unsigned
// lanes so that it wraps without undefined behaviour.
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef union {
  int8_t i8[16];
  uint8_t u8[16];
  int16_t i16[8];
  uint16_t u16[8];
  int32_t i32[4];
  uint32_t u32[4];
  int64_t i64[2];
  uint64_t u64[2];
  float f32[4];
  double f64[2];
} v128_t;

#define SV static inline

// Lane-wise templates: x (and y) are lane i of a (and b) as field F.
#define SIMD_UN(name, F, L, expr)    \
  SV v128_t name(v128_t a) {         \
    v128_t r;                        \
    for (int i = 0; i < L; i++) {    \
      __typeof__(a.F[0]) x = a.F[i]; \
      r.F[i] = (expr);               \
    }                                \
    return r;                        \
  }
#define SIMD_BIN(name, F, L, expr)               \
  SV v128_t name(v128_t a, v128_t b) {           \
    v128_t r;                                    \
    for (int i = 0; i < L; i++) {                \
      __typeof__(a.F[0]) x = a.F[i], y = b.F[i]; \
      r.F[i] = (expr);                           \
    }                                            \
    return r;                                    \
  }
// Comparisons: all ones or all zeros in result field M (same width as F).
#define SIMD_CMP(name, F, M, L, op)                                 \
  SV v128_t name(v128_t a, v128_t b) {                              \
    v128_t r;                                                       \
    for (int i = 0; i < L; i++) r.M[i] = a.F[i] op b.F[i] ? -1 : 0; \
    return r;                                                       \
  }
// Shifts: the count is taken modulo the lane width (4.4.3.9).
#define SIMD_SHIFT(name, F, L, W, expr)      \
  SV v128_t name(v128_t a, uint32_t count) { \
    v128_t r;                                \
    uint32_t k = count & (W - 1);            \
    for (int i = 0; i < L; i++) {            \
      __typeof__(a.F[0]) x = a.F[i];         \
      r.F[i] = (expr);                       \
    }                                        \
    return r;                                \
  }
#define SIMD_ALL_TRUE(name, F, L) \
  SV bool name(v128_t a) {        \
    for (int i = 0; i < L; i++)   \
      if (!a.F[i]) return false;  \
    return true;                  \
  }
// The top bit of each lane, lane i in bit i.
#define SIMD_BITMASK(name, F, L, W)                                      \
  SV uint32_t name(v128_t a) {                                           \
    uint32_t m = 0;                                                      \
    for (int i = 0; i < L; i++) m |= (uint32_t)(a.F[i] >> (W - 1)) << i; \
    return m;                                                            \
  }

// --- saturation helpers (4.3.2 sat_s, sat_u) ----------------------------------
SV int8_t sat_s8(int v) { return (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v); }
SV uint8_t sat_u8(int v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }
SV int16_t sat_s16(int32_t v) { return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v); }
SV uint16_t sat_u16(int32_t v) { return (uint16_t)(v < 0 ? 0 : v > 65535 ? 65535 : v); }

// --- loads and stores -----------------------------------------------------------
SV v128_t wasm_v128_load(const void* p) {
  v128_t r;
  memcpy(&r, p, 16);
  return r;
}
SV void wasm_v128_store(void* p, v128_t v) { memcpy(p, &v, 16); }

#define SIMD_LOAD_SPLAT(name, F, L, T)      \
  SV v128_t name(const void* p) {           \
    T x;                                    \
    memcpy(&x, p, sizeof x);                \
    v128_t r;                               \
    for (int i = 0; i < L; i++) r.F[i] = x; \
    return r;                               \
  }
SIMD_LOAD_SPLAT(wasm_v128_load8_splat, u8, 16, uint8_t)
SIMD_LOAD_SPLAT(wasm_v128_load16_splat, u16, 8, uint16_t)
SIMD_LOAD_SPLAT(wasm_v128_load32_splat, u32, 4, uint32_t)
SIMD_LOAD_SPLAT(wasm_v128_load64_splat, u64, 2, uint64_t)

// Half a vector of narrow lanes, each extended to twice its width.
#define SIMD_LOAD_EXTEND(name, F, L, T)        \
  SV v128_t name(const void* p) {              \
    T x[L];                                    \
    memcpy(x, p, sizeof x);                    \
    v128_t r;                                  \
    for (int i = 0; i < L; i++) r.F[i] = x[i]; \
    return r;                                  \
  }
SIMD_LOAD_EXTEND(wasm_i16x8_load8x8, i16, 8, int8_t)
SIMD_LOAD_EXTEND(wasm_u16x8_load8x8, u16, 8, uint8_t)
SIMD_LOAD_EXTEND(wasm_i32x4_load16x4, i32, 4, int16_t)
SIMD_LOAD_EXTEND(wasm_u32x4_load16x4, u32, 4, uint16_t)
SIMD_LOAD_EXTEND(wasm_i64x2_load32x2, i64, 2, int32_t)
SIMD_LOAD_EXTEND(wasm_u64x2_load32x2, u64, 2, uint32_t)

SV v128_t wasm_v128_load32_zero(const void* p) {
  v128_t r;
  memset(&r, 0, 16);
  memcpy(&r.u32[0], p, 4);
  return r;
}
SV v128_t wasm_v128_load64_zero(const void* p) {
  v128_t r;
  memset(&r, 0, 16);
  memcpy(&r.u64[0], p, 8);
  return r;
}

#define SIMD_LANE_MEM(bits, F)                                            \
  SV v128_t wasm_v128_load##bits##_lane(const void* p, v128_t v, int i) { \
    memcpy(&v.F[i], p, bits / 8);                                         \
    return v;                                                             \
  }                                                                       \
  SV void wasm_v128_store##bits##_lane(void* p, v128_t v, int i) { memcpy(p, &v.F[i], bits / 8); }
SIMD_LANE_MEM(8, u8)
SIMD_LANE_MEM(16, u16)
SIMD_LANE_MEM(32, u32)
SIMD_LANE_MEM(64, u64)

// --- constructors, lanes, shuffles -----------------------------------------------
SV v128_t wasm_i8x16_make(int8_t c0, int8_t c1, int8_t c2, int8_t c3, int8_t c4, int8_t c5, int8_t c6, int8_t c7,
                          int8_t c8, int8_t c9, int8_t c10, int8_t c11, int8_t c12, int8_t c13, int8_t c14,
                          int8_t c15) {
  v128_t r = {.i8 = {c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15}};
  return r;
}
SV v128_t wasm_i16x8_make(int16_t c0, int16_t c1, int16_t c2, int16_t c3, int16_t c4, int16_t c5, int16_t c6,
                          int16_t c7) {
  v128_t r = {.i16 = {c0, c1, c2, c3, c4, c5, c6, c7}};
  return r;
}
SV v128_t wasm_i32x4_make(int32_t c0, int32_t c1, int32_t c2, int32_t c3) {
  v128_t r = {.i32 = {c0, c1, c2, c3}};
  return r;
}
SV v128_t wasm_i64x2_make(int64_t c0, int64_t c1) {
  v128_t r = {.i64 = {c0, c1}};
  return r;
}
SV v128_t wasm_f32x4_make(float c0, float c1, float c2, float c3) {
  v128_t r = {.f32 = {c0, c1, c2, c3}};
  return r;
}
SV v128_t wasm_f64x2_make(double c0, double c1) {
  v128_t r = {.f64 = {c0, c1}};
  return r;
}

#define SIMD_SPLAT(name, F, L, T)           \
  SV v128_t name(T x) {                     \
    v128_t r;                               \
    for (int i = 0; i < L; i++) r.F[i] = x; \
    return r;                               \
  }
SIMD_SPLAT(wasm_i8x16_splat, i8, 16, int8_t)
SIMD_SPLAT(wasm_u8x16_splat, u8, 16, uint8_t)
SIMD_SPLAT(wasm_i16x8_splat, i16, 8, int16_t)
SIMD_SPLAT(wasm_i32x4_splat, i32, 4, int32_t)
SIMD_SPLAT(wasm_i64x2_splat, i64, 2, int64_t)
SIMD_SPLAT(wasm_f32x4_splat, f32, 4, float)
SIMD_SPLAT(wasm_f64x2_splat, f64, 2, double)

#define SIMD_LANE(shape, F, T)                                         \
  SV T wasm_##shape##_extract_lane(v128_t v, int i) { return v.F[i]; } \
  SV v128_t wasm_##shape##_replace_lane(v128_t v, int i, T x) {        \
    v.F[i] = x;                                                        \
    return v;                                                          \
  }
SIMD_LANE(i8x16, i8, int8_t)
SIMD_LANE(u8x16, u8, uint8_t)
SIMD_LANE(i16x8, i16, int16_t)
SIMD_LANE(u16x8, u16, uint16_t)
SIMD_LANE(i32x4, i32, int32_t)
SIMD_LANE(i64x2, i64, int64_t)
SIMD_LANE(f32x4, f32, float)
SIMD_LANE(f64x2, f64, double)

// i8x16.shuffle: lane i of the result is byte idx[i] of a:b (0-15 a, 16-31 b).
SV v128_t simd_shuffle_bytes(v128_t a, v128_t b, const uint8_t* idx) {
  uint8_t ab[32];
  memcpy(ab, &a, 16);
  memcpy(ab + 16, &b, 16);
  v128_t r;
  for (int i = 0; i < 16; i++) r.u8[i] = ab[idx[i] & 31];
  return r;
}
// The wider shuffles are byte shuffles of whole lanes.
SV v128_t simd_shuffle_lanes(v128_t a, v128_t b, const uint8_t* idx, int width) {
  uint8_t bytes[16];
  for (int i = 0; i < 16; i++) bytes[i] = (uint8_t)(idx[i / width] * width + i % width);
  return simd_shuffle_bytes(a, b, bytes);
}
#define wasm_i8x16_shuffle(a, b, ...) simd_shuffle_bytes((a), (b), (const uint8_t[16]){__VA_ARGS__})
#define wasm_i16x8_shuffle(a, b, ...) simd_shuffle_lanes((a), (b), (const uint8_t[8]){__VA_ARGS__}, 2)
#define wasm_i32x4_shuffle(a, b, ...) simd_shuffle_lanes((a), (b), (const uint8_t[4]){__VA_ARGS__}, 4)
#define wasm_i64x2_shuffle(a, b, ...) simd_shuffle_lanes((a), (b), (const uint8_t[2]){__VA_ARGS__}, 8)

// i8x16.swizzle: an index of 16 or more selects 0.
SV v128_t wasm_i8x16_swizzle(v128_t a, v128_t s) {
  v128_t r;
  for (int i = 0; i < 16; i++) r.u8[i] = s.u8[i] < 16 ? a.u8[s.u8[i]] : 0;
  return r;
}

// --- bitwise ----------------------------------------------------------------------
SIMD_UN(wasm_v128_not, u64, 2, ~x)
SIMD_BIN(wasm_v128_and, u64, 2, x& y)
SIMD_BIN(wasm_v128_andnot, u64, 2, x & ~y)
SIMD_BIN(wasm_v128_or, u64, 2, x | y)
SIMD_BIN(wasm_v128_xor, u64, 2, x ^ y)
SV v128_t wasm_v128_bitselect(v128_t a, v128_t b, v128_t m) {
  v128_t r;
  for (int i = 0; i < 2; i++) r.u64[i] = (a.u64[i] & m.u64[i]) | (b.u64[i] & ~m.u64[i]);
  return r;
}
SV bool wasm_v128_any_true(v128_t a) { return (a.u64[0] | a.u64[1]) != 0; }

// --- integer lanes ------------------------------------------------------------------
#define SIMD_INT_COMMON(s, u, SF, UF, L, W)                                                \
  SIMD_CMP(wasm_##s##_eq, SF, SF, L, ==)                                                   \
  SIMD_CMP(wasm_##s##_ne, SF, SF, L, !=)                                                   \
  SIMD_CMP(wasm_##s##_lt, SF, SF, L, <)                                                    \
  SIMD_CMP(wasm_##s##_gt, SF, SF, L, >)                                                    \
  SIMD_CMP(wasm_##s##_le, SF, SF, L, <=)                                                   \
  SIMD_CMP(wasm_##s##_ge, SF, SF, L, >=)                                                   \
  SIMD_UN(wasm_##s##_abs, UF, L, (__typeof__(a.SF[0]))x < 0 ? (__typeof__(x))(0u - x) : x) \
  SIMD_UN(wasm_##s##_neg, UF, L, (__typeof__(x))(0u - x))                                  \
  SIMD_ALL_TRUE(wasm_##s##_all_true, UF, L)                                                \
  SIMD_BITMASK(wasm_##s##_bitmask, UF, L, W)                                               \
  SIMD_SHIFT(wasm_##s##_shl, UF, L, W, (__typeof__(x))(x << k))                            \
  SIMD_SHIFT(wasm_##s##_shr, SF, L, W, (__typeof__(x))(x >> k))                            \
  SIMD_SHIFT(wasm_##u##_shr, UF, L, W, (__typeof__(x))(x >> k))                            \
  SIMD_BIN(wasm_##s##_add, UF, L, (__typeof__(x))(x + y))                                  \
  SIMD_BIN(wasm_##s##_sub, UF, L, (__typeof__(x))(x - y))

// Unsigned comparisons and min/max (i64x2 has neither).
#define SIMD_INT_ORDER(s, u, SF, UF, L)          \
  SIMD_CMP(wasm_##u##_lt, UF, SF, L, <)          \
  SIMD_CMP(wasm_##u##_gt, UF, SF, L, >)          \
  SIMD_CMP(wasm_##u##_le, UF, SF, L, <=)         \
  SIMD_CMP(wasm_##u##_ge, UF, SF, L, >=)         \
  SIMD_BIN(wasm_##s##_min, SF, L, x < y ? x : y) \
  SIMD_BIN(wasm_##u##_min, UF, L, x < y ? x : y) \
  SIMD_BIN(wasm_##s##_max, SF, L, x > y ? x : y) \
  SIMD_BIN(wasm_##u##_max, UF, L, x > y ? x : y)

SIMD_INT_COMMON(i8x16, u8x16, i8, u8, 16, 8)
SIMD_INT_COMMON(i16x8, u16x8, i16, u16, 8, 16)
SIMD_INT_COMMON(i32x4, u32x4, i32, u32, 4, 32)
SIMD_INT_COMMON(i64x2, u64x2, i64, u64, 2, 64)
SIMD_INT_ORDER(i8x16, u8x16, i8, u8, 16)
SIMD_INT_ORDER(i16x8, u16x8, i16, u16, 8)
SIMD_INT_ORDER(i32x4, u32x4, i32, u32, 4)

SIMD_UN(wasm_i8x16_popcnt, u8, 16, (uint8_t)__builtin_popcount(x))
SIMD_BIN(wasm_i8x16_add_sat, i8, 16, sat_s8(x + y))
SIMD_BIN(wasm_u8x16_add_sat, u8, 16, sat_u8(x + y))
SIMD_BIN(wasm_i8x16_sub_sat, i8, 16, sat_s8(x - y))
SIMD_BIN(wasm_u8x16_sub_sat, u8, 16, sat_u8(x - y))
SIMD_BIN(wasm_u8x16_avgr, u8, 16, (uint8_t)((x + y + 1) >> 1))
SIMD_BIN(wasm_i16x8_add_sat, i16, 8, sat_s16(x + y))
SIMD_BIN(wasm_u16x8_add_sat, u16, 8, sat_u16((int32_t)x + y))
SIMD_BIN(wasm_i16x8_sub_sat, i16, 8, sat_s16(x - y))
SIMD_BIN(wasm_u16x8_sub_sat, u16, 8, sat_u16((int32_t)x - y))
SIMD_BIN(wasm_u16x8_avgr, u16, 8, (uint16_t)(((uint32_t)x + y + 1) >> 1))
SIMD_BIN(wasm_i16x8_mul, u16, 8, (uint16_t)((uint32_t)x* y))
SIMD_BIN(wasm_i32x4_mul, u32, 4, x* y)
SIMD_BIN(wasm_i64x2_mul, u64, 2, x* y)
// i16x8.q15mulr_sat_s: (x * y + 2^14) >> 15, saturated (only -32768 * -32768 saturates).
SIMD_BIN(wasm_i16x8_q15mulr_sat, i16, 8, sat_s16((x * y + 0x4000) >> 15))

// Narrowing: both inputs' lanes, saturated, a's in the low half.
#define SIMD_NARROW(name, RF, F, L, sat) \
  SV v128_t name(v128_t a, v128_t b) {   \
    v128_t r;                            \
    for (int i = 0; i < L; i++) {        \
      r.RF[i] = sat(a.F[i]);             \
      r.RF[L + i] = sat(b.F[i]);         \
    }                                    \
    return r;                            \
  }
SIMD_NARROW(wasm_i8x16_narrow_i16x8, i8, i16, 8, sat_s8)
SIMD_NARROW(wasm_u8x16_narrow_i16x8, u8, i16, 8, sat_u8)
SIMD_NARROW(wasm_i16x8_narrow_i32x4, i16, i32, 4, sat_s16)
SIMD_NARROW(wasm_u16x8_narrow_i32x4, u16, i32, 4, sat_u16)

// Widening: lanes 0..L-1 (low) or L..2L-1 (high) of the narrow shape.
#define SIMD_EXTEND(prefix, RF, F, L)                 \
  SV v128_t prefix##_low(v128_t a) {                  \
    v128_t r;                                         \
    for (int i = 0; i < L; i++) r.RF[i] = a.F[i];     \
    return r;                                         \
  }                                                   \
  SV v128_t prefix##_high(v128_t a) {                 \
    v128_t r;                                         \
    for (int i = 0; i < L; i++) r.RF[i] = a.F[L + i]; \
    return r;                                         \
  }
SIMD_EXTEND(simd_extend_i16_i8, i16, i8, 8)
SIMD_EXTEND(simd_extend_u16_u8, u16, u8, 8)
SIMD_EXTEND(simd_extend_i32_i16, i32, i16, 4)
SIMD_EXTEND(simd_extend_u32_u16, u32, u16, 4)
SIMD_EXTEND(simd_extend_i64_i32, i64, i32, 2)
SIMD_EXTEND(simd_extend_u64_u32, u64, u32, 2)
#define wasm_i16x8_extend_low_i8x16 simd_extend_i16_i8_low
#define wasm_i16x8_extend_high_i8x16 simd_extend_i16_i8_high
#define wasm_u16x8_extend_low_u8x16 simd_extend_u16_u8_low
#define wasm_u16x8_extend_high_u8x16 simd_extend_u16_u8_high
#define wasm_i32x4_extend_low_i16x8 simd_extend_i32_i16_low
#define wasm_i32x4_extend_high_i16x8 simd_extend_i32_i16_high
#define wasm_u32x4_extend_low_u16x8 simd_extend_u32_u16_low
#define wasm_u32x4_extend_high_u16x8 simd_extend_u32_u16_high
#define wasm_i64x2_extend_low_i32x4 simd_extend_i64_i32_low
#define wasm_i64x2_extend_high_i32x4 simd_extend_i64_i32_high
#define wasm_u64x2_extend_low_u32x4 simd_extend_u64_u32_low
#define wasm_u64x2_extend_high_u32x4 simd_extend_u64_u32_high

// Extended multiplication: the products of the low (or high) lanes at twice
// the width, exact (T is the wide type).
#define SIMD_EXTMUL(prefix, RF, F, L, T)                                 \
  SV v128_t prefix##_low(v128_t a, v128_t b) {                           \
    v128_t r;                                                            \
    for (int i = 0; i < L; i++) r.RF[i] = (T)a.F[i] * (T)b.F[i];         \
    return r;                                                            \
  }                                                                      \
  SV v128_t prefix##_high(v128_t a, v128_t b) {                          \
    v128_t r;                                                            \
    for (int i = 0; i < L; i++) r.RF[i] = (T)a.F[L + i] * (T)b.F[L + i]; \
    return r;                                                            \
  }
SIMD_EXTMUL(simd_extmul_i16_i8, i16, i8, 8, int16_t)
SIMD_EXTMUL(simd_extmul_u16_u8, u16, u8, 8, uint32_t)
SIMD_EXTMUL(simd_extmul_i32_i16, i32, i16, 4, int32_t)
SIMD_EXTMUL(simd_extmul_u32_u16, u32, u16, 4, uint32_t)
SIMD_EXTMUL(simd_extmul_i64_i32, i64, i32, 2, int64_t)
SIMD_EXTMUL(simd_extmul_u64_u32, u64, u32, 2, uint64_t)
#define wasm_i16x8_extmul_low_i8x16 simd_extmul_i16_i8_low
#define wasm_i16x8_extmul_high_i8x16 simd_extmul_i16_i8_high
#define wasm_u16x8_extmul_low_u8x16 simd_extmul_u16_u8_low
#define wasm_u16x8_extmul_high_u8x16 simd_extmul_u16_u8_high
#define wasm_i32x4_extmul_low_i16x8 simd_extmul_i32_i16_low
#define wasm_i32x4_extmul_high_i16x8 simd_extmul_i32_i16_high
#define wasm_u32x4_extmul_low_u16x8 simd_extmul_u32_u16_low
#define wasm_u32x4_extmul_high_u16x8 simd_extmul_u32_u16_high
#define wasm_i64x2_extmul_low_i32x4 simd_extmul_i64_i32_low
#define wasm_i64x2_extmul_high_i32x4 simd_extmul_i64_i32_high
#define wasm_u64x2_extmul_low_u32x4 simd_extmul_u64_u32_low
#define wasm_u64x2_extmul_high_u32x4 simd_extmul_u64_u32_high

// Pairwise addition of adjacent lanes, widened.
#define SIMD_EXTADD(name, RF, F, L)                                    \
  SV v128_t name(v128_t a) {                                           \
    v128_t r;                                                          \
    for (int i = 0; i < L; i++) r.RF[i] = a.F[2 * i] + a.F[2 * i + 1]; \
    return r;                                                          \
  }
SIMD_EXTADD(wasm_i16x8_extadd_pairwise_i8x16, i16, i8, 8)
SIMD_EXTADD(wasm_u16x8_extadd_pairwise_u8x16, u16, u8, 8)
SIMD_EXTADD(wasm_i32x4_extadd_pairwise_i16x8, i32, i16, 4)
SIMD_EXTADD(wasm_u32x4_extadd_pairwise_u16x8, u32, u16, 4)

// i32x4.dot_i16x8_s: sums of adjacent products, wrapping (only the sum of two
// (-32768)^2 overflows).
SV v128_t wasm_i32x4_dot_i16x8(v128_t a, v128_t b) {
  v128_t r;
  for (int i = 0; i < 4; i++)
    r.u32[i] =
        (uint32_t)((int32_t)a.i16[2 * i] * b.i16[2 * i]) + (uint32_t)((int32_t)a.i16[2 * i + 1] * b.i16[2 * i + 1]);
  return r;
}

// --- float lanes ----------------------------------------------------------------------
// fmin/fmax (4.3.3): a NaN operand gives NaN; -0 is below +0.
SV float simd_fmin32(float x, float y) {
  if (x != x || y != y) return x + y;  // a NaN (which one, the spec leaves open)
  if (x == 0 && y == 0) return __builtin_signbit(x) ? x : y;
  return x < y ? x : y;
}
SV float simd_fmax32(float x, float y) {
  if (x != x || y != y) return x + y;
  if (x == 0 && y == 0) return __builtin_signbit(x) ? y : x;
  return x > y ? x : y;
}
SV double simd_fmin64(double x, double y) {
  if (x != x || y != y) return x + y;
  if (x == 0 && y == 0) return __builtin_signbit(x) ? x : y;
  return x < y ? x : y;
}
SV double simd_fmax64(double x, double y) {
  if (x != x || y != y) return x + y;
  if (x == 0 && y == 0) return __builtin_signbit(x) ? y : x;
  return x > y ? x : y;
}

#define SIMD_FLOAT(s, F, M, L, sqrt_, ceil_, floor_, trunc_, rint_, fmin_, fmax_, SIGN) \
  SIMD_CMP(wasm_##s##_eq, F, M, L, ==)                                                  \
  SIMD_CMP(wasm_##s##_ne, F, M, L, !=)                                                  \
  SIMD_CMP(wasm_##s##_lt, F, M, L, <)                                                   \
  SIMD_CMP(wasm_##s##_gt, F, M, L, >)                                                   \
  SIMD_CMP(wasm_##s##_le, F, M, L, <=)                                                  \
  SIMD_CMP(wasm_##s##_ge, F, M, L, >=)                                                  \
  /* abs and neg change the sign bit only, NaNs included */                             \
  SV v128_t wasm_##s##_abs(v128_t a) {                                                  \
    for (int i = 0; i < L; i++) a.M[i] &= ~SIGN;                                        \
    return a;                                                                           \
  }                                                                                     \
  SV v128_t wasm_##s##_neg(v128_t a) {                                                  \
    for (int i = 0; i < L; i++) a.M[i] ^= SIGN;                                         \
    return a;                                                                           \
  }                                                                                     \
  SIMD_UN(wasm_##s##_sqrt, F, L, sqrt_(x))                                              \
  SIMD_UN(wasm_##s##_ceil, F, L, ceil_(x))                                              \
  SIMD_UN(wasm_##s##_floor, F, L, floor_(x))                                            \
  SIMD_UN(wasm_##s##_trunc, F, L, trunc_(x))                                            \
  SIMD_UN(wasm_##s##_nearest, F, L, rint_(x)) /* ties to even */                        \
  SIMD_BIN(wasm_##s##_add, F, L, x + y)                                                 \
  SIMD_BIN(wasm_##s##_sub, F, L, x - y)                                                 \
  SIMD_BIN(wasm_##s##_mul, F, L, x* y)                                                  \
  SIMD_BIN(wasm_##s##_div, F, L, x / y)                                                 \
  SIMD_BIN(wasm_##s##_min, F, L, fmin_(x, y))                                           \
  SIMD_BIN(wasm_##s##_max, F, L, fmax_(x, y))                                           \
  /* pmin/pmax (4.3.3 fpmin): b < a ? b : a, a select, exact on NaNs */                 \
  SIMD_BIN(wasm_##s##_pmin, F, L, y < x ? y : x)                                        \
  SIMD_BIN(wasm_##s##_pmax, F, L, x < y ? y : x)

// The sign bit as a value of the lane's integer field (int32_t/int64_t).
SIMD_FLOAT(f32x4, f32, i32, 4, __builtin_sqrtf, __builtin_ceilf, __builtin_floorf, __builtin_truncf, __builtin_rintf,
           simd_fmin32, simd_fmax32, INT32_MIN)
SIMD_FLOAT(f64x2, f64, i64, 2, __builtin_sqrt, __builtin_ceil, __builtin_floor, __builtin_trunc, __builtin_rint,
           simd_fmin64, simd_fmax64, INT64_MIN)

// --- conversions ---------------------------------------------------------------------
// trunc_sat (4.3.3): NaN gives 0, out-of-range values the nearest bound.
SV int32_t simd_sat_s32(double x) {
  if (x != x) return 0;
  if (x <= -2147483649.0) return INT32_MIN;
  if (x >= 2147483648.0) return INT32_MAX;
  return (int32_t)x;
}
SV uint32_t simd_sat_u32(double x) {
  if (!(x > -1.0)) return 0;  // NaN too
  if (x >= 4294967296.0) return UINT32_MAX;
  return (uint32_t)x;
}
SV v128_t wasm_i32x4_trunc_sat_f32x4(v128_t a) {
  v128_t r;
  for (int i = 0; i < 4; i++) r.i32[i] = simd_sat_s32(a.f32[i]);  // float to double is exact
  return r;
}
SV v128_t wasm_u32x4_trunc_sat_f32x4(v128_t a) {
  v128_t r;
  for (int i = 0; i < 4; i++) r.u32[i] = simd_sat_u32(a.f32[i]);
  return r;
}
SV v128_t wasm_i32x4_trunc_sat_f64x2_zero(v128_t a) {
  v128_t r = {.i32 = {simd_sat_s32(a.f64[0]), simd_sat_s32(a.f64[1]), 0, 0}};
  return r;
}
SV v128_t wasm_u32x4_trunc_sat_f64x2_zero(v128_t a) {
  v128_t r = {.u32 = {simd_sat_u32(a.f64[0]), simd_sat_u32(a.f64[1]), 0, 0}};
  return r;
}
SV v128_t wasm_f32x4_convert_i32x4(v128_t a) {
  v128_t r;
  for (int i = 0; i < 4; i++) r.f32[i] = (float)a.i32[i];
  return r;
}
SV v128_t wasm_f32x4_convert_u32x4(v128_t a) {
  v128_t r;
  for (int i = 0; i < 4; i++) r.f32[i] = (float)a.u32[i];
  return r;
}
SV v128_t wasm_f64x2_convert_low_i32x4(v128_t a) {
  v128_t r = {.f64 = {(double)a.i32[0], (double)a.i32[1]}};
  return r;
}
SV v128_t wasm_f64x2_convert_low_u32x4(v128_t a) {
  v128_t r = {.f64 = {(double)a.u32[0], (double)a.u32[1]}};
  return r;
}
SV v128_t wasm_f32x4_demote_f64x2_zero(v128_t a) {
  v128_t r = {.f32 = {(float)a.f64[0], (float)a.f64[1], 0.0f, 0.0f}};
  return r;
}
SV v128_t wasm_f64x2_promote_low_f32x4(v128_t a) {
  v128_t r = {.f64 = {(double)a.f32[0], (double)a.f32[1]}};
  return r;
}
