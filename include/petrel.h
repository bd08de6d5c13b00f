/* Petrel's additions to the standard C API (wasm.h): what the standard
 * lacks and Petrel's C++ API offers. Everything here mirrors a part of
 * include/petrel/:
 *
 *   engine config      Config::consume_fuel, Config::epoch_interruption
 *   store limits       StoreLimits (given when the store is made)
 *   fuel               Store::setFuel / fuel / fuelConsumed
 *   interruption       Engine::incrementEpoch, Store::setEpochDeadline / interrupt
 *   WASI               WasiConfig, Store::configureWasi, Linker::defineWasi
 *   linker             Linker (define by name, instantiate)
 *   text modules       Module::fromText
 *
 * Fallible calls return an owned petrel_error_t* (NULL on success). A call
 * that runs wasm code (instantiation with a start function) reports a trap
 * through a separate wasm_trap_t** out-parameter instead.
 */
#ifndef PETREL_H
#define PETREL_H

#include <wasm.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Documents ownership transfer, as in wasm.h (which undefines it at its end). */
#define own

/* ---- Errors ------------------------------------------------------------ */

typedef struct petrel_error_t petrel_error_t;

/* Mirrors petrel::ErrorKind. */
typedef uint8_t petrel_error_kind_t;
enum petrel_error_kind_enum {
  PETREL_ERROR_MALFORMED,
  PETREL_ERROR_INVALID,
  PETREL_ERROR_UNLINKABLE,
  PETREL_ERROR_UNINSTANTIABLE,
  PETREL_ERROR_TRAP,
  PETREL_ERROR_EXHAUSTION,
  PETREL_ERROR_IO,
  PETREL_ERROR_EXIT,
  PETREL_ERROR_OTHER,
};

WASM_API_EXTERN void petrel_error_delete(petrel_error_t*);
WASM_API_EXTERN petrel_error_kind_t petrel_error_kind(const petrel_error_t*);
/* The message, with its terminating NUL included in `size` (like wasm_message_t). */
WASM_API_EXTERN void petrel_error_message(const petrel_error_t*, wasm_message_t* out);

/* Traps carry a kind too: PETREL_ERROR_TRAP for a wasm trap, EXHAUSTION for
 * fuel or call stack, EXIT when a WASI guest called proc_exit. */
WASM_API_EXTERN petrel_error_kind_t petrel_trap_kind(const wasm_trap_t*);
/* True, with the exit status, when the trap is a WASI proc_exit. */
WASM_API_EXTERN bool petrel_trap_exit_status(const wasm_trap_t*, int* status);

/* ---- Engine configuration ---------------------------------------------- */

/* Compile fuel metering into code (then petrel_store_set_fuel bounds guests). */
WASM_API_EXTERN void petrel_config_consume_fuel_set(wasm_config_t*, bool enable);
/* Compile interruption checks (epoch deadlines and petrel_store_interrupt). */
WASM_API_EXTERN void petrel_config_epoch_interruption_set(wasm_config_t*, bool enable);
/* Accept memories of 1-byte pages (the custom-page-sizes proposal, for
 * memories under 64 KiB); off, as in Wasm 3.0, such modules are malformed. */
WASM_API_EXTERN void petrel_config_custom_page_sizes_set(wasm_config_t*, bool enable);

/* Advances the engine's epoch. Safe from any thread and from signal handlers. */
WASM_API_EXTERN void petrel_engine_increment_epoch(wasm_engine_t*);

/* ---- Store limits ------------------------------------------------------- */

typedef struct petrel_store_limits_t {
  uint64_t max_memory_bytes;           /* one linear memory */
  uint64_t max_instance_memory_bytes;  /* all memories of one instance */
  uint64_t max_store_memory_bytes;     /* all memories of the store */
  uint64_t max_table_elements;         /* one table */
  uint64_t max_instance_table_elements;
  uint64_t max_store_table_elements;
  uint32_t max_call_depth;             /* nested wasm calls */
  uint64_t max_stack_bytes;            /* wasm locals and operands */
} petrel_store_limits_t;

/* Fills `out` with the defaults (those of wasm_store_new). */
WASM_API_EXTERN void petrel_store_limits_init(petrel_store_limits_t* out);
WASM_API_EXTERN own wasm_store_t* petrel_store_new_with_limits(wasm_engine_t*, const petrel_store_limits_t*);

/* ---- Fuel -------------------------------------------------------------- */

/* Fails when the engine was not configured to consume fuel. */
WASM_API_EXTERN own petrel_error_t* petrel_store_set_fuel(wasm_store_t*, uint64_t fuel);
WASM_API_EXTERN uint64_t petrel_store_get_fuel(const wasm_store_t*);
WASM_API_EXTERN uint64_t petrel_store_fuel_consumed(const wasm_store_t*);

/* ---- Interruption ------------------------------------------------------- */

/* The guest stops with an "interrupted" trap once the engine's epoch is
 * `ticks` past its current value. */
