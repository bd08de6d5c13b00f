/* Functions: host callbacks called by the guest and the guest called from
 * callbacks, environments and finalizers, types and arity, multi-value,
 * function references, argument checks. */
#include "test_util.h"

static const char guest_wat[] =
    "(module\n"
    "  (import \"host\" \"add\" (func $add (param i32 i32) (result i32)))\n"
    "  (import \"host\" \"mix\" (func $mix (param i64 f32 f64) (result f64 i64)))\n"
    "  (import \"host\" \"reenter\" (func $reenter (param i32) (result i32)))\n"
    "  (func (export \"sum3\") (param i32 i32 i32) (result i32)\n"
    "    (call $add (call $add (local.get 0) (local.get 1)) (local.get 2)))\n"
    "  (func (export \"mix\") (param i64 f32 f64) (result f64 i64)\n"
    "    (call $mix (local.get 0) (local.get 1) (local.get 2)))\n"
    "  (func $square (export \"square\") (param i32) (result i32)\n"
    "    (i32.mul (local.get 0) (local.get 0)))\n"
    "  (func (export \"via_host\") (param i32) (result i32)\n"
    "    (i32.add (call $reenter (local.get 0)) (i32.const 1)))\n"
    "  (func (export \"swap\") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))\n"
    "  (func (export \"get_square\") (result funcref) (ref.func $square))\n"
    "  (elem declare func $square))\n";

static int add_calls;
static wasm_trap_t* host_add(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK(args->size == 2 && results->size == 1);
  CHECK(args->data[0].kind == WASM_I32 && args->data[1].kind == WASM_I32);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  ++add_calls;
  return NULL;
}

struct env {
  int calls;
  int finalized;
  wasm_func_t* square; /* the guest function the host calls back into */
};

static wasm_trap_t* host_mix(void* p, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  struct env* env = p;
  ++env->calls;
  CHECK(args->size == 3 && results->size == 2);
  CHECK(args->data[0].kind == WASM_I64 && args->data[1].kind == WASM_F32 && args->data[2].kind == WASM_F64);
  results->data[0].kind = WASM_F64;
  results->data[0].of.f64 = args->data[1].of.f32 + args->data[2].of.f64;
  results->data[1].kind = WASM_I64;
  results->data[1].of.i64 = args->data[0].of.i64 * 2;
  return NULL;
}

