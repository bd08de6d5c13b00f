/* blur: 3x3 box blur of a 512x256 8-bit grayscale image. Per output row, the
 * three input rows are added column by column into 16-bit sums, then three
 * adjacent sums are added and scaled by 28/256 (about 1/9: (sum * 28 + 128)
 * >> 8, which stays within 16 bits for every sum up to 9 * 255). The border
 * keeps its pixels. Both loops are plain C that clang auto-vectorises with
 * -msimd128 into 16-bit lane arithmetic (v128.load8x8_u, i16x8.add,
 * i16x8.mul, i16x8.shr_u, and a shuffle to narrow to bytes).
 * One unit = one blur of the image (the output becomes the next input, after
 * one pixel of it is changed). */
#include "../programs/bench.h"

#define W 512
#define H 256

static uint8_t img[2][H][W];
static uint16_t colsum[W];
BENCH_OPAQUE(uint32_t, blur_width, W);

static void add_rows(uint16_t* restrict r, const uint8_t* restrict s0, const uint8_t* restrict s1,
                     const uint8_t* restrict s2, uint32_t w) {
  for (uint32_t x = 0; x < w; x++) r[x] = (uint16_t)(s0[x] + s1[x] + s2[x]);
}

static void add_columns(uint8_t* restrict o, const uint16_t* restrict r, uint32_t w) {
  for (uint32_t x = 1; x + 1 < w; x++) {
    uint16_t sum = (uint16_t)(r[x - 1] + r[x] + r[x + 1]);
    o[x] = (uint8_t)((uint16_t)(sum * 28u + 128u) >> 8);
  }
}

static void blur(uint8_t (*restrict out)[W], const uint8_t (*restrict in)[W], uint32_t w) {
  for (uint32_t x = 0; x < w; x++) {
    out[0][x] = in[0][x];
    out[H - 1][x] = in[H - 1][x];
  }
  for (uint32_t y = 1; y + 1 < H; y++) {
    add_rows(colsum, in[y - 1], in[y], in[y + 1], w);
    add_columns(out[y], colsum, w);
    out[y][0] = in[y][0];
    out[y][w - 1] = in[y][w - 1];
  }
}

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t x = 2463534242u;
  for (uint32_t y = 0; y < H; y++)
    for (uint32_t i = 0; i < W; i++) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      img[0][y][i] = (uint8_t)(x >> 24);
    }
  uint32_t h = 0x811c9dc5u;
  uint32_t w = blur_width;
  for (uint32_t rep = 0; rep < n; rep++) {
    uint32_t src = rep & 1;
    blur(img[src ^ 1], (const uint8_t (*)[W])img[src], w);
    uint8_t(*out)[W] = img[src ^ 1];
    uint32_t py = (rep * 97) % H, px = (rep * 389) % W;
    h = bench_mix(h, out[py][px]);
    h = bench_mix(h, out[(py + 128) % H][(px + 256) % W]);
    h = bench_mix(h, out[H / 2][(px + 1) % W]);
    out[py][px] = (uint8_t)(rep * 151); /* keep the image from blurring to a constant */
  }
  return h;
}
