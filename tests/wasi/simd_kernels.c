// Plain C loops that clang auto-vectorises with -msimd128: the test builds this
// file twice for wasm32-wasi, simd_kernels.wasm (scalar, -O2) and
// simd_kernels.simd.wasm (-O2 -msimd128, so the loops below become v128 code),
// and Emscripten builds it twice too (emscripten/simd_kernels.c). Every build
// must print expected/simd_kernels.expected, which is the output of the same
// source built natively by the host's gcc (an independent compiler):
//   gcc -O2 tests/wasi/simd_kernels.c -o /tmp/k -lm && (/tmp/k; echo "[exit $?]")
//
// Each kernel runs over arrays of several lengths and start offsets (so the
// vector loop, its scalar remainder and unaligned accesses all run) and
// prints a hash of everything it wrote. No float reductions (clang keeps their
// order without -ffast-math, so they stay scalar), no NaN inputs, no signed
// overflow and no out-of-range float-to-int conversion: the output is fully
// defined by C, so every correct compiler and runtime prints the same.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 1037
#define PAD 64

#define NOINLINE __attribute__((noinline))

static int8_t i8a[N + PAD], i8b[N + PAD], i8c[N + PAD];
static uint8_t u8a[N + PAD], u8b[N + PAD], u8c[N + PAD];
static int16_t i16a[N + PAD], i16b[N + PAD], i16c[N + PAD];
static uint16_t u16a[N + PAD], u16b[N + PAD], u16c[N + PAD];
static int32_t i32a[N + PAD], i32b[N + PAD], i32c[N + PAD];
static uint32_t u32a[N + PAD], u32c[N + PAD];
static int64_t i64a[N + PAD], i64b[N + PAD], i64c[N + PAD];
static float f32a[N + PAD], f32b[N + PAD], f32c[N + PAD];
static double f64a[N + PAD], f64b[N + PAD], f64c[N + PAD];

static uint32_t rng_state = 2463534242u;

static uint32_t rnd(void) {
  uint32_t x = rng_state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return rng_state = x;
}

static void fill(void) {
  for (int i = 0; i < N + PAD; i++) {
    i8a[i] = (int8_t)rnd();
    i8b[i] = (int8_t)rnd();
    u8a[i] = (uint8_t)rnd();
    u8b[i] = (uint8_t)(rnd() >> 8);
    i16a[i] = (int16_t)rnd();
    i16b[i] = (int16_t)(rnd() >> 3);
    u16a[i] = (uint16_t)rnd();
    u16b[i] = (uint16_t)(rnd() >> 16);
    i32a[i] = (int32_t)rnd();
    i32b[i] = (int32_t)rnd();
    u32a[i] = rnd();
    i64a[i] = (int64_t)(((uint64_t)rnd() << 32) | rnd());
    i64b[i] = (int64_t)(((uint64_t)rnd() << 32) | rnd());
    // Exactly representable values in [-512, 512), some with fractions of 1/8.
    f32a[i] = (float)((int32_t)(rnd() % 8192) - 4096) / 8.0f;
    f32b[i] = (float)((int32_t)(rnd() % 2048) - 1024) / 16.0f;
    f64a[i] = (double)((int32_t)(rnd() % 1000003) - 500000) / 64.0;
    f64b[i] = (double)((int32_t)(rnd() % 4096) + 1) / 32.0;
  }
  // A few special values, none of them NaN.
  f32a[7] = -0.0f;
  f32a[8] = 2.5f;
  f32a[9] = -2.5f;
  f32a[10] = 3.5f;
  f32b[11] = 0.0f;
  f64a[12] = -0.0;
  f64a[13] = 0.5;
  f64a[14] = -1.5;
  i8a[3] = -128;
  i16a[4] = -32768;
  i32a[5] = INT32_MIN;
  u8a[100] = 0x2a;
  u8a[900] = 0x2a;
}

