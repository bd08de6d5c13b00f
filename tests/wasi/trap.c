// A trap ends the program: what was written before stays written.
#include <stdio.h>

__attribute__((noinline)) static void crash(void) { __builtin_trap(); }

int main(void) {
  printf("before the trap\n");
  fflush(stdout);
  crash();
  printf("not reached\n");
  return 0;
}
