/* Petrel for firmware: the small C API of the embedded profile
 * (-DPETREL_PROFILE=embedded, docs/EMBEDDED.md).
 *
 * A firmware loads a module from flash without copying it, links host
 * functions (its own, the console subset of WASI, the hardware APIs of
 * petrel_hw), instantiates it with hard limits and calls it. Every failure
 * comes back as a value with a message saying what and where; nothing
 * here aborts on bad input.
 *
 *   petrel_fw_module *m = petrel_fw_module_load(wasm, wasm_len, &err);
 *   petrel_fw_linker *l = petrel_fw_linker_new();
 *   petrel_fw_linker_add_console(l);             // fd_write & co, to the port's console
 *   petrel_fw_instance *i = petrel_fw_instantiate(m, l, NULL, &err);
 *   int32_t exit_code;
 *   petrel_fw_run_start(i, &exit_code, &err);    // a WASI command's _start
 */
#ifndef PETREL_FW_H
#define PETREL_FW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What went wrong: a kind and a message naming the import, function index
 * or byte offset. Written by every call that takes one (may be NULL). */
typedef enum {
  PETREL_FW_OK = 0,
  PETREL_FW_MALFORMED,    /* not a valid binary (offset in the message) */
  PETREL_FW_INVALID,      /* fails validation (function and offset) */
  PETREL_FW_UNLINKABLE,   /* an import the linker lacks or with another type */
  PETREL_FW_TRAP,         /* the guest trapped (the trap and where) */
  PETREL_FW_EXHAUSTED,    /* a limit: memory, stack, call depth */
  PETREL_FW_NOT_FOUND,    /* no such export */
  PETREL_FW_BAD_ARGUMENT, /* wrong argument count or types for a call */
  PETREL_FW_UNSUPPORTED   /* a feature this build leaves out */
} petrel_fw_error_kind;

typedef struct {
  petrel_fw_error_kind kind;
  char message[160];
} petrel_fw_error;

/* Where the runtime's memory comes from. Without a call to either, the C
 * heap (malloc). Call before anything else; both are process-wide. */
typedef struct {
  void *(*allocate)(size_t size, void *user);  /* NULL when out of memory */
  void (*release)(void *ptr, void *user);
  void *user;
} petrel_fw_allocator;
void petrel_fw_set_allocator(const petrel_fw_allocator *allocator);
/* Every allocation from one static block of the firmware's: a first-fit
 * heap inside [base, base + size). */
void petrel_fw_use_arena(void *base, size_t size);

/* Bytes the runtime holds now and at most since start (all it allocated,
 * guest memories included), and of that the guests' linear memories. */
typedef struct {
  size_t heap_now, heap_peak;
  size_t linear_memory_now, linear_memory_peak;
} petrel_fw_memory_stats;
void petrel_fw_memory_usage(petrel_fw_memory_stats *out);
/* Starts the peaks again from what is held now (to measure one run). */
void petrel_fw_memory_reset_peak(void);

/* ---- Modules ---- */
typedef struct petrel_fw_module petrel_fw_module;
/* Decodes and validates `bytes` where they are: they must stay unchanged
 * for the module's life (flash is ideal). NULL on failure. Wasm 3.0 plus
 * the custom-page-sizes proposal: a memory may have 1-byte pages, so
 * `(memory 4096 4096 (pagesize 1))` takes 4 KiB of RAM instead of 64. */
petrel_fw_module *petrel_fw_module_load(const uint8_t *bytes, size_t size, petrel_fw_error *err);
void petrel_fw_module_free(petrel_fw_module *module);

/* ---- Values and host functions ---- */
typedef enum { PETREL_FW_I32, PETREL_FW_I64, PETREL_FW_F32, PETREL_FW_F64 } petrel_fw_kind;
typedef struct {
  petrel_fw_kind kind;
  union {
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
  } of;
} petrel_fw_value;