static uint32_t hash = 0x811c9dc5u;

static void mix(const void* p, size_t bytes) {
  const uint8_t* b = (const uint8_t*)p;
  for (size_t i = 0; i < bytes; i++) {
    hash ^= b[i];
    hash *= 0x01000193u;
  }
}

static void mix_u64(uint64_t v) { mix(&v, sizeof v); }

static void report(const char* name) {
  printf("%-22s %08" PRIx32 "\n", name, hash);
  hash = 0x811c9dc5u;
}

// Lengths and offsets every kernel runs with: the whole array, odd tails,
// short arrays that never reach the vector loop, and unaligned starts.
static const int lengths[] = {N, N - 1, 255, 33, 17, 16, 15, 7, 1, 0};
static const int offsets[] = {0, 1, 3, 8};
#define FOR_EACH_SHAPE(n, o)                                           \
  for (size_t li = 0; li < sizeof lengths / sizeof lengths[0]; li++)   \
    for (size_t oi = 0; oi < sizeof offsets / sizeof offsets[0]; oi++) \
      for (int n = lengths[li], o = offsets[oi], once = 1; once; once = 0)

// --- integer reductions --------------------------------------------------------

NOINLINE static int32_t sum_i8(const int8_t* a, int n) {
  int32_t s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}

NOINLINE static uint32_t sum_u8(const uint8_t* a, int n) {
  uint32_t s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}

NOINLINE static int64_t sum_i16(const int16_t* a, int n) {
  int64_t s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}

NOINLINE static int64_t sum_i32_wide(const int32_t* a, int n) {
  int64_t s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}

NOINLINE static uint64_t sum_i64(const int64_t* a, int n) {
  uint64_t s = 0;
  for (int i = 0; i < n; i++) s += (uint64_t)a[i];
  return s;
}

NOINLINE static uint32_t xor_u32(const uint32_t* a, int n) {
  uint32_t s = 0;
  for (int i = 0; i < n; i++) s ^= a[i] ^ (a[i] >> 7);
  return s;
}

NOINLINE static uint32_t dot_i16(const int16_t* a, const int16_t* b, int n) {
  uint32_t s = 0;  // unsigned: the sum wraps, defined
  for (int i = 0; i < n; i++) s += (uint32_t)((int32_t)a[i] * b[i]);
  return s;
}

NOINLINE static uint32_t dot_u8(const uint8_t* a, const uint8_t* b, int n) {
  uint32_t s = 0;
  for (int i = 0; i < n; i++) s += (uint32_t)a[i] * b[i];
  return s;
}

NOINLINE static void minmax_i32(const int32_t* a, int n, int32_t* lo, int32_t* hi) {
  int32_t mn = INT32_MAX, mx = INT32_MIN;
  for (int i = 0; i < n; i++) {
    mn = a[i] < mn ? a[i] : mn;
    mx = a[i] > mx ? a[i] : mx;
  }
  *lo = mn;
  *hi = mx;
}

NOINLINE static void minmax_u8(const uint8_t* a, int n, uint8_t* lo, uint8_t* hi) {
  uint8_t mn = 255, mx = 0;
  for (int i = 0; i < n; i++) {
    mn = a[i] < mn ? a[i] : mn;
    mx = a[i] > mx ? a[i] : mx;
  }
  *lo = mn;
  *hi = mx;
}

NOINLINE static void minmax_i16(const int16_t* a, int n, int16_t* lo, int16_t* hi) {
  int16_t mn = INT16_MAX, mx = INT16_MIN;
  for (int i = 0; i < n; i++) {
    mn = a[i] < mn ? a[i] : mn;
    mx = a[i] > mx ? a[i] : mx;
  }
  *lo = mn;
  *hi = mx;
}

NOINLINE static int count_eq_u8(const uint8_t* a, int n, uint8_t c) {
  int k = 0;
  for (int i = 0; i < n; i++) k += a[i] == c;
  return k;
}

