/* The native baseline of the start-up measurement (bench/run.py, "Start-up and
 * memory"): a C hello world, linked like the native benchmark programs. */
#include <stdio.h>

int main(void) {
  puts("hello, world");
  return 0;
}
