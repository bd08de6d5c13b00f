// An Emscripten program (emcc -O2 -sSTANDALONE_WASM): a WASI command with
// Emscripten's own libc. Arguments, environment, clocks, files in a
// preopened directory, stdout/stderr and the exit status.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  printf("emscripten argc=%d\n", argc);
  for (int i = 1; i < argc; ++i) printf("arg %d: %s\n", i, argv[i]);
  const char* v = getenv("EMCC_TEST");
  printf("EMCC_TEST=%s\n", v ? v : "(unset)");
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  printf("realtime after 2020: %d\n", ts.tv_sec > 1577836800);
  FILE* f = fopen("/sandbox/emcc.txt", "w");
  printf("fopen in a preopen: %s\n", f ? "ok" : "failed");
  if (f) {
    fprintf(f, "written by emscripten\n");
    fclose(f);
    char line[64] = {0};
    f = fopen("/sandbox/emcc.txt", "r");
    if (f && fgets(line, sizeof line, f)) printf("read back: %s", line);
    if (f) fclose(f);
  }
  fprintf(stderr, "to stderr\n");
  return argc + 40;
}