NOINLINE static int count_gt_f32(const float* a, int n, float t) {
  int k = 0;
  for (int i = 0; i < n; i++) k += a[i] > t;
  return k;
}

NOINLINE static int count_lt_i64(const int64_t* a, const int64_t* b, int n) {
  int k = 0;
  for (int i = 0; i < n; i++) k += a[i] < b[i];
  return k;
}

NOINLINE static uint32_t popcount_u8(const uint8_t* a, int n) {
  uint32_t k = 0;
  for (int i = 0; i < n; i++) k += (uint32_t)__builtin_popcount(a[i]);
  return k;
}

NOINLINE static uint32_t popcount_u32(const uint32_t* a, int n) {
  uint32_t k = 0;
  for (int i = 0; i < n; i++) k += (uint32_t)__builtin_popcount(a[i]);
  return k;
}

NOINLINE static int find_u8(const uint8_t* a, int n, uint8_t c) {
  for (int i = 0; i < n; i++)
    if (a[i] == c) return i;
  return -1;
}

// --- element-wise kernels (write c) ------------------------------------------

NOINLINE static void add_sat_u8(uint8_t* restrict c, const uint8_t* a, const uint8_t* b, int n) {
  for (int i = 0; i < n; i++) {
    unsigned t = (unsigned)a[i] + b[i];
    c[i] = (uint8_t)(t > 255 ? 255 : t);
  }
}

NOINLINE static void sub_sat_i8(int8_t* restrict c, const int8_t* a, const int8_t* b, int n) {
  for (int i = 0; i < n; i++) {
    int t = a[i] - b[i];
    c[i] = (int8_t)(t > 127 ? 127 : t < -128 ? -128 : t);
  }
}

NOINLINE static void clamp_i16(int16_t* restrict c, const int16_t* a, int n) {
  for (int i = 0; i < n; i++) {
    int16_t x = a[i];
    c[i] = x < -1000 ? -1000 : x > 2000 ? 2000 : x;
  }
}

NOINLINE static void avg_u8(uint8_t* restrict c, const uint8_t* a, const uint8_t* b, int n) {
  for (int i = 0; i < n; i++) c[i] = (uint8_t)((a[i] + b[i] + 1) >> 1);
}

NOINLINE static void avg_u16(uint16_t* restrict c, const uint16_t* a, const uint16_t* b, int n) {
  for (int i = 0; i < n; i++) c[i] = (uint16_t)(((uint32_t)a[i] + b[i] + 1) >> 1);
}

NOINLINE static void mul_u8(uint8_t* restrict c, const uint8_t* a, const uint8_t* b, int n) {
  for (int i = 0; i < n; i++) c[i] = (uint8_t)(a[i] * b[i]);
}

NOINLINE static void mulhi_u16(uint16_t* restrict c, const uint16_t* a, const uint16_t* b, int n) {
  for (int i = 0; i < n; i++) c[i] = (uint16_t)(((uint32_t)a[i] * b[i]) >> 16);
}

NOINLINE static void mul_i16_to_i32(int32_t* restrict c, const int16_t* a, const int16_t* b, int n) {
  for (int i = 0; i < n; i++) c[i] = (int32_t)a[i] * b[i];
}

NOINLINE static void abs_i32(int32_t* restrict c, const int32_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (int32_t)(a[i] < 0 ? 0u - (uint32_t)a[i] : (uint32_t)a[i]);
}

NOINLINE static void abs_i8(int8_t* restrict c, const int8_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (int8_t)(a[i] < 0 ? (uint8_t)(0u - (uint8_t)a[i]) : (uint8_t)a[i]);
}

NOINLINE static void shifts_i32(int32_t* restrict c, const int32_t* a, int n, int k) {
  for (int i = 0; i < n; i++)
    c[i] = (int32_t)(((uint32_t)a[i] << k) ^ (uint32_t)(a[i] >> (k + 3)) ^ ((uint32_t)a[i] >> 11));
}

