/* matmul: float32 matrix multiply C = A*B, 96x96, i-k-j order, so the inner
 * loop is C[i][j] += a * B[k][j] over j: a multiply-add of rows, which clang
 * auto-vectorises with -msimd128 (f32x4.splat, f32x4.mul, f32x4.add) without
 * reordering any sum; scalar and SIMD builds compute the same bits. Entries
 * are small integers, so every sum is exact anyway.
 * One unit = one multiply (864 Ki multiply-adds). */
#include "../programs/bench.h"

#define N 96

static float A[N][N], B[N][N], C[N][N];
BENCH_OPAQUE(uint32_t, matmul_size, N);

static uint32_t bits(float f) {
  union {
    float f;
    uint32_t u;
  } v = {f};
  return v.u;
}

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t size = matmul_size;
  for (uint32_t i = 0; i < N; i++)
    for (uint32_t j = 0; j < N; j++) {
      A[i][j] = (float)((int32_t)((i * 7 + j * 3) % 7) - 3);
      B[i][j] = (float)((int32_t)((i * 5 + j * 11) % 5) - 2);
    }
  uint32_t h = 0x811c9dc5u;
  for (uint32_t rep = 0; rep < n; rep++) {
    for (uint32_t i = 0; i < size; i++) {
      for (uint32_t j = 0; j < size; j++) C[i][j] = 0.0f;
      for (uint32_t k = 0; k < size; k++) {
        float a = A[i][k];
        for (uint32_t j = 0; j < size; j++) C[i][j] += a * B[k][j];
      }
    }
    uint32_t r = (rep * 7) % N, c = (rep * 13) % N;
    h = bench_mix(h, bits(C[r][c]));
    h = bench_mix(h, bits(C[c][r]));
    h = bench_mix(h, bits(C[(r + 1) % N][(c + 5) % N]));
    /* Change the input so no multiply can be reused; keep entries small. */
    A[r][c] = A[r][c] > 2.0f ? -3.0f : A[r][c] + 1.0f;
  }
  return h;
}
