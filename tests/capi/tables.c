/* Tables: host-made and exported, get/set/grow/size with function and
 * external references, limits, calls through a table set by the host. */
#include "test_util.h"

static const char guest_wat[] =
    "(module\n"
    "  (type $unop (func (param i32) (result i32)))\n"
    "  (table $t (export \"t\") 2 10 funcref)\n"
    "  (table $x (export \"x\") 1 externref)\n"
    "  (func $inc (export \"inc\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))\n"
    "  (func $dbl (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))\n"
    "  (elem (table $t) (i32.const 1) func $dbl)\n"
    "  (func (export \"call\") (param i32 i32) (result i32)\n"
    "    (call_indirect $t (type $unop) (local.get 1) (local.get 0)))\n"
    "  (func (export \"size\") (result i32) (table.size $t))\n"
    "  (func (export \"getx\") (param i32) (result externref) (table.get $x (local.get 0))))\n";

static int32_t call2(wasm_func_t* f, int32_t a, int32_t b, wasm_trap_t** trap) {
  wasm_val_t in[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), res = WASM_ARRAY_VEC(out);
  *trap = wasm_func_call(f, &args, &res);
  return out[0].of.i32;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wat_module(store, guest_wat);
  wasm_instance_t* instance = instantiate_plain(store, module);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 6);
  wasm_table_t* t = wasm_extern_as_table(exports.data[0]);
  wasm_table_t* x = wasm_extern_as_table(exports.data[1]);
  wasm_func_t* inc = wasm_extern_as_func(exports.data[2]);
  wasm_func_t* call = wasm_extern_as_func(exports.data[3]);
  wasm_func_t* getx = wasm_extern_as_func(exports.data[5]);
  CHECK(t && x && inc && call && getx);
  CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_TABLE);

  /* Type, size, initial contents. */
  wasm_tabletype_t* tt = wasm_table_type(t);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(tt)->min == 2 && wasm_tabletype_limits(tt)->max == 10);
  wasm_tabletype_delete(tt);
  CHECK(wasm_table_size(t) == 2);
  CHECK(wasm_table_get(t, 0) == NULL);
  wasm_ref_t* r1 = wasm_table_get(t, 1);
  CHECK(r1 && wasm_ref_as_func(r1));
  CHECK(wasm_func_result_arity(wasm_ref_as_func(r1)) == 1);
  wasm_ref_delete(r1);
  CHECK(wasm_table_get(t, 2) == NULL); /* out of bounds */

  wasm_trap_t* trap;
  CHECK(call2(call, 1, 21, &trap) == 42 && !trap);
  call2(call, 0, 1, &trap); /* null entry */
  CHECK(trap != NULL);
  wasm_trap_delete(trap);

  /* Set an entry from the host; a call through the table sees it. */
  CHECK(wasm_table_set(t, 0, wasm_func_as_ref(inc)));
  CHECK(call2(call, 0, 41, &trap) == 42 && !trap);
  wasm_ref_t* r0 = wasm_table_get(t, 0);
  CHECK(r0 && wasm_ref_same(r0, wasm_func_as_ref(inc)));
  wasm_ref_delete(r0);
  CHECK(!wasm_table_set(t, 2, wasm_func_as_ref(inc))); /* out of bounds */
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  CHECK(!wasm_table_set(t, 0, wasm_foreign_as_ref(foreign))); /* not a function */
  CHECK(wasm_table_set(t, 1, NULL));
  CHECK(wasm_table_get(t, 1) == NULL);

  /* Grow with an initial value, up to the maximum. */
  CHECK(wasm_table_grow(t, 3, wasm_func_as_ref(inc)));
  CHECK(wasm_table_size(t) == 5);
  CHECK(call2(call, 4, 1, &trap) == 2 && !trap);
  wasm_val_t sz[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, szv = WASM_ARRAY_VEC(sz);
  CHECK(wasm_func_call(wasm_extern_as_func(exports.data[4]), &none, &szv) == NULL && sz[0].of.i32 == 5);
  CHECK(!wasm_table_grow(t, 6, NULL)); /* 11 > max 10 */
  CHECK(wasm_table_grow(t, 5, NULL));
  CHECK(wasm_table_size(t) == 10);
  CHECK(wasm_table_grow(t, 0, NULL));

  /* An externref table holds foreign objects the guest can read back. */
  CHECK(wasm_table_set(x, 0, wasm_foreign_as_ref(foreign)));
  wasm_val_t in[1] = {WASM_I32_VAL(0)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_ARRAY_VEC(in), rv = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(getx, &a, &rv) == NULL);
  CHECK(out[0].kind == WASM_EXTERNREF && out[0].of.ref);
  CHECK(wasm_ref_same(out[0].of.ref, wasm_foreign_as_ref(foreign)));
  wasm_val_delete(&out[0]);
  /* Any reference fits in an externref table: here a function. */
  CHECK(wasm_table_set(x, 0, wasm_func_as_ref(inc)));
  wasm_ref_t* back = wasm_table_get(x, 0);
  CHECK(back && wasm_ref_as_func(back) && wasm_ref_same(back, wasm_func_as_ref(inc)));
  wasm_ref_delete(back);

  /* A host-made table, given to nobody. */
  wasm_limits_t lim = {3, wasm_limits_max_default};
  wasm_tabletype_t* ht = wasm_tabletype_new(wasm_valtype_new_externref(), &lim);
  wasm_table_t* host_table = wasm_table_new(store, ht, wasm_foreign_as_ref(foreign));
  wasm_tabletype_delete(ht);
  CHECK(host_table && wasm_table_size(host_table) == 3);
  wasm_ref_t* e2 = wasm_table_get(host_table, 2);
  CHECK(e2 && wasm_ref_as_foreign(e2));
  wasm_ref_delete(e2);
  CHECK(wasm_table_grow(host_table, 100, NULL));
  CHECK(wasm_table_size(host_table) == 103 && wasm_table_get(host_table, 102) == NULL);
  wasm_limits_t flim = {1, 2};
  wasm_tabletype_t* ft = wasm_tabletype_new(wasm_valtype_new_funcref(), &flim);
  wasm_table_t* ftab = wasm_table_new(store, ft, NULL);
  wasm_tabletype_delete(ft);
  CHECK(ftab && wasm_table_size(ftab) == 1 && wasm_table_get(ftab, 0) == NULL);
  CHECK(!wasm_table_grow(ftab, 2, NULL));
  wasm_table_t* copy = wasm_table_copy(ftab);
  CHECK(wasm_table_same(copy, ftab) && !wasm_table_same(copy, t));

  wasm_table_delete(copy);
  wasm_table_delete(ftab);
  wasm_table_delete(host_table);
  wasm_foreign_delete(foreign);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