NOINLINE static void shifts_i16(int16_t* restrict c, const int16_t* a, int n) {
  for (int i = 0; i < n; i++)
    c[i] = (int16_t)((uint16_t)((uint16_t)a[i] << 3) ^ (uint16_t)(a[i] >> 5) ^ ((uint16_t)a[i] >> 9));
}

NOINLINE static void shifts_i8(uint8_t* restrict c, const uint8_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (uint8_t)((a[i] << 2) ^ (a[i] >> 3) ^ (uint8_t)((int8_t)a[i] >> 1));
}

NOINLINE static void varshift_u32(uint32_t* restrict c, const uint32_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = a[i] >> (a[i] & 31);
}

NOINLINE static void mul_add_i64(int64_t* restrict c, const int64_t* a, const int64_t* b, int n) {
  for (int i = 0; i < n; i++)
    c[i] = (int64_t)((uint64_t)a[i] * (uint64_t)b[i] + ((uint64_t)a[i] >> 3) - (uint64_t)(b[i] >> 5));
}

NOINLINE static void minmax_i64(int64_t* restrict c, const int64_t* a, const int64_t* b, int n) {
  for (int i = 0; i < n; i++) c[i] = (i & 1) ? (a[i] < b[i] ? a[i] : b[i]) : (a[i] > b[i] ? a[i] : b[i]);
}

NOINLINE static void abs_neg_i64(int64_t* restrict c, const int64_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = a[i] < 0 ? (int64_t)(0u - (uint64_t)a[i]) : (int64_t) ~(uint64_t)a[i];
}

NOINLINE static void select_i32(int32_t* restrict c, const int32_t* a, const int32_t* b, int n) {
  for (int i = 0; i < n; i++) c[i] = a[i] > b[i] ? a[i] : 0;
}

NOINLINE static void bitselect_u32(uint32_t* restrict c, const uint32_t* a, const int32_t* b, int n) {
  for (int i = 0; i < n; i++) {
    uint32_t m = 0x0f0f33ccu;
    c[i] = (a[i] & m) | ((uint32_t)b[i] & ~m);
  }
}

NOINLINE static void widen_u8_u32(uint32_t* restrict c, const uint8_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (uint32_t)a[i] * 3u + 1u;
}

NOINLINE static void widen_i8_i16(int16_t* restrict c, const int8_t* a, const int8_t* b, int n) {
  for (int i = 0; i < n; i++) c[i] = (int16_t)(a[i] * b[i]);
}

NOINLINE static void narrow_i32_i16(int16_t* restrict c, const int32_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (int16_t)a[i];
}

NOINLINE static void narrow_u16_u8(uint8_t* restrict c, const uint16_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (uint8_t)(a[i] >> 4);
}

NOINLINE static void reverse_u8(uint8_t* restrict c, const uint8_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = a[n - 1 - i];
}

NOINLINE static void reverse_i32(int32_t* restrict c, const int32_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = a[n - 1 - i];
}

NOINLINE static void interleave_u16(uint16_t* restrict c, const uint16_t* a, const uint16_t* b, int n) {
  for (int i = 0; i < n / 2; i++) {
    c[2 * i] = a[i];
    c[2 * i + 1] = b[i];
  }
}

NOINLINE static void swap_bytes_u32(uint32_t* restrict c, const uint32_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = __builtin_bswap32(a[i]);
}

NOINLINE static void byte_map(uint8_t* restrict c, const uint8_t* a, int n) {
  // ASCII upper-casing of a byte stream: compare, and, select.
  for (int i = 0; i < n; i++) c[i] = (a[i] >= 'a' && a[i] <= 'z') ? (uint8_t)(a[i] - 32) : a[i];
}

// --- float kernels ---------------------------------------------------------------

