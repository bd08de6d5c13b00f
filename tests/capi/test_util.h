/* Shared helpers of the C API test programs: a check that works in every
 * build type, and modules from text through petrel.h. */
#ifndef PETREL_CAPI_TEST_UTIL_H
#define PETREL_CAPI_TEST_UTIL_H

#include <petrel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasm.h>

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

static inline wasm_module_t* wat_module(wasm_store_t* store, const char* wat) {
  wasm_module_t* module = NULL;
  petrel_error_t* err = petrel_module_new_from_text(store, wat, strlen(wat), &module);
  if (err) {
    wasm_message_t msg;
    petrel_error_message(err, &msg);
    fprintf(stderr, "text module rejected: %s\n", msg.data);
    exit(1);
  }
  CHECK(module != NULL);
  return module;
}

/* Instantiates a module with `n` imports (in the module's order), exiting
 * with the trap's message if that fails. */
static inline wasm_instance_t* instantiate_with(wasm_store_t* store, wasm_module_t* module, wasm_extern_t* const* externs,
                                                size_t n) {
  wasm_extern_vec_t imports = {n, (wasm_extern_t**)externs};
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance && trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    fprintf(stderr, "instantiation failed: %s\n", msg.data);
    exit(1);
  }
  CHECK(instance != NULL && trap == NULL);
  return instance;
}

/* Instantiates a module that has no imports. */
static inline wasm_instance_t* instantiate_plain(wasm_store_t* store, wasm_module_t* module) {
  return instantiate_with(store, module, NULL, 0);
}

/* True when a name (no NUL) equals the C string. */
static inline int name_is(const wasm_name_t* name, const char* s) {
  return name->size == strlen(s) && memcmp(name->data, s, name->size) == 0;
}

/* True when a trap's message (NUL included) equals or contains `s`. */
static inline int trap_message_contains(const wasm_trap_t* trap, const char* s) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  int ok = msg.size > 0 && msg.data[msg.size - 1] == '\0' && strstr(msg.data, s) != NULL;
  wasm_byte_vec_delete(&msg);
  return ok;
}

#endif