/* What a host function sees of its caller: the calling instance's memory 0. */
typedef struct petrel_fw_caller petrel_fw_caller;
/* The caller's memory 0 (size 0 if it has none). A pointer into it is valid
 * only until the host function returns. */
uint8_t *petrel_fw_caller_memory(petrel_fw_caller *caller, size_t *size);

/* A host function: arguments and results in declaration order. Return 0,
 * or nonzero to trap the guest with `trap_message` (may be NULL). */
typedef int (*petrel_fw_host_fn)(void *env, petrel_fw_caller *caller, const petrel_fw_value *args,
                                 petrel_fw_value *results, const char **trap_message);

/* ---- Linking ---- */
typedef struct petrel_fw_linker petrel_fw_linker;
petrel_fw_linker *petrel_fw_linker_new(void);
void petrel_fw_linker_free(petrel_fw_linker *linker);
/* Defines module.name with a signature written "params:results" in the
 * letters i (i32), I (i64), f (f32), F (f64): "ii:i" takes two i32 and
 * returns one. Returns 0, or -1 for a malformed signature. */
int petrel_fw_linker_define(petrel_fw_linker *linker, const char *module, const char *name, const char *signature,
                            petrel_fw_host_fn fn, void *env);
/* The console subset of WASI preview1 (wasi_snapshot_preview1): fd_write
 * to fds 1 and 2 goes to the port's console, proc_exit ends the run, no
 * arguments or environment, clocks from the port; any other WASI function
 * the guest imports answers ENOSYS. */
void petrel_fw_linker_add_console(petrel_fw_linker *linker);
/* The hardware APIs (import module "petrel_hw", sdk/petrel_hw.h) over the
 * port's devices (port.h), to buses, lines and devices granted here:
 * i2c buses with any address, gpio lines 0..gpio_lines-1 of chip 0, SPI
 * devices and UART ports 0..n-1. */
typedef struct {
  uint32_t i2c_bus_mask;   /* bit b: I2C bus b */
  uint32_t gpio_lines;
  uint32_t spi_devices;
  uint32_t uart_ports;
} petrel_fw_hw_grants;
void petrel_fw_linker_add_hw(petrel_fw_linker *linker, const petrel_fw_hw_grants *grants);

/* ---- Instances ---- */
/* Hard limits of one instance (0: the default in parentheses). */
typedef struct {
  uint32_t max_memory_bytes;    /* each linear memory (1 MiB) */
  uint32_t value_stack_bytes;   /* locals and operands (16 KiB) */
  uint32_t max_call_depth;      /* wasm frames (256) */
} petrel_fw_limits;

/* The RAM an instance's stacks take with these limits (NULL: the
 * defaults): the value stack and the call frames, allocated when the
 * instance is made. With the guest's linear memory, this is what a guest
 * costs; the runtime's own bookkeeping comes on top. */
size_t petrel_fw_stack_bytes(const petrel_fw_limits *limits);

typedef struct petrel_fw_instance petrel_fw_instance;
/* Links each import through `linker` (which may be freed afterwards) and
 * instantiates, running the start function. NULL on failure. */
petrel_fw_instance *petrel_fw_instantiate(const petrel_fw_module *module, const petrel_fw_linker *linker,
                                          const petrel_fw_limits *limits, petrel_fw_error *err);
void petrel_fw_instance_free(petrel_fw_instance *instance);

/* Calls the exported function `name`. Returns 0, or -1 with `err` set. */
int petrel_fw_call(petrel_fw_instance *instance, const char *name, const petrel_fw_value *args, size_t nargs,
                   petrel_fw_value *results, size_t nresults, petrel_fw_error *err);
/* Runs a WASI command: its `_start`. A proc_exit(n) ends it with exit code
 * n (0 when `_start` returns); returns 0, or -1 with `err` on a trap. */
int petrel_fw_run_start(petrel_fw_instance *instance, int32_t *exit_code, petrel_fw_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PETREL_FW_H */
