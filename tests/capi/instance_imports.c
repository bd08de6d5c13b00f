/* Instances: imports of every kind in order, link errors, exports in
 * order, one instance's exports as another's imports. */
#include "test_util.h"

static const char provider_wat[] =
    "(module\n"
    "  (func (export \"twice\") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))\n"
    "  (global (export \"base\") (mut i32) (i32.const 1000))\n"
    "  (table (export \"tab\") 2 funcref)\n"
    "  (memory (export \"mem\") 1)\n"
    "  (data (i32.const 0) \"\\07\"))\n";

static const char consumer_wat[] =
    "(module\n"
    "  (import \"p\" \"twice\" (func $twice (param i32) (result i32)))\n"
    "  (import \"p\" \"base\" (global $base (mut i32)))\n"
    "  (import \"p\" \"tab\" (table 1 funcref))\n"
    "  (import \"p\" \"mem\" (memory 1))\n"
    "  (elem (i32.const 1) $twice)\n"
    "  (func $start (global.set $base (i32.add (global.get $base) (i32.const 1))))\n"
    "  (start $start)\n"
    "  (func (export \"run\") (param i32) (result i32)\n"
    "    (i32.add (call $twice (local.get 0))\n"
    "      (i32.add (global.get $base) (i32.load8_u (i32.const 0))))))\n";

static int32_t call1(const wasm_func_t* f, int32_t x) {
  wasm_val_t in[1] = {WASM_I32_VAL(x)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(f, &a, &r) == NULL);
  return out[0].of.i32;
}

