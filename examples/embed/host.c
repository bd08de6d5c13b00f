/* A C host embedding Petrel through the standard wasm.h API (plus
 * petrel.h to read the guest's text format): the same program as host.cpp.
 * Usage: embed_c guest.wat N */
#include <petrel.h>
#include <wasm.h>

#include <stdio.h>
#include <stdlib.h>

static int host_calls = 0;

static wasm_trap_t* square(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  int32_t x = args->data[0].of.i32;
  ++host_calls;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = x * x;
  return NULL;
}

static wasm_trap_t* report(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  printf("after %d: %d\n", args->data[0].of.i32, args->data[1].of.i32);
  return NULL;
}

static char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* data = malloc(n > 0 ? (size_t)n : 1);
  *size = fread(data, 1, (size_t)n, f);
  fclose(f);
  return data;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s GUEST.wat N\n", argv[0]);
    return 1;
  }
  size_t size = 0;
  char* text = read_file(argv[1], &size);
  if (!text) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }

  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = NULL;
  petrel_error_t* error = petrel_module_new_from_text(store, text, size, &module);
  free(text);
  if (error) {
    wasm_message_t message;
    petrel_error_message(error, &message);
    fprintf(stderr, "%s: %s\n", argv[1], message.data);
    wasm_byte_vec_delete(&message);
    petrel_error_delete(error);
    return 2;
  }

  /* Imports in the module's order: host.square, host.report. */
  wasm_functype_t* square_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_functype_t* report_type = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* square_func = wasm_func_new(store, square_type, square);
  wasm_func_t* report_func = wasm_func_new(store, report_type, report);
  wasm_functype_delete(square_type);
  wasm_functype_delete(report_type);
  wasm_extern_t* externs[] = {wasm_func_as_extern(square_func), wasm_func_as_extern(report_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);

  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  int status = 0;
  if (!instance) {
    fprintf(stderr, "instantiation failed\n");
    status = 3;
  } else {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t* sum = exports.size > 0 ? wasm_extern_as_func(exports.data[0]) : NULL;
    wasm_val_t arg_values[1] = {WASM_I32_VAL(atoi(argv[2]))};
    wasm_val_t result_values[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg_values);
    wasm_val_vec_t results = WASM_ARRAY_VEC(result_values);
    trap = sum ? wasm_func_call(sum, &args, &results) : NULL;
    if (!sum) {
      fprintf(stderr, "no export\n");
      status = 3;
    } else if (trap) {
      wasm_message_t message;
      wasm_trap_message(trap, &message);
      fprintf(stderr, "trap: %s\n", message.data);
      wasm_byte_vec_delete(&message);
      wasm_trap_delete(trap);
      status = 4;
    } else {
      printf("sum of squares: %d (%d host calls)\n", result_values[0].of.i32, host_calls);
    }
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  if (trap && !instance) wasm_trap_delete(trap);
  wasm_func_delete(square_func);
  wasm_func_delete(report_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
