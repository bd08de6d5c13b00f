/* Modules: binary and text, validation, import/export descriptions,
 * host info, names, sharing between threads. */
#include <pthread.h>

#include "test_util.h"

/* (module (func (export "f") (result i32) i32.const 42)) */
static const char answer_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  /* magic, version */
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,        /* type: () -> i32 */
    0x03, 0x02, 0x01, 0x00,                          /* func: type 0 */
    0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,        /* export "f" func 0 */
    0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b,  /* code: i32.const 42 */
};

static const char described_wat[] =
    "(module $described\n"
    "  (import \"env\" \"f\" (func (param i32 f64) (result i64)))\n"
    "  (import \"env\" \"g\" (global (mut f32)))\n"
    "  (import \"env\" \"t\" (table 1 8 funcref))\n"
    "  (import \"env\" \"m\" (memory 2))\n"
    "  (func $own (export \"own\") (param externref) (result funcref) ref.null func)\n"
    "  (global (export \"G\") i64 (i64.const 5))\n"
    "  (table (export \"T\") 3 externref)\n"
    "  (memory (export \"M\") 1 4))\n";

static int finalized;
static void count_finalizer(void* p) { finalized += *(int*)p; }

static int32_t call_f(wasm_store_t* store, wasm_module_t* module) {
  wasm_instance_t* instance = instantiate_plain(store, module);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 1);
  wasm_func_t* f = wasm_extern_as_func(exports.data[0]);
  CHECK(f != NULL);
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(f, &args, &results) == NULL);
  CHECK(out[0].kind == WASM_I32);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  return out[0].of.i32;
}

static void test_binary(wasm_store_t* store) {
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, sizeof answer_wasm, answer_wasm);
  CHECK(wasm_module_validate(store, &binary));
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK(module != NULL);
  CHECK(call_f(store, module) == 42);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK(exports.size == 1 && name_is(wasm_exporttype_name(exports.data[0]), "f"));
  const wasm_functype_t* ft = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[0]));
  CHECK(ft && wasm_functype_params(ft)->size == 0 && wasm_functype_results(ft)->size == 1);
  wasm_exporttype_vec_delete(&exports);

  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  CHECK(imports.size == 0);
  wasm_importtype_vec_delete(&imports);

  /* Broken: a truncated module, a bad magic, an invalid body. */
  wasm_byte_vec_t truncated = {sizeof answer_wasm - 3, binary.data};
  CHECK(!wasm_module_validate(store, &truncated));
  CHECK(wasm_module_new(store, &truncated) == NULL);
  binary.data[sizeof answer_wasm - 3] = 0x42; /* i32.const -> i64.const: wrong result type */
  CHECK(!wasm_module_validate(store, &binary));
  CHECK(wasm_module_new(store, &binary) == NULL);
  binary.data[0] = 1;
  CHECK(!wasm_module_validate(store, &binary));
  wasm_byte_vec_delete(&binary);
  wasm_module_delete(module);
}