static wasm_trap_t* try_instantiate(wasm_store_t* store, wasm_module_t* module, wasm_extern_t** list, size_t n) {
  wasm_extern_vec_t imports = {n, list};
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance == NULL && trap != NULL);
  return trap;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* provider = wat_module(store, provider_wat);
  wasm_module_t* consumer = wat_module(store, consumer_wat);
  wasm_instance_t* p = instantiate_plain(store, provider);

  wasm_extern_vec_t pexports;
  wasm_instance_exports(p, &pexports);
  CHECK(pexports.size == 4);
  wasm_externkind_t kinds[4] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY};
  for (size_t i = 0; i < 4; ++i) {
    CHECK(wasm_extern_kind(pexports.data[i]) == kinds[i]);
    wasm_externtype_t* t = wasm_extern_type(pexports.data[i]);
    CHECK(wasm_externtype_kind(t) == kinds[i]);
    wasm_externtype_delete(t);
  }
  CHECK(wasm_extern_as_func_const(pexports.data[0]) && !wasm_extern_as_global(pexports.data[0]));
  CHECK(wasm_extern_as_global_const(pexports.data[1]) && wasm_extern_as_table_const(pexports.data[2]));
  CHECK(wasm_extern_as_memory_const(pexports.data[3]) && !wasm_extern_as_func_const(pexports.data[3]));
  CHECK(wasm_func_as_extern(wasm_extern_as_func(pexports.data[0])) == pexports.data[0]);
  CHECK(wasm_memory_as_extern_const(wasm_extern_as_memory_const(pexports.data[3])) == pexports.data[3]);
  wasm_extern_t* pe_copy = wasm_extern_copy(pexports.data[1]);
  CHECK(wasm_extern_same(pe_copy, pexports.data[1]) && wasm_extern_kind(pe_copy) == WASM_EXTERN_GLOBAL);
  wasm_extern_delete(pe_copy);
  /* petrel.h: an export by name. */
  wasm_extern_t* by_name = petrel_instance_export(p, "mem");
  CHECK(by_name && wasm_extern_same(by_name, pexports.data[3]));
  wasm_extern_delete(by_name);
  CHECK(petrel_instance_export(p, "nothing") == NULL);

  /* The provider's exports, in the consumer's import order. */
  wasm_instance_t* c = NULL;
  {
    wasm_trap_t* trap = NULL;
    c = wasm_instance_new(store, consumer, &pexports, &trap);
    CHECK(c && !trap);
  }
  wasm_extern_vec_t cexports;
  wasm_instance_exports(c, &cexports);
  CHECK(cexports.size == 1);
  CHECK(call1(wasm_extern_as_func(cexports.data[0]), 5) == 10 + 1001 + 7);
  /* The start function changed the provider's global; the elem segment its table. */
  wasm_val_t v;
  wasm_global_get(wasm_extern_as_global(pexports.data[1]), &v);
  CHECK(v.of.i32 == 1001);
  wasm_ref_t* entry = wasm_table_get(wasm_extern_as_table(pexports.data[2]), 1);
  CHECK(entry && wasm_func_same(wasm_ref_as_func(entry), wasm_extern_as_func(pexports.data[0])));
  wasm_ref_delete(entry);
  /* A second consumer shares them too. */
  wasm_instance_t* c2 = NULL;
  {
    wasm_trap_t* trap = NULL;
    c2 = wasm_instance_new(store, consumer, &pexports, &trap);
    CHECK(c2 && !trap && !wasm_instance_same(c, c2));
  }
  CHECK(call1(wasm_extern_as_func(cexports.data[0]), 0) == 1002 + 7);

  /* Link errors: too few imports, a wrong kind, a wrong function type, a
   * memory too small, a const global where a mutable one goes. */
  wasm_extern_t* few[2] = {pexports.data[0], pexports.data[1]};
  wasm_trap_t* trap = try_instantiate(store, consumer, few, 2);
  wasm_trap_delete(trap);
  wasm_extern_t* swapped[4] = {pexports.data[1], pexports.data[0], pexports.data[2], pexports.data[3]};
  trap = try_instantiate(store, consumer, swapped, 4);
  CHECK(petrel_trap_kind(trap) == PETREL_ERROR_UNLINKABLE);
  wasm_trap_delete(trap);

  wasm_functype_t* wrong = wasm_functype_new_1_1(wasm_valtype_new_i64(), wasm_valtype_new_i32());
  wasm_func_t* wf = wasm_func_new(store, wrong, NULL); /* never called */
  wasm_functype_delete(wrong);
  wasm_extern_t* badfunc[4] = {wasm_func_as_extern(wf), pexports.data[1], pexports.data[2], pexports.data[3]};
  trap = try_instantiate(store, consumer, badfunc, 4);
  wasm_trap_delete(trap);

  wasm_globaltype_t* cgt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t zero = WASM_I32_VAL(0);
  wasm_global_t* cg = wasm_global_new(store, cgt, &zero);
  wasm_globaltype_delete(cgt);
  wasm_extern_t* badglobal[4] = {pexports.data[0], wasm_global_as_extern(cg), pexports.data[2], pexports.data[3]};
  trap = try_instantiate(store, consumer, badglobal, 4);
  wasm_trap_delete(trap);

  wasm_limits_t tl = {0, 0};
  wasm_tabletype_t* stt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  wasm_table_t* small = wasm_table_new(store, stt, NULL);
  wasm_tabletype_delete(stt);
  wasm_extern_t* badtable[4] = {pexports.data[0], pexports.data[1], wasm_table_as_extern(small), pexports.data[3]};
  trap = try_instantiate(store, consumer, badtable, 4);
  wasm_trap_delete(trap);

  /* A module with no imports given NULL for the vector's data. */
  wasm_module_t* lone = wat_module(store, "(module (func (export \"f\")))");
  wasm_trap_t* t2 = NULL;
  wasm_extern_vec_t empty = WASM_EMPTY_VEC;
  wasm_instance_t* li = wasm_instance_new(store, lone, &empty, &t2);
  CHECK(li && !t2);
  wasm_instance_delete(li);
  wasm_module_delete(lone);

  wasm_table_delete(small);
  wasm_global_delete(cg);
  wasm_func_delete(wf);
  wasm_extern_vec_delete(&cexports);
  wasm_instance_delete(c2);
  wasm_instance_delete(c);
  wasm_extern_vec_delete(&pexports);
  wasm_instance_delete(p);
  wasm_module_delete(consumer);
  wasm_module_delete(provider);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
