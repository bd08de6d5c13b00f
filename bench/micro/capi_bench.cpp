// Call costs through the standard C API (wasm.h), to set beside the C++
// API's (embedding_bench.cpp): host -> wasm with wasm_func_call, and
// wasm -> host through a wasm_func_new callback. Run BUILD/petrel_capi_microbench.
#include <benchmark/benchmark.h>

#include <petrel.h>
#include <wasm.h>

#include <cstdlib>
#include <cstring>

namespace {

const char* kModule = R"((module
  (import "env" "add1" (func $add1 (param i32) (result i32)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "loop") (param i32) (result i32) (local i32)
    (loop (local.set 1 (call $add1 (local.get 1)))
          (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1))))";

wasm_trap_t* addOne(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return nullptr;
}

// Engine, store, module and instance for one benchmark; exports 0 = add, 1 = loop.
struct Fixture {
  Fixture() {
    engine = wasm_engine_new();
    store = wasm_store_new(engine);
    if (petrel_error_t* e = petrel_module_new_from_text(store, kModule, std::strlen(kModule), &module)) {
      petrel_error_delete(e);
      std::abort();
    }
    wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    host = wasm_func_new(store, type, addOne);
    wasm_functype_delete(type);
    wasm_extern_t* externs[] = {wasm_func_as_extern(host)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    instance = wasm_instance_new(store, module, &imports, nullptr);
    if (!instance) std::abort();
    wasm_instance_exports(instance, &exports);
  }
  ~Fixture() {
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(host);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
  const wasm_func_t* exportFunc(size_t i) const { return wasm_extern_as_func_const(exports.data[i]); }

  wasm_engine_t* engine;
  wasm_store_t* store;
  wasm_module_t* module = nullptr;
  wasm_func_t* host;
  wasm_instance_t* instance;
  wasm_extern_vec_t exports;
};

void BM_CApiCallIntoWasm(benchmark::State& state) {
  Fixture f;
  const wasm_func_t* add = f.exportFunc(0);
  wasm_val_t arg_values[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)};
  wasm_val_t result_values[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_values);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_values);
  for (auto _ : state) {
    wasm_trap_t* trap = wasm_func_call(add, &args, &results);
    if (trap) std::abort();
    benchmark::DoNotOptimize(result_values[0].of.i32);
  }
}

// One wasm -> host call costs this benchmark's time / 1000 (items/s).
void BM_CApiHostCall(benchmark::State& state) {
  Fixture f;
  const wasm_func_t* loop = f.exportFunc(1);
  wasm_val_t arg_values[1] = {WASM_I32_VAL(1000)};
  wasm_val_t result_values[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_values);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_values);
  for (auto _ : state) {
    wasm_trap_t* trap = wasm_func_call(loop, &args, &results);
    if (trap) std::abort();
    benchmark::DoNotOptimize(result_values[0].of.i32);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

BENCHMARK(BM_CApiCallIntoWasm);
BENCHMARK(BM_CApiHostCall);

}  // namespace

BENCHMARK_MAIN();