NOINLINE static void saxpy(float* restrict c, const float* a, const float* b, int n, float k) {
  for (int i = 0; i < n; i++) c[i] = k * a[i] + b[i];
}

NOINLINE static void float_ops(float* restrict c, const float* a, const float* b, int n) {
  for (int i = 0; i < n; i++) {
    float x = a[i], y = b[i];
    float d = y != 0.0f ? x / y : x;
    c[i] = (x - y) * 0.75f + d - (x < y ? x : y) + (x > y ? x : -y);
  }
}

NOINLINE static void float_abs_neg_sqrt(float* restrict c, const float* a, int n) {
  for (int i = 0; i < n; i++) c[i] = __builtin_sqrtf(__builtin_fabsf(a[i])) - a[i];
}

NOINLINE static void float_round(float* restrict c, const float* a, int n) {
  for (int i = 0; i < n; i++)
    c[i] = __builtin_floorf(a[i]) * 1000.0f + __builtin_ceilf(a[i] / 3.0f) * 100.0f +
           __builtin_truncf(a[i] / 7.0f) * 10.0f + __builtin_rintf(a[i] / 2.0f);
}

NOINLINE static void double_ops(double* restrict c, const double* a, const double* b, int n) {
  for (int i = 0; i < n; i++) {
    double x = a[i], y = b[i];
    c[i] = x * y - x / y + __builtin_sqrt(y) + (x < y ? y : x) - (x < 0 ? -x : x);
  }
}

NOINLINE static void double_round(double* restrict c, const double* a, int n) {
  for (int i = 0; i < n; i++)
    c[i] = __builtin_floor(a[i] / 5.0) + __builtin_ceil(a[i] / 9.0) + __builtin_trunc(a[i] / 3.0) +
           __builtin_rint(a[i] / 4.0);
}

NOINLINE static void i32_to_f32(float* restrict c, const int32_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (float)a[i];
}

NOINLINE static void u32_to_f32(float* restrict c, const uint32_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (float)a[i];
}

NOINLINE static void f32_to_i32(int32_t* restrict c, const float* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (int32_t)(a[i] * 1000.0f);  // |a| < 512: in range
}

NOINLINE static void u8_to_f32_scale(float* restrict c, const uint8_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (float)a[i] * (1.0f / 255.0f);
}

NOINLINE static void i32_to_f64(double* restrict c, const int32_t* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (double)a[i] * 0.5;
}

NOINLINE static void f64_to_f32(float* restrict c, const double* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (float)(a[i] / 3.0);
}

NOINLINE static void f32_to_f64(double* restrict c, const float* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (double)a[i] / 3.0;
}

NOINLINE static void f64_to_i32(int32_t* restrict c, const double* a, int n) {
  for (int i = 0; i < n; i++) c[i] = (int32_t)a[i];  // |a| < 8000: in range
}

// --- the driver -------------------------------------------------------------------

