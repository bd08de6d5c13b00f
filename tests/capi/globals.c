/* Globals: host-made of every type, imported and exported, get/set,
 * mutability, reference globals. */
#include "test_util.h"

static const char guest_wat[] =
    "(module\n"
    "  (import \"env\" \"counter\" (global $c (mut i32)))\n"
    "  (import \"env\" \"scale\" (global $s f64))\n"
    "  (global $own (export \"own\") (mut i64) (i64.const 100))\n"
    "  (global (export \"fixed\") f32 (f32.const 1.5))\n"
    "  (global (export \"fn\") (mut funcref) (ref.null func))\n"
    "  (global (export \"ext\") (mut externref) (ref.null extern))\n"
    "  (func (export \"bump\") (result f64)\n"
    "    (global.set $c (i32.add (global.get $c) (i32.const 1)))\n"
    "    (global.set $own (i64.mul (global.get $own) (i64.const 2)))\n"
    "    (f64.mul (f64.convert_i32_s (global.get $c)) (global.get $s))))\n";

static wasm_global_t* make_global(wasm_store_t* store, wasm_valkind_t kind, wasm_mutability_t mut, wasm_val_t v) {
  wasm_globaltype_t* type = wasm_globaltype_new(wasm_valtype_new(kind), mut);
  wasm_global_t* g = wasm_global_new(store, type, &v);
  wasm_globaltype_delete(type);
  return g;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* Every number type, read back. */
  wasm_global_t* gi32 = make_global(store, WASM_I32, WASM_VAR, (wasm_val_t)WASM_I32_VAL(-5));
  wasm_global_t* gi64 = make_global(store, WASM_I64, WASM_CONST, (wasm_val_t)WASM_I64_VAL(1LL << 50));
  wasm_global_t* gf32 = make_global(store, WASM_F32, WASM_VAR, (wasm_val_t)WASM_F32_VAL(3.25f));
  wasm_global_t* gf64 = make_global(store, WASM_F64, WASM_CONST, (wasm_val_t)WASM_F64_VAL(0.5));
  CHECK(gi32 && gi64 && gf32 && gf64);
  wasm_val_t v;
  wasm_global_get(gi32, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == -5);
  wasm_global_get(gi64, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == (1LL << 50));
  wasm_global_get(gf32, &v);
  CHECK(v.kind == WASM_F32 && v.of.f32 == 3.25f);
  wasm_global_get(gf64, &v);
  CHECK(v.kind == WASM_F64 && v.of.f64 == 0.5);

  /* Set: a mutable global changes; a const one, or a mistyped value, does not. */
  wasm_val_t nine = WASM_I32_VAL(9), bad = WASM_F64_VAL(1.0), other = WASM_I64_VAL(3);
  wasm_global_set(gi32, &nine);
  wasm_global_get(gi32, &v);
  CHECK(v.of.i32 == 9);
  wasm_global_set(gi32, &bad);
  wasm_global_get(gi32, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 9);
  wasm_global_set(gi64, &other);
  wasm_global_get(gi64, &v);
  CHECK(v.of.i64 == (1LL << 50));

  /* A value of the wrong type makes no global. */
  wasm_globaltype_t* i32_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  CHECK(wasm_global_new(store, i32_type, &bad) == NULL);
  wasm_globaltype_delete(i32_type);

  /* Types. */
  wasm_globaltype_t* t = wasm_global_type(gf32);
  CHECK(wasm_globaltype_mutability(t) == WASM_VAR && wasm_valtype_kind(wasm_globaltype_content(t)) == WASM_F32);
  wasm_globaltype_delete(t);
  wasm_externtype_t* et = wasm_extern_type(wasm_global_as_extern(gi64));
  CHECK(wasm_externtype_kind(et) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_globaltype_mutability(wasm_externtype_as_globaltype(et)) == WASM_CONST);
  wasm_externtype_delete(et);

  /* Imported into a guest that reads and writes them. */
  wasm_module_t* module = wat_module(store, guest_wat);
  wasm_global_t* scale = make_global(store, WASM_F64, WASM_CONST, (wasm_val_t)WASM_F64_VAL(1.5));
  wasm_extern_t* imports_arr[2] = {wasm_global_as_extern(gi32), wasm_global_as_extern(scale)};
  wasm_instance_t* instance = instantiate_with(store, module, imports_arr, sizeof imports_arr / sizeof imports_arr[0]);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 5);
  wasm_global_t* own = wasm_extern_as_global(exports.data[0]);
  wasm_global_t* fixed = wasm_extern_as_global(exports.data[1]);
  wasm_global_t* fn = wasm_extern_as_global(exports.data[2]);
  wasm_global_t* ext = wasm_extern_as_global(exports.data[3]);
  wasm_func_t* bump = wasm_extern_as_func(exports.data[4]);
  CHECK(own && fixed && fn && ext && bump);

  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, r = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(bump, &none, &r) == NULL);
  CHECK(out[0].of.f64 == 15.0);  /* (9+1) * 1.5 */
  wasm_global_get(gi32, &v);
  CHECK(v.of.i32 == 10);  /* the guest wrote the host's global */
  wasm_global_get(own, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == 200);
  wasm_val_t big = WASM_I64_VAL(7);
  wasm_global_set(own, &big);
  CHECK(wasm_func_call(bump, &none, &r) == NULL);
  wasm_global_get(own, &v);
  CHECK(v.of.i64 == 14);
  wasm_global_get(fixed, &v);
  CHECK(v.kind == WASM_F32 && v.of.f32 == 1.5f);

  /* Reference globals: null at first; a function and a foreign object. */
  wasm_global_get(fn, &v);
  CHECK(v.kind == WASM_FUNCREF && v.of.ref == NULL);
  wasm_val_t fv = {.kind = WASM_FUNCREF, .of = {.ref = wasm_func_as_ref(bump)}};
  wasm_global_set(fn, &fv);
  wasm_global_get(fn, &v);
  CHECK(v.kind == WASM_FUNCREF && v.of.ref && wasm_ref_same(v.of.ref, wasm_func_as_ref(bump)));
  wasm_val_delete(&v);

  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_val_t xv = WASM_REF_VAL(wasm_foreign_as_ref(foreign));
  wasm_global_set(ext, &xv);
  wasm_global_get(ext, &v);
  CHECK(v.kind == WASM_EXTERNREF && v.of.ref);
  CHECK(wasm_ref_as_foreign(v.of.ref) && wasm_foreign_same(wasm_ref_as_foreign(v.of.ref), foreign));
  wasm_val_delete(&v);
  /* A foreign object is not a function. */
  wasm_global_set(fn, &xv);
  wasm_global_get(fn, &v);
  CHECK(v.of.ref && wasm_ref_as_func(v.of.ref));
  wasm_val_delete(&v);

  /* A host-made externref global holding a foreign object. */
  wasm_global_t* gx = make_global(store, WASM_EXTERNREF, WASM_VAR, xv);
  CHECK(gx);
  wasm_global_get(gx, &v);
  CHECK(wasm_ref_same(v.of.ref, wasm_foreign_as_ref(foreign)));
  wasm_val_delete(&v);

  wasm_foreign_delete(foreign);
  wasm_global_delete(gx);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_global_delete(scale);
  wasm_global_delete(gi32);
  wasm_global_delete(gi64);
  wasm_global_delete(gf32);
  wasm_global_delete(gf64);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
