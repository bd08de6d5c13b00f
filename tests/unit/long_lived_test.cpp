// A long-lived host loads and drops modules, stores and instances for as long
// as it runs; none of that may leave anything behind in process-global state
// (the type registry) or in the heap. These tests run 100k of each and check
// that the registry returns to where it started and that RSS stays flat.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "runtime/store.h"
#include "text/wat_parser.h"
#include "validate/type_registry.h"
#include "wat_compile.h"

namespace petrel::internal {
namespace {

constexpr int kIterations = 100'000;
constexpr int kWarmup = 3'000;
// Allocator noise (glibc keeps freed blocks and trims lazily) stays well
// below this; a leak of even one small block per iteration would not.
constexpr long kMaxGrowthBytes = 4l << 20;

// Resident set size in bytes, or -1 where /proc is not there.
long residentBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return -1;
  long size = 0, resident = 0;
  int n = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  return n == 2 ? resident * sysconf(_SC_PAGESIZE) : -1;
}

// Bit k of `n` picks i32 or i64 for the k-th of 17 params (and struct
// fields), so every iteration below 2^17 has types of its own.
constexpr int kTypeBits = 17;
std::string typeFor(int n, int k) { return (n >> k) & 1 ? "i64" : "i32"; }

// A module with its own func type $sig, a GC struct type naming it (another
// rec group that depends on the first), a memory, a table and a
// call_indirect through $sig. "run" returns n + 7.
std::string moduleText(int n) {
  std::string params, fields, args;
  for (int k = 0; k < kTypeBits; ++k) {
    params += " " + typeFor(n, k);
    fields += " (field " + typeFor(n, k) + ")";
    args += " (" + typeFor(n, k) + ".const " + std::to_string(k) + ")";
  }
  return "(module\n"
         "  (type $sig (func (param" + params + ") (result i32)))\n"
         "  (type $s (struct (field (ref null $sig))" + fields + "))\n"
         "  (memory 1)\n"
         "  (table 1 funcref)\n"
         "  (func $f (type $sig) (i32.load (i32.const 16)))\n"
         "  (elem (i32.const 0) $f)\n"
         "  (func (export \"run\") (result i32)\n"
         "    (i32.store (i32.const 16) (i32.const " + std::to_string(n) + "))\n"
         "    (i32.add (call_indirect (type $sig)" + args + " (i32.const 0)) (i32.const 7))))\n";
}


double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(LongLived, CompilingAndDroppingModulesReturnsEverything) {
  TypeRegistry& reg = TypeRegistry::global();
  const size_t groups_at_start = reg.liveGroupCount();
  const uint32_t id_limit_at_start = reg.idLimit();
  long rss_after_warmup = -1;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kIterations; ++i) {
    if (i == kWarmup) rss_after_warmup = residentBytes();
    std::shared_ptr<const CompiledModule> module = compileText(moduleText(i));
    ASSERT_TRUE(module);
    Store store;
    Result<Instance*> inst = store.instantiate(module, {});
    ASSERT_TRUE(inst.ok()) << inst.error().describe();
    auto r = store.call(inst.value()->exportByName("run")->func(), {});
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ASSERT_EQ(r.value()[0].asI32(), static_cast<uint32_t>(i + 7));
    if (i == 0) {
      EXPECT_GE(reg.liveGroupCount(), groups_at_start + 2);
    }
  }
  long rss_at_end = residentBytes();
  std::printf("  %d modules in %.1f s; RSS %ld KiB after warm-up, %ld KiB at the end; type ids used: %u\n",
              kIterations, secondsSince(start), rss_after_warmup >> 10, rss_at_end >> 10,
              reg.idLimit() - id_limit_at_start);
  EXPECT_EQ(reg.liveGroupCount(), groups_at_start);
  // Freed ids are reused, so the id table did not grow with the iterations.
  EXPECT_LT(reg.idLimit(), id_limit_at_start + 64);
  if (rss_after_warmup < 0 || rss_at_end < 0) GTEST_SKIP() << "no /proc/self/statm here";
  EXPECT_LT(rss_at_end - rss_after_warmup, kMaxGrowthBytes);
}

Status addOne(void*, HostCallContext&, const Slot* args, Slot* results) {
  uint32_t v = args[0].i32 + 1;  // args and results may share slots
  results[0].bits = 0;
  results[0].i32 = v;
  return {};
}

TEST(LongLived, CreatingAndDroppingStoresReturnsEverything) {
  TypeRegistry& reg = TypeRegistry::global();
  std::shared_ptr<const CompiledModule> module = compileText(R"((module
    (import "host" "add_one" (func $add_one (param i32) (result i32)))
    (memory 1)
    (global $count (mut i32) (i32.const 0))
    (func (export "run") (param i32) (result i32)
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (i32.store (i32.const 100) (call $add_one (local.get 0)))
      (i32.add (i32.load (i32.const 100)) (global.get $count)))))");
  ASSERT_TRUE(module);
  const size_t groups_at_start = reg.liveGroupCount();
  long rss_after_warmup = -1;
  auto start = std::chrono::steady_clock::now();
  FuncType add_one_type;
  add_one_type.params = {ValType::i32()};
  add_one_type.results = {ValType::i32()};
  for (int i = 0; i < kIterations; ++i) {
    if (i == kWarmup) rss_after_warmup = residentBytes();
    Store store;
    FunctionInstance* host = store.createHostFunction(add_one_type, addOne, nullptr);
    // A host function of a type no module has, so the store's own
    // reference is the only one (freed with the store).
    FuncType own;
    for (int k = 0; k < kTypeBits; ++k) own.params.push_back((i >> k) & 1 ? ValType::f64() : ValType::f32());
    own.results = {ValType::i32()};
    store.createHostFunction(own, addOne, nullptr);
    Result<Instance*> inst = store.instantiate(module, {Extern{ExternKind::Func, host}});
    ASSERT_TRUE(inst.ok()) << inst.error().describe();
    auto r = store.call(inst.value()->exportByName("run")->func(), {Value::i32(static_cast<uint32_t>(i))});
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ASSERT_EQ(r.value()[0].asI32(), static_cast<uint32_t>(i + 2));
  }
  long rss_at_end = residentBytes();
  std::printf("  %d stores+instances in %.1f s; RSS %ld KiB after warm-up, %ld KiB at the end\n", kIterations,
              secondsSince(start), rss_after_warmup >> 10, rss_at_end >> 10);
  EXPECT_EQ(reg.liveGroupCount(), groups_at_start);
  if (rss_after_warmup < 0 || rss_at_end < 0) GTEST_SKIP() << "no /proc/self/statm here";
  EXPECT_LT(rss_at_end - rss_after_warmup, kMaxGrowthBytes);
}

}  // namespace
}  // namespace petrel::internal