int main(void) {
  fill();

  FOR_EACH_SHAPE(n, o) mix_u64((uint64_t)(int64_t)sum_i8(i8a + o, n));
  report("sum_i8");
  FOR_EACH_SHAPE(n, o) mix_u64(sum_u8(u8a + o, n));
  report("sum_u8");
  FOR_EACH_SHAPE(n, o) mix_u64((uint64_t)sum_i16(i16a + o, n));
  report("sum_i16");
  FOR_EACH_SHAPE(n, o) mix_u64((uint64_t)sum_i32_wide(i32a + o, n));
  report("sum_i32_wide");
  FOR_EACH_SHAPE(n, o) mix_u64(sum_i64(i64a + o, n));
  report("sum_i64");
  FOR_EACH_SHAPE(n, o) mix_u64(xor_u32(u32a + o, n));
  report("xor_u32");
  FOR_EACH_SHAPE(n, o) mix_u64(dot_i16(i16a + o, i16b, n));
  report("dot_i16");
  FOR_EACH_SHAPE(n, o) mix_u64(dot_u8(u8a + o, u8b, n));
  report("dot_u8");
  FOR_EACH_SHAPE(n, o) {
    int32_t lo, hi;
    minmax_i32(i32a + o, n, &lo, &hi);
    mix_u64((uint64_t)(uint32_t)lo << 32 | (uint32_t)hi);
  }
  report("minmax_i32");
  FOR_EACH_SHAPE(n, o) {
    uint8_t lo, hi;
    minmax_u8(u8a + o, n, &lo, &hi);
    mix_u64((uint64_t)lo << 8 | hi);
  }
  report("minmax_u8");
  FOR_EACH_SHAPE(n, o) {
    int16_t lo, hi;
    minmax_i16(i16a + o, n, &lo, &hi);
    mix_u64((uint64_t)(uint16_t)lo << 16 | (uint16_t)hi);
  }
  report("minmax_i16");
  FOR_EACH_SHAPE(n, o) mix_u64((uint64_t)count_eq_u8(u8a + o, n, 0x2a) << 8 | (uint64_t)count_eq_u8(u8b + o, n, 0));
  report("count_eq_u8");
  FOR_EACH_SHAPE(n, o) mix_u64((uint64_t)count_gt_f32(f32a + o, n, 0.5f));
  report("count_gt_f32");
  FOR_EACH_SHAPE(n, o) mix_u64((uint64_t)count_lt_i64(i64a + o, i64b, n));
  report("count_lt_i64");
  FOR_EACH_SHAPE(n, o) mix_u64(popcount_u8(u8a + o, n));
  report("popcount_u8");
  FOR_EACH_SHAPE(n, o) mix_u64(popcount_u32(u32a + o, n));
  report("popcount_u32");
  FOR_EACH_SHAPE(n, o) mix_u64((uint64_t)(int64_t)find_u8(u8a + o, n, 0x2a));
  report("find_u8");

#define ELEMENTWISE(name, out, call) \
  FOR_EACH_SHAPE(n, o) {             \
    memset(out, 0x55, sizeof out);   \
    call;                            \
    mix(out, sizeof out);            \
  }                                  \
  report(name)

  ELEMENTWISE("add_sat_u8", u8c, add_sat_u8(u8c + o, u8a + o, u8b, n));
  ELEMENTWISE("sub_sat_i8", i8c, sub_sat_i8(i8c + o, i8a + o, i8b, n));
  ELEMENTWISE("clamp_i16", i16c, clamp_i16(i16c + o, i16a + o, n));
  ELEMENTWISE("avg_u8", u8c, avg_u8(u8c, u8a + o, u8b, n));
  ELEMENTWISE("avg_u16", u16c, avg_u16(u16c + o, u16a, u16b + o, n));
  ELEMENTWISE("mul_u8", u8c, mul_u8(u8c + o, u8a + o, u8b, n));
  ELEMENTWISE("mulhi_u16", u16c, mulhi_u16(u16c, u16a + o, u16b, n));
  ELEMENTWISE("mul_i16_to_i32", i32c, mul_i16_to_i32(i32c + o, i16a + o, i16b, n));
  ELEMENTWISE("abs_i32", i32c, abs_i32(i32c + o, i32a + o, n));
  ELEMENTWISE("abs_i8", i8c, abs_i8(i8c + o, i8a, n));
  ELEMENTWISE("shifts_i32", i32c, shifts_i32(i32c + o, i32a + o, n, 5 + o));
  ELEMENTWISE("shifts_i16", i16c, shifts_i16(i16c + o, i16a + o, n));
  ELEMENTWISE("shifts_i8", u8c, shifts_i8(u8c + o, u8a + o, n));
  ELEMENTWISE("varshift_u32", u32c, varshift_u32(u32c + o, u32a + o, n));
  ELEMENTWISE("mul_add_i64", i64c, mul_add_i64(i64c + o, i64a + o, i64b, n));
  ELEMENTWISE("minmax_i64", i64c, minmax_i64(i64c + o, i64a + o, i64b, n));
  ELEMENTWISE("abs_neg_i64", i64c, abs_neg_i64(i64c + o, i64a + o, n));
  ELEMENTWISE("select_i32", i32c, select_i32(i32c + o, i32a + o, i32b, n));
  ELEMENTWISE("bitselect_u32", u32c, bitselect_u32(u32c + o, u32a + o, i32b, n));
  ELEMENTWISE("widen_u8_u32", u32c, widen_u8_u32(u32c + o, u8a + o, n));
  ELEMENTWISE("widen_i8_i16", i16c, widen_i8_i16(i16c + o, i8a + o, i8b, n));
  ELEMENTWISE("narrow_i32_i16", i16c, narrow_i32_i16(i16c + o, i32a + o, n));
  ELEMENTWISE("narrow_u16_u8", u8c, narrow_u16_u8(u8c + o, u16a + o, n));
  ELEMENTWISE("reverse_u8", u8c, reverse_u8(u8c + o, u8a + o, n));
  ELEMENTWISE("reverse_i32", i32c, reverse_i32(i32c + o, i32a + o, n));
  ELEMENTWISE("interleave_u16", u16c, interleave_u16(u16c + o, u16a + o, u16b, n));
  ELEMENTWISE("swap_bytes_u32", u32c, swap_bytes_u32(u32c + o, u32a + o, n));
  ELEMENTWISE("byte_map", u8c, byte_map(u8c + o, u8a + o, n));
  ELEMENTWISE("saxpy", f32c, saxpy(f32c + o, f32a + o, f32b, n, 1.25f));
  ELEMENTWISE("float_ops", f32c, float_ops(f32c + o, f32a + o, f32b, n));
  ELEMENTWISE("float_abs_neg_sqrt", f32c, float_abs_neg_sqrt(f32c + o, f32a + o, n));
  ELEMENTWISE("float_round", f32c, float_round(f32c + o, f32a + o, n));
  ELEMENTWISE("double_ops", f64c, double_ops(f64c + o, f64a + o, f64b, n));
  ELEMENTWISE("double_round", f64c, double_round(f64c + o, f64a + o, n));
  ELEMENTWISE("i32_to_f32", f32c, i32_to_f32(f32c + o, i32a + o, n));
  ELEMENTWISE("u32_to_f32", f32c, u32_to_f32(f32c + o, u32a + o, n));
  ELEMENTWISE("f32_to_i32", i32c, f32_to_i32(i32c + o, f32a + o, n));
  ELEMENTWISE("u8_to_f32_scale", f32c, u8_to_f32_scale(f32c + o, u8a + o, n));
  ELEMENTWISE("i32_to_f64", f64c, i32_to_f64(f64c + o, i32a + o, n));
  ELEMENTWISE("f64_to_f32", f32c, f64_to_f32(f32c + o, f64a + o, n));
  ELEMENTWISE("f32_to_f64", f64c, f32_to_f64(f64c + o, f32a + o, n));
  ELEMENTWISE("f64_to_i32", i32c, f64_to_i32(i32c + o, f64a + o, n));

  // The sums printed in full, so a wrong answer is visible, not just a hash.
  printf("sum_i8(all) = %" PRId32 ", sum_i16(all) = %" PRId64 ", sum_i32(all) = %" PRId64 "\n", sum_i8(i8a, N),
         sum_i16(i16a, N), sum_i32_wide(i32a, N));
  printf("dot_u8(all) = %" PRIu32 ", popcount_u32(all) = %" PRIu32 ", find_u8(0x2a) = %d\n", dot_u8(u8a, u8b, N),
         popcount_u32(u32a, N), find_u8(u8a, N, 0x2a));
  return 0;
}
