// Explicit 128-bit SIMD through <wasm_simd128.h>: nearly every non-relaxed
// instruction of the fixed-width SIMD proposal (Wasm 2.0), each applied to a
// set of awkward inputs (lane minima and maxima, -0, infinities, NaNs,
// denormals, out-of-range shift counts and shuffle indices), with a hash of
// every result printed per operation; then a few small algorithms written
// with intrinsics (strlen, a 4x4 matrix product, a dot product).
//
// With -msimd128 (__wasm_simd128__) the operations are the real intrinsics,
// so the module is full of v128 instructions. Without it the same names are
// implemented below in plain C, lane by lane, from the spec's definitions
// (Wasm 2.0, section 4.3.2 numerics and 4.4.3 vector instructions); the
// driver is the same code either way. The expected output,
// expected/simd_intrinsics.expected, is this scalar path built natively by
// the host's gcc:
//   gcc -O2 tests/wasi/simd_intrinsics.c -o /tmp/i -lm && (/tmp/i; echo "[exit $?]")
// so a runtime's v128 instructions are checked against an independent,
// lane-wise reading of the spec (and Node's V8 agrees with it).
//
// The spec leaves the sign and payload of a NaN produced by float arithmetic
// open (4.3.3 NaN propagation), so such lanes are hashed as one "NaN" value;
// abs, neg, pmin and pmax are bitwise/select operations, exact on NaNs too.
// No relaxed SIMD.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#else
#include "simd_scalar.h"  // the same intrinsics in plain C
#endif

// --- inputs ------------------------------------------------------------------------

#define NV 13  // integer input vectors
#define NF 10  // float input vectors

static v128_t iv[NV];
static v128_t fv[NF];  // f32x4
static v128_t dv[NF];  // f64x2
static uint8_t mem[256];

static uint32_t rng_state = 0x9e3779b9u;

static uint32_t rnd(void) {
  uint32_t x = rng_state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return rng_state = x;
}

static float f32_bits(uint32_t b) {
  float f;
  memcpy(&f, &b, 4);
  return f;
}

static double f64_bits(uint64_t b) {
  double d;
  memcpy(&d, &b, 8);
  return d;
}

static v128_t load_bytes(const uint8_t* b) {
  v128_t v;
  memcpy(&v, b, 16);
  return v;
}