/* Calls the guest's "square" from inside a host function. */
static wasm_trap_t* host_reenter(void* p, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  struct env* env = p;
  ++env->calls;
  wasm_val_t in[1] = {WASM_I32_VAL(args->data[0].of.i32 + 1)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
  wasm_trap_t* trap = wasm_func_call(env->square, &a, &r);
  if (trap) return trap;
  results->data[0] = out[0];
  return NULL;
}

static void finalize_env(void* p) { ((struct env*)p)->finalized++; }

static wasm_func_t* export_func(const wasm_extern_vec_t* exports, size_t i) {
  CHECK(i < exports->size);
  wasm_func_t* f = wasm_extern_as_func(exports->data[i]);
  CHECK(f != NULL);
  return f;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  struct env env = {0, 0, NULL};
  struct env env2 = {0, 0, NULL};

  wasm_functype_t* add_type = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_functype_t* mix_type = wasm_functype_new_3_2(wasm_valtype_new_i64(), wasm_valtype_new_f32(), wasm_valtype_new_f64(),
                                                    wasm_valtype_new_f64(), wasm_valtype_new_i64());
  wasm_functype_t* reenter_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* add = wasm_func_new(store, add_type, host_add);
  wasm_func_t* mix = wasm_func_new_with_env(store, mix_type, host_mix, &env, finalize_env);
  wasm_func_t* reenter = wasm_func_new_with_env(store, reenter_type, host_reenter, &env, NULL);
  /* A second function whose environment must be finalized, too. */
  wasm_func_t* other = wasm_func_new_with_env(store, add_type, host_mix, &env2, finalize_env);
  wasm_functype_delete(add_type);
  wasm_functype_delete(mix_type);
  wasm_functype_delete(reenter_type);

  /* Type and arity of a host function. */
  CHECK(wasm_func_param_arity(mix) == 3 && wasm_func_result_arity(mix) == 2);
  wasm_functype_t* t = wasm_func_type(mix);
  CHECK(wasm_valtype_kind(wasm_functype_results(t)->data[0]) == WASM_F64);
  wasm_functype_delete(t);

  /* A host function called directly. */
  {
    wasm_val_t in[2] = {WASM_I32_VAL(20), WASM_I32_VAL(22)};
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(add, &a, &r) == NULL);
    CHECK(out[0].kind == WASM_I32 && out[0].of.i32 == 42 && add_calls == 1);
  }

  wasm_module_t* module = wat_module(store, guest_wat);
  wasm_extern_t* imports_arr[3] = {wasm_func_as_extern(add), wasm_func_as_extern(mix), wasm_func_as_extern(reenter)};
  wasm_instance_t* instance = instantiate_with(store, module, imports_arr, sizeof imports_arr / sizeof imports_arr[0]);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 6);
  env.square = export_func(&exports, 2);

  /* The guest calls the host (twice). */
  {
    wasm_val_t in[3] = {WASM_I32_VAL(1), WASM_I32_VAL(2), WASM_I32_VAL(3)};
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(export_func(&exports, 0), &a, &r) == NULL);
    CHECK(out[0].of.i32 == 6 && add_calls == 3);
  }
  /* Every number type both ways, two results. */
  {
    wasm_val_t in[3] = {WASM_I64_VAL(-21), WASM_F32_VAL(0.5f), WASM_F64_VAL(2.25)};
    wasm_val_t out[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(export_func(&exports, 1), &a, &r) == NULL);
    CHECK(out[0].kind == WASM_F64 && out[0].of.f64 == 2.75);
    CHECK(out[1].kind == WASM_I64 && out[1].of.i64 == -42);
    CHECK(env.calls == 1);
  }
  /* Guest -> host -> guest. */
  {
    wasm_val_t in[1] = {WASM_I32_VAL(4)};
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(export_func(&exports, 3), &a, &r) == NULL);
    CHECK(out[0].of.i32 == 26 && env.calls == 2); /* (4+1)^2 + 1 */
  }
  /* Multi-value from the guest; results vectors made with vec_new. */
  {
    wasm_val_t in[2] = {WASM_I32_VAL(7), WASM_I64_VAL(1LL << 40)};
    wasm_val_vec_t a, r;
    wasm_val_vec_new(&a, 2, in);
    wasm_val_vec_new_uninitialized(&r, 2);
    CHECK(wasm_func_call(export_func(&exports, 4), &a, &r) == NULL);
    CHECK(r.data[0].kind == WASM_I64 && r.data[0].of.i64 == (1LL << 40));
    CHECK(r.data[1].kind == WASM_I32 && r.data[1].of.i32 == 7);
    wasm_val_vec_delete(&a);
    wasm_val_vec_delete(&r);
  }
  /* A function reference result, called through its own handle. */
  {
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t a = WASM_EMPTY_VEC, r = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(export_func(&exports, 5), &a, &r) == NULL);
    CHECK(out[0].kind == WASM_FUNCREF && out[0].of.ref != NULL);
    wasm_func_t* sq = wasm_ref_as_func(out[0].of.ref);
    CHECK(sq && wasm_func_same(sq, env.square));
    wasm_val_t in[1] = {WASM_I32_VAL(9)};
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t a2 = WASM_ARRAY_VEC(in), r2 = WASM_ARRAY_VEC(res);
    CHECK(wasm_func_call(sq, &a2, &r2) == NULL && res[0].of.i32 == 81);
    wasm_val_delete(&out[0]);
  }
  /* Wrong argument count or type, too small a results vector: traps, no call. */
  {
    wasm_val_t in[2] = {WASM_I32_VAL(1), WASM_I64_VAL(2)};
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t one = {1, in}, two = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out), none = WASM_EMPTY_VEC;
    wasm_trap_t* t1 = wasm_func_call(add, &one, &r);
    CHECK(t1 && trap_message_contains(t1, "argument"));
    wasm_trap_delete(t1);
    wasm_trap_t* t2 = wasm_func_call(add, &two, &r); /* an i64 where an i32 goes */
    CHECK(t2 != NULL);
    wasm_trap_delete(t2);
    wasm_val_t ok[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)};
    wasm_val_vec_t okv = WASM_ARRAY_VEC(ok);
    wasm_trap_t* t3 = wasm_func_call(add, &okv, &none);
    CHECK(t3 != NULL);
    wasm_trap_delete(t3);
    CHECK(add_calls == 3);
  }

  /* Handles may go before the store; the environments stay until the store goes. */
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_func_delete(add);
  wasm_func_delete(mix);
  wasm_func_delete(reenter);
  wasm_func_delete(other);
  CHECK(env.finalized == 0 && env2.finalized == 0);
  wasm_store_delete(store);
  CHECK(env.finalized == 1 && env2.finalized == 1);
  wasm_engine_delete(engine);
  return 0;
}
