/* Traps: from guest code (message, origin, trace with instance and
 * offsets), from host callbacks, made by the host, from start functions. */
#include "test_util.h"

static const char guest_wat[] =
    "(module\n"
    "  (import \"host\" \"fail\" (func $fail))\n"
    "  (func $inner (param i32) (result i32)\n"
    "    (if (i32.eqz (local.get 0)) (then unreachable))\n"
    "    (i32.div_s (i32.const 10) (i32.sub (local.get 0) (i32.const 1))))\n"
    "  (func $outer (export \"outer\") (param i32) (result i32)\n"
    "    (i32.add (call $inner (local.get 0)) (i32.const 0)))\n"
    "  (func (export \"host_fail\") (call $fail))\n"
    "  (func $recurse (export \"recurse\") (call $recurse)))\n";

static int host_calls;
static wasm_store_t* the_store;
static wasm_trap_t* host_fail(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  ++host_calls;
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "host says no");
  wasm_trap_t* trap = wasm_trap_new(the_store, &msg);
  wasm_name_delete(&msg);
  return trap;
}

static wasm_trap_t* call_i32(wasm_func_t* f, int32_t x) {
  wasm_val_t in[1] = {WASM_I32_VAL(x)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
  return wasm_func_call(f, &a, &r);
}

static int finalized;
static void fin(void* p) { (void)p; ++finalized; }

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  the_store = store;
  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_func_t* fail = wasm_func_new(store, ft, host_fail);
  wasm_functype_delete(ft);
  wasm_module_t* module = wat_module(store, guest_wat);
  wasm_extern_t* imports_arr[1] = {wasm_func_as_extern(fail)};
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = instantiate_with(store, module, imports_arr, sizeof imports_arr / sizeof imports_arr[0]);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* outer = wasm_extern_as_func(exports.data[0]);
  wasm_func_t* host_fail_fn = wasm_extern_as_func(exports.data[1]);
  wasm_func_t* recurse = wasm_extern_as_func(exports.data[2]);
  CHECK(call_i32(outer, 3) == NULL);

  /* unreachable in $inner (function 1), called from $outer (function 2). */
  trap = call_i32(outer, 0);
  CHECK(trap && trap_message_contains(trap, "unreachable"));
  CHECK(petrel_trap_kind(trap) == PETREL_ERROR_TRAP);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin != NULL);
  CHECK(wasm_frame_func_index(origin) == 1);
  CHECK(wasm_frame_module_offset(origin) > 0);
  CHECK(wasm_frame_func_offset(origin) > 0 && wasm_frame_func_offset(origin) < wasm_frame_module_offset(origin));
  CHECK(wasm_frame_instance(origin) && wasm_instance_same(wasm_frame_instance(origin), instance));
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 2);
  CHECK(wasm_frame_func_index(trace.data[0]) == 1 && wasm_frame_func_index(trace.data[1]) == 2);
  CHECK(wasm_frame_module_offset(trace.data[0]) == wasm_frame_module_offset(origin));
  CHECK(wasm_frame_module_offset(trace.data[1]) != wasm_frame_module_offset(origin));
  wasm_frame_t* fcopy = wasm_frame_copy(trace.data[1]);
  CHECK(wasm_frame_func_index(fcopy) == 2 && wasm_frame_func_offset(fcopy) == wasm_frame_func_offset(trace.data[1]));
  CHECK(wasm_instance_same(wasm_frame_instance(fcopy), instance));
  wasm_frame_delete(fcopy);
  wasm_frame_vec_t tcopy;
  wasm_frame_vec_copy(&tcopy, &trace);
  CHECK(tcopy.size == 2 && wasm_frame_func_index(tcopy.data[0]) == 1);
  wasm_frame_vec_delete(&tcopy);
  wasm_frame_vec_delete(&trace);
  size_t unreachable_offset = wasm_frame_module_offset(origin);
  wasm_frame_delete(origin);

  /* Trap copies share identity and host info. */
  wasm_trap_set_host_info_with_finalizer(trap, NULL, fin);
  wasm_trap_t* tc = wasm_trap_copy(trap);
  CHECK(wasm_trap_same(tc, trap));
  CHECK(wasm_ref_as_trap(wasm_trap_as_ref(tc)) == tc);
  CHECK(wasm_ref_as_trap_const(wasm_trap_as_ref_const(tc)) == tc);
  wasm_trap_delete(trap);
  CHECK(finalized == 0);
  wasm_trap_delete(tc);
  CHECK(finalized == 1);

  /* Integer division by zero, at another offset of the same function. */
  trap = call_i32(outer, 1);
  CHECK(trap && trap_message_contains(trap, "divide by zero"));
  origin = wasm_trap_origin(trap);
  CHECK(origin && wasm_frame_func_index(origin) == 1 && wasm_frame_module_offset(origin) > unreachable_offset);
  wasm_frame_delete(origin);
  wasm_trap_delete(trap);

  /* A host trap: its message reaches the caller, with the guest's frames. */
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  trap = wasm_func_call(host_fail_fn, &none, &none);
  CHECK(trap && host_calls == 1);
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  /* The host's message alone, NUL included (the frames say where). */
  CHECK(msg.size == strlen("host says no") + 1 && msg.data[msg.size - 1] == '\0');
  CHECK(strcmp(msg.data, "host says no") == 0);
  wasm_byte_vec_delete(&msg);
  wasm_trap_trace(trap, &trace);
  for (size_t i = 0; i < trace.size; ++i) CHECK(wasm_frame_func_index(trace.data[i]) == 3);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  /* A host function called directly: the trap as made, no wasm frames. */
  wasm_functype_t* ft1 = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* fail1 = wasm_func_new(store, ft1, host_fail);
  wasm_functype_delete(ft1);
  trap = call_i32(fail1, 5);
  CHECK(trap && trap_message_contains(trap, "host says no") && host_calls == 2);
  CHECK(wasm_trap_origin(trap) == NULL);
  wasm_trap_delete(trap);
  wasm_func_delete(fail1);

  /* Exhaustion: unbounded recursion is a trap, not a crash. */
  trap = wasm_func_call(recurse, &none, &none);
  CHECK(trap && petrel_trap_kind(trap) == PETREL_ERROR_EXHAUSTION);
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size >= 1 && wasm_frame_func_index(trace.data[0]) == 4);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  /* A trap made by the host: the message as given (NUL included), no frames. */
  wasm_message_t m2;
  wasm_name_new_from_string_nt(&m2, "made here");
  wasm_trap_t* made = wasm_trap_new(store, &m2);
  wasm_name_delete(&m2);
  wasm_trap_message(made, &msg);
  CHECK(msg.size == 10 && memcmp(msg.data, "made here", 10) == 0);
  wasm_byte_vec_delete(&msg);
  CHECK(wasm_trap_origin(made) == NULL);
  wasm_trap_trace(made, &trace);
  CHECK(trace.size == 0);
  wasm_frame_vec_delete(&trace);
  int status = 0;
  CHECK(!petrel_trap_exit_status(made, &status));
  wasm_trap_delete(made);

  /* A start function that traps: instantiation fails with the trap. */
  wasm_module_t* bad = wat_module(store, "(module (func $s unreachable) (start $s))");
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  trap = NULL;
  CHECK(wasm_instance_new(store, bad, &no_imports, &trap) == NULL);
  CHECK(trap && trap_message_contains(trap, "unreachable"));
  origin = wasm_trap_origin(trap);
  CHECK(origin && wasm_frame_func_index(origin) == 0);
  wasm_frame_delete(origin);
  wasm_trap_delete(trap);
  CHECK(wasm_instance_new(store, bad, &no_imports, NULL) == NULL); /* no trap wanted */
  wasm_module_delete(bad);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_func_delete(fail);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