static void test_descriptions(wasm_store_t* store) {
  wasm_module_t* module = wat_module(store, described_wat);
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  CHECK(imports.size == 4);
  for (size_t i = 0; i < 4; ++i) CHECK(name_is(wasm_importtype_module(imports.data[i]), "env"));
  CHECK(name_is(wasm_importtype_name(imports.data[0]), "f"));
  const wasm_functype_t* f = wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
  CHECK(f && wasm_functype_params(f)->size == 2);
  CHECK(wasm_valtype_kind(wasm_functype_params(f)->data[1]) == WASM_F64);
  CHECK(wasm_valtype_kind(wasm_functype_results(f)->data[0]) == WASM_I64);
  const wasm_globaltype_t* g = wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
  CHECK(g && wasm_globaltype_mutability(g) == WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(g)) == WASM_F32);
  const wasm_tabletype_t* t = wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
  CHECK(t && wasm_tabletype_limits(t)->min == 1 && wasm_tabletype_limits(t)->max == 8);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(t)) == WASM_FUNCREF);
  const wasm_memorytype_t* m = wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[3]));
  CHECK(m && wasm_memorytype_limits(m)->min == 2 && wasm_memorytype_limits(m)->max == wasm_limits_max_default);

  wasm_importtype_vec_t icopy;
  wasm_importtype_vec_copy(&icopy, &imports);
  CHECK(icopy.size == 4 && name_is(wasm_importtype_name(icopy.data[3]), "m"));
  wasm_importtype_vec_delete(&icopy);
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK(exports.size == 4);
  const char* names[4] = {"own", "G", "T", "M"};
  wasm_externkind_t kinds[4] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY};
  for (size_t i = 0; i < 4; ++i) {
    CHECK(name_is(wasm_exporttype_name(exports.data[i]), names[i]));
    CHECK(wasm_externtype_kind(wasm_exporttype_type(exports.data[i])) == kinds[i]);
  }
  const wasm_functype_t* own = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[0]));
  CHECK(wasm_valtype_kind(wasm_functype_params(own)->data[0]) == WASM_EXTERNREF);
  CHECK(wasm_valtype_kind(wasm_functype_results(own)->data[0]) == WASM_FUNCREF);
  const wasm_globaltype_t* G = wasm_externtype_as_globaltype_const(wasm_exporttype_type(exports.data[1]));
  CHECK(wasm_globaltype_mutability(G) == WASM_CONST && wasm_valtype_kind(wasm_globaltype_content(G)) == WASM_I64);
  const wasm_tabletype_t* T = wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[2]));
  CHECK(wasm_valtype_kind(wasm_tabletype_element(T)) == WASM_EXTERNREF);
  CHECK(wasm_tabletype_limits(T)->min == 3 && wasm_tabletype_limits(T)->max == wasm_limits_max_default);
  const wasm_memorytype_t* M = wasm_externtype_as_memorytype_const(wasm_exporttype_type(exports.data[3]));
  CHECK(wasm_memorytype_limits(M)->min == 1 && wasm_memorytype_limits(M)->max == 4);
  wasm_exporttype_vec_delete(&exports);

  wasm_name_t name;
  petrel_module_name(module, &name);
  /* The name section, when the text encoder writes one for $described. */
  CHECK(name.size == 0 || name_is(&name, "described"));
  wasm_name_delete(&name);

  /* Host info is shared by copies and finalized with the last one. */
  static int one = 1;
  wasm_module_set_host_info_with_finalizer(module, &one, count_finalizer);
  wasm_module_t* copy = wasm_module_copy(module);
  CHECK(wasm_module_same(module, copy));
  CHECK(wasm_module_get_host_info(copy) == &one);
  wasm_ref_t* as_ref = wasm_module_as_ref(copy);
  CHECK(wasm_ref_as_module(as_ref) == copy);
  CHECK(wasm_ref_as_func(as_ref) == NULL);
  CHECK(wasm_ref_get_host_info(as_ref) == &one);
  wasm_module_delete(module);
  CHECK(finalized == 0);
  wasm_module_delete(copy);
  CHECK(finalized == 1);

  /* Text errors come back as petrel_error_t with a kind and a message. */
  wasm_module_t* bad = NULL;
  const char* broken = "(module (func (result i32) i64.const 1))";
  petrel_error_t* err = petrel_module_new_from_text(store, broken, strlen(broken), &bad);
  CHECK(err && bad == NULL);
  CHECK(petrel_error_kind(err) == PETREL_ERROR_INVALID);
  wasm_message_t msg;
  petrel_error_message(err, &msg);
  CHECK(msg.size > 1 && msg.data[msg.size - 1] == '\0');
  wasm_byte_vec_delete(&msg);
  petrel_error_delete(err);
  const char* garbage = "(module (func";
  err = petrel_module_new_from_text(store, garbage, strlen(garbage), &bad);
  CHECK(err && petrel_error_kind(err) == PETREL_ERROR_MALFORMED);
  petrel_error_delete(err);

  /* petrel_wat2wasm gives the binary that wasm_module_new takes. */
  const char* tiny = "(module (func (export \"f\")))";
  wasm_byte_vec_t binary;
  CHECK(petrel_wat2wasm(tiny, strlen(tiny), &binary) == NULL);
  CHECK(binary.size > 8 && memcmp(binary.data, "\0asm", 4) == 0);
  CHECK(wasm_module_validate(store, &binary));
  wasm_module_t* from_binary = wasm_module_new(store, &binary);
  CHECK(from_binary != NULL);
  wasm_module_delete(from_binary);
  wasm_byte_vec_delete(&binary);
  err = petrel_wat2wasm(garbage, strlen(garbage), &binary);
  CHECK(err && binary.size == 0 && petrel_error_kind(err) == PETREL_ERROR_MALFORMED);
  petrel_error_delete(err);
}

/* A shared module obtained in another thread, in that thread's own store. */
struct thread_arg {
  wasm_engine_t* engine;
  wasm_shared_module_t* shared;
  int32_t result;
};

static void* thread_main(void* p) {
  struct thread_arg* arg = p;
  wasm_store_t* store = wasm_store_new(arg->engine);
  wasm_module_t* module = wasm_module_obtain(store, arg->shared);
  CHECK(module != NULL);
  arg->result = call_f(store, module);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

static void test_share(wasm_engine_t* engine, wasm_store_t* store) {
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, sizeof answer_wasm, answer_wasm);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  wasm_shared_module_t* shared = wasm_module_share(module);
  wasm_module_delete(module); /* the shared form keeps the module alive */
  struct thread_arg args[2] = {{engine, shared, 0}, {engine, shared, 0}};
  pthread_t threads[2];
  for (int i = 0; i < 2; ++i) CHECK(pthread_create(&threads[i], NULL, thread_main, &args[i]) == 0);
  for (int i = 0; i < 2; ++i) CHECK(pthread_join(threads[i], NULL) == 0);
  CHECK(args[0].result == 42 && args[1].result == 42);

  /* Another engine's store cannot take it. */
  wasm_engine_t* other = wasm_engine_new();
  wasm_store_t* other_store = wasm_store_new(other);
  CHECK(wasm_module_obtain(other_store, shared) == NULL);
  wasm_store_delete(other_store);
  wasm_engine_delete(other);
  wasm_shared_module_delete(shared);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new_with_config(wasm_config_new());
  wasm_store_t* store = wasm_store_new(engine);
  test_binary(store);
  test_descriptions(store);
  test_share(engine, store);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
