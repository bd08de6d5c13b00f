/* mandelbrot: escape-time iteration of z = z^2 + c in f64 over a 64x64 grid,
 * up to 256 iterations per point; a short dependent chain of f64 multiplies
 * and adds, a compare and a data-dependent loop exit. Plain IEEE binary64, so
 * the iteration counts are the same on every target.
 * One unit = one frame; frames pan slightly so none repeats, and every frame
 * costs about the same. */
#include "bench.h"

#define W 64
#define H 64

BENCH_OPAQUE(uint32_t, mandel_width, W);
BENCH_OPAQUE(uint32_t, mandel_height, H);
BENCH_OPAQUE(uint32_t, mandel_max_iter, 256);

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t width = mandel_width, height = mandel_height, max_iter = mandel_max_iter;
  uint32_t h = 0x811c9dc5u;
  for (uint32_t rep = 0; rep < n; rep++) {
    /* The view [-2.0, 0.5] x [-1.25, 1.25], panned by up to 1/64 of a pixel step. */
    double x0 = -2.0 + (double)(rep % 64) * (1.0 / 4096.0);
    double y0 = -1.25 + (double)(rep % 37) * (1.0 / 4096.0);
    double dx = 2.5 / (double)width, dy = 2.5 / (double)height;
    uint32_t total = 0, inside = 0;
    for (uint32_t py = 0; py < height; py++) {
      double ci = y0 + (double)py * dy;
      uint32_t row = 0;
      for (uint32_t px = 0; px < width; px++) {
        double cr = x0 + (double)px * dx;
        double zr = 0.0, zi = 0.0, zr2 = 0.0, zi2 = 0.0;
        uint32_t i = 0;
        while (i < max_iter && zr2 + zi2 <= 4.0) {
          zi = 2.0 * zr * zi + ci;
          zr = zr2 - zi2 + cr;
          zr2 = zr * zr;
          zi2 = zi * zi;
          i++;
        }
        row = row * 31 + i;
        total += i;
        inside += i == max_iter;
      }
      h = bench_mix(h, row);
    }
    h = bench_mix(h, total);
    h = bench_mix(h, inside);
  }
  return h;
}
