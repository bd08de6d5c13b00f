// random_get: fresh bytes each time, every byte value turns up, large
// requests work, and a buffer outside memory is `fault`.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"

int main(void) {
  unsigned char a[32], b[32];
  report("getentropy", getentropy(a, sizeof a) == 0 ? 0 : errno);
  report("getentropy again", getentropy(b, sizeof b) == 0 ? 0 : errno);
  printf("two draws differ: %d\n", memcmp(a, b, sizeof a) != 0);

  size_t big = 1 << 20;
  unsigned char* buf = malloc(big);
  memset(buf, 0, big);
  report("random_get 1 MiB", __wasi_random_get(buf, big));
  int seen[256] = {0}, distinct = 0;
  for (size_t i = 0; i < big; ++i) seen[buf[i]] = 1;
  for (int i = 0; i < 256; ++i) distinct += seen[i];
  printf("distinct byte values: %d\n", distinct);
  report("random_get 0 bytes", __wasi_random_get(buf, 0));
  report("random_get past the end of memory", __wasi_random_get((uint8_t*)0xffffff00u, 0x200));
  printf("arc4random_uniform(10) < 10: %d\n", arc4random_uniform(10) < 10);
  return 0;
}
