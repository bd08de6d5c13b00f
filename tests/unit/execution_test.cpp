// End-to-end execution tests aimed at the translator's tricky cases: values
// left in locals by local.get, constants folded into instructions, fused
// compare-and-branch, parallel moves on branches, calls and traps.
#include <gtest/gtest.h>

#include <string>

#include "runtime/store.h"
#include "text/wat_parser.h"

namespace petrel::internal {
namespace {

class Exec : public ::testing::Test {
 protected:
  Instance* load(const std::string& wat) {
    Result<std::vector<uint8_t>> bin = watToBinary(wat);
    EXPECT_TRUE(bin.ok()) << bin.error().describe();
    if (!bin) return nullptr;
    auto compiled = compileModule(bin->data(), bin->size());
    EXPECT_TRUE(compiled.ok()) << compiled.error().describe();
    if (!compiled) return nullptr;
    auto inst = store.instantiate(compiled.value(), {});
    EXPECT_TRUE(inst.ok()) << inst.error().describe();
    return inst ? inst.value() : nullptr;
  }
  Result<std::vector<Value>> call(Instance* inst, const char* name, std::vector<Value> args) {
    return store.call(inst->exportByName(name)->func(), args);
  }
  uint32_t i32(Instance* inst, const char* name, std::vector<Value> args = {}) {
    auto r = call(inst, name, std::move(args));
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r ? r.value()[0].asI32() : 0xdeadbeef;
  }
  Store store;
};

TEST_F(Exec, LocalReadBeforeOverwriteKeepsOldValue) {
  Instance* inst = load(R"((module
    (func (export "f") (param i32) (result i32)
      (local.get 0)                                   ;; old value, left lazy
      (local.set 0 (i32.add (local.get 0) (i32.const 10)))
      (i32.add (local.get 0)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(i32(inst, "f", {Value::i32(5)}), 5u + 15u);
}

TEST_F(Exec, LocalWrittenOnOnePathOnly) {
  // The value of x read before the block must survive a conditional write.
  Instance* inst = load(R"((module
    (func (export "f") (param i32 i32) (result i32)
      (local.get 0)
      (if (local.get 1) (then (local.set 0 (i32.const 100))))
      (i32.add (local.get 0)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(i32(inst, "f", {Value::i32(1), Value::i32(0)}), 2u);
  EXPECT_EQ(i32(inst, "f", {Value::i32(1), Value::i32(1)}), 101u);
}

TEST_F(Exec, BranchWithSwappedValuesIsAParallelMove) {
  Instance* inst = load(R"((module
    (func $swap (param i32 i32) (result i32 i32)
      (block (result i32 i32) (br 0 (local.get 1) (local.get 0))))
    (func $ret (param i32 i32) (result i32 i32) (return (local.get 1) (local.get 0)))
    (func (export "f") (result i32)
      (call $swap (i32.const 1) (i32.const 2))
      (i32.sub)                                       ;; 2 - 1
      (call $ret (i32.const 10) (i32.const 30))
      (i32.sub)                                       ;; 30 - 10
      (i32.add))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(i32(inst, "f"), 21u);
}

TEST_F(Exec, FusedComparisonsHonourSignedness) {
  Instance* inst = load(R"((module
    (func (export "lt_s") (param i32 i32) (result i32)
      (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))
    (func (export "lt_u") (param i32 i32) (result i32)
      (block (br_if 0 (i32.lt_u (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))
    (func (export "ge_s_imm") (param i32) (result i32)
      (if (result i32) (i32.ge_s (local.get 0) (i32.const -5)) (then (i32.const 1)) (else (i32.const 0))))
    (func (export "eqz64") (param i64) (result i32)
      (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1)) (else (i32.const 0))))
    (func (export "not_eqz") (param i32) (result i32)
      (block (br_if 0 (i32.eqz (local.get 0))) (return (i32.const 7))) (i32.const 9))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(i32(inst, "lt_s", {Value::i32(uint32_t(-1)), Value::i32(1)}), 1u);
  EXPECT_EQ(i32(inst, "lt_u", {Value::i32(uint32_t(-1)), Value::i32(1)}), 0u);
  EXPECT_EQ(i32(inst, "ge_s_imm", {Value::i32(uint32_t(-5))}), 1u);
  EXPECT_EQ(i32(inst, "ge_s_imm", {Value::i32(uint32_t(-6))}), 0u);
  EXPECT_EQ(i32(inst, "ge_s_imm", {Value::i32(0x80000000u)}), 0u);
  EXPECT_EQ(i32(inst, "eqz64", {Value::i64(1ull << 40)}), 0u);
  EXPECT_EQ(i32(inst, "not_eqz", {Value::i32(0)}), 9u);
  EXPECT_EQ(i32(inst, "not_eqz", {Value::i32(3)}), 7u);
}

TEST_F(Exec, ImmediateOperandsUseFullWidth) {
  Instance* inst = load(R"((module
    (func (export "add64") (param i64) (result i64) (i64.add (local.get 0) (i64.const 0x100000000)))
    (func (export "shr") (param i32) (result i32) (i32.shr_s (local.get 0) (i32.const 33)))))");
  ASSERT_TRUE(inst);
  auto r = call(inst, "add64", {Value::i64(5)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()[0].asI64(), 0x100000005ull);
  EXPECT_EQ(i32(inst, "shr", {Value::i32(0x80000000u)}), 0xc0000000u);  // shift count is taken mod 32
}

TEST_F(Exec, DeepRecursionTrapsAndTheStoreKeepsWorking) {
  Instance* inst = load(R"((module
    (func $down (export "down") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))))");
  ASSERT_TRUE(inst);
  auto r = call(inst, "down", {Value::i32(10'000'000)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion);
  EXPECT_NE(r.error().message.find("call stack exhausted"), std::string::npos);
  EXPECT_EQ(i32(inst, "down", {Value::i32(1000)}), 1000u);
}

TEST_F(Exec, TailCallsRunInConstantStack) {
  Instance* inst = load(R"((module
    (func $count (export "count") (param i32 i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (local.get 1))
        (else (return_call $count (i32.sub (local.get 0) (i32.const 1)) (i32.add (local.get 1) (i32.const 2))))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(i32(inst, "count", {Value::i32(5'000'000), Value::i32(0)}), 10'000'000u);
}

TEST_F(Exec, TrapsNameTheFunctionAndOffset) {
  Instance* inst = load(R"((module
    (func $divide (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
    (table 2 funcref)
    (type $v (func))
    (func (export "indirect") (param i32) (call_indirect (type $v) (local.get 0)))))");
  ASSERT_TRUE(inst);
  auto r = call(inst, "div", {Value::i32(1), Value::i32(0)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_NE(r.error().message.find("integer divide by zero"), std::string::npos);
  EXPECT_NE(r.error().message.find("in function"), std::string::npos);
  EXPECT_NE(r.error().offset, kNoOffset);
  auto u = call(inst, "indirect", {Value::i32(1)});
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.error().message.find("uninitialized element"), std::string::npos);
  auto o = call(inst, "indirect", {Value::i32(5)});
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().message.find("undefined element"), std::string::npos);
}

TEST_F(Exec, MemoryGrownByACalleeIsVisibleToTheCaller) {
  Instance* inst = load(R"((module
    (memory 1)
    (func $grow (drop (memory.grow (i32.const 1))))
    (func (export "f") (result i32)
      (call $grow)
      (i32.store (i32.const 70000) (i32.const 42))
      (i32.load (i32.const 70000)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(i32(inst, "f"), 42u);
}

Status hostDouble(void*, HostCallContext&, const Slot* args, Slot* results) {
  if (args[0].i32 > 1000) return Error::make(ErrorKind::Trap, "argument too large");
  results[0].i64 = args[0].i32 * 2u;
  return Status::success();
}

TEST_F(Exec, HostFunctionsReturnValuesAndTraps) {
  Result<std::vector<uint8_t>> bin = watToBinary(R"((module
    (import "env" "double" (func $double (param i32) (result i32)))
    (func (export "f") (param i32) (result i32) (i32.add (call $double (local.get 0)) (i32.const 1)))))");
  ASSERT_TRUE(bin.ok());
  auto compiled = compileModule(bin->data(), bin->size());
  ASSERT_TRUE(compiled.ok());
  FuncType type{{ValType::i32()}, {ValType::i32()}};
  FunctionInstance* host = store.createHostFunction(type, hostDouble, nullptr);
  auto inst = store.instantiate(compiled.value(), {Extern{ExternKind::Func, host}});
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ(i32(inst.value(), "f", {Value::i32(20)}), 41u);
  auto r = call(inst.value(), "f", {Value::i32(5000)});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("argument too large"), std::string::npos);
}

TEST_F(Exec, ImportTypeMismatchIsUnlinkable) {
  Result<std::vector<uint8_t>> bin = watToBinary(R"((module (import "env" "f" (func (param i64)))))");
  ASSERT_TRUE(bin.ok());
  auto compiled = compileModule(bin->data(), bin->size());
  ASSERT_TRUE(compiled.ok());
  FunctionInstance* host = store.createHostFunction(FuncType{{ValType::i32()}, {}}, hostDouble, nullptr);
  auto inst = store.instantiate(compiled.value(), {Extern{ExternKind::Func, host}});
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(inst.error().message.find("\"env\" \"f\""), std::string::npos);
}

}  // namespace
}  // namespace petrel::internal

namespace petrel::internal {
namespace {

TEST(Fuel, MeteredInfiniteLoopStopsWithExhaustion) {
  Result<std::vector<uint8_t>> bin = watToBinary(R"((module
    (func (export "spin") (loop (br 0)))
    (func $rec (export "tail") (return_call $rec))
    (func (export "count") (param i32) (result i32) (local i32)
      (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
      (local.get 1))))");
  ASSERT_TRUE(bin.ok());
  CompileOptions options;
  options.fuel_metering = true;
  auto compiled = compileModule(bin->data(), bin->size(), options);
  ASSERT_TRUE(compiled.ok()) << compiled.error().describe();
  Store store;
  auto inst = store.instantiate(compiled.value(), {});
  ASSERT_TRUE(inst.ok());
  for (const char* name : {"spin", "tail"}) {
    store.setFuel(100'000);
    auto r = store.call(inst.value()->exportByName(name)->func(), {});
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion);
    EXPECT_NE(r.error().message.find("all fuel consumed"), std::string::npos);
  }
  // Every wasm instruction costs one: `loop` (1), 8 per iteration, then the
  // loop's `end`, `local.get` and the function's `end` (3).
  store.setFuel(10'000);
  auto r = store.call(inst.value()->exportByName("count")->func(), {Value::i32(1000)});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value()[0].asI32(), 1000u);
  EXPECT_EQ(store.fuel(), 10'000u - (1 + 8 * 1000 + 3));
}

}  // namespace
}  // namespace petrel::internal

namespace petrel::internal {
namespace {

TEST_F(Exec, DivisionByConstantsKeepsItsTraps) {
  Instance* inst = load(R"((module
    (func (export "by0") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const 0)))
    (func (export "by_minus1") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const -1)))
    (func (export "by7") (param i32) (result i32) (i32.rem_s (local.get 0) (i32.const 7)))
    (func (export "by10_64") (param i64) (result i64) (i64.div_u (local.get 0) (i64.const 10)))))");
  ASSERT_TRUE(inst);
  auto r0 = call(inst, "by0", {Value::i32(5)});
  ASSERT_FALSE(r0.ok());
  EXPECT_NE(r0.error().message.find("integer divide by zero"), std::string::npos);
  auto r1 = call(inst, "by_minus1", {Value::i32(0x80000000u)});
  ASSERT_FALSE(r1.ok());
  EXPECT_NE(r1.error().message.find("integer overflow"), std::string::npos);
  EXPECT_EQ(i32(inst, "by_minus1", {Value::i32(6)}), uint32_t(-6));
  EXPECT_EQ(i32(inst, "by7", {Value::i32(uint32_t(-15))}), uint32_t(-1));
  auto r2 = call(inst, "by10_64", {Value::i64(12345678901234ull)});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2.value()[0].asI64(), 1234567890123ull);
}

TEST_F(Exec, WideConstantComparisonsAreNotTruncated) {
  // 0x1_0000_0005 does not fit the 32-bit immediate of a fused branch.
  Instance* inst = load(R"((module
    (func (export "big") (param i64) (result i32)
      (if (result i32) (i64.lt_u (local.get 0) (i64.const 0x100000005)) (then (i32.const 1)) (else (i32.const 0))))
    (func (export "neg") (param i64) (result i32)
      (block (br_if 0 (i64.gt_s (local.get 0) (i64.const -3))) (return (i32.const 0))) (i32.const 1))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(i32(inst, "big", {Value::i64(0x100000004ull)}), 1u);
  EXPECT_EQ(i32(inst, "big", {Value::i64(6)}), 1u);
  EXPECT_EQ(i32(inst, "big", {Value::i64(0x100000006ull)}), 0u);
  EXPECT_EQ(i32(inst, "neg", {Value::i64(uint64_t(-2))}), 1u);
  EXPECT_EQ(i32(inst, "neg", {Value::i64(uint64_t(-4))}), 0u);
}

}  // namespace
}  // namespace petrel::internal

#include "exec/disassembler.h"

namespace petrel::internal {
namespace {

// The translator's fast paths show in the listing: constants become
// immediates, a comparison feeding br_if becomes one branch, a local.get
// produces no copy, and the result of the add is written straight to the local.
TEST(Translator, FusesConstantsComparisonsAndLocalWrites) {
  Result<std::vector<uint8_t>> bin = watToBinary(R"((module
    (func (export "count") (param i32) (result i32) (local i32)
      (loop (local.set 1 (i32.add (local.get 1) (i32.const 3)))
            (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
      (local.get 1))))");
  ASSERT_TRUE(bin.ok());
  auto compiled = compileModule(bin->data(), bin->size());
  ASSERT_TRUE(compiled.ok());
  std::string listing = disassemble(compiled.value()->functions[0]);
  EXPECT_NE(listing.find("NumI32AddImm         1 1 3"), std::string::npos) << listing;
  EXPECT_NE(listing.find("BrIfI32LtU           1 0"), std::string::npos) << listing;
  EXPECT_EQ(listing.find("Const32"), std::string::npos) << listing;
  EXPECT_EQ(listing.find("NumI32LtU "), std::string::npos) << listing;
}

}  // namespace
}  // namespace petrel::internal

namespace petrel::internal {
namespace {

// A constant added to an address is folded into the access, but must still
// wrap around at 2^32 as the separate i32.add would.
TEST_F(Exec, FoldedAddressConstantsWrapAround) {
  Instance* inst = load(R"((module
    (memory 1)
    (data (i32.const 16) "\2a\00\00\00")
    (func (export "load") (param i32) (result i32) (i32.load (i32.add (local.get 0) (i32.const 32))))
    (func (export "store") (param i32 i32) (i32.store8 offset=1 (i32.add (local.get 0) (i32.const 7)) (local.get 1)))
    (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "store64") (param i32) (i64.store (local.get 0) (i64.const 0x1122334455667788)))
    (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(i32(inst, "load", {Value::i32(0xfffffff0u)}), 42u);  // (-16 + 32) mod 2^32 = 16
  auto oob = call(inst, "load", {Value::i32(65536 - 32)});
  ASSERT_FALSE(oob.ok());
  EXPECT_NE(oob.error().message.find("out of bounds memory access"), std::string::npos);
  ASSERT_TRUE(call(inst, "store", {Value::i32(100), Value::i32(0x1ff)}).ok());
  EXPECT_EQ(i32(inst, "byte", {Value::i32(108)}), 0xffu);
  ASSERT_TRUE(call(inst, "store64", {Value::i32(200)}).ok());
  auto r = call(inst, "load64", {Value::i32(200)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()[0].asI64(), 0x1122334455667788ull);
  auto bad = call(inst, "store64", {Value::i32(65536 - 4)});
  ASSERT_FALSE(bad.ok());
}

TEST(Translator, FoldsAddressConstantsAndStoredConstants) {
  Result<std::vector<uint8_t>> bin = watToBinary(R"((module (memory 1)
    (func (export "f") (param i32)
      (i32.store8 (i32.add (local.get 0) (i32.const 1040)) (i32.const 1)))))");
  ASSERT_TRUE(bin.ok());
  auto compiled = compileModule(bin->data(), bin->size());
  ASSERT_TRUE(compiled.ok());
  std::string listing = disassemble(compiled.value()->functions[0]);
  // The constant value wins over the address constant (one immediate each).
  EXPECT_NE(listing.find("I32Store8Imm"), std::string::npos) << listing;
  Result<std::vector<uint8_t>> bin2 = watToBinary(R"((module (memory 1)
    (func (export "f") (param i32) (result i32)
      (i32.load8_u offset=3 (i32.add (local.get 0) (i32.const 1040))))))");
  ASSERT_TRUE(bin2.ok());
  auto compiled2 = compileModule(bin2->data(), bin2->size());
  ASSERT_TRUE(compiled2.ok());
  std::string listing2 = disassemble(compiled2.value()->functions[0]);
  EXPECT_NE(listing2.find("I32Load8UAddImm      1040 0 0 3"), std::string::npos) << listing2;
  EXPECT_EQ(listing2.find("NumI32AddImm"), std::string::npos) << listing2;
}

}  // namespace
}  // namespace petrel::internal

namespace petrel::internal {
namespace {

// Multiply feeding add/subtract runs as one instruction; both operand orders
// of the subtraction and the double rounding must match the separate ops.
TEST_F(Exec, MultiplyAddKeepsSeparateRounding) {
  Instance* inst = load(R"((module
    (func (export "madd") (param f64 f64 f64) (result f64) (f64.add (local.get 2) (f64.mul (local.get 0) (local.get 1))))
    (func (export "msub") (param f64 f64 f64) (result f64) (f64.sub (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "submul") (param f64 f64 f64) (result f64) (f64.sub (local.get 2) (f64.mul (local.get 0) (local.get 1))))
    (func (export "madd32") (param f32 f32 f32) (result f32) (f32.add (f32.mul (local.get 0) (local.get 1)) (local.get 2)))))");
  ASSERT_TRUE(inst);
  auto f64 = [&](const char* name, double a, double b, double c) {
    auto r = call(inst, name, {Value::f64(a), Value::f64(b), Value::f64(c)});
    EXPECT_TRUE(r.ok());
    return r ? r.value()[0].slot.f64 : 0.0;
  };
  // (1 + 2^-52)^2 - 1 - 2^-51 is 0 with two roundings and 2^-104 with one.
  double x = 1.0 + 0x1p-52;
  EXPECT_EQ(f64("msub", x, x, 1.0 + 0x1p-51), 0.0);
  EXPECT_EQ(f64("madd", 3.0, 4.0, 0.5), 12.5);
  EXPECT_EQ(f64("submul", 3.0, 4.0, 0.5), -11.5);
  auto r = call(inst, "madd32", {Value::f32(1.5f), Value::f32(2.0f), Value::f32(-1.0f)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()[0].slot.f32, 2.0f);
}

}  // namespace
}  // namespace petrel::internal
