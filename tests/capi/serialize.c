/* Serialization: a module's bytes, deserialized in another store (and
 * another engine), damaged bytes refused. */
#include "test_util.h"

static const char guest_wat[] =
    "(module\n"
    "  (import \"env\" \"k\" (global i32))\n"
    "  (memory (export \"mem\") 1)\n"
    "  (data (i32.const 8) \"\\2a\")\n"
    "  (func (export \"f\") (param i32) (result i32)\n"
    "    (i32.add (i32.add (local.get 0) (global.get 0)) (i32.load8_u (i32.const 8)))))\n";

static int32_t run(wasm_store_t* store, wasm_module_t* module, int32_t k, int32_t x) {
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t kv = WASM_I32_VAL(k);
  wasm_global_t* g = wasm_global_new(store, gt, &kv);
  wasm_globaltype_delete(gt);
  wasm_extern_t* imports_arr[1] = {wasm_global_as_extern(g)};
  wasm_instance_t* instance = instantiate_with(store, module, imports_arr, sizeof imports_arr / sizeof imports_arr[0]);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 2);
  wasm_val_t in[1] = {WASM_I32_VAL(x)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(wasm_extern_as_func(exports.data[1]), &a, &r) == NULL);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(g);
  return out[0].of.i32;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wat_module(store, guest_wat);
  CHECK(run(store, module, 100, 1) == 143);

  wasm_byte_vec_t bytes;
  wasm_module_serialize(module, &bytes);
  CHECK(bytes.size > 8);
  wasm_module_delete(module);

  /* Another store of the same engine. */
  wasm_store_t* store2 = wasm_store_new(engine);
  wasm_module_t* m2 = wasm_module_deserialize(store2, &bytes);
  CHECK(m2 != NULL);
  CHECK(run(store2, m2, 1, 1) == 44);
  wasm_importtype_vec_t imports;
  wasm_module_imports(m2, &imports);
  CHECK(imports.size == 1 && name_is(wasm_importtype_name(imports.data[0]), "k"));
  wasm_importtype_vec_delete(&imports);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(m2, &exports);
  CHECK(exports.size == 2 && name_is(wasm_exporttype_name(exports.data[1]), "f"));
  wasm_exporttype_vec_delete(&exports);

  /* Serializing the deserialized module gives a module that works, too. */
  wasm_byte_vec_t bytes2;
  wasm_module_serialize(m2, &bytes2);
  wasm_module_t* m3 = wasm_module_deserialize(store2, &bytes2);
  CHECK(m3 && run(store2, m3, 0, 0) == 42);
  wasm_module_delete(m3);
  wasm_byte_vec_delete(&bytes2);
  wasm_module_delete(m2);

  /* Another engine entirely. */
  wasm_engine_t* engine2 = wasm_engine_new();
  wasm_store_t* store3 = wasm_store_new(engine2);
  wasm_module_t* m4 = wasm_module_deserialize(store3, &bytes);
  CHECK(m4 && run(store3, m4, -42, 7) == 7);
  wasm_module_delete(m4);

  /* Damaged or foreign bytes are refused, never crash. */
  wasm_byte_vec_t cut = {bytes.size / 2, bytes.data};
  CHECK(wasm_module_deserialize(store3, &cut) == NULL);
  wasm_byte_vec_t empty = WASM_EMPTY_VEC;
  CHECK(wasm_module_deserialize(store3, &empty) == NULL);
  wasm_byte_vec_t junk;
  wasm_byte_vec_new_uninitialized(&junk, 64);
  for (size_t i = 0; i < junk.size; ++i) junk.data[i] = (char)(i * 37 + 11);
  CHECK(wasm_module_deserialize(store3, &junk) == NULL);
  wasm_byte_vec_delete(&junk);
  for (size_t i = 0; i < bytes.size; i += 7) {
    wasm_byte_vec_t flipped;
    wasm_byte_vec_copy(&flipped, &bytes);
    flipped.data[i] ^= 0x5a;
    wasm_module_t* maybe = wasm_module_deserialize(store3, &flipped);
    if (maybe) wasm_module_delete(maybe); /* some flips leave a valid module */
    wasm_byte_vec_delete(&flipped);
  }

  wasm_byte_vec_delete(&bytes);
  wasm_store_delete(store3);
  wasm_engine_delete(engine2);
  wasm_store_delete(store2);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
