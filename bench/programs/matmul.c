/* matmul: naive float64 matrix multiply C = A*B (i-k-j order), 128x128.
 * Entries are small integers so every sum is exact in binary64 and the
 * checksum is identical everywhere. One unit = one multiply (2 Mi mul+add). */
#include "bench.h"

#define N 128

static double A[N][N], B[N][N], C[N][N];
BENCH_OPAQUE(uint32_t, matmul_size, N);

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t size = matmul_size;
  for (uint32_t i = 0; i < N; i++)
    for (uint32_t j = 0; j < N; j++) {
      A[i][j] = (double)((int32_t)((i * 7 + j * 3) % 7) - 3);
      B[i][j] = (double)((int32_t)((i * 5 + j * 11) % 5) - 2);
    }
  uint32_t h = 0x811c9dc5u;
  for (uint32_t rep = 0; rep < n; rep++) {
    for (uint32_t i = 0; i < size; i++) {
      for (uint32_t j = 0; j < size; j++) C[i][j] = 0.0;
      for (uint32_t k = 0; k < size; k++) {
        double a = A[i][k];
        for (uint32_t j = 0; j < size; j++) C[i][j] += a * B[k][j];
      }
    }
    uint32_t r = (rep * 7) % N, c = (rep * 13) % N;
    h = bench_mix(h, (uint32_t)(int32_t)C[r][c]);
    h = bench_mix(h, (uint32_t)(int32_t)C[c][r]);
    /* Change the input so no multiply can be reused; keep entries small. */
    A[r][c] = A[r][c] > 2.0 ? -3.0 : A[r][c] + 1.0;
  }
  return h;
}
