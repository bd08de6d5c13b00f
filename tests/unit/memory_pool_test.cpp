// Instantiation from templates (InstancePre) with pooled memories: every
// instance starts from exactly what the spec's instantiation gives, never
// sees an earlier instance's writes, and limits hold.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include <petrel/petrel.hpp>

#include "api/api_state.h"
#include "runtime/instance_template.h"

namespace {

using namespace petrel;

Config pooled(uint32_t slots, uint64_t keep_resident, uint64_t slot_bytes = uint64_t{1} << 32) {
  Config c;
  c.pooling.enabled = true;
  c.pooling.max_memories = slots;
  c.pooling.keep_resident_bytes = keep_resident;
  c.pooling.max_memory_bytes = slot_bytes;
  return c;
}

internal::MemoryPool* poolOf(const Engine& engine) { return engine.state()->pool.get(); }

const char* kGuest = R"((module
  (memory (export "memory") 2 8)
  (global $g (export "g") (mut i32) (i32.const 7))
  (global $k i32 (i32.const 37))
  (global $h (export "h") i32 (i32.add (global.get $k) (i32.const 5)))
  (table (export "t") 4 funcref)
  (elem (i32.const 1) $ten $twenty)
  (elem $passive func $twenty)
  (func $ten (result i32) (i32.const 10))
  (func $twenty (result i32) (i32.const 20))
  (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
  (func (export "write") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "read") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "init") (table.init 0 $passive (i32.const 3) (i32.const 0) (i32.const 1)))
  (data (i32.const 1024) "hello")
  (data (i32.const 1026) "LL")
  (data (i32.const 70000) "\01\02\03\04")
  (data (i32.const 131068) "end!")
  (data $unused "passive"))
)";

struct Fixture {
  Engine engine;
  Module module;
  Linker linker;
  InstancePre pre;
  static Fixture make(const Config& config, const char* wat = kGuest) {
    Engine engine(config);
    auto m = Module::fromText(engine, wat);
    EXPECT_TRUE(m) << m.error().message;
    Linker linker(engine);
    (void)linker.defineWasi();
    auto pre = linker.instantiatePre(*m);
    EXPECT_TRUE(pre) << pre.error().message;
    return Fixture{engine, *m, linker, *pre};
  }
};

int32_t call1(const Instance& inst, const char* name, int32_t arg) { return *(*inst.func<int32_t(int32_t)>(name))(arg); }

std::vector<uint8_t> contents(const Instance& inst) {
  Memory m = *inst.memory();
  return std::vector<uint8_t>(m.data(), m.data() + m.size());
}

class PoolIsolation : public ::testing::TestWithParam<uint64_t> {};

// One slot, so the second instance gets the very slot the first dirtied;
// keep-resident 0 (discard everything), one page and 1 MiB (rewrite).
TEST_P(PoolIsolation, SecondInstanceNeverSeesTheFirstOnesWrites) {
  Fixture f = Fixture::make(pooled(1, GetParam()));
  std::vector<uint8_t> expected;
  {
    Store plain_store(Engine{});  // the ordinary path, for comparison
    Engine plain;
    auto m = Module::fromText(plain, kGuest);
    Store s(plain);
    expected = contents(*Instance::create(s, *m, {}));
  }
  for (int round = 0; round < 3; ++round) {
    Store store(f.engine);
    auto inst = f.pre.instantiate(store);
    ASSERT_TRUE(inst) << inst.error().message;
    EXPECT_EQ(poolOf(f.engine)->slotsInUse(), 1u);
    ASSERT_EQ(contents(*inst), expected) << "round " << round;
    auto write = *inst->func<void(int32_t, int32_t)>("write");
    ASSERT_TRUE(write(1024, 0x58585858));    // the data image
    ASSERT_TRUE(write(70000, -1));
    ASSERT_TRUE(write(100000, 12345));      // elsewhere
    ASSERT_TRUE(write(4, 99));
    EXPECT_EQ(call1(*inst, "grow", 2), 2);  // grown region: must be zero next time
    EXPECT_EQ(call1(*inst, "read", 3 * 65536), 0);
    ASSERT_TRUE(write(3 * 65536, 77));
    ASSERT_TRUE(write(4 * 65536 - 4, 78));
  }
  EXPECT_EQ(poolOf(f.engine)->slotsInUse(), 0u);
}

