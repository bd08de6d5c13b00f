// N small writes to stdout, one host call each (the harness sends stdout to
// /dev/null). Prints the bytes written; the in-guest time goes to stderr as
// `bench-time: run=SECONDS`.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#ifdef __wasi__
#include <wasi/api.h>
#endif

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  static const char line[] = "0123456789abcde\n";
  uint64_t total = 0;
  double t0 = now();
  for (long i = 0; i < n; ++i) {
#ifdef __wasi__
    __wasi_ciovec_t iov = {(const uint8_t*)line, 16};
    __wasi_size_t written = 0;
    if (__wasi_fd_write(1, &iov, 1, &written) != 0) return 1;
#else
    ssize_t written = write(1, line, 16);
    if (written < 0) return 1;
#endif
    total += written;
  }
  double t1 = now();
  fprintf(stderr, "bytes=%llu\nbench-time: run=%.6f\n", (unsigned long long)total, t1 - t0);
  return 0;
}
