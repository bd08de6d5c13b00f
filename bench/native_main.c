/* Native driver: `prog N` calls run(N) from a benchmark program (linked in as
 * a separate object, so nothing is inlined across) and prints the checksum as
 * an unsigned decimal on stdout, and the in-process time of the call on stderr
 * as `bench-time: run=SECONDS`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint32_t run(uint32_t n);

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s N\n", argv[0]);
    return 1;
  }
  uint32_t n = (uint32_t)strtoul(argv[1], NULL, 10);
  double t0 = now();
  uint32_t result = run(n);
  double t1 = now();
  printf("%u\n", result);
  fprintf(stderr, "bench-time: run=%.6f\n", t1 - t0);
  return 0;
}