INSTANTIATE_TEST_SUITE_P(KeepResident, PoolIsolation, ::testing::Values(0, 4096, 1 << 20));

TEST(MemoryPool, ImagesOfDataTablesAndGlobals) {
  Fixture f = Fixture::make(pooled(4, 1 << 20));
  auto t = internal::InstanceTemplate::build(f.module.compiled());
  EXPECT_TRUE(t->dataFromImages());
  EXPECT_TRUE(t->tablesFromImages());
  ASSERT_EQ(t->memory_images.size(), 1u);
  // Leading zero pages are not part of the image.
  EXPECT_EQ(t->memory_images[0]->offset(), 0u);
  EXPECT_EQ(t->memory_images[0]->end(), 131072u);
  Store store(f.engine);
  auto inst = f.pre.instantiate(store);
  ASSERT_TRUE(inst) << inst.error().message;
  Memory m = *inst->memory();
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(m.data()) + 1024, 5), "heLLo");
  EXPECT_EQ(call1(*inst, "read", 70000), 0x04030201);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(m.data()) + 131068, 4), "end!");
  EXPECT_EQ(inst->global("g")->get().i32(), 7);
  EXPECT_EQ(inst->global("h")->get().i32(), 42);
  EXPECT_EQ(call1(*inst, "call", 1), 10);
  EXPECT_EQ(call1(*inst, "call", 2), 20);
  EXPECT_FALSE((*inst->func<int32_t(int32_t)>("call"))(0));  // null entry traps
  EXPECT_TRUE((*inst->func<void()>("init"))());              // the passive segment survived
  EXPECT_EQ(call1(*inst, "call", 3), 20);
}

// A data offset from an imported global, or an imported memory: the
// ordinary path, with the same results.
TEST(MemoryPool, FallsBackWhereImagesCannotBePrepared) {
  const char* wat = R"((module
    (import "env" "base" (global $base i32))
    (memory (export "memory") 1)
    (data (global.get $base) "abc")
    (func (export "read") (param i32) (result i32) (i32.load8_u (local.get 0)))))";
  Engine engine(pooled(2, 1 << 20));
  auto m = Module::fromText(engine, wat);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_FALSE(internal::InstanceTemplate::build(m->compiled())->dataFromImages());
  for (int32_t base : {100, 200}) {
    Store store(engine);
    Linker linker(engine);
    ASSERT_TRUE(linker.define("env", "base", *Global::create(store, GlobalType{ValType::i32(), Mutability::Const}, Value::i32(base))));
    auto pre = linker.instantiatePre(*m);
    ASSERT_TRUE(pre);
    auto inst = pre->instantiate(store);
    ASSERT_TRUE(inst) << inst.error().message;
    EXPECT_EQ(call1(*inst, "read", base + 1), 'b');
    EXPECT_EQ(call1(*inst, "read", base == 100 ? 201 : 101), 0);  // nothing left from the other
  }
  // An out-of-bounds segment still fails instantiation the spec's way.
  Engine e2(pooled(2, 1 << 20));
  auto bad = Module::fromText(e2, R"((module (memory 1) (data (i32.const 65535) "ab")))");
  ASSERT_TRUE(bad);
  Linker l2(e2);
  auto pre = l2.instantiatePre(*bad);
  ASSERT_TRUE(pre);
  {
    Store s2(e2);
    auto inst = pre->instantiate(s2);
    ASSERT_FALSE(inst);
  }
  // The failed instance's memory lives with its store (spec 4.5.4: segments
  // are applied after the instance exists), and returns with it.
  EXPECT_EQ(poolOf(e2)->slotsInUse(), 0u);
}

