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

/* Loads a guest and instantiates it against `l` (freed here) with `limits`
 * (NULL: the defaults). On failure reports it, counts it and returns NULL;
 * else the module comes back in *m. */
static petrel_fw_instance *instantiate_guest(const char *name, const uint8_t *bytes, size_t size,
                                             petrel_fw_linker *l, const petrel_fw_limits *limits,
                                             petrel_fw_module **m) {
  petrel_fw_error err;
  *m = petrel_fw_module_load(bytes, size, &err);
  petrel_fw_instance *inst = *m ? petrel_fw_instantiate(*m, l, limits, &err) : NULL;
  petrel_fw_linker_free(l);
  if (!inst) {
    report(name, &err);
    failures++;
    if (*m) petrel_fw_module_free(*m);
  }
  return inst;
}

static void run_fib(const guest_module *g) {
  petrel_fw_error err;
  petrel_fw_memory_reset_peak();
  petrel_fw_module *m;
  petrel_fw_instance *inst = instantiate_guest("fib", g->bytes, g->size, petrel_fw_linker_new(), NULL, &m);
  if (!inst) return;
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
  petrel_fw_limits limits = {128 * 1024, 8 * 1024, 100};
  petrel_fw_module *m;
  petrel_fw_instance *inst = instantiate_guest("trap", g->bytes, g->size, petrel_fw_linker_new(), &limits, &m);
  if (!inst) return;
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

/* A guest of 1-byte pages (the custom-page-sizes proposal): 256 bytes of
 * linear memory instead of a 64 KiB page. Compiled by `petrel wat2wasm` from
 *   (module
 *     (memory (export "memory") 256 256 (pagesize 1))
 *     (data (i32.const 0) "\01\02\03\04")
 *     (func (export "size") (result i32) memory.size)
 *     (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
 *     (func (export "sum") (param $n i32) (result i32) ... the first $n bytes added)
 *     (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
 * (clang 14's wasm-ld cannot ask for a page size yet). */
static const uint8_t small_pages_wasm[] __attribute__((aligned(4))) = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x03, 0x05, 0x04, 0x00, 0x01, 0x01, 0x01, 0x05, 0x07, 0x01, 0x09, 0x80,
    0x02, 0x80, 0x02, 0x00, 0x07, 0x25, 0x05, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00,
    0x04, 0x73, 0x69, 0x7a, 0x65, 0x00, 0x00, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x01, 0x03, 0x73,
    0x75, 0x6d, 0x00, 0x02, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x03, 0x0c, 0x01, 0x01, 0x0a, 0x3a,
    0x04, 0x04, 0x00, 0x3f, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b, 0x24, 0x01, 0x01,
    0x7f, 0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x21,
    0x00, 0x20, 0x01, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x6a, 0x21, 0x01, 0x0c, 0x00, 0x0b, 0x0b, 0x20,
    0x01, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x0b, 0x0b, 0x0a, 0x01, 0x00, 0x41, 0x00,
    0x0b, 0x04, 0x01, 0x02, 0x03, 0x04,
};

static void run_small_pages(void) {
  petrel_fw_error err;
  petrel_fw_memory_reset_peak();
  petrel_fw_module *m;
  petrel_fw_instance *inst =
      instantiate_guest("small_pages", small_pages_wasm, sizeof small_pages_wasm, petrel_fw_linker_new(), NULL, &m);
  if (!inst) return;
  petrel_fw_value arg = {PETREL_FW_I32, {.i32 = 4}}, res;
  if (petrel_fw_call(inst, "size", NULL, 0, &res, 1, &err) == 0) printf("small pages: memory.size = %d\n", (int)res.of.i32);
  else { report("size", &err); failures++; }
  if (petrel_fw_call(inst, "sum", &arg, 1, &res, 1, &err) == 0) printf("small pages: sum(4) = %d\n", (int)res.of.i32);
  else { report("sum", &err); failures++; }
  arg.of.i32 = 1;
  if (petrel_fw_call(inst, "grow", &arg, 1, &res, 1, &err) == 0) printf("small pages: grow(1) = %d\n", (int)res.of.i32);
  else { report("grow", &err); failures++; }
  arg.of.i32 = 256;
  if (petrel_fw_call(inst, "load", &arg, 1, &res, 1, &err) != 0) printf("small pages: load(256): %s\n", err.message);
  else { printf("small pages: load(256) returned %d?!\n", (int)res.of.i32); failures++; }
  petrel_fw_memory_stats s;
  petrel_fw_memory_usage(&s);
  printf("small pages: guest linear memory %u bytes\n", (unsigned)s.linear_memory_peak);
  print_memory("small_pages");
  petrel_fw_instance_free(inst);
  petrel_fw_module_free(m);
}

static void run_command(const guest_module *g) {
  petrel_fw_error err;
  printf("--- %s\n", g->name);
  qemu_port_reset_board();
  petrel_fw_memory_reset_peak();
  petrel_fw_linker *l = petrel_fw_linker_new();
  petrel_fw_linker_add_console(l);
  petrel_fw_hw_grants grants = {1u << 0, 5, 1, 1}; /* I2C bus 0, GPIO 0:0-4, SPI 0, UART 0 */
  petrel_fw_linker_add_hw(l, &grants);
  petrel_fw_module *m;
  petrel_fw_instance *inst = instantiate_guest(g->name, g->bytes, g->size, l, NULL, &m);
  if (!inst) return;
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
  run_small_pages();
  ++guests;
  printf("firmware: %d guests, %d failures\n", guests, failures);
  return failures ? 1 : 0;
}
