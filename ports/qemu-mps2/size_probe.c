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
  /* An invalid function, (func (export "bad") (result i32) i64.const 1):
   * refused at load, or, in a build for trusted modules only
   * (PETREL_FEATURE_VALIDATION off), refused at its first call. */
  static const uint8_t bad[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
                                0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 'b',
                                'a',  'd',  0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x01, 0x0b};
  petrel_fw_module *bm = petrel_fw_module_load(bad, sizeof bad, &err);
  if (!bm) {
    printf("invalid module: refused at load: %s\n", err.message);
  } else {
    petrel_fw_instance *bi = petrel_fw_instantiate(bm, l, NULL, &err);
    if (bi && petrel_fw_call(bi, "bad", NULL, 0, &res, 1, &err) != 0) printf("invalid module: first call: %s\n", err.message);
    else printf("invalid module: ran?!\n");
    petrel_fw_instance_free(bi);
    petrel_fw_module_free(bm);
  }
  /* A float instruction, (func (export "g") (result i32) i32.const 0
   * f32.convert_i32_s drop i32.const 1): runs, or in a build without floats
   * (PETREL_FEATURE_FLOAT off) is refused. */
  static const uint8_t uses_float[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
                                       0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 'g',
                                       0x00, 0x00, 0x0a, 0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0xb2, 0x1a, 0x41,
                                       0x01, 0x0b};
  petrel_fw_module *fm = petrel_fw_module_load(uses_float, sizeof uses_float, &err);
  if (!fm) {
    printf("float module: refused at load: %s\n", err.message);
  } else {
    petrel_fw_instance *fi = petrel_fw_instantiate(fm, l, NULL, &err);
    if (fi && petrel_fw_call(fi, "g", NULL, 0, &res, 1, &err) == 0) printf("float module: g() = %d\n", (int)res.of.i32);
    else printf("float module: first call: %s\n", err.message);
    petrel_fw_instance_free(fi);
    petrel_fw_module_free(fm);
  }
  return 0;
}
