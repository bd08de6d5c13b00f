// A WASI command: prints through the firmware's console subset and exits
// with status 3, which the firmware reports.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void) {
  printf("hello from a wasm guest on the microcontroller\n");
  struct timespec t;
  int clock_ok = clock_gettime(CLOCK_MONOTONIC, &t) == 0;
  printf("clock_gettime: %s\n", clock_ok ? "ok" : "failed");
  FILE* f = fopen("/etc/passwd", "r");  // no file system on the device: ENOSYS, not a crash
  printf("fopen without a file system: %s\n", f ? "opened?!" : "refused");
  fflush(stdout);
  exit(3);
}
