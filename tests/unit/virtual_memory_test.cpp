// Linear memory as reserved address space (platform/virtual_memory.h):
// growing commits in place, costs no resident memory until written, keeps
// `data` where it is, and still respects every limit.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include <petrel/petrel.hpp>

#include "platform/virtual_memory.h"

namespace {

using namespace petrel;

// Resident set size in KiB, or -1 without /proc.
long residentKiB() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return -1;
  long size = 0, resident = 0;
  int n = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  if (n != 2) return -1;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

const char* kGrowBomb = R"((module
  (memory (export "memory") 1)
  (func (export "bomb") (result i32)
    (loop (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (memory.size))
  (func (export "poke") (param i32) (i32.store (local.get 0) (i32.const 7)))
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0))))
)";

StoreLimits fourGiB() {
  StoreLimits limits;
  limits.max_memory_bytes = uint64_t{1} << 32;
  limits.max_instance_memory_bytes = uint64_t{1} << 32;
  return limits;
}

TEST(VirtualMemory, GrowBombTo4GiBIsFastAndCostsOnlyTouchedPages) {
  if (!PETREL_HAS_VIRTUAL_MEMORY) GTEST_SKIP() << "no virtual memory on this host";
  if (residentKiB() < 0) GTEST_SKIP() << "no /proc/self/statm";
  Engine engine;
  auto module = Module::fromText(engine, kGrowBomb);
  ASSERT_TRUE(module) << module.error().message;
  Store store(engine, fourGiB());
  auto inst = Instance::create(store, *module, {});
  ASSERT_TRUE(inst) << inst.error().message;
  Memory memory = *inst->memory();
  uint8_t* before_data = memory.data();
  long before = residentKiB();
  auto start = std::chrono::steady_clock::now();
  auto pages = (*inst->func<int32_t()>("bomb"))();
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(pages);
  EXPECT_EQ(static_cast<uint32_t>(*pages), 65536u);  // 4 GiB
  EXPECT_EQ(memory.size(), uint64_t{1} << 32);
  auto poke = *inst->func<void(int32_t)>("poke");
  auto peek = *inst->func<int32_t(int32_t)>("peek");
  for (uint32_t at : {0u, 0x10000000u, 0x7fff0000u, 0xfffffffcu}) ASSERT_TRUE(poke(static_cast<int32_t>(at)));
  EXPECT_EQ(*peek(static_cast<int32_t>(0xfffffffcu)), 7);
  EXPECT_EQ(*peek(0x20000000), 0);  // untouched: reads zero
  long grown = residentKiB() - before;
  // Four pages written (and a few of bookkeeping), not 4 GiB: allow 4 MiB.
  EXPECT_LT(grown, 4096) << "resident memory grew by " << grown << " KiB";
  EXPECT_EQ(memory.data(), before_data) << "grown in place";
  // The issue's target is 10 ms; a loaded 2-core machine gets slack.
  EXPECT_LT(ms, 100.0);
  std::printf("grow bomb: 4 GiB in %.2f ms, resident +%ld KiB\n", ms, grown);
}

TEST(VirtualMemory, LimitsStillStopGrowth) {
  Engine engine;
  auto module = Module::fromText(engine, kGrowBomb);
  ASSERT_TRUE(module);
  StoreLimits limits;
  limits.max_memory_bytes = 100 * 65536;
  Store store(engine, limits);
  auto inst = Instance::create(store, *module, {});
  ASSERT_TRUE(inst);
  EXPECT_EQ(*(*inst->func<int32_t()>("bomb"))(), 100);
  // The budget across memories of an instance too.
  StoreLimits instance_limits;
  instance_limits.max_instance_memory_bytes = 10 * 65536;
  Store other(engine, instance_limits);
  auto second = Instance::create(other, *module, {});
  ASSERT_TRUE(second);
  EXPECT_EQ(*(*second->func<int32_t()>("bomb"))(), 10);
}

TEST(VirtualMemory, DeclaredMaximumBoundsTheReservationAndGrowth) {
  Engine engine;
  auto module = Module::fromText(engine, R"((module
    (memory (export "memory") 1 3)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 9)))))");
  ASSERT_TRUE(module);
  Store store(engine);
  auto inst = Instance::create(store, *module, {});
  ASSERT_TRUE(inst);
  auto grow = *inst->func<int32_t(int32_t)>("grow");
  EXPECT_EQ(*grow(2), 1);
  EXPECT_EQ(*grow(1), -1);
  ASSERT_TRUE((*inst->func<void(int32_t)>("poke"))(3 * 65536 - 1));
  EXPECT_EQ(inst->memory()->data()[3 * 65536 - 1], 9);
}

// memory64 past the reservation bound: the memory moves into a larger
// reservation (pages moved, not copied) and keeps its contents.
TEST(VirtualMemory, Memory64GrowsPastItsReservation) {
  Engine engine;
  auto module = Module::fromText(engine, R"((module
    (memory (export "memory") i64 1)
    (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
    (func (export "poke") (param i64) (i64.store (local.get 0) (i64.const 0x1122334455667788)))
    (func (export "peek") (param i64) (result i64) (i64.load (local.get 0)))))");
  ASSERT_TRUE(module) << module.error().message;
  StoreLimits limits;
  limits.max_memory_bytes = uint64_t{6} << 30;
  limits.max_instance_memory_bytes = uint64_t{6} << 30;
  Store store(engine, limits);
  auto inst = Instance::create(store, *module, {});
  ASSERT_TRUE(inst);
  auto grow = *inst->func<int64_t(int64_t)>("grow");
  auto poke = *inst->func<void(int64_t)>("poke");
  auto peek = *inst->func<int64_t(int64_t)>("peek");
  ASSERT_TRUE(poke(8));
  EXPECT_EQ(*grow(65535), 1);       // 4 GiB: the default reservation
  ASSERT_TRUE(poke((int64_t{1} << 32) - 8));
  EXPECT_EQ(*grow(16384), 65536);   // 5 GiB: past it
  EXPECT_EQ(*peek(8), 0x1122334455667788);
  EXPECT_EQ(*peek((int64_t{1} << 32) - 8), 0x1122334455667788);
  EXPECT_EQ(*peek((int64_t{5} << 30) - 8), 0);
  EXPECT_EQ(*grow(16384), 81920);   // 6 GiB: exactly the limit
  EXPECT_EQ(*grow(1), -1);
}

}  // namespace
