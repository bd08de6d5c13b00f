/* The printf-only firmware the size probe is measured against. */
#include <stdio.h>
int main(void) {
  volatile int n = 6765;
  printf("fib(20) = %d\n", n);
  printf("heap peak %u, linear memory %u, stacks %u\n", 0u, 0u, 0u);
  return 0;
}
