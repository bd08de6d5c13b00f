/* References: foreign objects as externref values, identity (same),
 * conversions to and from wasm_ref_t for every kind, host info with
 * finalizers on every kind of store object. */
#include "test_util.h"

static const char guest_wat[] =
    "(module\n"
    "  (func (export \"id\") (param externref) (result externref) (local.get 0))\n"
    "  (func (export \"is_null\") (param externref) (result i32) (ref.is_null (local.get 0)))\n"
    "  (func (export \"fid\") (param funcref) (result funcref) (local.get 0))\n"
    "  (global (export \"g\") (mut i32) (i32.const 0))\n"
    "  (table (export \"t\") 1 funcref)\n"
    "  (memory (export \"m\") 1))\n";

static int finalized[8];
static void fin(void* p) { finalized[(int*)p - finalized]++; }

static wasm_ref_t* call_ref(wasm_func_t* f, wasm_valkind_t kind, wasm_ref_t* arg) {
  wasm_val_t in[1] = {{.kind = kind, .of = {.ref = arg}}};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(f, &a, &r) == NULL);
  CHECK(out[0].kind == kind);
  return out[0].of.ref;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wat_module(store, guest_wat);
  wasm_instance_t* instance = instantiate_plain(store, module);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 6);
  wasm_func_t* id = wasm_extern_as_func(exports.data[0]);
  wasm_func_t* is_null = wasm_extern_as_func(exports.data[1]);
  wasm_func_t* fid = wasm_extern_as_func(exports.data[2]);
  wasm_global_t* g = wasm_extern_as_global(exports.data[3]);
  wasm_table_t* t = wasm_extern_as_table(exports.data[4]);
  wasm_memory_t* m = wasm_extern_as_memory(exports.data[5]);

  /* Foreign objects: distinct identities, round trip through the guest. */
  wasm_foreign_t* a = wasm_foreign_new(store);
  wasm_foreign_t* b = wasm_foreign_new(store);
  CHECK(!wasm_foreign_same(a, b) && wasm_foreign_same(a, a));
  wasm_foreign_set_host_info_with_finalizer(a, &finalized[0], fin);
  CHECK(wasm_foreign_get_host_info(a) == &finalized[0]);
  CHECK(wasm_foreign_get_host_info(b) == NULL);
  wasm_ref_t* back = call_ref(id, WASM_EXTERNREF, wasm_foreign_as_ref(a));
  CHECK(back && back != wasm_foreign_as_ref(a));
  wasm_foreign_t* fb = wasm_ref_as_foreign(back);
  CHECK(fb && wasm_foreign_same(fb, a) && !wasm_foreign_same(fb, b));
  CHECK(wasm_foreign_get_host_info(fb) == &finalized[0]); /* host info follows the object */
  CHECK(wasm_ref_as_func(back) == NULL && wasm_ref_as_extern(back) == NULL);
  CHECK(wasm_ref_as_foreign_const(wasm_foreign_as_ref_const(fb)) == fb);
  wasm_ref_delete(back);
  CHECK(call_ref(id, WASM_EXTERNREF, NULL) == NULL);
  {
    wasm_val_t in[1] = {WASM_REF_VAL(wasm_foreign_as_ref(b))};
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(in), rv = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(is_null, &av, &rv) == NULL && out[0].of.i32 == 0);
    in[0].of.ref = NULL;
    CHECK(wasm_func_call(is_null, &av, &rv) == NULL && out[0].of.i32 == 1);
  }

  /* Every kind of object converts to wasm_ref_t and back, and can travel as an externref. */
  wasm_ref_t* refs[6] = {wasm_func_as_ref(id), wasm_global_as_ref(g), wasm_table_as_ref(t), wasm_memory_as_ref(m),
                         wasm_instance_as_ref(instance), wasm_module_as_ref(module)};
  CHECK(wasm_ref_as_func(refs[0]) == id && wasm_ref_as_global(refs[1]) == g);
  CHECK(wasm_ref_as_table(refs[2]) == t && wasm_ref_as_memory(refs[3]) == m);
  CHECK(wasm_ref_as_instance(refs[4]) == instance && wasm_ref_as_module(refs[5]) == module);
  CHECK(wasm_ref_as_extern(refs[0]) == exports.data[0] && wasm_ref_as_extern(refs[4]) == NULL);
  CHECK(wasm_ref_as_global(refs[0]) == NULL && wasm_ref_as_memory_const(refs[2]) == NULL);
  CHECK(wasm_extern_as_ref(exports.data[3]) == refs[1]);
  for (int i = 0; i < 6; ++i) {
    wasm_ref_t* r = call_ref(id, WASM_EXTERNREF, refs[i]);
    CHECK(r && wasm_ref_same(r, refs[i]));
    for (int j = 0; j < 6; ++j) CHECK(wasm_ref_same(r, refs[j]) == (i == j));
    wasm_ref_t* c = wasm_ref_copy(r);
    CHECK(wasm_ref_same(c, r));
    wasm_ref_delete(c);
    wasm_ref_delete(r);
  }
  wasm_ref_t* fr = call_ref(id, WASM_EXTERNREF, refs[0]);
  CHECK(wasm_ref_as_func(fr) && wasm_func_result_arity(wasm_ref_as_func(fr)) == 1);
  wasm_ref_delete(fr);
  wasm_ref_t* ir = call_ref(id, WASM_EXTERNREF, refs[4]);
  wasm_extern_vec_t again;
  wasm_instance_exports(wasm_ref_as_instance(ir), &again);
  CHECK(again.size == 6 && wasm_extern_same(again.data[3], exports.data[3]));
  wasm_extern_vec_delete(&again);
  wasm_ref_delete(ir);

  /* A funcref parameter takes only functions. */
  wasm_ref_t* f2 = call_ref(fid, WASM_FUNCREF, wasm_func_as_ref(id));
  CHECK(f2 && wasm_func_same(wasm_ref_as_func(f2), id));
  wasm_ref_delete(f2);
  {
    wasm_val_t in[1] = {{.kind = WASM_FUNCREF, .of = {.ref = wasm_foreign_as_ref(a)}}};
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(in), rv = WASM_ARRAY_VEC(out);
    wasm_trap_t* trap = wasm_func_call(fid, &av, &rv);
    CHECK(trap != NULL);
    wasm_trap_delete(trap);
  }

  /* Host info on every kind, seen through other handles of the same object. */
  wasm_func_set_host_info_with_finalizer(id, &finalized[1], fin);
  wasm_global_set_host_info_with_finalizer(g, &finalized[2], fin);
  wasm_table_set_host_info_with_finalizer(t, &finalized[3], fin);
  wasm_memory_set_host_info(m, &finalized[4]); /* no finalizer */
  wasm_instance_set_host_info_with_finalizer(instance, &finalized[5], fin);
  wasm_extern_vec_t view;
  wasm_instance_exports(instance, &view);
  CHECK(wasm_func_get_host_info(wasm_extern_as_func(view.data[0])) == &finalized[1]);
  CHECK(wasm_extern_get_host_info(view.data[3]) == &finalized[2]);
  CHECK(wasm_ref_get_host_info(wasm_extern_as_ref(view.data[4])) == &finalized[3]);
  CHECK(wasm_memory_get_host_info(wasm_extern_as_memory(view.data[5])) == &finalized[4]);
  CHECK(wasm_func_get_host_info(wasm_extern_as_func(view.data[1])) == NULL);
  wasm_extern_vec_delete(&view);
  wasm_instance_t* icopy = wasm_instance_copy(instance);
  CHECK(wasm_instance_same(icopy, instance) && wasm_instance_get_host_info(icopy) == &finalized[5]);
  wasm_instance_delete(icopy);
  /* Replacing host info finalizes the old one. */
  wasm_foreign_set_host_info_with_finalizer(b, &finalized[6], fin);
  wasm_foreign_set_host_info_with_finalizer(b, &finalized[7], fin);
  CHECK(finalized[6] == 1 && wasm_foreign_get_host_info(b) == &finalized[7]);

  /* Deleting handles finalizes nothing; deleting the store finalizes each once. */
  wasm_foreign_delete(a);
  wasm_foreign_delete(b);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  for (int i = 0; i < 8; ++i) CHECK(finalized[i] == (i == 6));
  wasm_store_delete(store);
  for (int i = 0; i < 8; ++i) CHECK(finalized[i] == (i == 4 ? 0 : 1));
  wasm_engine_delete(engine);
  return 0;
}
