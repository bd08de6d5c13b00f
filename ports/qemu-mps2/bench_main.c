/* The embedded build's speed (a benchmark, not a test: bench/embedded.sh).
 * Under qemu-system-arm -icount shift=0 every instruction takes 1 ns of the
 * board's virtual time and the CMSDK timer counts at 25 MHz, so one timer
 * tick is 40 instructions: the counts are instruction counts, repeatable,
 * and the ratios are those of a Cortex-M4 that runs one instruction per
 * cycle. Each benchmark program of bench/programs runs natively (the same
 * C, arm-none-eabi-gcc -O2) and as wasm in Petrel (-Os build); the checksums
 * must agree. */
#include <stdio.h>
#include <string.h>

#include "guests.h"
#include "petrel_fw.h"

#define TIMER0 ((volatile uint32_t *)0x40000000) /* CTRL, VALUE, RELOAD */
static uint64_t instructions_now(void) {
  /* A down-counter; read until stable across a wrap would be overkill:
   * runs are far shorter than the 171 s a 32-bit wrap takes at 25 MHz. */
  return (uint64_t)(0xffffffffu - TIMER0[1]) * 40u;
}

#define NATIVE(name) uint32_t native_##name(uint32_t n);
#define PROGRAMS(X) X(fib) X(coremix) X(crc32) X(sha256) X(sieve) X(matmul) X(minivm)
PROGRAMS(NATIVE)

typedef struct {
  const char *name;
  uint32_t (*native)(uint32_t);
  uint32_t n;
} program;
/* n: about 10-50 million native instructions each. */
static const program programs[] = {
    {"fib", native_fib, 15},         {"coremix", native_coremix, 80}, {"crc32", native_crc32, 25},
    {"sha256", native_sha256, 35},   {"sieve", native_sieve, 10},
    {"matmul", native_matmul, 5},    {"minivm", native_minivm, 15},
};

/* The runtime's arena: 8 MiB of the board's 16 MiB PSRAM, above the 4 MiB
 * the simulated SPI flash takes (port.cpp); the native programs' arrays
 * fill most of the 4 MiB of SRAM. */
#define ARENA ((void *)0x21400000)
#define ARENA_SIZE (8u << 20)

static const guest_module *guest(const char *name) {
  for (const guest_module *g = guest_modules; g->name; ++g)
    if (strcmp(g->name, name) == 0) return g;
  return NULL;
}

int main(void) {
  petrel_fw_use_arena(ARENA, ARENA_SIZE);
  TIMER0[2] = 0xffffffffu;
  TIMER0[1] = 0xffffffffu;
  TIMER0[0] = 1;
  petrel_fw_limits limits = {4u << 20, 64 * 1024, 2000};
  printf("%-10s %14s %14s %8s\n", "program", "native insns", "petrel insns", "ratio");
  double log_sum = 0;
  int count = 0, bad = 0;
  for (unsigned i = 0; i < sizeof programs / sizeof programs[0]; ++i) {
    const program *p = &programs[i];
    uint64_t t0 = instructions_now();
    uint32_t expect = p->native(p->n);
    uint64_t native = instructions_now() - t0;
    char guest_name[32];
    snprintf(guest_name, sizeof guest_name, "bench_%s", p->name);
    const guest_module *g = guest(guest_name);
    petrel_fw_error err;
    petrel_fw_module *m = g ? petrel_fw_module_load(g->bytes, g->size, &err) : NULL;
    petrel_fw_linker *l = petrel_fw_linker_new();
    petrel_fw_instance *inst = m ? petrel_fw_instantiate(m, l, &limits, &err) : NULL;
    petrel_fw_linker_free(l);
    if (!inst) { printf("%s: %s\n", p->name, g ? err.message : "no guest"); bad++; continue; }
    petrel_fw_value arg = {PETREL_FW_I32, {.i32 = (int32_t)p->n}}, res;
    uint64_t t1 = instructions_now();
    int r = petrel_fw_call(inst, "run", &arg, 1, &res, 1, &err);
    uint64_t wasm = instructions_now() - t1;
    if (r != 0 || (uint32_t)res.of.i32 != expect) {
      printf("%s: %s\n", p->name, r ? err.message : "checksum differs from native");
      bad++;
    } else {
      double ratio = (double)wasm / (double)native;
      printf("%-10s %14llu %14llu %7.1fx\n", p->name, (unsigned long long)native, (unsigned long long)wasm, ratio);
      /* ln by repeated halving is enough for a geomean to 3 digits */
      double x = ratio, lg = 0;
      while (x > 2) { x /= 2; lg += 0.693147; }
      lg += (x - 1) - (x - 1) * (x - 1) / 2 + (x - 1) * (x - 1) * (x - 1) / 3;
      log_sum += lg;
      count++;
    }
    petrel_fw_instance_free(inst);
    petrel_fw_module_free(m);
  }
  if (count) {
    double g = 1, target = log_sum / count;
    while (target > 0.693147) { g *= 2; target -= 0.693147; }
    g *= 1 + target + target * target / 2 + target * target * target / 6;
    printf("geomean    %14s %14s %7.1fx\n", "", "", g);
  }

  /* A host call into petrel_hw (clock_us), against the same loop without it. */
  const guest_module *hc = guest("hostcall");
  petrel_fw_error err;
  petrel_fw_module *m = petrel_fw_module_load(hc->bytes, hc->size, &err);
  petrel_fw_linker *l = petrel_fw_linker_new();
  petrel_fw_hw_grants none = {0, 0, 0, 0};
  petrel_fw_linker_add_hw(l, &none);
  petrel_fw_instance *inst = m ? petrel_fw_instantiate(m, l, NULL, &err) : NULL;
  petrel_fw_linker_free(l);
  if (!inst) { printf("hostcall: %s\n", err.message); return 1; }
  const int calls = 20000;
  petrel_fw_value arg = {PETREL_FW_I32, {.i32 = calls}}, res;
  uint64_t a = instructions_now();
  petrel_fw_call(inst, "without_calls", &arg, 1, &res, 1, &err);
  uint64_t b = instructions_now();
  petrel_fw_call(inst, "with_calls", &arg, 1, &res, 1, &err);
  uint64_t c = instructions_now();
  long long per_call = ((long long)(c - b) - (long long)(b - a)) / calls;
  printf("host call into petrel_hw (clock_us): %lld instructions each (%d calls)\n", per_call, calls);
  petrel_fw_instance_free(inst);
  petrel_fw_module_free(m);
  return bad ? 1 : 0;
}
