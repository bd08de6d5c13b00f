// Hostile guests: each export faults differently; the firmware must report
// a trap naming it and go on running the next guest.
//   clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry
__attribute__((export_name("out_of_bounds"))) int out_of_bounds(void) {
  volatile int* p = (int*)0x7ffffff0;
  return *p;
}
__attribute__((export_name("divide"))) int divide(int a, int b) { return a / b; }
// Unbounded recursion that no compiler can turn into a loop: the call
// depth limit stops it.
__attribute__((export_name("recurse"), noinline)) int recurse(int n) {
  volatile int frame[4];
  frame[0] = n;
  return recurse(frame[0] + 1) + frame[1];
}
__attribute__((export_name("spin_and_grow"))) int spin_and_grow(void) {
  // Asks for 16 MiB more memory than the instance's limit allows: -1.
  return __builtin_wasm_memory_grow(0, 256);
}
