// Many threads at once: one compiled module shared by every thread with a
// store each (the supported way to run in parallel), and threads compiling
// and dropping modules whose types overlap, so the type registry interns
// and frees the same groups concurrently. Also built on its own as
// petrel_concurrency_tests, which scripts/test.sh runs under ThreadSanitizer.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runtime/store.h"
#include "text/wat_parser.h"
#include "validate/type_registry.h"
#include "wat_compile.h"

namespace petrel::internal {
namespace {

constexpr int kThreads = 8;


// A compute loop that writes memory and calls through a table (add or sub,
// alternating), then hands its result and a memory word to the host.
const char* kSharedModule = R"((module
  (import "host" "mix" (func $mix (param i32 i32) (result i32)))
  (type $bin (func (param i32 i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $add $sub)
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func (export "compute") (param $n i32) (param $seed i32) (result i32)
    (local $i i32) (local $acc i32)
    (local.set $acc (local.get $seed))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xfffc)) (local.get $acc))
        (local.set $acc
          (i32.mul
            (call_indirect (type $bin) (local.get $acc) (local.get $i) (i32.and (local.get $i) (i32.const 1)))
            (i32.const 31)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $mix (local.get $acc) (i32.load (i32.const 4))))))";

// The same computation in C++.
uint32_t expectedCompute(uint32_t n, uint32_t seed) {
  uint32_t acc = seed, word1 = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (((i << 2) & 0xfffc) == 4) word1 = acc;
    acc = ((i & 1) ? acc - i : acc + i) * 31;
  }
  if (n <= 1) word1 = 0;
  return (acc ^ word1) + 1;
}

// env: the calling thread's counter of host calls.
Status mix(void* env, HostCallContext&, const Slot* args, Slot* results) {
  ++*static_cast<uint32_t*>(env);
  uint32_t v = (args[0].i32 ^ args[1].i32) + 1;
  results[0].bits = 0;
  results[0].i32 = v;
  return {};
}

TEST(Concurrency, OneModuleManyThreadsOneStoreEach) {
  constexpr int kInstancesPerThread = 200;
  // Whichever thread comes first compiles; the others share its module.
  std::once_flag compiled_once;
  std::shared_ptr<const CompiledModule> shared;
  std::atomic<int> failures{0};
  auto worker = [&](int t) {
    std::call_once(compiled_once, [&] { shared = compileText(kSharedModule); });
    if (!shared) {
      ++failures;
      return;
    }
    FuncType mix_type;
    mix_type.params = {ValType::i32(), ValType::i32()};
    mix_type.results = {ValType::i32()};
    uint32_t host_calls = 0;
    for (int k = 0; k < kInstancesPerThread; ++k) {
      Store store;
      FunctionInstance* host = store.createHostFunction(mix_type, mix, &host_calls);
      Result<Instance*> inst = store.instantiate(shared, {Extern{ExternKind::Func, host}});
      if (!inst) {
        ++failures;
        return;
      }
      FunctionInstance* compute = inst.value()->exportByName("compute")->func();
      for (uint32_t n : {0u, 1u, 57u, 1000u}) {
        uint32_t seed = static_cast<uint32_t>(t * 1000 + k);
        auto r = store.call(compute, {Value::i32(n), Value::i32(seed)});
        if (!r || r.value()[0].asI32() != expectedCompute(n, seed)) ++failures;
      }
    }
    if (host_calls != kInstancesPerThread * 4) ++failures;
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

// $super and $sub have params chosen by `shape`, so modules of different
// threads with the same shape share (and race to intern and free) groups;
// call_indirect through $super to a $sub function walks the subtype chain.
std::string registryModule(int shape, int result) {
  std::string params, args;
  for (int k = 0; k < 6; ++k) {
    const char* t = (shape >> k) & 1 ? "i64" : "i32";
    params += std::string(" ") + t;
    args += std::string(" (") + t + ".const " + std::to_string(k) + ")";
  }
  return "(module\n"
         "  (type $super (sub (func (param" + params + ") (result i32))))\n"
         "  (type $sub (sub $super (func (param" + params + ") (result i32))))\n"
         "  (type $s (struct (field (ref null $sub)) (field i32)))\n"
         "  (table 1 funcref)\n"
         "  (func $f (type $sub) (i32.const " + std::to_string(result) + "))\n"
         "  (elem (i32.const 0) $f)\n"
         "  (func (export \"run\") (result i32) (call_indirect (type $super)" + args + " (i32.const 0))))\n";
}

TEST(Concurrency, ThreadsCompilingAndDroppingModulesShareTheRegistry) {
  constexpr int kModulesPerThread = 150;
  TypeRegistry& reg = TypeRegistry::global();
  const size_t groups_at_start = reg.liveGroupCount();
  std::atomic<int> failures{0};
  auto worker = [&](int t) {
    for (int k = 0; k < kModulesPerThread; ++k) {
      int shape = (k + t) % 64;
      std::shared_ptr<const CompiledModule> module = compileText(registryModule(shape, t * 10000 + k));
      if (!module) {
        ++failures;
        continue;
      }
      Store store;
      Result<Instance*> inst = store.instantiate(module, {});
      if (!inst) {
        ++failures;
        continue;
      }
      auto r = store.call(inst.value()->exportByName("run")->func(), {});
      if (!r || r.value()[0].asI32() != static_cast<uint32_t>(t * 10000 + k)) ++failures;
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(reg.liveGroupCount(), groups_at_start);
}

}  // namespace
}  // namespace petrel::internal
