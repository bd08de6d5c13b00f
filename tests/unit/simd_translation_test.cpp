// How v128 values travel through translated code: two slots each, mixed with
// scalars in parameters, results, locals, blocks and branches, through host
// functions, and the translator's SIMD fusions (a fused v128.load traps as
// the load; constants hoisted out of loops stay per call). Expected values
// are worked out by hand from the spec's definitions.
#include <gtest/gtest.h>

#include <petrel/petrel.hpp>

#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace petrel;

Module compileText(const Engine& engine, std::string_view wat) {
  auto m = Module::fromText(engine, wat);
  EXPECT_TRUE(m.ok()) << m.error().describe();
  return std::move(m.value());
}

Value v128OfI32x4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  uint32_t lanes[4] = {a, b, c, d};
  uint8_t bytes[16];
  std::memcpy(bytes, lanes, 16);
  return Value::v128(bytes);
}

std::vector<uint32_t> i32x4Of(const Value& v) {
  uint32_t lanes[4];
  std::memcpy(lanes, v.v128(), 16);
  return {lanes[0], lanes[1], lanes[2], lanes[3]};
}

using Lanes = std::vector<uint32_t>;

TEST(SimdTranslation, MixedScalarAndVectorParametersResultsAndCalls) {
  Engine engine;
  // $mix's arguments and results interleave one-slot and two-slot values;
  // "run" passes them through a call and a block that carries both kinds.
  Module module = compileText(engine, R"((module
    (func $mix (param i32 v128 i64 v128) (result v128 i32 v128)
      (i32x4.add (local.get 1) (i32x4.splat (local.get 0)))
      (i32.wrap_i64 (local.get 2))
      (local.get 3))
    (func (export "run") (param i32 v128 i64 v128) (result v128 i32 v128)
      (block (result v128 i32 v128)
        (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3))))))");
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  auto run = instance->func("run");
  ASSERT_TRUE(run);
  auto r = run->call({Value::i32(10), v128OfI32x4(1, 2, 3, 4), Value::i64(0x1'0000'0007), v128OfI32x4(5, 6, 7, 8)});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(i32x4Of((*r)[0]), (Lanes{11, 12, 13, 14}));
  EXPECT_EQ((*r)[1].i32(), 7);
  EXPECT_EQ(i32x4Of((*r)[2]), (Lanes{5, 6, 7, 8}));
}

TEST(SimdTranslation, BranchesCarryVectorsAndScalarsTogether) {
  Engine engine;
  // br_table to three labels, each carrying (v128, i32) from a different
  // stack shape; the parallel moves must keep each value whole.
  Module module = compileText(engine, R"((module
    (func (export "pick") (param i32) (result v128 i32)
      (local v128)
      (local.set 1 (v128.const i32x4 9 9 9 9))
      (block (result v128 i32)
        (block (result v128 i32)
          (block (result v128 i32)
            (v128.const i32x4 1 1 1 1) (i32.const 100)
            (br_table 0 1 2 (local.get 0)))
          (drop) (drop) (local.get 1) (i32.const 200) (br 1))
        (i32.add (i32.const 1))))))");
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  auto pick = instance->func("pick");
  ASSERT_TRUE(pick);
  auto r0 = pick->call({Value::i32(0)});  // innermost: replaced by (9s, 200)
  ASSERT_TRUE(r0.ok()) << r0.error().describe();
  EXPECT_EQ(i32x4Of((*r0)[0]), (Lanes{9, 9, 9, 9}));
  EXPECT_EQ((*r0)[1].i32(), 200);
  auto r1 = pick->call({Value::i32(1)});  // middle: (1s, 100 + 1)
  ASSERT_TRUE(r1.ok()) << r1.error().describe();
  EXPECT_EQ(i32x4Of((*r1)[0]), (Lanes{1, 1, 1, 1}));
  EXPECT_EQ((*r1)[1].i32(), 101);
  auto r2 = pick->call({Value::i32(7)});  // default, outermost: (1s, 100)
  ASSERT_TRUE(r2.ok()) << r2.error().describe();
  EXPECT_EQ(i32x4Of((*r2)[0]), (Lanes{1, 1, 1, 1}));
  EXPECT_EQ((*r2)[1].i32(), 100);
}

