// Hard limits: fuel, interruption, memory and table budgets, stack depth.
// Each test runs a guest into a limit, checks how it stopped, and then checks
// that the same process (a fresh store, and the same store once reset) still
// runs a normal guest.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "platform/allocator.h"
#include "runtime/store.h"
#include "text/wat_parser.h"

namespace petrel::internal {
namespace {

std::shared_ptr<const CompiledModule> compileWat(const std::string& wat, CompileOptions options = {}) {
  Result<std::vector<uint8_t>> bin = watToBinary(wat);
  EXPECT_TRUE(bin.ok()) << bin.error().describe();
  if (!bin) return nullptr;
  auto compiled = compileModule(bin->data(), bin->size(), options);
  EXPECT_TRUE(compiled.ok()) << compiled.error().describe();
  return compiled ? compiled.value() : nullptr;
}

Instance* instantiate(Store& store, const std::shared_ptr<const CompiledModule>& m,
                      const std::vector<Extern>& imports = {}) {
  if (!m) return nullptr;
  auto inst = store.instantiate(m, imports);
  EXPECT_TRUE(inst.ok()) << inst.error().describe();
  return inst ? inst.value() : nullptr;
}

Result<std::vector<Value>> call(Store& store, Instance* inst, const char* name, std::vector<Value> args = {}) {
  return store.call(inst->exportByName(name)->func(), args);
}

uint32_t callI32(Store& store, Instance* inst, const char* name, std::vector<Value> args = {}) {
  auto r = call(store, inst, name, std::move(args));
  EXPECT_TRUE(r.ok()) << r.error().describe();
  return r && !r->empty() ? (*r)[0].asI32() : 0xdeadbeef;
}

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// A normal guest, run after each limit test.
constexpr const char* kNormalGuest = R"((module
  (func (export "sum") (param i32) (result i32) (local i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1))))";

void expectNormalGuestRuns(Store& store, CompileOptions options = {}) {
  Instance* inst = instantiate(store, compileWat(kNormalGuest, options));
  ASSERT_TRUE(inst);
  EXPECT_EQ(callI32(store, inst, "sum", {Value::i32(100)}), 5050u);
}

void expectFreshStoreRunsNormalGuest() {
  Store fresh;
  expectNormalGuestRuns(fresh);
}

// ---- Fuel ----

CompileOptions metered() {
  CompileOptions o;
  o.fuel_metering = true;
  return o;
}

// Per iteration: global.get, i32.const, i32.add, global.set, br = 5 wasm
// instructions, all one block. Function entry: `loop` = 1.
constexpr const char* kCountingSpin = R"((module
  (global $n (export "n") (mut i32) (i32.const 0))
  (func (export "spin")
    (loop (global.set $n (i32.add (global.get $n) (i32.const 1))) (br 0)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))))";