// Exhaustion: instantiation still succeeds with an ordinary memory.
TEST(MemoryPool, ExhaustedPoolFallsBackToOrdinaryMemories) {
  Fixture f = Fixture::make(pooled(2, 1 << 20));
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 4; ++i) {
    stores.push_back(std::make_unique<Store>(f.engine));
    auto inst = f.pre.instantiate(*stores.back());
    ASSERT_TRUE(inst) << inst.error().message;
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(inst->memory()->data()) + 1024, 5), "heLLo");
    EXPECT_EQ(call1(*inst, "grow", 1), 2);
  }
  EXPECT_EQ(poolOf(f.engine)->slotsInUse(), 2u);
  stores.clear();
  EXPECT_EQ(poolOf(f.engine)->slotsInUse(), 0u);
}

TEST(MemoryPool, LimitsStillHold) {
  // The slot bounds growth (3 pages), below the declared maximum of 8.
  Fixture f = Fixture::make(pooled(2, 1 << 20, 3 * 65536));
  {
    Store store(f.engine);
    auto inst = f.pre.instantiate(store);
    ASSERT_TRUE(inst);
    EXPECT_EQ(call1(*inst, "grow", 1), 2);
    EXPECT_EQ(call1(*inst, "grow", 1), -1);
  }
  // The store's limits too.
  Fixture g = Fixture::make(pooled(2, 1 << 20));
  StoreLimits limits;
  limits.max_memory_bytes = 4 * 65536;
  Store store(g.engine, limits);
  auto inst = g.pre.instantiate(store);
  ASSERT_TRUE(inst);
  EXPECT_EQ(call1(*inst, "grow", 2), 2);
  EXPECT_EQ(call1(*inst, "grow", 1), -1);
  StoreLimits tiny;
  tiny.max_instance_memory_bytes = 65536;  // less than the initial 2 pages
  Store small(g.engine, tiny);
  EXPECT_FALSE(g.pre.instantiate(small));
  EXPECT_EQ(poolOf(g.engine)->slotsInUse(), 1u);  // only `store`'s
}

// Many stores on many threads share one pool (fewer slots than threads, so
// both the pooled and the fallback path run).
TEST(MemoryPool, ConcurrentAcquireAndRelease) {
  Fixture f = Fixture::make(pooled(3, 8192));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 150; ++i) {
        Store store(f.engine);
        auto inst = f.pre.instantiate(store);
        if (!inst) {
          ++failures;
          continue;
        }
        const uint8_t* d = inst->memory()->data();
        if (std::string(reinterpret_cast<const char*>(d) + 1024, 5) != "heLLo" || call1(*inst, "read", 100000) != 0 ||
            call1(*inst, "read", 4) != 0)
          ++failures;
        auto write = *inst->func<void(int32_t, int32_t)>("write");
        (void)write(100000, t * 1000 + i);
        (void)write(4, t + 1);
        (void)write(1024, t);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(poolOf(f.engine)->slotsInUse(), 0u);
}

// A WASI command through the whole path: linked once, run per store.
TEST(MemoryPool, WasiCommandFromInstancePre) {
  Fixture f = Fixture::make(pooled(2, 1 << 20), R"((module
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (global $runs (mut i32) (i32.const 0))
    (func (export "_start")
      (if (i32.load (i32.const 16)) (then (call $exit (i32.const 3))))
      (i32.store (i32.const 16) (i32.const 1)))))");
  for (int i = 0; i < 5; ++i) {
    Store store(f.engine);
    auto inst = f.pre.instantiate(store);
    ASSERT_TRUE(inst) << inst.error().message;
    auto r = (*inst->func<void()>("_start"))();
    EXPECT_TRUE(r) << r.error().message;  // never sees the previous run's flag
  }
}

}  // namespace
