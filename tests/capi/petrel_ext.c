/* petrel.h: WASI, fuel, interruption (from another thread and by epoch),
 * store limits, the linker. */
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static wasm_func_t* export_func(wasm_instance_t* instance, const char* name, wasm_extern_t** holder) {
  *holder = petrel_instance_export(instance, name);
  CHECK(*holder != NULL);
  wasm_func_t* f = wasm_extern_as_func(*holder);
  CHECK(f != NULL);
  return f;
}

static wasm_trap_t* call0(wasm_func_t* f) {
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t r = {wasm_func_result_arity(f), out};
  return wasm_func_call(f, &none, &r);
}

/* ---- WASI ------------------------------------------------------------------ */

static const char wasi_wat[] =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $fd_write (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"args_sizes_get\" (func $args (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"environ_sizes_get\" (func $env (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_prestat_get\" (func $prestat (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 16) \"hello from wasi\\n\")\n"
    "  (func (export \"_start\")\n"
    "    (i32.store (i32.const 0) (i32.const 16))\n"
    "    (i32.store (i32.const 4) (i32.const 16))\n"
    "    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))\n"
    "    (i32.store (i32.const 200) (call $args (i32.const 100) (i32.const 104)))\n"
    "    (i32.store (i32.const 204) (call $env (i32.const 108) (i32.const 112)))\n"
    "    (i32.store (i32.const 208) (call $prestat (i32.const 3) (i32.const 120))))\n"
    "  (func (export \"quit\") (call $exit (i32.const 7))))\n";

static uint32_t load_u32(wasm_memory_t* mem, size_t offset) {
  const unsigned char* p = (const unsigned char*)wasm_memory_data(mem) + offset;
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_wasi(wasm_engine_t* engine) {
  char dir[] = "/tmp/petrel-capi-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char out_path[64];
  snprintf(out_path, sizeof out_path, "%s/stdout.txt", dir);
  FILE* out = fopen(out_path, "w+");
  CHECK(out != NULL);

  petrel_wasi_config_t* config = petrel_wasi_config_new();
  const char* argv[3] = {"prog", "one", "two"};
  petrel_wasi_config_set_args(config, 3, argv);
  petrel_wasi_config_push_arg(config, "three");
  petrel_wasi_config_push_env(config, "A", "1");
  petrel_wasi_config_push_env(config, "B", "two");
  petrel_wasi_config_inherit_env(config, false);
  petrel_wasi_config_preopen_dir(config, dir, "/sandbox");
  petrel_wasi_config_set_stdio(config, 0, fileno(out), 2);

  wasm_store_t* store = wasm_store_new(engine);
  petrel_error_t* err = petrel_store_configure_wasi(store, config);
  CHECK(err == NULL);
  petrel_wasi_config_delete(config); /* the store keeps its own copy */

  /* A directory that does not exist is an Io error. */
  petrel_wasi_config_t* bad = petrel_wasi_config_new();
  petrel_wasi_config_preopen_dir(bad, "/nonexistent/petrel/dir", "/x");
  wasm_store_t* store2 = wasm_store_new(engine);
  err = petrel_store_configure_wasi(store2, bad);
  CHECK(err && petrel_error_kind(err) == PETREL_ERROR_IO);
  petrel_error_delete(err);
  petrel_wasi_config_delete(bad);
  wasm_store_delete(store2);

  petrel_linker_t* linker = petrel_linker_new(engine);
  CHECK(petrel_linker_define_wasi(linker) == NULL);
  wasm_module_t* module = wat_module(store, wasi_wat);
  wasm_instance_t* instance = NULL;
  wasm_trap_t* trap = NULL;
  CHECK(petrel_linker_instantiate(linker, store, module, &instance, &trap) == NULL);
  CHECK(instance && !trap);

  wasm_extern_t *h1, *h2, *h3;
  CHECK(call0(export_func(instance, "_start", &h1)) == NULL);
  wasm_memory_t* mem = wasm_extern_as_memory(h3 = petrel_instance_export(instance, "memory"));
  CHECK(mem);
  CHECK(load_u32(mem, 8) == 16);                           /* bytes written */
  CHECK(load_u32(mem, 200) == 0 && load_u32(mem, 100) == 4); /* argc */
  CHECK(load_u32(mem, 104) == strlen("prog") + strlen("one") + strlen("two") + strlen("three") + 4);
  CHECK(load_u32(mem, 204) == 0 && load_u32(mem, 108) == 2); /* environment */
  CHECK(load_u32(mem, 208) == 0 && load_u32(mem, 124) == strlen("/sandbox")); /* preopen */

  /* proc_exit comes back as a trap with the exit status. */
  trap = call0(export_func(instance, "quit", &h2));
  CHECK(trap != NULL);
  int status = -1;
  CHECK(petrel_trap_exit_status(trap, &status) && status == 7);
  CHECK(petrel_trap_kind(trap) == PETREL_ERROR_EXIT);
  wasm_trap_delete(trap);

  fflush(out);
  char text[64] = {0};
  rewind(out);
  CHECK(fread(text, 1, sizeof text - 1, out) == 16);
  CHECK(strcmp(text, "hello from wasi\n") == 0);
  fclose(out);
  unlink(out_path);
  rmdir(dir);

  wasm_extern_delete(h1);
  wasm_extern_delete(h2);
  wasm_extern_delete(h3);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  petrel_linker_delete(linker);
  wasm_store_delete(store);
}

/* ---- Fuel ------------------------------------------------------------------ */

static const char loop_wat[] =
    "(module\n"
    "  (func (export \"spin\") (loop $l (br $l)))\n"
    "  (func (export \"count\") (param i32) (result i32) (local i32)\n"
    "    (block $done (loop $l\n"
    "      (br_if $done (i32.ge_u (local.get 1) (local.get 0)))\n"
    "      (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n"
    "      (br $l)))\n"
    "    (local.get 1)))\n";

static void test_fuel(void) {
  wasm_config_t* config = wasm_config_new();
  petrel_config_consume_fuel_set(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wat_module(store, loop_wat);
  wasm_instance_t* instance = instantiate_plain(store, module);
  wasm_extern_t *h1, *h2;
  wasm_func_t* spin = export_func(instance, "spin", &h1);
  wasm_func_t* count = export_func(instance, "count", &h2);

  CHECK(petrel_store_set_fuel(store, 10000) == NULL);
  CHECK(petrel_store_get_fuel(store) == 10000);
  wasm_val_t in[1] = {WASM_I32_VAL(10)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(count, &a, &r) == NULL && out[0].of.i32 == 10);
  uint64_t used = petrel_store_fuel_consumed(store);
  CHECK(used > 0 && petrel_store_get_fuel(store) == 10000 - used);

  /* An endless loop runs out. */
  wasm_trap_t* trap = call0(spin);
  CHECK(trap && petrel_trap_kind(trap) == PETREL_ERROR_EXHAUSTION);
  CHECK(trap_message_contains(trap, "fuel"));
  wasm_trap_delete(trap);
  CHECK(petrel_store_get_fuel(store) == 0);
  /* Refuelled, the store runs again. */
  CHECK(petrel_store_set_fuel(store, 1000) == NULL);
  CHECK(wasm_func_call(count, &a, &r) == NULL && out[0].of.i32 == 10);

  wasm_extern_delete(h1);
  wasm_extern_delete(h2);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);

  /* Without fuel metering, setting fuel fails. */
  wasm_engine_t* plain = wasm_engine_new();
  wasm_store_t* ps = wasm_store_new(plain);
  petrel_error_t* err = petrel_store_set_fuel(ps, 5);
  CHECK(err != NULL);
  petrel_error_delete(err);
  wasm_store_delete(ps);
  wasm_engine_delete(plain);
  wasm_engine_delete(engine);
}

/* ---- Interruption ----------------------------------------------------------- */

struct poke {
  wasm_store_t* store;
  wasm_engine_t* engine;
};

static void* interrupt_later(void* p) {
  struct poke* poke = p;
  sleep_ms(100);
  petrel_store_interrupt(poke->store);
  return NULL;
}

static void* tick_later(void* p) {
  struct poke* poke = p;
  for (int i = 0; i < 5; ++i) {
    sleep_ms(30);
    petrel_engine_increment_epoch(poke->engine);
  }
  return NULL;
}

static void test_interrupt(void) {
  wasm_config_t* config = wasm_config_new();
  petrel_config_epoch_interruption_set(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wat_module(store, loop_wat);
  wasm_instance_t* instance = instantiate_plain(store, module);
  wasm_extern_t* h;
  wasm_func_t* spin = export_func(instance, "spin", &h);
  struct poke poke = {store, engine};

  /* From another thread, while the guest spins. */
  CHECK(!petrel_store_interrupted(store));
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, interrupt_later, &poke) == 0);
  wasm_trap_t* trap = call0(spin);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK(trap && trap_message_contains(trap, "interrupt"));
  wasm_trap_delete(trap);
  CHECK(petrel_store_interrupted(store));

  /* By epoch: the deadline is two ticks away. */
  petrel_store_set_epoch_deadline(store, 2);
  CHECK(pthread_create(&thread, NULL, tick_later, &poke) == 0);
  trap = call0(spin);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK(trap && trap_message_contains(trap, "interrupt"));
  wasm_trap_delete(trap);

  wasm_extern_delete(h);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* ---- Custom page sizes ---------------------------------------------------------- */

/* (module (memory 16 16 (pagesize 1)) (func (export "size") (result i32) memory.size)) */
static const uint8_t small_pages_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03,
    0x02, 0x01, 0x00, 0x05, 0x05, 0x01, 0x09, 0x10, 0x10, 0x00, 0x07, 0x08, 0x01, 0x04, 0x73, 0x69,
    0x7a, 0x65, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x3f, 0x00, 0x0b};

static void test_custom_page_sizes(wasm_engine_t* plain_engine) {
  wasm_byte_vec_t binary = {sizeof small_pages_wasm, (wasm_byte_t*)small_pages_wasm};
  /* Malformed in Wasm 3.0, so refused unless the engine is configured. */
  wasm_store_t* plain = wasm_store_new(plain_engine);
  CHECK(!wasm_module_validate(plain, &binary));
  CHECK(wasm_module_new(plain, &binary) == NULL);
  wasm_store_delete(plain);

  wasm_config_t* config = wasm_config_new();
  petrel_config_custom_page_sizes_set(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK(module != NULL);
  wasm_instance_t* instance = instantiate_plain(store, module);
  wasm_extern_t* h;
  wasm_func_t* size = export_func(instance, "size", &h);
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_EMPTY_VEC, r = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(size, &a, &r) == NULL && out[0].of.i32 == 16); /* 16 pages of 1 byte */
  wasm_extern_delete(h);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* ---- Store limits ------------------------------------------------------------- */

static void test_limits(wasm_engine_t* engine) {
  petrel_store_limits_t limits;
  petrel_store_limits_init(&limits);
  CHECK(limits.max_call_depth > 0 && limits.max_memory_bytes >= 65536);
  limits.max_memory_bytes = 3 * 65536;
  limits.max_table_elements = 10;
  limits.max_call_depth = 50;
  wasm_store_t* store = petrel_store_new_with_limits(engine, &limits);
  wasm_module_t* module = wat_module(store,
      "(module (memory (export \"m\") 1) (table (export \"t\") 1 funcref)\n"
      "  (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))\n"
      "  (func $r (export \"recurse\") (param i32) (result i32)\n"
      "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
      "      (else (i32.add (i32.const 1) (call $r (i32.sub (local.get 0) (i32.const 1))))))))");
  wasm_instance_t* instance = instantiate_plain(store, module);
  wasm_extern_t *h1, *h2, *hm, *ht;
  wasm_func_t* grow = export_func(instance, "grow", &h1);
  wasm_func_t* recurse = export_func(instance, "recurse", &h2);
  hm = petrel_instance_export(instance, "m");
  ht = petrel_instance_export(instance, "t");

  wasm_val_t in[1] = {WASM_I32_VAL(5)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(grow, &a, &r) == NULL && out[0].of.i32 == -1);
  in[0].of.i32 = 2;
  CHECK(wasm_func_call(grow, &a, &r) == NULL && out[0].of.i32 == 1);
  CHECK(!wasm_memory_grow(wasm_extern_as_memory(hm), 1));
  CHECK(wasm_table_grow(wasm_extern_as_table(ht), 9, NULL));
  CHECK(!wasm_table_grow(wasm_extern_as_table(ht), 1, NULL));

  in[0].of.i32 = 20;
  CHECK(wasm_func_call(recurse, &a, &r) == NULL && out[0].of.i32 == 20);
  in[0].of.i32 = 1000;
  wasm_trap_t* trap = wasm_func_call(recurse, &a, &r);
  CHECK(trap && petrel_trap_kind(trap) == PETREL_ERROR_EXHAUSTION);
  wasm_trap_delete(trap);

  /* A memory whose minimum is over the limit cannot be instantiated or made. */
  wasm_module_t* big = wat_module(store, "(module (memory 4))");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  trap = NULL;
  CHECK(wasm_instance_new(store, big, &none, &trap) == NULL && trap != NULL);
  wasm_trap_delete(trap);
  wasm_limits_t ml = {4, wasm_limits_max_default};
  wasm_memorytype_t* mt = wasm_memorytype_new(&ml);
  CHECK(wasm_memory_new(store, mt) == NULL);
  wasm_memorytype_delete(mt);

  wasm_module_delete(big);
  wasm_extern_delete(h1);
  wasm_extern_delete(h2);
  wasm_extern_delete(hm);
  wasm_extern_delete(ht);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

/* ---- Linker ------------------------------------------------------------------ */

struct counter {
  int calls;
  int finalized;
};

static wasm_trap_t* host_twice(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  ((struct counter*)env)->calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 2;
  return NULL;
}

static void finalize_counter(void* env) { ((struct counter*)env)->finalized++; }

static void test_linker(wasm_engine_t* engine) {
  struct counter counter = {0, 0};
  petrel_linker_t* linker = petrel_linker_new(engine);
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  CHECK(petrel_linker_define_func(linker, "host", "twice", ft, host_twice, &counter, finalize_counter) == NULL);
  /* Defining a name twice is an error, unless shadowing is allowed. */
  petrel_error_t* err = petrel_linker_define_func(linker, "host", "twice", ft, host_twice, &counter, NULL);
  CHECK(err != NULL);
  petrel_error_delete(err);
  petrel_linker_allow_shadowing(linker, true);
  CHECK(petrel_linker_define_func(linker, "host", "twice", ft, host_twice, &counter, finalize_counter) == NULL);
  CHECK(counter.finalized == 1); /* the shadowed definition is gone */
  petrel_linker_allow_shadowing(linker, false);
  wasm_functype_delete(ft);

  /* A library instance defined by name, and a global of one store. */
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* lib = wat_module(store,
      "(module (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))");
  wasm_instance_t* lib_instance = NULL;
  wasm_trap_t* trap = NULL;
  CHECK(petrel_linker_instantiate(linker, store, lib, &lib_instance, &trap) == NULL && lib_instance);
  CHECK(petrel_linker_define_instance(linker, "lib", lib_instance) == NULL);
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t gv = WASM_I32_VAL(100);
  wasm_global_t* g = wasm_global_new(store, gt, &gv);
  wasm_globaltype_delete(gt);
  CHECK(petrel_linker_define(linker, "env", "base", wasm_global_as_extern(g)) == NULL);

  const char* app_wat =
      "(module\n"
      "  (import \"host\" \"twice\" (func $twice (param i32) (result i32)))\n"
      "  (import \"lib\" \"add\" (func $add (param i32 i32) (result i32)))\n"
      "  (import \"env\" \"base\" (global $base i32))\n"
      "  (func (export \"run\") (param i32) (result i32)\n"
      "    (call $add (call $twice (local.get 0)) (global.get $base))))\n";
  wasm_module_t* app = wat_module(store, app_wat);
  wasm_instance_t* instance = NULL;
  CHECK(petrel_linker_instantiate(linker, store, app, &instance, &trap) == NULL && instance && !trap);
  wasm_extern_t* h;
  wasm_func_t* run = export_func(instance, "run", &h);
  wasm_val_t in[1] = {WASM_I32_VAL(21)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_ARRAY_VEC(in), r = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(run, &a, &r) == NULL && out[0].of.i32 == 142 && counter.calls == 1);

  /* A missing import is a link error naming it. */
  const char* missing_wat = "(module (import \"nowhere\" \"thing\" (func)))";
  wasm_module_t* missing = wat_module(store, missing_wat);
  wasm_instance_t* none = NULL;
  err = petrel_linker_instantiate(linker, store, missing, &none, &trap);
  CHECK(err && !none && !trap && petrel_error_kind(err) == PETREL_ERROR_UNLINKABLE);
  wasm_message_t msg;
  petrel_error_message(err, &msg);
  CHECK(strstr(msg.data, "thing") != NULL);
  wasm_byte_vec_delete(&msg);
  petrel_error_delete(err);

  /* A start function that traps gives a trap, not an error. */
  wasm_module_t* trapping = wat_module(store, "(module (func $s unreachable) (start $s))");
  CHECK(petrel_linker_instantiate(linker, store, trapping, &none, &trap) == NULL);
  CHECK(!none && trap && trap_message_contains(trap, "unreachable"));
  wasm_trap_delete(trap);

  /* The linker's host function in a second store. */
  wasm_store_t* store2 = wasm_store_new(engine);
  petrel_linker_t* linker2 = petrel_linker_new(engine);
  struct counter c2 = {0, 0};
  ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  CHECK(petrel_linker_define_func(linker2, "host", "twice", ft, host_twice, &c2, finalize_counter) == NULL);
  wasm_functype_delete(ft);
  wasm_module_t* only = wat_module(store2,
      "(module (import \"host\" \"twice\" (func $t (param i32) (result i32)))\n"
      "  (func (export \"run\") (param i32) (result i32) (call $t (local.get 0))))");
  wasm_instance_t* i2 = NULL;
  CHECK(petrel_linker_instantiate(linker2, store2, only, &i2, &trap) == NULL && i2);
  wasm_extern_t* h2;
  wasm_func_t* run2 = export_func(i2, "run", &h2);
  petrel_linker_delete(linker2); /* the store's copy of the function lives on */
  CHECK(c2.finalized == 0);
  CHECK(wasm_func_call(run2, &a, &r) == NULL && out[0].of.i32 == 42 && c2.calls == 1);
  wasm_extern_delete(h2);
  wasm_instance_delete(i2);
  wasm_module_delete(only);
  wasm_store_delete(store2);
  CHECK(c2.finalized == 1);

  wasm_module_delete(trapping);
  wasm_module_delete(missing);
  wasm_extern_delete(h);
  wasm_instance_delete(instance);
  wasm_module_delete(app);
  wasm_global_delete(g);
  wasm_instance_delete(lib_instance);
  wasm_module_delete(lib);
  petrel_linker_delete(linker);
  wasm_store_delete(store);
  CHECK(counter.finalized == 2 && counter.calls == 1);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  test_wasi(engine);
  test_fuel();
  test_interrupt();
  test_limits(engine);
  test_custom_page_sizes(engine);
  test_linker(engine);
  wasm_engine_delete(engine);
  return 0;
}
