/* The QEMU mps2-an386 (Cortex-M4F) firmware: runs every guest module built
 * into it (guests.c) through the firmware API and reports over semihosting.
 * scripts/check-embedded.sh runs it and checks what it prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guests.h"
#include "petrel_fw.h"

/* All of the runtime's memory, guests' linear memories included, comes
 * from this block (petrel_fw_use_arena). */
static uint8_t arena[1536 * 1024] __attribute__((aligned(8)));

static int failures;

void qemu_port_reset_board(void); /* port.cpp */

static void report(const char *what, const petrel_fw_error *err) {
  printf("%s: error %d: %s\n", what, (int)err->kind, err->message);
}

static void print_memory(const char *name) {
  petrel_fw_memory_stats s;
  petrel_fw_memory_usage(&s);
  printf("[%s] heap peak %u bytes: guest linear memory %u, the runtime %u\n", name, (unsigned)s.heap_peak,
         (unsigned)s.linear_memory_peak, (unsigned)(s.heap_peak - s.linear_memory_peak));
}

static void run_fib(const guest_module *g) {
  petrel_fw_error err;
  petrel_fw_memory_reset_peak();
  petrel_fw_module *m = petrel_fw_module_load(g->bytes, g->size, &err);
  if (!m) { report("load fib", &err); failures++; return; }
  petrel_fw_linker *l = petrel_fw_linker_new();
  petrel_fw_instance *inst = petrel_fw_instantiate(m, l, NULL, &err);
  petrel_fw_linker_free(l);
  if (!inst) { report("instantiate fib", &err); failures++; petrel_fw_module_free(m); return; }
  petrel_fw_value arg = {PETREL_FW_I32, {.i32 = 20}}, res;
  if (petrel_fw_call(inst, "fib", &arg, 1, &res, 1, &err) == 0) printf("fib(20) = %d\n", (int)res.of.i32);
  else { report("fib", &err); failures++; }
  arg.of.i32 = 10;
  if (petrel_fw_call(inst, "work", &arg, 1, &res, 1, &err) == 0) printf("work(10) = %u\n", (unsigned)res.of.i32);
  else { report("work", &err); failures++; }
  /* A call with the wrong arguments is an error, not a crash. */
  if (petrel_fw_call(inst, "fib", NULL, 0, &res, 1, &err) != 0) printf("fib(): %s\n", err.message);
  if (petrel_fw_call(inst, "nope", NULL, 0, NULL, 0, &err) != 0) printf("nope(): %s\n", err.message);
  print_memory("fib");
  petrel_fw_instance_free(inst);
  petrel_fw_module_free(m);
}

static void run_traps(const guest_module *g) {
  petrel_fw_error err;
  petrel_fw_module *m = petrel_fw_module_load(g->bytes, g->size, &err);
  if (!m) { report("load trap", &err); failures++; return; }
  petrel_fw_linker *l = petrel_fw_linker_new();
  petrel_fw_limits limits = {128 * 1024, 8 * 1024, 100};
  petrel_fw_instance *inst = petrel_fw_instantiate(m, l, &limits, &err);
  petrel_fw_linker_free(l);
  if (!inst) { report("instantiate trap", &err); failures++; petrel_fw_module_free(m); return; }
  static const char *const names[] = {"out_of_bounds", "recurse"};
  for (unsigned i = 0; i < 2; ++i) {
    petrel_fw_value res;
    petrel_fw_value arg = {PETREL_FW_I32, {.i32 = 0}};
    int r = petrel_fw_call(inst, names[i], &arg, i == 1 ? 1 : 0, &res, 1, &err);
    printf("%s: %s\n", names[i], r == 0 ? "returned?!" : err.message);
  }
  petrel_fw_value args[2] = {{PETREL_FW_I32, {.i32 = 7}}, {PETREL_FW_I32, {.i32 = 0}}}, res;
  int r = petrel_fw_call(inst, "divide", args, 2, &res, 1, &err);
  printf("divide(7, 0): %s\n", r == 0 ? "returned?!" : err.message);
  if (petrel_fw_call(inst, "spin_and_grow", NULL, 0, &res, 1, &err) == 0)
    printf("memory.grow past the limit: %d\n", (int)res.of.i32);
  else { report("spin_and_grow", &err); failures++; }
  petrel_fw_instance_free(inst);
  petrel_fw_module_free(m);
}

static void run_command(const guest_module *g) {
  petrel_fw_error err;
  printf("--- %s\n", g->name);
  qemu_port_reset_board();
  petrel_fw_memory_reset_peak();
  petrel_fw_module *m = petrel_fw_module_load(g->bytes, g->size, &err);
  if (!m) { report(g->name, &err); failures++; return; }
  petrel_fw_linker *l = petrel_fw_linker_new();
  petrel_fw_linker_add_console(l);
  petrel_fw_hw_grants grants = {1u << 0, 5, 1, 1}; /* I2C bus 0, GPIO 0:0-4, SPI 0, UART 0 */
  petrel_fw_linker_add_hw(l, &grants);
  petrel_fw_instance *inst = petrel_fw_instantiate(m, l, NULL, &err);
  petrel_fw_linker_free(l);
  if (!inst) { report(g->name, &err); failures++; petrel_fw_module_free(m); return; }
  int32_t code = 0;
  if (petrel_fw_run_start(inst, &code, &err) != 0) { report(g->name, &err); failures++; }
  else printf("--- %s exited with %d\n", g->name, (int)code);
  print_memory(g->name);
  petrel_fw_instance_free(inst);
  petrel_fw_module_free(m);
}

int main(void) {
  petrel_fw_use_arena(arena, sizeof arena);
  /* Garbage is refused with an error naming the offset. */
  static const uint8_t junk[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 0x01, 0x05, 0x01, 0x60, 0x7f};
  petrel_fw_error err;
  if (!petrel_fw_module_load(junk, sizeof junk, &err)) printf("malformed module: %s\n", err.message);
  int guests = 0;
  for (const guest_module *g = guest_modules; g->name; ++g, ++guests) {
    if (strcmp(g->name, "fib") == 0) run_fib(g);
    else if (strcmp(g->name, "trap") == 0) run_traps(g);
    else run_command(g);
  }
  printf("firmware: %d guests, %d failures\n", guests, failures);
  return failures ? 1 : 0;
}