static void make_inputs(void) {
  uint8_t b[16];
  static const uint8_t patterns[][16] = {
      {0},
      {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
      {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80},
      {0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f},
      // lane minima and maxima: i16 {min, max, -1, 1, ...}, i32 and i64 likewise
      {0x00, 0x80, 0xff, 0x7f, 0xff, 0xff, 0x01, 0x00, 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0x7f},
      {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
      {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10},
      {0x10, 0x1f, 0x00, 0x20, 0xf0, 0x81, 0x0f, 0x40, 0x03, 0x11, 0x0e, 0x7f, 0x05, 0xff, 0x0c, 0x09},
      {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80},  // one zero i64 lane: any_true but not all_true
  };
  int k = 0;
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) iv[k++] = load_bytes(patterns[p]);
  while (k < NV) {
    for (int i = 0; i < 16; i++) b[i] = (uint8_t)(rnd() >> 24);
    iv[k++] = load_bytes(b);
  }

  static const uint32_t fspecial[] = {
      0x00000000u, 0x80000000u, 0x3f800000u, 0xbfc00000u,  // 0, -0, 1, -1.5
      0x3f000000u, 0xbf000000u, 0x40200000u, 0xc0600000u,  // 0.5, -0.5, 2.5, -3.5
      0x7f800000u, 0xff800000u, 0x7fc00000u, 0xffc00001u,  // inf, -inf, NaN, -NaN with payload
      0x7fa00000u, 0x00000001u, 0x80400000u, 0x7f7fffffu,  // signalling NaN, denormals, FLT_MAX
      0x4effffffu, 0x4f000000u, 0xcf000000u, 0xcf000001u,  // 2147483520, 2^31, -2^31, below -2^31
      0x4f7fffffu, 0x4f800000u, 0x4b800001u, 0x3eaaaaabu,  // 4294967040, 2^32, 16777218, 1/3
      0x42f6e979u, 0xc2f6e979u, 0x3fc00000u, 0x40400000u,  // 123.456, -123.456, 1.5, 3
  };
  static const uint64_t dspecial[] = {
      0x0000000000000000u, 0x8000000000000000u, 0x3ff0000000000000u, 0xbff8000000000000u,
      0x3fe0000000000000u, 0xbfe0000000000000u, 0x4004000000000000u, 0xc00c000000000000u,
      0x7ff0000000000000u, 0xfff0000000000000u, 0x7ff8000000000000u, 0xfff8000000000001u,
      0x7ff4000000000000u, 0x0000000000000001u, 0x8008000000000000u, 0x7fefffffffffffffu,
      0x41dfffffffc00000u, 0x41e0000000000000u, 0xc1e0000000000000u, 0xc1e0000000200000u,  // 2^31-1, 2^31, ...
      0x41efffffffe00000u, 0x41f0000000000000u, 0x3fd5555555555555u, 0x47efffffe0000000u,  // 2^32-1, 2^32, 1/3, FLT_MAX
      0x47effffff0000000u, 0x36a0000000000000u, 0x405edd2f1a9fbe77u, 0xc05edd2f1a9fbe77u,  // rounds to inf, tiny
  };
  const int nfs = (int)(sizeof fspecial / sizeof fspecial[0]);
  const int nds = (int)(sizeof dspecial / sizeof dspecial[0]);
  for (int v = 0; v < NF; v++) {
    uint32_t fl[4];
    uint64_t dl[2];
    for (int l = 0; l < 4; l++) fl[l] = v < 7 ? fspecial[(v * 4 + l) % nfs] : fspecial[rnd() % (uint32_t)nfs];
    for (int l = 0; l < 2; l++)
      dl[l] = v < 7 ? dspecial[(v * 4 + l * 2 + (v & 1)) % nds] : dspecial[rnd() % (uint32_t)nds];
    fv[v] = wasm_f32x4_make(f32_bits(fl[0]), f32_bits(fl[1]), f32_bits(fl[2]), f32_bits(fl[3]));
    dv[v] = wasm_f64x2_make(f64_bits(dl[0]), f64_bits(dl[1]));
  }
  for (int i = 0; i < 256; i++) mem[i] = (uint8_t)(i * 37 + (i >> 3));
}

// --- hashing and reporting ------------------------------------------------------

static uint32_t hash = 0x811c9dc5u;
static int ops_checked = 0;

static void mix_u8(uint8_t b) {
  hash ^= b;
  hash *= 0x01000193u;
}

static void mix_u32(uint32_t v) {
  for (int i = 0; i < 4; i++) mix_u8((uint8_t)(v >> (8 * i)));
}

static void mix_u64(uint64_t v) {
  mix_u32((uint32_t)v);
  mix_u32((uint32_t)(v >> 32));
}

static void mix_v(v128_t v) {
  uint8_t b[16];
  wasm_v128_store(b, v);
  for (int i = 0; i < 16; i++) mix_u8(b[i]);
}

// Float values whose NaN sign and payload the spec leaves open: any NaN
// hashes as one value.
static void mix_f32(float f) {
  uint32_t b;
  memcpy(&b, &f, 4);
  mix_u32(f != f ? 0x7fc00000u : b);
}

static void mix_f64(double d) {
  uint64_t b;
  memcpy(&b, &d, 8);
  mix_u64(d != d ? 0x7ff8000000000000u : b);
}

static void mix_f32x4(v128_t v) {
  float f[4];
  wasm_v128_store(f, v);
  for (int i = 0; i < 4; i++) mix_f32(f[i]);
}

static void mix_f64x2(v128_t v) {
  double d[2];
  wasm_v128_store(d, v);
  for (int i = 0; i < 2; i++) mix_f64(d[i]);
}

static void report(const char* name) {
  printf("%-34s %08" PRIx32 "\n", name, hash);
  hash = 0x811c9dc5u;
  ops_checked++;
}

// Every operation is called through a NOINLINE wrapper whose operands are
// parameters: so the compiler emits the instruction itself, and cannot fold
// it into a neighbour (an extend into a load, extmul into a hoisted extend
// and a mul, a splat of a lane into a shuffle).
#define NOINLINE __attribute__((noinline))

// --- the operations, as lists (one line per operation) ---------------------------
// U(op, inputs, count, mixer): unary; B(...): binary over every pair of inputs;
// S(op): v128 -> scalar over the integer inputs; SH(op): shifts by every count.

// clang-format off
#define BITWISE_OPS(U, B, S)                                                        \
  U(wasm_v128_not, iv, NV, mix_v) B(wasm_v128_and, iv, NV, mix_v) B(wasm_v128_andnot, iv, NV, mix_v) \
  B(wasm_v128_or, iv, NV, mix_v) B(wasm_v128_xor, iv, NV, mix_v) B(bitselect_a, iv, NV, mix_v)       \
  B(bitselect_b, iv, NV, mix_v) S(wasm_v128_any_true)

#define I8X16_OPS(U, B, S, SH)                                                                          \
  B(wasm_i8x16_eq, iv, NV, mix_v) B(wasm_i8x16_ne, iv, NV, mix_v) B(wasm_i8x16_lt, iv, NV, mix_v)       \
  B(wasm_u8x16_lt, iv, NV, mix_v) B(wasm_i8x16_gt, iv, NV, mix_v) B(wasm_u8x16_gt, iv, NV, mix_v)       \
  B(wasm_i8x16_le, iv, NV, mix_v) B(wasm_u8x16_le, iv, NV, mix_v) B(wasm_i8x16_ge, iv, NV, mix_v)       \
  B(wasm_u8x16_ge, iv, NV, mix_v) U(wasm_i8x16_abs, iv, NV, mix_v) U(wasm_i8x16_neg, iv, NV, mix_v)     \
  U(wasm_i8x16_popcnt, iv, NV, mix_v) S(wasm_i8x16_all_true) S(wasm_i8x16_bitmask)                      \
  B(wasm_i8x16_narrow_i16x8, iv, NV, mix_v) B(wasm_u8x16_narrow_i16x8, iv, NV, mix_v)                   \
  SH(wasm_i8x16_shl) SH(wasm_i8x16_shr) SH(wasm_u8x16_shr)                                              \
  B(wasm_i8x16_add, iv, NV, mix_v) B(wasm_i8x16_add_sat, iv, NV, mix_v)                                 \
  B(wasm_u8x16_add_sat, iv, NV, mix_v) B(wasm_i8x16_sub, iv, NV, mix_v)                                 \
  B(wasm_i8x16_sub_sat, iv, NV, mix_v) B(wasm_u8x16_sub_sat, iv, NV, mix_v)                             \
  B(wasm_i8x16_min, iv, NV, mix_v) B(wasm_u8x16_min, iv, NV, mix_v) B(wasm_i8x16_max, iv, NV, mix_v)    \
  B(wasm_u8x16_max, iv, NV, mix_v) B(wasm_u8x16_avgr, iv, NV, mix_v)

#define I16X8_OPS(U, B, S, SH)                                                                          \
  B(wasm_i16x8_eq, iv, NV, mix_v) B(wasm_i16x8_ne, iv, NV, mix_v) B(wasm_i16x8_lt, iv, NV, mix_v)       \
  B(wasm_u16x8_lt, iv, NV, mix_v) B(wasm_i16x8_gt, iv, NV, mix_v) B(wasm_u16x8_gt, iv, NV, mix_v)       \
  B(wasm_i16x8_le, iv, NV, mix_v) B(wasm_u16x8_le, iv, NV, mix_v) B(wasm_i16x8_ge, iv, NV, mix_v)       \
  B(wasm_u16x8_ge, iv, NV, mix_v) U(wasm_i16x8_extadd_pairwise_i8x16, iv, NV, mix_v)                    \
  U(wasm_u16x8_extadd_pairwise_u8x16, iv, NV, mix_v) U(wasm_i16x8_abs, iv, NV, mix_v)                   \
  U(wasm_i16x8_neg, iv, NV, mix_v) B(wasm_i16x8_q15mulr_sat, iv, NV, mix_v) S(wasm_i16x8_all_true)      \
  S(wasm_i16x8_bitmask) B(wasm_i16x8_narrow_i32x4, iv, NV, mix_v) B(wasm_u16x8_narrow_i32x4, iv, NV, mix_v) \
  U(wasm_i16x8_extend_low_i8x16, iv, NV, mix_v) U(wasm_i16x8_extend_high_i8x16, iv, NV, mix_v)          \
  U(wasm_u16x8_extend_low_u8x16, iv, NV, mix_v) U(wasm_u16x8_extend_high_u8x16, iv, NV, mix_v)          \
  SH(wasm_i16x8_shl) SH(wasm_i16x8_shr) SH(wasm_u16x8_shr)                                              \
  B(wasm_i16x8_add, iv, NV, mix_v) B(wasm_i16x8_add_sat, iv, NV, mix_v)                                 \
  B(wasm_u16x8_add_sat, iv, NV, mix_v) B(wasm_i16x8_sub, iv, NV, mix_v)                                 \
  B(wasm_i16x8_sub_sat, iv, NV, mix_v) B(wasm_u16x8_sub_sat, iv, NV, mix_v)                             \
  B(wasm_i16x8_mul, iv, NV, mix_v) B(wasm_i16x8_min, iv, NV, mix_v) B(wasm_u16x8_min, iv, NV, mix_v)    \
  B(wasm_i16x8_max, iv, NV, mix_v) B(wasm_u16x8_max, iv, NV, mix_v) B(wasm_u16x8_avgr, iv, NV, mix_v)   \
  B(wasm_i16x8_extmul_low_i8x16, iv, NV, mix_v) B(wasm_i16x8_extmul_high_i8x16, iv, NV, mix_v)          \
  B(wasm_u16x8_extmul_low_u8x16, iv, NV, mix_v) B(wasm_u16x8_extmul_high_u8x16, iv, NV, mix_v)

#define I32X4_OPS(U, B, S, SH)                                                                          \
  B(wasm_i32x4_eq, iv, NV, mix_v) B(wasm_i32x4_ne, iv, NV, mix_v) B(wasm_i32x4_lt, iv, NV, mix_v)       \
  B(wasm_u32x4_lt, iv, NV, mix_v) B(wasm_i32x4_gt, iv, NV, mix_v) B(wasm_u32x4_gt, iv, NV, mix_v)       \
  B(wasm_i32x4_le, iv, NV, mix_v) B(wasm_u32x4_le, iv, NV, mix_v) B(wasm_i32x4_ge, iv, NV, mix_v)       \
  B(wasm_u32x4_ge, iv, NV, mix_v) U(wasm_i32x4_extadd_pairwise_i16x8, iv, NV, mix_v)                    \
  U(wasm_u32x4_extadd_pairwise_u16x8, iv, NV, mix_v) U(wasm_i32x4_abs, iv, NV, mix_v)                   \
  U(wasm_i32x4_neg, iv, NV, mix_v) S(wasm_i32x4_all_true) S(wasm_i32x4_bitmask)                         \
  U(wasm_i32x4_extend_low_i16x8, iv, NV, mix_v) U(wasm_i32x4_extend_high_i16x8, iv, NV, mix_v)          \
  U(wasm_u32x4_extend_low_u16x8, iv, NV, mix_v) U(wasm_u32x4_extend_high_u16x8, iv, NV, mix_v)          \
  SH(wasm_i32x4_shl) SH(wasm_i32x4_shr) SH(wasm_u32x4_shr)                                              \
  B(wasm_i32x4_add, iv, NV, mix_v) B(wasm_i32x4_sub, iv, NV, mix_v) B(wasm_i32x4_mul, iv, NV, mix_v)    \
  B(wasm_i32x4_min, iv, NV, mix_v) B(wasm_u32x4_min, iv, NV, mix_v) B(wasm_i32x4_max, iv, NV, mix_v)    \
  B(wasm_u32x4_max, iv, NV, mix_v) B(wasm_i32x4_dot_i16x8, iv, NV, mix_v)                               \
  B(wasm_i32x4_extmul_low_i16x8, iv, NV, mix_v) B(wasm_i32x4_extmul_high_i16x8, iv, NV, mix_v)          \
  B(wasm_u32x4_extmul_low_u16x8, iv, NV, mix_v) B(wasm_u32x4_extmul_high_u16x8, iv, NV, mix_v)

#define I64X2_OPS(U, B, S, SH)                                                                          \
  B(wasm_i64x2_eq, iv, NV, mix_v) B(wasm_i64x2_ne, iv, NV, mix_v) B(wasm_i64x2_lt, iv, NV, mix_v)       \
  B(wasm_i64x2_gt, iv, NV, mix_v) B(wasm_i64x2_le, iv, NV, mix_v) B(wasm_i64x2_ge, iv, NV, mix_v)       \
  U(wasm_i64x2_abs, iv, NV, mix_v) U(wasm_i64x2_neg, iv, NV, mix_v) S(wasm_i64x2_all_true)              \
  S(wasm_i64x2_bitmask) U(wasm_i64x2_extend_low_i32x4, iv, NV, mix_v)                                   \
  U(wasm_i64x2_extend_high_i32x4, iv, NV, mix_v) U(wasm_u64x2_extend_low_u32x4, iv, NV, mix_v)          \
  U(wasm_u64x2_extend_high_u32x4, iv, NV, mix_v) SH(wasm_i64x2_shl) SH(wasm_i64x2_shr) SH(wasm_u64x2_shr) \
  B(wasm_i64x2_add, iv, NV, mix_v) B(wasm_i64x2_sub, iv, NV, mix_v) B(wasm_i64x2_mul, iv, NV, mix_v)    \
  B(wasm_i64x2_extmul_low_i32x4, iv, NV, mix_v) B(wasm_i64x2_extmul_high_i32x4, iv, NV, mix_v)          \
  B(wasm_u64x2_extmul_low_u32x4, iv, NV, mix_v) B(wasm_u64x2_extmul_high_u32x4, iv, NV, mix_v)

// Float results that can be NaN from arithmetic are hashed with
// mix_f32x4/mix_f64x2 (any NaN alike); comparisons, abs, neg, pmin, pmax and
// the integer results of trunc_sat exactly.
#define F32X4_OPS(U, B)                                                                                 \
  B(wasm_f32x4_eq, fv, NF, mix_v) B(wasm_f32x4_ne, fv, NF, mix_v) B(wasm_f32x4_lt, fv, NF, mix_v)       \
  B(wasm_f32x4_gt, fv, NF, mix_v) B(wasm_f32x4_le, fv, NF, mix_v) B(wasm_f32x4_ge, fv, NF, mix_v)       \
  U(wasm_f32x4_abs, fv, NF, mix_v) U(wasm_f32x4_neg, fv, NF, mix_v) U(wasm_f32x4_sqrt, fv, NF, mix_f32x4) \
  U(wasm_f32x4_ceil, fv, NF, mix_f32x4) U(wasm_f32x4_floor, fv, NF, mix_f32x4)                          \
  U(wasm_f32x4_trunc, fv, NF, mix_f32x4) U(wasm_f32x4_nearest, fv, NF, mix_f32x4)                       \
  B(wasm_f32x4_add, fv, NF, mix_f32x4) B(wasm_f32x4_sub, fv, NF, mix_f32x4)                             \
  B(wasm_f32x4_mul, fv, NF, mix_f32x4) B(wasm_f32x4_div, fv, NF, mix_f32x4)                             \
  B(wasm_f32x4_min, fv, NF, mix_f32x4) B(wasm_f32x4_max, fv, NF, mix_f32x4)                             \
  B(wasm_f32x4_pmin, fv, NF, mix_v) B(wasm_f32x4_pmax, fv, NF, mix_v)                                   \
  U(wasm_i32x4_trunc_sat_f32x4, fv, NF, mix_v) U(wasm_u32x4_trunc_sat_f32x4, fv, NF, mix_v)             \
  U(wasm_f32x4_convert_i32x4, iv, NV, mix_v) U(wasm_f32x4_convert_u32x4, iv, NV, mix_v)                 \
  U(wasm_f32x4_demote_f64x2_zero, dv, NF, mix_f32x4)

#define F64X2_OPS(U, B)                                                                                 \
  B(wasm_f64x2_eq, dv, NF, mix_v) B(wasm_f64x2_ne, dv, NF, mix_v) B(wasm_f64x2_lt, dv, NF, mix_v)       \
  B(wasm_f64x2_gt, dv, NF, mix_v) B(wasm_f64x2_le, dv, NF, mix_v) B(wasm_f64x2_ge, dv, NF, mix_v)       \
  U(wasm_f64x2_abs, dv, NF, mix_v) U(wasm_f64x2_neg, dv, NF, mix_v) U(wasm_f64x2_sqrt, dv, NF, mix_f64x2) \
  U(wasm_f64x2_ceil, dv, NF, mix_f64x2) U(wasm_f64x2_floor, dv, NF, mix_f64x2)                          \
  U(wasm_f64x2_trunc, dv, NF, mix_f64x2) U(wasm_f64x2_nearest, dv, NF, mix_f64x2)                       \
  B(wasm_f64x2_add, dv, NF, mix_f64x2) B(wasm_f64x2_sub, dv, NF, mix_f64x2)                             \
  B(wasm_f64x2_mul, dv, NF, mix_f64x2) B(wasm_f64x2_div, dv, NF, mix_f64x2)                             \
  B(wasm_f64x2_min, dv, NF, mix_f64x2) B(wasm_f64x2_max, dv, NF, mix_f64x2)                             \
  B(wasm_f64x2_pmin, dv, NF, mix_v) B(wasm_f64x2_pmax, dv, NF, mix_v)                                   \
  U(wasm_i32x4_trunc_sat_f64x2_zero, dv, NF, mix_v) U(wasm_u32x4_trunc_sat_f64x2_zero, dv, NF, mix_v)   \
  U(wasm_f64x2_convert_low_i32x4, iv, NV, mix_v) U(wasm_f64x2_convert_low_u32x4, iv, NV, mix_v)         \
  U(wasm_f64x2_promote_low_f32x4, fv, NF, mix_f64x2)

#define ALL_OPS(U, B, S, SH) \
  BITWISE_OPS(U, B, S)       \
  I8X16_OPS(U, B, S, SH)     \
  I16X8_OPS(U, B, S, SH)     \
  I32X4_OPS(U, B, S, SH)     \
  I64X2_OPS(U, B, S, SH)     \
  F32X4_OPS(U, B)            \
  F64X2_OPS(U, B)

// clang-format on

static v128_t bitselect_a(v128_t a, v128_t b) { return wasm_v128_bitselect(a, b, iv[7]); }
static v128_t bitselect_b(v128_t a, v128_t b) { return wasm_v128_bitselect(a, b, iv[10]); }

// The wrappers, t_OP.
#define DEFINE_U(op, in, n, mixer) \
  NOINLINE static v128_t t_##op(v128_t a) { return op(a); }
#define DEFINE_B(op, in, n, mixer) \
  NOINLINE static v128_t t_##op(v128_t a, v128_t b) { return op(a, b); }
#define DEFINE_S(op) \
  NOINLINE static uint32_t t_##op(v128_t a) { return (uint32_t)op(a); }
#define DEFINE_SH(op) \
  NOINLINE static v128_t t_##op(v128_t a, uint32_t k) { return op(a, k); }
ALL_OPS(DEFINE_U, DEFINE_B, DEFINE_S, DEFINE_SH)

// A count >= the lane width is taken modulo the width by the instruction
// (4.4.3.9); the wrapper's count is a run-time value, so that is what runs.
static const uint32_t shift_counts[] = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 0xffffffffu};