TEST(Fuel, InfiniteLoopStopsWithinOneBlockOfTheBudget) {
  Store store;
  Instance* inst = instantiate(store, compileWat(kCountingSpin, metered()));
  ASSERT_TRUE(inst);
  constexpr uint64_t kBudget = 100'003;
  store.setFuel(kBudget);
  auto r = call(store, inst, "spin");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion);
  EXPECT_TRUE(contains(r.error().message, "all fuel consumed")) << r.error().message;
  EXPECT_FALSE(r.error().backtrace.empty());
  // 1 + 5 * 20000 = 100001 fit; the next iteration (5) does not fit in 2.
  EXPECT_EQ(store.fuelConsumed(), 100'001u);
  EXPECT_EQ(store.fuel(), 2u);
  EXPECT_LE(store.fuelConsumed(), kBudget);
  EXPECT_GE(store.fuelConsumed(), kBudget - 5);
  // What was charged is what ran: exactly 20000 iterations.
  GlobalInstance* n = inst->exportByName("n")->global();
  EXPECT_EQ(n->value.i32, 20'000u);

  // The same store, refuelled, runs normal code; consumption keeps counting.
  store.setFuel(1000);
  EXPECT_EQ(callI32(store, inst, "add", {Value::i32(2), Value::i32(3)}), 5u);
  EXPECT_EQ(store.fuelConsumed(), 100'001u + 4);  // local.get, local.get, i32.add, end
  store.setFuel(100'000);
  expectNormalGuestRuns(store, metered());
  expectFreshStoreRunsNormalGuest();
}

TEST(Fuel, ConditionalBranchesAndCallsChargeOnlyWhatRuns) {
  Store store;
  Instance* inst = instantiate(store, compileWat(R"((module
    (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func (export "f") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (call $leaf (i32.const 10)) (i32.const 100) (i32.add))
        (else (i32.const 7))))
    (func (export "skip") (param i32) (result i32)
      (block (br_if 0 (local.get 0)) (nop) (nop) (nop) (nop))
      (i32.const 1))))",
                                                 metered()));
  ASSERT_TRUE(inst);
  store.setFuel(1'000);
  uint64_t before = store.fuelConsumed();
  // f(1): local.get, if, i32.const, call, [leaf: local.get, i32.const,
  // i32.add, end], i32.const, i32.add, else, end(func) = 12
  EXPECT_EQ(callI32(store, inst, "f", {Value::i32(1)}), 111u);
  EXPECT_EQ(store.fuelConsumed() - before, 12u);
  before = store.fuelConsumed();
  // f(0): local.get, if, i32.const, end(if), end(func) = 5 (`else` is the
  // then-arm's last instruction)
  EXPECT_EQ(callI32(store, inst, "f", {Value::i32(0)}), 7u);
  EXPECT_EQ(store.fuelConsumed() - before, 5u);
  before = store.fuelConsumed();
  // skip(1): block, local.get, br_if, i32.const, end(func) = 5 (the nops are skipped)
  EXPECT_EQ(callI32(store, inst, "skip", {Value::i32(1)}), 1u);
  EXPECT_EQ(store.fuelConsumed() - before, 5u);
  before = store.fuelConsumed();
  // skip(0): + 4 nops + end(block) = 10
  EXPECT_EQ(callI32(store, inst, "skip", {Value::i32(0)}), 1u);
  EXPECT_EQ(store.fuelConsumed() - before, 10u);
}

TEST(Fuel, UnmeteredCodeIgnoresFuel) {
  Store store;
  store.setFuel(0);
  expectNormalGuestRuns(store);
  EXPECT_EQ(store.fuelConsumed(), 0u);
}

// ---- Interruption ----

CompileOptions interruptible() {
  CompileOptions o;
  o.interruptible = true;
  return o;
}

constexpr const char* kSpin = R"((module
  (func $spin (export "spin") (loop (br 0)))
  (func (export "recurse") (call $spin))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))))";

TEST(Interrupt, InfiniteLoopStoppedFromAnotherThread) {
  Store store;
  Instance* inst = instantiate(store, compileWat(kSpin, interruptible()));
  ASSERT_TRUE(inst);
  auto start = std::chrono::steady_clock::now();
  std::thread watchdog([&store] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    store.interrupt();
  });
  auto r = call(store, inst, "recurse");
  auto elapsed = std::chrono::steady_clock::now() - start;
  watchdog.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_TRUE(contains(r.error().message, "interrupted")) << r.error().message;
  EXPECT_TRUE(contains(r.error().backtrace, "spin")) << r.error().backtrace;
  EXPECT_GE(elapsed, std::chrono::milliseconds(50));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  EXPECT_TRUE(store.interrupted());

  // Still interrupted: the next call traps at once, until the deadline is reset.
  auto again = call(store, inst, "add", {Value::i32(1), Value::i32(2)});
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(contains(again.error().message, "interrupted"));
  store.clearEpochDeadline();
  EXPECT_FALSE(store.interrupted());
  EXPECT_EQ(callI32(store, inst, "add", {Value::i32(1), Value::i32(2)}), 3u);
  expectNormalGuestRuns(store, interruptible());
  expectFreshStoreRunsNormalGuest();
}

