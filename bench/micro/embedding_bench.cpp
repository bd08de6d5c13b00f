// Micro-benchmarks of the embedding API (Google Benchmark): compiling and
// instantiating a small and a large module, calling into wasm from the
// host, and calling a host function from wasm. Run BUILD/petrel_microbench.
#include <benchmark/benchmark.h>

#include <string>

#include "runtime/store.h"
#include "text/wat_parser.h"

namespace petrel::internal {
namespace {

std::vector<uint8_t> encode(const std::string& wat) {
  auto bin = watToBinary(wat);
  if (!bin) std::abort();
  return bin.value();
}

const char* kSmall = R"((module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "nop"))
  (data (i32.const 16) "hello"))
)";

// 2000 functions of a few instructions each, a table and 64 KiB of data.
std::string largeModule() {
  std::string wat = "(module (memory 2) (table 2000 funcref)";
  for (int i = 0; i < 2000; ++i)
    wat += " (func $f" + std::to_string(i) + " (param i32) (result i32) (i32.add (local.get 0) (i32.const " +
           std::to_string(i) + ")))";
  wat += " (elem (i32.const 0) func";
  for (int i = 0; i < 2000; ++i) wat += " $f" + std::to_string(i);
  wat += ") (data (i32.const 0) \"" + std::string(65536, 'x') + "\"))";
  return wat;
}

void compileAndCheck(benchmark::State& state, const std::vector<uint8_t>& bytes) {
  for (auto _ : state) {
    auto compiled = compileModule(bytes.data(), bytes.size());
    if (!compiled) state.SkipWithError(compiled.error().message.c_str());
    benchmark::DoNotOptimize(compiled);
  }
  state.counters["wasm_bytes"] = static_cast<double>(bytes.size());
}

void BM_CompileSmall(benchmark::State& state) { compileAndCheck(state, encode(kSmall)); }
void BM_CompileLarge(benchmark::State& state) { compileAndCheck(state, encode(largeModule())); }

// A fresh store per iteration, as a serverless host would do per request.
void instantiateAndCheck(benchmark::State& state, const std::vector<uint8_t>& bytes) {
  auto compiled = compileModule(bytes.data(), bytes.size());
  if (!compiled) std::abort();
  for (auto _ : state) {
    Store store;
    auto inst = store.instantiate(compiled.value(), {});
    if (!inst) state.SkipWithError(inst.error().message.c_str());
    benchmark::DoNotOptimize(inst);
  }
}

void BM_InstantiateSmall(benchmark::State& state) { instantiateAndCheck(state, encode(kSmall)); }
void BM_InstantiateLarge(benchmark::State& state) { instantiateAndCheck(state, encode(largeModule())); }

void BM_CallIntoWasm(benchmark::State& state) {
  auto bytes = encode(kSmall);
  auto compiled = compileModule(bytes.data(), bytes.size());
  Store store;
  Instance* inst = store.instantiate(compiled.value(), {}).value();
  FunctionInstance* nop = inst->exportByName("nop")->func();
  for (auto _ : state) {
    auto r = store.call(nop, {});
    benchmark::DoNotOptimize(r);
  }
}

Status addOne(void*, HostCallContext&, const Slot* args, Slot* results) {
  results[0].i64 = args[0].i32 + 1u;
  return Status::success();
}

// Cost of one wasm -> host call, measured inside a wasm loop of 1000 calls.
void BM_HostCall(benchmark::State& state) {
  auto bytes = encode(R"((module
    (import "env" "add1" (func $add1 (param i32) (result i32)))
    (func (export "loop") (param i32) (result i32) (local i32)
      (loop (local.set 1 (call $add1 (local.get 1)))
            (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
      (local.get 1))))");
  auto compiled = compileModule(bytes.data(), bytes.size());
  Store store;
  FunctionInstance* host = store.createHostFunction(FuncType{{ValType::i32()}, {ValType::i32()}}, addOne, nullptr);
  Instance* inst = store.instantiate(compiled.value(), {Extern{ExternKind::Func, host}}).value();
  FunctionInstance* loop = inst->exportByName("loop")->func();
  for (auto _ : state) {
    auto r = store.call(loop, {Value::i32(1000)});
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

BENCHMARK(BM_CompileSmall);
BENCHMARK(BM_CompileLarge)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InstantiateSmall);
BENCHMARK(BM_InstantiateLarge)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CallIntoWasm);
BENCHMARK(BM_HostCall);

}  // namespace
}  // namespace petrel::internal

BENCHMARK_MAIN();
