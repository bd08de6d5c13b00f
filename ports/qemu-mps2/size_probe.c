/* The size probe: the smallest useful firmware (load fib.wasm from flash,
 * instantiate, call fib(20), print), to set against baseline.c. The
 * runtime's share of flash is this image's text minus the baseline's and
 * minus the guest's bytes (scripts/check-embedded.sh prints it). */
#include <stdio.h>

#include "guests.h"
#include "petrel_fw.h"

int main(void) {
  petrel_fw_error err;
  const guest_module *g = &guest_modules[0];
  petrel_fw_module *m = petrel_fw_module_load(g->bytes, g->size, &err);
  if (!m) { printf("%s\n", err.message); return 1; }
  petrel_fw_linker *l = petrel_fw_linker_new();
  petrel_fw_instance *inst = petrel_fw_instantiate(m, l, NULL, &err);
  if (!inst) { printf("%s\n", err.message); return 1; }
  petrel_fw_value arg = {PETREL_FW_I32, {.i32 = 20}}, res;
  if (petrel_fw_call(inst, "fib", &arg, 1, &res, 1, &err) != 0) { printf("%s\n", err.message); return 1; }
  printf("fib(20) = %d\n", (int)res.of.i32);
  petrel_fw_memory_stats s;
  petrel_fw_memory_usage(&s);
  printf("heap peak %u, linear memory %u, stacks %u\n", (unsigned)s.heap_peak, (unsigned)s.linear_memory_peak,
         (unsigned)petrel_fw_stack_bytes(NULL));
  return 0;
}