TEST(SimdTranslation, HostFunctionsTakeAndReturnVectors) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (import "host" "swap" (func $swap (param i32 v128 v128) (result v128 i32 v128)))
    (func (export "run") (result v128 i32 v128)
      (call $swap (i32.const 3) (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8)))))");
  Linker linker(engine);
  FuncType type{{ValType::i32(), ValType::v128(), ValType::v128()},
                {ValType::v128(), ValType::i32(), ValType::v128()}};
  ASSERT_TRUE(linker
                  .funcNew("host", "swap", type,
                           [](Caller&, std::span<const Value> args, std::span<Value> results) -> Status {
                             results[0] = args[2];
                             results[1] = Value::i32(args[0].i32() * 2);
                             results[2] = args[1];
                             return Status::success();
                           })
                  .ok());
  Store store(engine);
  auto instance = linker.instantiate(store, module);
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  auto run = instance->func("run");
  ASSERT_TRUE(run);
  auto r = run->call({});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(i32x4Of((*r)[0]), (Lanes{5, 6, 7, 8}));
  EXPECT_EQ((*r)[1].i32(), 6);
  EXPECT_EQ(i32x4Of((*r)[2]), (Lanes{1, 2, 3, 4}));
}

TEST(SimdTranslation, VectorGlobalsThroughTheApi) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
    (func (export "bump") (global.set $g (i32x4.add (global.get $g) (v128.const i32x4 10 20 30 40))))))");
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  auto g = instance->global("g");
  ASSERT_TRUE(g);
  EXPECT_EQ(i32x4Of(g->get()), (Lanes{1, 2, 3, 4}));
  ASSERT_TRUE(instance->func("bump")->call({}).ok());
  EXPECT_EQ(i32x4Of(g->get()), (Lanes{11, 22, 33, 44}));
  ASSERT_TRUE(g->set(v128OfI32x4(0xffffffff, 0, 0, 7)).ok());
  ASSERT_TRUE(instance->func("bump")->call({}).ok());
  EXPECT_EQ(i32x4Of(g->get()), (Lanes{9, 20, 30, 47}));
}

TEST(SimdTranslation, AFusedLoadTrapsAtTheLoad) {
  Engine engine;
  // The v128.load feeds i32x4.add, so the two become one instruction; an
  // out-of-bounds address must still be reported at the load's offset.
  std::string_view wat = R"((module (memory 1)
    (func (export "f") (param i32) (result v128)
      (i32x4.add (v128.const i32x4 1 2 3 4) (v128.load offset=8 (local.get 0))))))";
  auto bin = Module::textToBinary(wat);
  ASSERT_TRUE(bin.ok()) << bin.error().describe();
  Module module = compileText(engine, wat);
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  auto f = instance->func("f");
  ASSERT_TRUE(f);
  auto ok = f->call({Value::i32(65536 - 24)});  // the last 16 bytes: in bounds
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  EXPECT_EQ(i32x4Of((*ok)[0]), (Lanes{1, 2, 3, 4}));
  auto trap = f->call({Value::i32(65536 - 23)});
  ASSERT_FALSE(trap.ok());
  EXPECT_EQ(trap.error().kind, ErrorKind::Trap);
  ASSERT_FALSE(trap.error().frames.empty());
  uint64_t at = trap.error().frames[0].module_offset;
  ASSERT_LT(at + 1, bin->size());
  EXPECT_EQ((*bin)[at], 0xfd);      // SIMD prefix
  EXPECT_EQ((*bin)[at + 1], 0x00);  // v128.load, not i32x4.add (0xae 0x01)
}

TEST(SimdTranslation, HoistedLoopConstantsAreCorrectInEveryFrame) {
  Engine engine;
  // The loop's constants live in slots written at function entry; a
  // recursive call must not see (or clobber) its caller's.
  Module module = compileText(engine, R"((module
    (func $sum (export "sum") (param i32) (result v128)
      (local v128)
      (if (i32.gt_u (local.get 0) (i32.const 1))
        (then (local.set 1 (call $sum (i32.sub (local.get 0) (i32.const 1))))))
      (loop $l
        (local.set 1 (i32x4.add (local.get 1) (v128.const i32x4 1 2 3 4)))
        (local.set 1 (i32x4.add (local.get 1) (i32x4.splat (i32.const 100))))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br_if $l (i32.ne (local.get 0) (i32.const 0))))
      (local.get 1))))");
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  auto sum = instance->func("sum");
  ASSERT_TRUE(sum);
  // sum(n) = sum(n-1) + n * (101, 102, 103, 104); sum(1) = (101, ...):
  // sum(3) = (1 + 2 + 3) * (101, 102, 103, 104).
  auto r = sum->call({Value::i32(3)});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(i32x4Of((*r)[0]), (Lanes{606, 612, 618, 624}));
}

}  // namespace