TEST(Interrupt, EpochDeadlineOnOwnCounter) {
  EpochCounter engine_epoch;
  Store store;
  store.setEpochCounter(&engine_epoch);
  Instance* inst = instantiate(store, compileWat(kSpin, interruptible()));
  ASSERT_TRUE(inst);
  store.setEpochDeadline(3);
  EXPECT_FALSE(store.interrupted());
  std::thread ticker([&engine_epoch] {
    for (int i = 0; i < 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      engine_epoch.increment();
    }
  });
  auto r = call(store, inst, "spin");
  ticker.join();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "interrupted"));
  EXPECT_EQ(engine_epoch.current(), 3u);
  // Other stores on the process counter are not affected.
  Store other;
  Instance* other_inst = instantiate(other, compileWat(kSpin, interruptible()));
  ASSERT_TRUE(other_inst);
  EXPECT_EQ(callI32(other, other_inst, "add", {Value::i32(2), Value::i32(2)}), 4u);
  store.setEpochDeadline(1);
  EXPECT_EQ(callI32(store, inst, "add", {Value::i32(2), Value::i32(5)}), 7u);
}

// A host function that waits (as a blocking host call would) until the
// store is interrupted, then returns normally; the guest's next check traps.
Status waitForInterrupt(void*, HostCallContext& ctx, const Slot*, Slot*) {
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!ctx.store->interrupted()) {
    if (std::chrono::steady_clock::now() > give_up) return Error::make(ErrorKind::Trap, "never interrupted");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return Status::success();
}

TEST(Interrupt, HostFunctionsSeeTheInterrupt) {
  Store store;
  FunctionInstance* wait = store.createHostFunction(FuncType{}, waitForInterrupt, nullptr);
  Instance* inst = instantiate(store, compileWat(R"((module
    (import "host" "wait" (func $wait))
    (func (export "run") (loop (call $wait) (br 0)))))",
                                                 interruptible()),
                               {Extern{ExternKind::Func, wait}});
  ASSERT_TRUE(inst);
  std::thread watchdog([&store] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    store.interrupt();
  });
  auto r = call(store, inst, "run");
  watchdog.join();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "interrupted")) << r.error().message;
}

TEST(Interrupt, CodeCompiledWithoutChecksIsNotInterrupted) {
  Store store;
  store.interrupt();
  expectNormalGuestRuns(store);  // compiled without `interruptible`
}

// ---- Memory ----

constexpr const char* kMemoryBomb = R"((module
  (memory (export "mem") 1)
  (func (export "bomb") (result i32)
    (loop (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (memory.size))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))))";

TEST(Memory, GrowInALoopStopsExactlyAtThePerInstanceLimit) {
  StoreLimits limits;
  limits.max_instance_memory_bytes = 5 * 65536 + 1000;  // not a page multiple: 5 pages fit
  Store store(limits);
  Instance* inst = instantiate(store, compileWat(kMemoryBomb));
  ASSERT_TRUE(inst);
  EXPECT_EQ(callI32(store, inst, "bomb"), 5u);
  EXPECT_EQ(store.memoryBytesUsed(), 5u * 65536);
  EXPECT_EQ(callI32(store, inst, "add", {Value::i32(40), Value::i32(2)}), 42u);
  // Another instance has its own per-instance budget.
  Instance* second = instantiate(store, compileWat(kMemoryBomb));
  ASSERT_TRUE(second);
  EXPECT_EQ(callI32(store, second, "bomb"), 5u);
  expectNormalGuestRuns(store);
  expectFreshStoreRunsNormalGuest();
}

TEST(Memory, PerStoreLimitCountsEveryInstanceAndHostMemory) {
  StoreLimits limits;
  limits.max_store_memory_bytes = 8 * 65536;
  Store store(limits);
  MemoryType two_pages;
  two_pages.limits.min = 2;
  MemoryInstance* host_mem = store.createMemory(two_pages);
  ASSERT_TRUE(host_mem);
  Instance* first = instantiate(store, compileWat(kMemoryBomb));
  ASSERT_TRUE(first);
  EXPECT_EQ(store.memoryBytesUsed(), 3u * 65536);
  Instance* second = instantiate(store, compileWat(kMemoryBomb));
  ASSERT_TRUE(second);
  EXPECT_EQ(callI32(store, second, "bomb"), 5u);  // 2 (host) + 1 (first) + 5 = 8
  EXPECT_EQ(callI32(store, first, "bomb"), 1u);   // nothing left
  EXPECT_EQ(host_mem->grow(1), -1);
  EXPECT_EQ(store.memoryBytesUsed(), 8u * 65536);
}