#define RUN_U(op, in, n, mixer)                     \
  for (int i = 0; i < n; i++) mixer(t_##op(in[i])); \
  report(#op);
#define RUN_B(op, in, n, mixer)                              \
  for (int i = 0; i < n; i++)                                \
    for (int j = 0; j < n; j++) mixer(t_##op(in[i], in[j])); \
  report(#op);
#define RUN_S(op)                                      \
  for (int i = 0; i < NV; i++) mix_u32(t_##op(iv[i])); \
  report(#op);
#define RUN_SH(op)                                                          \
  for (size_t c = 0; c < sizeof shift_counts / sizeof shift_counts[0]; c++) \
    for (int i = 0; i < NV; i++) mix_v(t_##op(iv[i], shift_counts[c]));     \
  report(#op);

static void test_lane_ops(void) { ALL_OPS(RUN_U, RUN_B, RUN_S, RUN_SH) }

// --- memory ------------------------------------------------------------------------------

// clang-format off
#define LOAD_OPS(X)                                                                             \
  X(wasm_v128_load) X(wasm_v128_load8_splat) X(wasm_v128_load16_splat) X(wasm_v128_load32_splat) \
  X(wasm_v128_load64_splat) X(wasm_i16x8_load8x8) X(wasm_u16x8_load8x8) X(wasm_i32x4_load16x4)    \
  X(wasm_u32x4_load16x4) X(wasm_i64x2_load32x2) X(wasm_u64x2_load32x2) X(wasm_v128_load32_zero)   \
  X(wasm_v128_load64_zero)
// clang-format on
#define DEFINE_LOAD(op) \
  NOINLINE static v128_t t_##op(const void* p) { return op(p); }
LOAD_OPS(DEFINE_LOAD)
#define RUN_LOAD(op)                                            \
  for (int o = 0; o < 40; o += 3) mix_v(t_##op(mem + 100 + o)); \
  report(#op);

// Lane loads and stores, each with its lowest and highest lane.
#define LANE_MEM_OPS(X) X(8, 0) X(8, 15) X(16, 0) X(16, 7) X(32, 0) X(32, 3) X(64, 0) X(64, 1)
#define DEFINE_LANE_MEM(bits, lane)                                           \
  NOINLINE static v128_t t_load##bits##_lane##lane(const void* p, v128_t v) { \
    return wasm_v128_load##bits##_lane(p, v, lane);                           \
  }                                                                           \
  NOINLINE static void t_store##bits##_lane##lane(void* p, v128_t v) { wasm_v128_store##bits##_lane(p, v, lane); }
LANE_MEM_OPS(DEFINE_LANE_MEM)

NOINLINE static void t_store(void* p, v128_t v) { wasm_v128_store(p, v); }

static void test_memory(void) {
  LOAD_OPS(RUN_LOAD)
  uint8_t out[64];
  memset(out, 0, sizeof out);
  for (int o = 0; o < 17; o++) t_store(out + o, iv[o % NV]);
  for (int i = 0; i < 64; i++) mix_u8(out[i]);
  report("wasm_v128_store");
#define RUN_LOAD_LANE(bits, lane) \
  for (int i = 0; i < NV; i++) mix_v(t_load##bits##_lane##lane(mem + 3 * i + 1, iv[i]));
  LANE_MEM_OPS(RUN_LOAD_LANE)
  report("wasm_v128_loadN_lane");
  memset(out, 0xa5, sizeof out);
  int at = 1;
#define RUN_STORE_LANE(bits, lane)                   \
  t_store##bits##_lane##lane(out + at, iv[at % NV]); \
  at += bits / 8 + 1;
  LANE_MEM_OPS(RUN_STORE_LANE)
  for (int i = 0; i < 64; i++) mix_u8(out[i]);
  report("wasm_v128_storeN_lane");
}

// --- lanes, constants, splats, shuffles --------------------------------------------

// clang-format off
#define EXTRACT_OPS(X)                                                                            \
  X(i8x16, int8_t, 0) X(i8x16, int8_t, 15) X(u8x16, uint8_t, 1) X(u8x16, uint8_t, 14)              \
  X(i16x8, int16_t, 0) X(i16x8, int16_t, 7) X(u16x8, uint16_t, 1) X(u16x8, uint16_t, 6)            \
  X(i32x4, int32_t, 0) X(i32x4, int32_t, 3) X(i64x2, int64_t, 0) X(i64x2, int64_t, 1)
// clang-format on
#define DEFINE_EXTRACT(shape, T, lane) \
  NOINLINE static T t_extract_##shape##_##lane(v128_t v) { return wasm_##shape##_extract_lane(v, lane); }
EXTRACT_OPS(DEFINE_EXTRACT)

// clang-format off
#define REPLACE_OPS(X)                                                                               \
  X(i8x16, int8_t, 0, (int8_t)0x81) X(i8x16, int8_t, 15, 0x22) X(i16x8, int16_t, 0, (int16_t)0x8001)   \
  X(i16x8, int16_t, 7, 0x1234) X(i32x4, int32_t, 0, 0x12345678) X(i32x4, int32_t, 3, INT32_MIN)       \
  X(i64x2, int64_t, 0, -2) X(i64x2, int64_t, 1, INT64_MAX) X(f32x4, float, 0, 0.25f)                  \
  X(f32x4, float, 3, -7.0f) X(f64x2, double, 0, 1e300) X(f64x2, double, 1, -0.125)
// clang-format on
#define DEFINE_REPLACE(shape, T, lane, value) \
  NOINLINE static v128_t t_replace_##shape##_##lane(v128_t v, T x) { return wasm_##shape##_replace_lane(v, lane, x); }
REPLACE_OPS(DEFINE_REPLACE)

NOINLINE static float t_extract_f32x4_1(v128_t v) { return wasm_f32x4_extract_lane(v, 1); }
NOINLINE static float t_extract_f32x4_3(v128_t v) { return wasm_f32x4_extract_lane(v, 3); }
NOINLINE static double t_extract_f64x2_0(v128_t v) { return wasm_f64x2_extract_lane(v, 0); }
NOINLINE static double t_extract_f64x2_1(v128_t v) { return wasm_f64x2_extract_lane(v, 1); }

#define SPLAT_OPS(X) \
  X(i8x16, int8_t) X(i16x8, int16_t) X(i32x4, int32_t) X(i64x2, int64_t) X(f32x4, float) X(f64x2, double)
#define DEFINE_SPLAT(shape, T) \
  NOINLINE static v128_t t_splat_##shape(T x) { return wasm_##shape##_splat(x); }
SPLAT_OPS(DEFINE_SPLAT)

// clang-format off
#define SHUFFLE_OPS(X)                                                                                  \
  X(reverse, wasm_i8x16_shuffle(a, b, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0))            \
  X(interleave, wasm_i8x16_shuffle(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23))       \
  X(mixed, wasm_i8x16_shuffle(a, b, 31, 0, 30, 1, 3, 3, 3, 3, 16, 16, 8, 24, 9, 25, 2, 29))             \
  X(i16_even_odd, wasm_i16x8_shuffle(a, b, 8, 1, 10, 3, 12, 5, 14, 7))                                  \
  X(i16_mixed, wasm_i16x8_shuffle(a, b, 7, 7, 0, 0, 15, 9, 4, 2))                                       \
  X(i32_mixed, wasm_i32x4_shuffle(a, b, 3, 6, 1, 4))                                                    \
  X(i32_broadcast, wasm_i32x4_shuffle(a, b, 0, 0, 0, 0))                                                \
  X(i64_swap, wasm_i64x2_shuffle(a, b, 1, 2))                                                           \
  X(i64_cross, wasm_i64x2_shuffle(a, b, 3, 0))
// clang-format on
#define DEFINE_SHUFFLE(name, expr) \
  NOINLINE static v128_t t_shuffle_##name(v128_t a, v128_t b) { return expr; }
SHUFFLE_OPS(DEFINE_SHUFFLE)
NOINLINE static v128_t t_swizzle(v128_t a, v128_t s) { return wasm_i8x16_swizzle(a, s); }

static void test_lanes(void) {
#define RUN_EXTRACT(shape, T, lane)                                                  \
  for (int i = 0; i < NV; i++) mix_u64((uint64_t)t_extract_##shape##_##lane(iv[i])); \
  report("wasm_" #shape "_extract_lane " #lane);
  EXTRACT_OPS(RUN_EXTRACT)
  for (int i = 0; i < NF; i++) {
    mix_f32(t_extract_f32x4_1(fv[i]));
    mix_f32(t_extract_f32x4_3(fv[i]));
    mix_f64(t_extract_f64x2_0(dv[i]));
    mix_f64(t_extract_f64x2_1(dv[i]));
  }
  report("wasm_f32x4/f64x2_extract_lane");
#define RUN_REPLACE(shape, T, lane, value)                                      \
  for (int i = 0; i < NV; i++) mix_v(t_replace_##shape##_##lane(iv[i], value)); \
  report("wasm_" #shape "_replace_lane " #lane);
  REPLACE_OPS(RUN_REPLACE)
  for (int i = 0; i < NV; i++) {
    mix_v(t_splat_i8x16(wasm_i8x16_extract_lane(iv[i], 5)));
    mix_v(t_splat_i16x8(wasm_i16x8_extract_lane(iv[i], 5)));
    mix_v(t_splat_i32x4(wasm_i32x4_extract_lane(iv[i], 1)));
    mix_v(t_splat_i64x2(wasm_i64x2_extract_lane(iv[i], 0)));
  }
  for (int i = 0; i < NF; i++) {
    mix_f32x4(t_splat_f32x4(wasm_f32x4_extract_lane(fv[i], 2)));
    mix_f64x2(t_splat_f64x2(wasm_f64x2_extract_lane(dv[i], 1)));
  }
  report("wasm_*_splat");
  mix_v(wasm_i8x16_make(1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 127, -128));
  mix_v(wasm_i16x8_make(1, -2, 300, -400, 32767, -32768, 7, 0));
  mix_v(wasm_i32x4_make(1, -2, 0x7fffffff, (int32_t)0x80000000));
  mix_v(wasm_i64x2_make(-3, 0x123456789abcdefll));
  mix_v(wasm_f32x4_make(1.0f, -0.0f, 1e-45f, 3.4e38f));
  mix_v(wasm_f64x2_make(-0.0, 2.5));
  report("v128.const");
#define RUN_SHUFFLE(name, expr)                                            \
  for (int i = 0; i < NV; i++)                                             \
    for (int j = 0; j < NV; j += 3) mix_v(t_shuffle_##name(iv[i], iv[j])); \
  report("wasm_i8x16_shuffle " #name);
  SHUFFLE_OPS(RUN_SHUFFLE)
  for (int i = 0; i < NV; i++)
    for (int j = 0; j < NV; j++) mix_v(t_swizzle(iv[i], iv[j]));  // indices >= 16 give 0
  report("wasm_i8x16_swizzle");
}

// --- small algorithms written with intrinsics ------------------------------------

// strlen, 16 bytes at a time from an aligned start: eq + bitmask + ctz. The
// aligned loads may read past the terminator but never past the 16-byte
// block that holds it, so never past the end of memory.
static size_t simd_strlen(const char* s) {
  uintptr_t misalign = (uintptr_t)s & 15;
  const char* p = s - misalign;
  uint32_t mask = (uint32_t)wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p), wasm_i8x16_splat(0)));
  mask &= 0xffffu << misalign;
  while (!mask) {
    p += 16;
    mask = (uint32_t)wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p), wasm_i8x16_splat(0)));
  }
  return (size_t)(p + __builtin_ctz(mask) - s);
}

// C = A * B for 4x4 row-major float matrices: splat, mul, add per row.
static void mat4_mul(float* c, const float* a, const float* b) {
  v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4), b2 = wasm_v128_load(b + 8), b3 = wasm_v128_load(b + 12);
  for (int r = 0; r < 4; r++) {
    v128_t row = wasm_v128_load(a + 4 * r);
    v128_t acc = wasm_f32x4_mul(wasm_i32x4_shuffle(row, row, 0, 0, 0, 0), b0);
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_i32x4_shuffle(row, row, 1, 1, 1, 1), b1));
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_i32x4_shuffle(row, row, 2, 2, 2, 2), b2));
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_i32x4_shuffle(row, row, 3, 3, 3, 3), b3));
    wasm_v128_store(c + 4 * r, acc);
  }
}

// Dot product of int16 vectors with i32x4.dot_i16x8_s, then a horizontal sum.
static int32_t dot_i16(const int16_t* a, const int16_t* b, int n) {
  v128_t acc = wasm_i32x4_splat(0);
  for (int i = 0; i + 8 <= n; i += 8)
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(a + i), wasm_v128_load(b + i)));
  acc = wasm_i32x4_add(acc, wasm_i32x4_shuffle(acc, acc, 2, 3, 0, 1));
  acc = wasm_i32x4_add(acc, wasm_i32x4_shuffle(acc, acc, 1, 0, 3, 2));
  return wasm_i32x4_extract_lane(acc, 0);
}

// Counts the bytes of s below 0x80 (ASCII) with u8x16.lt, and all of a
// block's bytes with all_true.
static void ascii_stats(const uint8_t* s, int n, int* ascii, int* pure_blocks) {
  int count = 0, blocks = 0;
  for (int i = 0; i + 16 <= n; i += 16) {
    v128_t lt = wasm_u8x16_lt(wasm_v128_load(s + i), wasm_u8x16_splat(0x80));
    count += __builtin_popcount((uint32_t)wasm_i8x16_bitmask(lt));
    blocks += wasm_i8x16_all_true(lt);
  }
  *ascii = count;
  *pure_blocks = blocks;
}

static _Alignas(16) char text[160];

static void test_algorithms(void) {
  strcpy(text, "SIMD in WebAssembly: 128-bit vectors, sixteen lanes of bytes.");
  size_t lens[6];
  for (int o = 0; o < 6; o++) lens[o] = simd_strlen(text + o * 5);
  printf("strlen: %zu %zu %zu %zu %zu %zu (libc: %zu)\n", lens[0], lens[1], lens[2], lens[3], lens[4], lens[5],
         strlen(text));
  text[0] = 0;
  printf("strlen(\"\") = %zu, strlen at offset 15 = %zu\n", simd_strlen(text), simd_strlen(text + 15));

  _Alignas(16) float a[16], b[16], c[16];
  for (int i = 0; i < 16; i++) {
    a[i] = (float)(i - 5) * 0.5f;
    b[i] = (float)((i * 7) % 11) - 3.0f;
  }
  mat4_mul(c, a, b);
  printf("mat4:");
  for (int i = 0; i < 16; i++) printf(" %g", (double)c[i]);
  printf("\n");

  static int16_t x[64], y[64];
  for (int i = 0; i < 64; i++) {
    x[i] = (int16_t)(rnd() >> 16);
    y[i] = (int16_t)(rnd() >> 16);
  }
  x[0] = y[0] = x[1] = y[1] = -32768;  // the one pair whose sum wraps in dot
  uint32_t ref = 0;
  for (int i = 0; i < 64; i++) ref += (uint32_t)((int32_t)x[i] * y[i]);
  printf("dot_i16: %" PRId32 " (reference %" PRId32 ")\n", dot_i16(x, y, 64), (int32_t)ref);

  static uint8_t bytes[96];
  for (int i = 0; i < 96; i++) bytes[i] = (uint8_t)(i < 32 ? (uint32_t)('a' + i % 26) : rnd() >> 24);
  int ascii, pure;
  ascii_stats(bytes, 96, &ascii, &pure);
  printf("ascii: %d of 96 bytes, %d of 6 blocks pure\n", ascii, pure);
}

int main(void) {
  make_inputs();
  test_memory();
  test_lanes();
  test_lane_ops();
  test_algorithms();
  printf("%d operations checked\n", ops_checked);
  return 0;
}
