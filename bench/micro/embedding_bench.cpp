// Micro-benchmarks of the public C++ embedding API (Google Benchmark):
// compiling and instantiating a small and a large module, calling into wasm
// from the host (typed and with Values), and calling a host function from
// wasm (typed lambda and the Value form). Run BUILD/petrel_microbench.
#include <benchmark/benchmark.h>

#include <petrel/petrel.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace {

using namespace petrel;

const char* kSmall = R"((module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "nop"))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
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

// Binary bytes, so that compile benchmarks measure decoding, not the text parser.
std::vector<uint8_t> binary(const Engine& engine, const std::string& wat) {
  auto m = Module::fromText(engine, wat);
  if (!m) std::abort();
  return m->serialize();
}

Module compile(const Engine& engine, const std::string& wat) {
  auto m = Module::fromText(engine, wat);
  if (!m) std::abort();
  return *m;
}

void compileAndCheck(benchmark::State& state, const std::string& wat) {
  Engine engine;
  std::vector<uint8_t> serialized = binary(engine, wat);
  std::span<const uint8_t> bytes = std::span<const uint8_t>(serialized).subspan(8);  // past the header
  for (auto _ : state) {
    auto m = Module::compile(engine, bytes);
    if (!m) state.SkipWithError(m.error().message.c_str());
    benchmark::DoNotOptimize(m);
  }
  state.counters["wasm_bytes"] = static_cast<double>(bytes.size());
}

void BM_CompileSmall(benchmark::State& state) { compileAndCheck(state, kSmall); }
void BM_CompileLarge(benchmark::State& state) { compileAndCheck(state, largeModule()); }

// A fresh store per iteration, as a serverless host would do per request.
void instantiateAndCheck(benchmark::State& state, const std::string& wat) {
  Engine engine;
  Module module = compile(engine, wat);
  for (auto _ : state) {
    Store store(engine);
    auto inst = Instance::create(store, module, {});
    if (!inst) state.SkipWithError(inst.error().message.c_str());
    benchmark::DoNotOptimize(inst);
  }
}

void BM_InstantiateSmall(benchmark::State& state) { instantiateAndCheck(state, kSmall); }
void BM_InstantiateLarge(benchmark::State& state) { instantiateAndCheck(state, largeModule()); }

// Host -> wasm: a typed call (checked once, no allocation per call).
void BM_CallIntoWasmTyped(benchmark::State& state) {
  Engine engine;
  Module module = compile(engine, kSmall);
  Store store(engine);
  Instance inst = *Instance::create(store, module, {});
  auto add = *inst.func<int32_t(int32_t, int32_t)>("add");
  int32_t x = 0;
  for (auto _ : state) {
    auto r = add(x, 1);
    x = *r;
    benchmark::DoNotOptimize(x);
  }
}

// Host -> wasm with Values (arguments checked per call, results in a vector).
void BM_CallIntoWasmValues(benchmark::State& state) {
  Engine engine;
  Module module = compile(engine, kSmall);
  Store store(engine);
  Instance inst = *Instance::create(store, module, {});
  Func add = *inst.func("add");
  for (auto _ : state) {
    auto r = add.call({Value::i32(1), Value::i32(2)});
    benchmark::DoNotOptimize(r);
  }
}

const char* kHostLoop = R"((module
    (import "env" "add1" (func $add1 (param i32) (result i32)))
    (func (export "loop") (param i32) (result i32) (local i32)
      (loop (local.set 1 (call $add1 (local.get 1)))
            (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
      (local.get 1))))";

