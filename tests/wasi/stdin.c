// Reads all of stdin: counts bytes and lines and echoes it in upper case.
#include <ctype.h>
#include <stdio.h>

int main(void) {
  char buf[4096];
  size_t total = 0, lines = 0, n;
  char text[4096];
  size_t kept = 0;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
    for (size_t i = 0; i < n; ++i) {
      if (buf[i] == '\n') ++lines;
      if (kept < sizeof text - 1) text[kept++] = (char)toupper((unsigned char)buf[i]);
    }
    total += n;
  }
  text[kept] = 0;
  printf("bytes=%zu lines=%zu eof=%d\n", total, lines, feof(stdin) != 0);
  fputs(text, stdout);
  return 0;
}