TEST(Memory, InstantiationPastALimitFailsAndGivesTheBudgetBack) {
  StoreLimits limits;
  limits.max_store_memory_bytes = 4 * 65536;
  limits.max_instance_memory_bytes = 3 * 65536;
  Store store(limits);
  auto r = store.instantiate(compileWat("(module (memory 4))"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Uninstantiable);
  EXPECT_TRUE(contains(r.error().message, "memory 0 of 262144 bytes exceeds the per-instance memory limit of 196608 bytes"))
      << r.error().message;
  // The first memory fits, the second passes the instance's limit: the first is given back.
  r = store.instantiate(compileWat("(module (memory 2) (memory 2))"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "memory 1")) << r.error().message;
  EXPECT_EQ(store.memoryBytesUsed(), 0u);
  ASSERT_TRUE(instantiate(store, compileWat("(module (memory 3))")));
  r = store.instantiate(compileWat("(module (memory 2))"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "memory 0 of 131072 bytes exceeds the per-store memory limit of 262144 bytes"))
      << r.error().message;
  expectNormalGuestRuns(store);
}

TEST(Memory, PerMemoryCapStillApplies) {
  StoreLimits limits;
  limits.max_memory_bytes = 3 * 65536;
  Store store(limits);
  Instance* inst = instantiate(store, compileWat(kMemoryBomb));
  ASSERT_TRUE(inst);
  EXPECT_EQ(callI32(store, inst, "bomb"), 3u);
}

// The host's allocator refusing (as calloc/realloc do when the machine is
// out of memory) is a grow that returns -1, never a crash.
platform::Allocator g_host_allocator;

void* refuseLargeRealloc(void* ptr, size_t old_size, size_t new_size) {
  if (new_size > (size_t{1} << 20)) return nullptr;
  return g_host_allocator.reallocate_zeroed(ptr, old_size, new_size);
}

TEST(Memory, HostAllocationFailureIsAFailedGrow) {
  platform::Allocator saved = platform::allocator();
  g_host_allocator = saved;
  platform::Allocator refusing = saved;
  refusing.reallocate_zeroed = refuseLargeRealloc;
  // Installed before the memory exists: a memory lives where it was
  // allocated, and with the default allocator it would be reserved address
  // space that grows without asking any allocator.
  platform::setAllocator(refusing);
  Store store;
  Instance* inst = instantiate(store, compileWat(R"((module
    (memory 1)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))"));
  ASSERT_TRUE(inst);
  auto r = call(store, inst, "grow", {Value::i32(100)});  // 6.4 MiB: refused
  auto small = call(store, inst, "grow", {Value::i32(1)});
  platform::setAllocator(saved);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ((*r)[0].asI32(), 0xffffffffu);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ((*small)[0].asI32(), 1u);
  EXPECT_EQ(store.memoryBytesUsed(), 2u * 65536);
}

// ---- Tables ----

constexpr const char* kTableBomb = R"((module
  (table (export "t") 1 funcref)
  (func (export "bomb") (result i32)
    (loop (br_if 0 (i32.ne (table.grow (ref.null func) (i32.const 7)) (i32.const -1))))
    (table.size))))";