WASM_API_EXTERN void petrel_store_set_epoch_deadline(wasm_store_t*, uint64_t ticks);
/* Stops the store's running guest now. Safe from any thread. */
WASM_API_EXTERN void petrel_store_interrupt(wasm_store_t*);
WASM_API_EXTERN bool petrel_store_interrupted(const wasm_store_t*);

/* ---- WASI -------------------------------------------------------------- */

typedef struct petrel_wasi_config_t petrel_wasi_config_t;

WASM_API_EXTERN own petrel_wasi_config_t* petrel_wasi_config_new(void);
WASM_API_EXTERN void petrel_wasi_config_delete(own petrel_wasi_config_t*);
/* argv, argv[0] being the program name (replaces earlier arguments). */
WASM_API_EXTERN void petrel_wasi_config_set_args(petrel_wasi_config_t*, size_t argc, const char* const argv[]);
WASM_API_EXTERN void petrel_wasi_config_push_arg(petrel_wasi_config_t*, const char* arg);
WASM_API_EXTERN void petrel_wasi_config_push_env(petrel_wasi_config_t*, const char* name, const char* value);
WASM_API_EXTERN void petrel_wasi_config_inherit_env(petrel_wasi_config_t*, bool inherit);
/* The host directory `host_path` as `guest_path` ("/data", "."). */
WASM_API_EXTERN void petrel_wasi_config_preopen_dir(petrel_wasi_config_t*, const char* host_path,
                                                    const char* guest_path);
/* Host descriptors the guest sees as fds 0, 1 and 2. */
WASM_API_EXTERN void petrel_wasi_config_set_stdio(petrel_wasi_config_t*, int stdin_fd, int stdout_fd,
                                                  int stderr_fd);
/* Gives the store's WASI guests this configuration (the config stays the caller's). */
WASM_API_EXTERN own petrel_error_t* petrel_store_configure_wasi(wasm_store_t*, const petrel_wasi_config_t*);

/* ---- Linker ------------------------------------------------------------ */

typedef struct petrel_linker_t petrel_linker_t;

WASM_API_EXTERN own petrel_linker_t* petrel_linker_new(wasm_engine_t*);
WASM_API_EXTERN void petrel_linker_delete(own petrel_linker_t*);
WASM_API_EXTERN void petrel_linker_allow_shadowing(petrel_linker_t*, bool allow);

/* A host function that belongs to no store: it is created in each store a
 * module importing it is instantiated in. `finalizer` (may be NULL) is
 * called with `env` once, when the linker and every store that used the
 * function are gone. */
WASM_API_EXTERN own petrel_error_t* petrel_linker_define_func(petrel_linker_t*, const char* module,
                                                             const char* name, const wasm_functype_t*,
                                                             wasm_func_callback_with_env_t, void* env,
                                                             void (*finalizer)(void*));
/* An object of one store; links only in that store. */
WASM_API_EXTERN own petrel_error_t* petrel_linker_define(petrel_linker_t*, const char* module, const char* name,
                                                        const wasm_extern_t*);
/* Every export of `instance` under the module name `module`. */
WASM_API_EXTERN own petrel_error_t* petrel_linker_define_instance(petrel_linker_t*, const char* module,
                                                                 const wasm_instance_t*);
/* wasi_snapshot_preview1, configured per store by petrel_store_configure_wasi. */
WASM_API_EXTERN own petrel_error_t* petrel_linker_define_wasi(petrel_linker_t*);
/* Resolves every import by name and instantiates. On a link error returns the
 * error; when the start function traps, returns NULL, sets *instance to NULL
 * and *trap (if not NULL) to the trap. */
WASM_API_EXTERN own petrel_error_t* petrel_linker_instantiate(const petrel_linker_t*, wasm_store_t*,
                                                             const wasm_module_t*, own wasm_instance_t** instance,
                                                             own wasm_trap_t** trap);

/* ---- Modules from text ------------------------------------------------- */

/* A module from WebAssembly text (.wat) of `len` bytes. */
WASM_API_EXTERN own petrel_error_t* petrel_module_new_from_text(wasm_store_t*, const char* wat, size_t len,
                                                               own wasm_module_t** out);
/* The binary encoding of WebAssembly text (like wasmtime_wat2wasm): on success
 * `out` owns the bytes; on failure it is empty and the error names the line. */
WASM_API_EXTERN own petrel_error_t* petrel_wat2wasm(const char* wat, size_t len, own wasm_byte_vec_t* out);
/* The module's name from its name section (empty when it has none). */
WASM_API_EXTERN void petrel_module_name(const wasm_module_t*, own wasm_name_t* out);

/* ---- Exports by name --------------------------------------------------- */

/* The instance's export called `name` (NULL when there is none). */
WASM_API_EXTERN own wasm_extern_t* petrel_instance_export(const wasm_instance_t*, const char* name);

#undef own

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* PETREL_H */
