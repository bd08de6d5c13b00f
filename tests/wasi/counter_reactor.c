// A WASI reactor: no main; `_initialize` runs the constructors, then the
// host calls exports (petrel run --invoke add counter_reactor.wasm 1 2).
#include <stdio.h>

static int base;

__attribute__((constructor)) static void setup(void) { base = 100; }

__attribute__((export_name("add"))) int add(int a, int b) {
  printf("add(%d, %d) with base %d\n", a, b, base);
  fflush(stdout);
  return base + a + b;
}