TEST(Table, GrowInALoopStopsAtTheLimits) {
  StoreLimits limits;
  limits.max_instance_table_elements = 100;
  limits.max_store_table_elements = 150;
  Store store(limits);
  Instance* inst = instantiate(store, compileWat(kTableBomb));
  ASSERT_TRUE(inst);
  EXPECT_EQ(callI32(store, inst, "bomb"), 99u);  // 1 + 14 * 7; 106 would pass 100
  Instance* second = instantiate(store, compileWat(kTableBomb));
  ASSERT_TRUE(second);
  EXPECT_EQ(callI32(store, second, "bomb"), 50u);  // 99 + 1 + 7 * 7 = 149 of 150
  EXPECT_EQ(store.tableElementsUsed(), 149u);
  auto r = store.instantiate(compileWat("(module (table 2 funcref))"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Uninstantiable);
  EXPECT_TRUE(contains(r.error().message, "table 0 of 2 elements exceeds the per-store table limit of 150 elements"))
      << r.error().message;
  EXPECT_EQ(store.tableElementsUsed(), 149u);
  expectNormalGuestRuns(store);
  expectFreshStoreRunsNormalGuest();
}

TEST(Table, PerTableCap) {
  StoreLimits limits;
  limits.max_table_elements = 10;
  Store store(limits);
  Instance* inst = instantiate(store, compileWat(kTableBomb));
  ASSERT_TRUE(inst);
  EXPECT_EQ(callI32(store, inst, "bomb"), 8u);
  auto r = store.instantiate(compileWat("(module (table 11 funcref))"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "table 0 of 11 elements exceeds the limit of 10")) << r.error().message;
}

// ---- Stack ----

TEST(Stack, UnboundedRecursionIsATrap) {
  Store store;
  Instance* inst = instantiate(store, compileWat(R"((module
    (func $f (export "f") (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1)))
    (func $big (export "big") (param i64) (result i64)
      (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
             i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
      (local.set 20 (local.get 0))
      (i64.add (call $big (local.get 20)) (local.get 47)))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))))"));
  ASSERT_TRUE(inst);
  for (const char* name : {"f", "big"}) {
    auto r = call(store, inst, name, {std::string(name) == "f" ? Value::i32(1) : Value::i64(1)});
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion) << name;
    EXPECT_TRUE(contains(r.error().message, "call stack exhausted")) << r.error().message;
  }
  EXPECT_EQ(callI32(store, inst, "add", {Value::i32(1), Value::i32(1)}), 2u);
  expectFreshStoreRunsNormalGuest();
}

TEST(Stack, ValueStackLimitInBytes) {
  StoreLimits limits;
  limits.setValueStackBytes(64 * 1024);
  EXPECT_EQ(limits.value_stack_slots, 8192u);
  EXPECT_EQ(limits.valueStackBytes(), 64u * 1024);
  Store store(limits);
  Instance* inst = instantiate(store, compileWat(R"((module
    (func $f (export "f") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $f (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))))"));
  ASSERT_TRUE(inst);
  EXPECT_EQ(callI32(store, inst, "f", {Value::i32(100)}), 100u);
  auto r = call(store, inst, "f", {Value::i32(100'000)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion);
  EXPECT_EQ(callI32(store, inst, "f", {Value::i32(100)}), 100u);
}

// host -> wasm -> host -> wasm ...: every level recurses on the host stack,
// so the nesting is bounded and ends in a trap, not a host stack overflow.
struct Reentry {
  Store* store = nullptr;
  FunctionInstance* guest = nullptr;
  int depth = 0;
};

Status reenter(void* env, HostCallContext&, const Slot*, Slot*) {
  auto* r = static_cast<Reentry*>(env);
  ++r->depth;
  auto result = r->store->call(r->guest, {});
  if (!result.ok()) return result.takeError();
  return Status::success();
}

TEST(Stack, HostWasmNestingIsBounded) {
  StoreLimits limits;
  limits.max_activations = 64;
  Store store(limits);
  Reentry env{&store};
  FunctionInstance* host = store.createHostFunction(FuncType{}, reenter, &env);
  Instance* inst = instantiate(store, compileWat(R"((module
    (import "host" "reenter" (func $h))
    (func (export "guest") (call $h))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))))"),
                               {Extern{ExternKind::Func, host}});
  ASSERT_TRUE(inst);
  env.guest = inst->exportByName("guest")->func();
  auto r = call(store, inst, "guest");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion);
  EXPECT_TRUE(contains(r.error().message, "call stack exhausted")) << r.error().message;
  EXPECT_EQ(env.depth, 64);
  EXPECT_EQ(callI32(store, inst, "add", {Value::i32(3), Value::i32(4)}), 7u);
  expectNormalGuestRuns(store);
}

}  // namespace
}  // namespace petrel::internal
