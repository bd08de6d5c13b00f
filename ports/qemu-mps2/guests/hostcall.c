// The cost of a host call into the hardware API: the same loop with and
// without a petrel_hw call (clock_us reads the clock and nothing else).
#include "petrel_hw.h"

__attribute__((export_name("with_calls"))) long long with_calls(int n) {
  long long acc = 0;
  for (int i = 0; i < n; ++i) acc += petrel_hw_clock_us() + i;
  return acc;
}
__attribute__((export_name("without_calls"))) long long without_calls(int n) {
  long long acc = 0;
  volatile long long t = 0;
  for (int i = 0; i < n; ++i) acc += t + i;
  return acc;
}
