// The public API across threads, as the docs promise: one Engine, Module and
// Linker shared by many threads, one Store per thread; interrupt() and
// incrementEpoch() from other threads. Also built alone under
// ThreadSanitizer (petrel_concurrency_tests, scripts/test.sh).
#include <gtest/gtest.h>

#include <petrel/petrel.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace {

using namespace petrel;

const char* kWorker = R"((module
  (import "env" "k" (func $k (result i32)))
  (memory 1)
  (func (export "sum") (param i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (i32.store (i32.const 0) (local.get $i))
      (local.set $s (i32.add (local.get $s) (i32.load (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (i32.add (local.get $s) (call $k)))
  (func (export "spin") (loop $l (br $l)))))";

TEST(ApiThreads, OneModuleAndLinkerManyStores) {
  Config config;
  config.epoch_interruption = true;
  Engine engine(config);
  auto module = Module::fromText(engine, kWorker);
  ASSERT_TRUE(module.ok()) << module.error().describe();
  Linker linker(engine);
  std::atomic<int> host_calls{0};
  ASSERT_TRUE(linker.func("env", "k", [&host_calls]() {
    host_calls.fetch_add(1, std::memory_order_relaxed);
    return int32_t{1000};
  }).ok());

  constexpr int kThreads = 4, kRounds = 25;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < kRounds; ++round) {
        Store store(engine);
        auto instance = linker.instantiate(store, *module);
        if (!instance.ok()) return;
        auto sum = instance->func<int32_t(int32_t)>("sum");
        if (!sum.ok()) return;
        auto r = (*sum)(100);
        if (r.ok() && *r == 4950 + 1000) good.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), kThreads * kRounds);
  EXPECT_EQ(host_calls.load(), kThreads * kRounds);
}

// InstancePre and the engine's memory pool shared by threads: memories
// come from and go back to one pool, and no instance sees another's writes.
TEST(ApiThreads, PooledInstancesFromOneTemplate) {
  Config config;
  config.pooling.enabled = true;
  config.pooling.max_memories = 8;
  Engine engine(config);
  auto module = Module::fromText(engine, R"((module
    (memory (export "memory") 1)
    (data (i32.const 0) "\2a")
    (func (export "bump") (result i32)
      (i32.store8 (i32.const 0) (i32.add (i32.load8_u (i32.const 0)) (i32.const 1)))
      (i32.load8_u (i32.const 0)))))");
  ASSERT_TRUE(module.ok()) << module.error().describe();
  Linker linker(engine);
  auto pre = linker.instantiatePre(*module);
  ASSERT_TRUE(pre.ok()) << pre.error().describe();

  constexpr int kThreads = 4, kRounds = 50;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < kRounds; ++round) {
        Store store(engine);
        auto instance = pre->instantiate(store);
        if (!instance.ok()) return;
        auto bump = instance->func<int32_t()>("bump");
        // Every instance starts from the data segment's 42, whatever ran before.
        if (bump.ok() && *(*bump)() == 43 && *(*bump)() == 44) good.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), kThreads * kRounds);
}

TEST(ApiThreads, InterruptStoresRunningOnOtherThreads) {
  Config config;
  config.epoch_interruption = true;
  Engine engine(config);
  auto module = Module::fromText(engine, kWorker);
  ASSERT_TRUE(module.ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.func("env", "k", []() { return int32_t{0}; }).ok());

  constexpr int kThreads = 3;
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < kThreads; ++i) stores.push_back(std::make_unique<Store>(engine));
  std::atomic<int> started{0}, interrupted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto instance = linker.instantiate(*stores[i], *module);
      if (!instance.ok()) return;
      auto spin = instance->func<void()>("spin");
      if (i == 1) stores[i]->setEpochDeadline(2);  // stopped by the engine's epoch
      started.fetch_add(1);
      Status s = (*spin)();
      if (!s.ok() && s.error().message.find("interrupted") != std::string::npos) interrupted.fetch_add(1);
    });
  }
  while (started.load() < kThreads) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stores[0]->interrupt();                      // one store directly
  for (int i = 0; i < 3; ++i) engine.incrementEpoch();
  stores[2]->interrupt();
  for (auto& t : threads) t.join();
  EXPECT_EQ(interrupted.load(), kThreads);
}

}  // namespace
