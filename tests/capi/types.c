/* Type objects: construction, inspection, copies, views, vectors. */
#include "test_util.h"

static void test_valtypes(void) {
  wasm_valkind_t kinds[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF, WASM_FUNCREF};
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; ++i) {
    wasm_valtype_t* t = wasm_valtype_new(kinds[i]);
    CHECK(wasm_valtype_kind(t) == kinds[i]);
    CHECK(wasm_valtype_is_num(t) == (i < 4));
    CHECK(wasm_valtype_is_ref(t) == (i >= 4));
    wasm_valtype_t* c = wasm_valtype_copy(t);
    CHECK(wasm_valtype_kind(c) == kinds[i]);
    wasm_valtype_delete(t);
    wasm_valtype_delete(c);
  }
  CHECK(WASM_EXTERNREF == 128 && WASM_FUNCREF == 129);
  CHECK(wasm_valkind_is_num(WASM_F64) && wasm_valkind_is_ref(WASM_FUNCREF));
}

static void test_functypes(void) {
  wasm_functype_t* ft = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f64(), wasm_valtype_new_i64());
  const wasm_valtype_vec_t* ps = wasm_functype_params(ft);
  const wasm_valtype_vec_t* rs = wasm_functype_results(ft);
  CHECK(ps->size == 2 && rs->size == 1);
  CHECK(wasm_valtype_kind(ps->data[0]) == WASM_I32 && wasm_valtype_kind(ps->data[1]) == WASM_F64);
  CHECK(wasm_valtype_kind(rs->data[0]) == WASM_I64);

  wasm_functype_t* copy = wasm_functype_copy(ft);
  CHECK(wasm_functype_params(copy)->size == 2);
  CHECK(wasm_functype_params(copy)->data[0] != ps->data[0]); /* a deep copy */

  /* A view, not a copy, in both directions. */
  wasm_externtype_t* et = wasm_functype_as_externtype(ft);
  CHECK(wasm_externtype_kind(et) == WASM_EXTERN_FUNC);
  CHECK(wasm_externtype_as_functype(et) == ft);
  CHECK(wasm_externtype_as_globaltype(et) == NULL);
  CHECK(wasm_externtype_as_functype_const(wasm_functype_as_externtype_const(ft)) == ft);

  /* An externtype copy of a functype is a functype. */
  wasm_externtype_t* ec = wasm_externtype_copy(et);
  CHECK(wasm_externtype_as_functype(ec) != NULL);
  CHECK(wasm_functype_results(wasm_externtype_as_functype(ec))->size == 1);
  wasm_externtype_delete(ec);

  wasm_functype_t* empty = wasm_functype_new_0_0();
  CHECK(wasm_functype_params(empty)->size == 0 && wasm_functype_results(empty)->size == 0);
  wasm_functype_t* many = wasm_functype_new_3_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                                wasm_valtype_new_funcref(), wasm_valtype_new_f32(),
                                                wasm_valtype_new_externref());
  CHECK(wasm_valtype_kind(wasm_functype_params(many)->data[2]) == WASM_FUNCREF);
  CHECK(wasm_valtype_kind(wasm_functype_results(many)->data[1]) == WASM_EXTERNREF);

  /* A vector of types owns them. */
  wasm_functype_t* list[3] = {ft, copy, empty};
  wasm_functype_vec_t vec;
  wasm_functype_vec_new(&vec, 3, list);
  wasm_functype_vec_t vec2;
  wasm_functype_vec_copy(&vec2, &vec);
  CHECK(vec2.size == 3 && vec2.data[0] != vec.data[0]);
  wasm_functype_vec_delete(&vec);
  wasm_functype_vec_delete(&vec2);
  wasm_functype_delete(many);

  /* wasm_functype_new takes the vectors. */
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_uninitialized(&params, 1);
  params.data[0] = wasm_valtype_new_i64();
  wasm_valtype_vec_new_empty(&results);
  wasm_functype_t* f2 = wasm_functype_new(&params, &results);
  CHECK(wasm_functype_params(f2)->size == 1);
  wasm_functype_delete(f2);
}