// Wasm -> host: one call costs this benchmark's time / 1000 (items/s).
void hostCalls(benchmark::State& state, Linker& linker, const Engine& engine) {
  Module module = compile(engine, kHostLoop);
  Store store(engine);
  auto inst = linker.instantiate(store, module);
  if (!inst) std::abort();
  auto loop = *inst->func<int32_t(int32_t)>("loop");
  for (auto _ : state) {
    auto r = loop(1000);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

void BM_HostCallTyped(benchmark::State& state) {
  Engine engine;
  Linker linker(engine);
  (void)linker.func("env", "add1", [](int32_t x) { return x + 1; });
  hostCalls(state, linker, engine);
}

void BM_HostCallValues(benchmark::State& state) {
  Engine engine;
  Linker linker(engine);
  (void)linker.funcNew("env", "add1", FuncType{{ValType::i32()}, {ValType::i32()}},
                       [](Caller&, std::span<const Value> args, std::span<Value> results) {
                         results[0] = Value::i32(args[0].i32() + 1);
                         return Status::success();
                       });
  hostCalls(state, linker, engine);
}

// A small WASI command shaped like clang's output for a trivial C program:
// two pages of memory, a stack pointer global, a data segment, the usual
// imports; `_start` pushes a frame, writes to the stack and the data, pops.
const char* kWasiCommand = R"((module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 2)
  (global $sp (mut i32) (i32.const 66576))
  (table 2 2 funcref)
  (elem (i32.const 1) $main)
  (func $main (result i32)
    (i32.store (i32.const 1024) (i32.add (i32.load (i32.const 1024)) (i32.const 1)))
    (i32.const 0))
  (func (export "_start")
    (local $frame i32)
    (local.set $frame (i32.sub (global.get $sp) (i32.const 16)))
    (global.set $sp (local.get $frame))
    (i32.store (local.get $frame) (i32.const 42))
    (if (call_indirect (result i32) (i32.const 1)) (then (call $proc_exit (i32.const 1))))
    (global.set $sp (i32.add (local.get $frame) (i32.const 16))))
  (data (i32.const 1024) "\01\00\00\00hello, world\n"))
)";

long minorFaults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

// A serverless request: a fresh store, instantiate the prepared module
// (WASI linked), run `_start`, drop the store (the memory goes back to the
// pool). Argument: Config::pooling.keep_resident_bytes (-1: no pooling, the
// plain Linker::instantiate path for comparison).
void BM_InstancePreWasiStart(benchmark::State& state) {
  Config config;
  config.pooling.enabled = state.range(0) >= 0;
  if (state.range(0) >= 0) config.pooling.keep_resident_bytes = static_cast<uint64_t>(state.range(0));
  Engine engine(config);
  Module module = compile(engine, kWasiCommand);
  Linker linker(engine);
  (void)linker.defineWasi();
  auto pre = linker.instantiatePre(module);
  if (!pre) std::abort();
  bool pooled = config.pooling.enabled;
  auto run = [&] {
    Store store(engine);
    auto inst = pooled ? pre->instantiate(store) : linker.instantiate(store, module);
    if (!inst) return false;
    auto start = inst->func("_start");
    if (!start) return false;
    auto r = start->call({});
    return r.ok();
  };
  if (!run()) state.SkipWithError("instantiation or _start failed");
  long faults_before = minorFaults();
  for (auto _ : state) benchmark::DoNotOptimize(run());
  state.counters["faults_per_instance"] =
      benchmark::Counter(static_cast<double>(minorFaults() - faults_before) / static_cast<double>(state.iterations()));
}

// The grow bomb of issue 8: grow a 32-bit memory one page at a time to
// 4 GiB, write three pages, report resident memory.
const char* kGrowBomb = R"((module
  (memory 1)
  (func (export "bomb") (result i32)
    (loop (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (i32.store (i32.const 0) (i32.const 1))
    (i32.store (i32.const 0x7fff0000) (i32.const 1))
    (i32.store (i32.const 0xfffffff0) (i32.const 1))
    (memory.size)))
)";

long residentKiB() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return -1;
  long size = 0, resident = 0;
  if (std::fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
  std::fclose(f);
  return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

void BM_GrowBomb4GiB(benchmark::State& state) {
  Engine engine;
  Module module = compile(engine, kGrowBomb);
  long rss_growth = 0;
  for (auto _ : state) {
    StoreLimits limits;
    limits.max_memory_bytes = uint64_t{1} << 32;
    limits.max_instance_memory_bytes = uint64_t{1} << 32;
    Store store(engine, limits);
    auto inst = Instance::create(store, module, {});
    if (!inst) std::abort();
    auto bomb = *inst->func<int32_t()>("bomb");
    long before = residentKiB();
    auto pages = bomb();
    rss_growth = residentKiB() - before;
    if (!pages || *pages != 65536) state.SkipWithError("did not reach 4 GiB");
  }
  state.counters["rss_growth_KiB"] = static_cast<double>(rss_growth);
}

BENCHMARK(BM_CompileSmall);
BENCHMARK(BM_CompileLarge)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InstantiateSmall);
BENCHMARK(BM_InstantiateLarge)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CallIntoWasmTyped);
BENCHMARK(BM_CallIntoWasmValues);
BENCHMARK(BM_HostCallTyped);
BENCHMARK(BM_HostCallValues);
BENCHMARK(BM_InstancePreWasiStart)->Arg(-1)->Arg(0)->Arg(64 << 10)->Arg(1 << 20);
BENCHMARK(BM_GrowBomb4GiB)->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK_MAIN();