static void test_other_types(void) {
  wasm_globaltype_t* g = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(g)) == WASM_F32);
  CHECK(wasm_globaltype_mutability(g) == WASM_VAR);
  wasm_globaltype_t* gc = wasm_globaltype_copy(g);
  CHECK(wasm_globaltype_mutability(gc) == WASM_VAR);
  CHECK(wasm_externtype_kind(wasm_globaltype_as_externtype(g)) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_externtype_as_globaltype(wasm_globaltype_as_externtype(g)) == g);

  wasm_limits_t tl = {2, 10};
  wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(t)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(t)->min == 2 && wasm_tabletype_limits(t)->max == 10);
  CHECK(wasm_externtype_kind(wasm_tabletype_as_externtype(t)) == WASM_EXTERN_TABLE);
  CHECK(wasm_externtype_as_tabletype_const(wasm_tabletype_as_externtype_const(t)) == t);

  wasm_limits_t ml = {1, wasm_limits_max_default};
  wasm_memorytype_t* m = wasm_memorytype_new(&ml);
  CHECK(wasm_memorytype_limits(m)->min == 1 && wasm_memorytype_limits(m)->max == 0xffffffffu);
  wasm_memorytype_t* mc = wasm_memorytype_copy(m);
  CHECK(wasm_memorytype_limits(mc)->min == 1);
  CHECK(wasm_externtype_kind(wasm_memorytype_as_externtype(m)) == WASM_EXTERN_MEMORY);
  CHECK(wasm_externtype_as_memorytype(wasm_memorytype_as_externtype(m)) == m);
  CHECK(wasm_externtype_as_functype(wasm_memorytype_as_externtype(m)) == NULL);

  /* Import and export types own their names and type. */
  wasm_name_t mod, name, ename;
  wasm_name_new_from_string(&mod, "env");
  wasm_name_new_from_string(&name, "mem");
  wasm_importtype_t* it = wasm_importtype_new(&mod, &name, wasm_memorytype_as_externtype(mc));
  CHECK(name_is(wasm_importtype_module(it), "env"));
  CHECK(name_is(wasm_importtype_name(it), "mem"));
  CHECK(wasm_externtype_kind(wasm_importtype_type(it)) == WASM_EXTERN_MEMORY);
  wasm_importtype_t* itc = wasm_importtype_copy(it);
  CHECK(name_is(wasm_importtype_name(itc), "mem"));
  CHECK(wasm_importtype_type(itc) != wasm_importtype_type(it));

  wasm_name_new_from_string(&ename, "g");
  wasm_exporttype_t* et = wasm_exporttype_new(&ename, wasm_globaltype_as_externtype(gc));
  CHECK(name_is(wasm_exporttype_name(et), "g"));
  CHECK(wasm_externtype_kind(wasm_exporttype_type(et)) == WASM_EXTERN_GLOBAL);
  wasm_exporttype_t* etc = wasm_exporttype_copy(et);

  wasm_importtype_vec_t ivec;
  wasm_importtype_t* its[2] = {it, itc};
  wasm_importtype_vec_new(&ivec, 2, its);
  wasm_importtype_vec_delete(&ivec);
  wasm_exporttype_vec_t evec;
  wasm_exporttype_vec_new_uninitialized(&evec, 2);
  evec.data[0] = et;
  evec.data[1] = etc;
  wasm_exporttype_vec_delete(&evec);

  wasm_externtype_vec_t xvec;
  wasm_externtype_t* xs[3] = {wasm_globaltype_as_externtype(g), wasm_tabletype_as_externtype(t),
                              wasm_memorytype_as_externtype(m)};
  wasm_externtype_vec_new(&xvec, 3, xs);
  wasm_externtype_vec_t xcopy;
  wasm_externtype_vec_copy(&xcopy, &xvec);
  CHECK(wasm_externtype_kind(xcopy.data[1]) == WASM_EXTERN_TABLE);
  CHECK(wasm_tabletype_limits(wasm_externtype_as_tabletype(xcopy.data[1]))->max == 10);
  wasm_externtype_vec_delete(&xvec);
  wasm_externtype_vec_delete(&xcopy);
}

static void test_vectors_and_names(void) {
  wasm_byte_vec_t empty;
  wasm_byte_vec_new_empty(&empty);
  CHECK(empty.size == 0);
  wasm_byte_vec_delete(&empty);

  wasm_name_t n, nt, c;
  wasm_name_new_from_string(&n, "hello");
  wasm_name_new_from_string_nt(&nt, "hello");
  CHECK(n.size == 5 && nt.size == 6 && nt.data[5] == '\0');
  wasm_name_copy(&c, &n);
  CHECK(c.size == 5 && memcmp(c.data, "hello", 5) == 0 && c.data != n.data);
  wasm_name_delete(&n);
  wasm_name_delete(&nt);
  wasm_name_delete(&c);

  wasm_byte_vec_t u;
  wasm_byte_vec_new_uninitialized(&u, 100);
  CHECK(u.size == 100);
  memset(u.data, 7, 100);
  wasm_byte_vec_delete(&u);

  wasm_valtype_vec_t vt;
  wasm_valtype_vec_new_empty(&vt);
  CHECK(vt.size == 0);
  wasm_valtype_vec_delete(&vt);

  /* Values: numbers copy by value. */
  wasm_val_t a = WASM_I32_VAL(7), b = WASM_F64_VAL(2.5), cp;
  wasm_val_copy(&cp, &a);
  CHECK(cp.kind == WASM_I32 && cp.of.i32 == 7);
  wasm_val_delete(&cp);
  wasm_val_t vals[2] = {a, b};
  wasm_val_vec_t vv, vc;
  wasm_val_vec_new(&vv, 2, vals);
  wasm_val_vec_copy(&vc, &vv);
  CHECK(vc.size == 2 && vc.data[1].kind == WASM_F64 && vc.data[1].of.f64 == 2.5);
  wasm_val_vec_delete(&vv);
  wasm_val_vec_delete(&vc);

  int x = 0;
  wasm_val_t p;
  wasm_val_init_ptr(&p, &x);
  CHECK(wasm_val_ptr(&p) == &x);
  wasm_val_t init = WASM_INIT_VAL;
  CHECK(init.kind == WASM_EXTERNREF && init.of.ref == NULL);
  wasm_val_delete(&init);
}

/* Reference values own their reference: copying copies it. */
static void test_ref_values(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_foreign_t* f = wasm_foreign_new(store);
  wasm_val_t v = WASM_REF_VAL(wasm_foreign_as_ref(f));
  wasm_val_t c;
  wasm_val_copy(&c, &v);
  CHECK(c.of.ref != v.of.ref);
  CHECK(wasm_ref_same(c.of.ref, v.of.ref));
  wasm_val_vec_t vec;
  wasm_val_vec_new(&vec, 1, &c); /* the vector takes c's reference */
  wasm_val_vec_delete(&vec);
  wasm_val_delete(&v); /* deletes f */
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(void) {
  test_valtypes();
  test_functypes();
  test_other_types();
  test_vectors_and_names();
  test_ref_values();
  return 0;
}
