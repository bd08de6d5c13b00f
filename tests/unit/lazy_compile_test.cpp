// Lazy translation (CompileMode::Lazy, the default): every body is validated
// up front, a function is translated on its first call, from any call path
// and any thread, once; traps in lazily translated code read the same as in
// eagerly translated code.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "exec/translator.h"
#include "runtime/store.h"
#include "text/wat_parser.h"

namespace petrel::internal {
namespace {

std::vector<uint8_t> binaryOf(const std::string& wat) {
  Result<std::vector<uint8_t>> bin = watToBinary(wat);
  EXPECT_TRUE(bin.ok()) << (bin.ok() ? "" : bin.error().describe());
  return bin.ok() ? bin.value() : std::vector<uint8_t>{};
}

std::shared_ptr<const CompiledModule> compile(const std::vector<uint8_t>& bin, CompileMode mode) {
  CompileOptions options;
  options.mode = mode;
  auto compiled = compileModule(bin.data(), bin.size(), options);
  EXPECT_TRUE(compiled.ok()) << (compiled.ok() ? "" : compiled.error().describe());
  return compiled.ok() ? compiled.value() : nullptr;
}

std::shared_ptr<const CompiledModule> compileLazy(const std::string& wat) {
  return compile(binaryOf(wat), CompileMode::Lazy);
}

uint32_t translatedCount(const CompiledModule& m) { return m.translationStats().functions_translated; }

uint32_t callI32(Store& store, Instance* inst, const char* name, std::vector<Value> args) {
  auto ext = inst->exportByName(name);
  EXPECT_TRUE(ext && ext->func()) << name;
  if (!ext || !ext->func()) return 0;
  auto r = store.call(ext->func(), args);
  EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().describe());
  return r.ok() ? r.value()[0].asI32() : 0;
}

TEST(LazyCompile, OnlyCalledFunctionsAreTranslated) {
  auto m = compileLazy(R"((module
    (func $unused1 (result i32) (i32.const 1))
    (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
    (func $unused2 (result i32) (i32.const 2))
    (func (export "run") (param i32) (result i32) (call $leaf (i32.add (local.get 0) (i32.const 1))))
    (func $unused3 (result i32) (i32.const 3))))");
  ASSERT_TRUE(m);
  EXPECT_EQ(translatedCount(*m), 0u);
  for (const CompiledFunction& fn : m->functions) EXPECT_FALSE(fn.translated());
  Store store;
  auto inst = store.instantiate(m, {});
  ASSERT_TRUE(inst.ok());
  EXPECT_EQ(translatedCount(*m), 0u);  // instantiating translates nothing
  EXPECT_EQ(callI32(store, *inst, "run", {Value::i32(4)}), 15u);
  EXPECT_EQ(translatedCount(*m), 2u);
  EXPECT_TRUE(m->function(1).translated());
  EXPECT_TRUE(m->function(3).translated());
  EXPECT_FALSE(m->function(0).translated());
  // Calling again translates nothing more.
  EXPECT_EQ(callI32(store, *inst, "run", {Value::i32(5)}), 18u);
  EXPECT_EQ(translatedCount(*m), 2u);
}

TEST(LazyCompile, EagerModeTranslatesEverythingUpFront) {
  auto m = compile(binaryOf(R"((module
    (func (result i32) (i32.const 1))
    (func (export "f") (result i32) (i32.const 2))))"),
                   CompileMode::Eager);
  ASSERT_TRUE(m);
  EXPECT_EQ(translatedCount(*m), 2u);
  for (const CompiledFunction& fn : m->functions) EXPECT_TRUE(fn.translated());
}

TEST(LazyCompile, InvalidBodyDeepInsideTheModuleIsRejectedAtCompileTime) {
  std::string wat = "(module\n";
  for (int i = 0; i < 500; ++i) {
    if (i == 431) wat += "  (func (result i32) (i32.add (i32.const 1) (i64.const 2)))\n";  // type mismatch
    else wat += "  (func (result i32) (i32.const " + std::to_string(i) + "))\n";
  }
  wat += "  (func (export \"run\") (result i32) (i32.const 0)))";
  std::vector<uint8_t> bin = binaryOf(wat);
  for (CompileMode mode : {CompileMode::Lazy, CompileMode::Eager}) {
    CompileOptions options;
    options.mode = mode;
    auto compiled = compileModule(bin.data(), bin.size(), options);
    ASSERT_FALSE(compiled.ok());
    EXPECT_EQ(compiled.error().kind, ErrorKind::Invalid);
    EXPECT_NE(compiled.error().message.find("function 431"), std::string::npos) << compiled.error().message;
  }
  // A malformed body too (an illegal opcode), far from the start.
  std::string bad = "(module\n";
  for (int i = 0; i < 300; ++i) bad += "  (func (result i32) (i32.const 7))\n";
  bad += ")";
  std::vector<uint8_t> b2 = binaryOf(bad);
  // The last body is `00 41 07 0b` (no locals, i32.const 7, end): make the
  // const an illegal opcode.
  ASSERT_GE(b2.size(), 4u);
  ASSERT_EQ(b2[b2.size() - 3], 0x41);
  b2[b2.size() - 3] = 0xff;
  auto compiled = compileModule(b2.data(), b2.size());
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.error().kind, ErrorKind::Malformed);
}

// Every path into a function's code meets an untranslated function: a host
// call (store.call), the start function, call, call_indirect, call_ref,
// return_call, return_call_indirect, return_call_ref, and a funcref the host
// takes from an exported table.
TEST(LazyCompile, EveryCallPathReachesUntranslatedFunctions) {
  auto m = compileLazy(R"((module
    (type $i2i (func (param i32) (result i32)))
    (table $t (export "table") 8 funcref)
    (elem (i32.const 0) $viaIndirect $viaTailIndirect $fromTable)
    (elem declare func $viaRef $viaTailRef)
    (global $g (mut i32) (i32.const 0))
    (func $start (global.set $g (i32.const 41)))
    (start $start)
    (func $direct (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func $viaIndirect (param i32) (result i32) (i32.add (local.get 0) (i32.const 2)))
    (func $viaTailIndirect (param i32) (result i32) (i32.add (local.get 0) (i32.const 3)))
    (func $fromTable (param i32) (result i32) (i32.add (local.get 0) (i32.const 4)))
    (func $viaRef (param i32) (result i32) (i32.add (local.get 0) (i32.const 5)))
    (func $viaTailRef (param i32) (result i32) (i32.add (local.get 0) (i32.const 6)))
    (func $viaTail (param i32) (result i32) (i32.add (local.get 0) (i32.const 7)))
    (func (export "start_ran") (result i32) (global.get $g))
    (func (export "call") (param i32) (result i32) (call $direct (local.get 0)))
    (func (export "call_indirect") (param i32) (result i32)
      (call_indirect (type $i2i) (local.get 0) (i32.const 0)))
    (func (export "call_ref") (param i32) (result i32) (call_ref $i2i (local.get 0) (ref.func $viaRef)))
    (func (export "return_call") (param i32) (result i32) (return_call $viaTail (local.get 0)))
    (func (export "return_call_indirect") (param i32) (result i32)
      (return_call_indirect (type $i2i) (local.get 0) (i32.const 1)))
    (func (export "return_call_ref") (param i32) (result i32)
      (return_call_ref $i2i (local.get 0) (ref.func $viaTailRef)))))");
  ASSERT_TRUE(m);
  Store store;
  auto inst = store.instantiate(m, {});
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ(translatedCount(*m), 1u);  // the start function ran
  EXPECT_EQ(callI32(store, *inst, "start_ran", {}), 41u);
  EXPECT_EQ(callI32(store, *inst, "call", {Value::i32(10)}), 11u);
  EXPECT_EQ(callI32(store, *inst, "call_indirect", {Value::i32(10)}), 12u);
  EXPECT_EQ(callI32(store, *inst, "return_call_indirect", {Value::i32(10)}), 13u);
  EXPECT_EQ(callI32(store, *inst, "call_ref", {Value::i32(10)}), 15u);
  EXPECT_EQ(callI32(store, *inst, "return_call_ref", {Value::i32(10)}), 16u);
  EXPECT_EQ(callI32(store, *inst, "return_call", {Value::i32(10)}), 17u);
  auto table = (*inst)->exportByName("table");
  ASSERT_TRUE(table && table->table());
  auto* from_table = static_cast<FunctionInstance*>(table->table()->elements[2]);
  ASSERT_NE(from_table, nullptr);
  EXPECT_FALSE(from_table->code->translated());
  auto r = store.call(from_table, {Value::i32(10)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()[0].asI32(), 14u);
  for (const CompiledFunction& fn : m->functions) EXPECT_TRUE(fn.translated()) << "function " << fn.func_index;
  EXPECT_EQ(translatedCount(*m), m->functions.size());
}

// A second instance (and a second store) of the same module uses the code
// the first one translated.
TEST(LazyCompile, TranslationIsSharedByInstances) {
  auto m = compileLazy(R"((module (func (export "f") (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)))))");
  ASSERT_TRUE(m);
  Store a, b;
  auto ia = a.instantiate(m, {});
  auto ib = b.instantiate(m, {});
  ASSERT_TRUE(ia.ok() && ib.ok());
  EXPECT_EQ(callI32(a, *ia, "f", {Value::i32(5)}), 4u);
  EXPECT_EQ(callI32(b, *ib, "f", {Value::i32(9)}), 8u);
  EXPECT_EQ(translatedCount(*m), 1u);
}

TEST(LazyCompile, ConcurrentFirstCallsTranslateEachFunctionOnce) {
  constexpr int kThreads = 8;
  constexpr int kFuncs = 64;
  // f_i(x) = x * (i + 1) + i, each reached by call_indirect from `dispatch`
  // and also exported directly.
  std::string wat = "(module\n  (type $t (func (param i32) (result i32)))\n  (table " + std::to_string(kFuncs) +
                    " funcref)\n  (elem (i32.const 0)";
  for (int i = 0; i < kFuncs; ++i) wat += " $f" + std::to_string(i);
  wat += ")\n";
  for (int i = 0; i < kFuncs; ++i)
    wat += "  (func $f" + std::to_string(i) + " (export \"f" + std::to_string(i) +
           "\") (type $t) (i32.add (i32.mul (local.get 0) (i32.const " + std::to_string(i + 1) + ")) (i32.const " +
           std::to_string(i) + ")))\n";
  wat += "  (func (export \"dispatch\") (param i32 i32) (result i32)\n"
         "    (call_indirect (type $t) (local.get 1) (local.get 0))))";
  std::vector<uint8_t> bin = binaryOf(wat);
  for (int round = 0; round < 20; ++round) {
    auto m = compile(bin, CompileMode::Lazy);
    ASSERT_TRUE(m);
    std::atomic<int> ready{0};
    std::atomic<int> failures{0};
    auto worker = [&](int t) {
      Store store;
      auto inst = store.instantiate(m, {});
      if (!inst.ok()) {
        ++failures;
        return;
      }
      FunctionInstance* dispatch = (*inst)->exportByName("dispatch")->func();
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();  // all threads call at once
      for (int k = 0; k < kFuncs; ++k) {
        int i = (k * 7 + t * 13) % kFuncs;  // a different order per thread
        uint32_t x = static_cast<uint32_t>(t * 100 + k);
        std::vector<Value> args = {Value::i32(static_cast<uint32_t>(i)), Value::i32(x)};
        auto r = (t + k) % 2 ? store.call(dispatch, args)
                             : store.call((*inst)->exportByName("f" + std::to_string(i))->func(), {Value::i32(x)});
        if (!r.ok() || r.value()[0].asI32() != x * static_cast<uint32_t>(i + 1) + static_cast<uint32_t>(i))
          ++failures;
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
    for (std::thread& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    // Each function once: a second translation would count twice.
    EXPECT_EQ(translatedCount(*m), static_cast<uint32_t>(kFuncs + 1));
  }
}

// Traps in lazily translated functions name the same instruction and give
// the same backtrace as in eagerly translated ones.
TEST(LazyCompile, TrapsGiveTheSameOffsetAndBacktraceAsEager) {
  std::vector<uint8_t> bin = binaryOf(R"((module
    (func $div (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func $mid (param i32) (result i32)
      (i32.add (i32.const 1) (call $div (i32.const 10) (local.get 0))))
    (func $outer (export "outer") (param i32) (result i32)
      (i32.mul (call $mid (local.get 0)) (i32.const 2)))
    (func $bad (export "unreachable") (nop) (nop) (unreachable))))");
  std::vector<Error> errors[2];
  int k = 0;
  for (CompileMode mode : {CompileMode::Lazy, CompileMode::Eager}) {
    auto m = compile(bin, mode);
    ASSERT_TRUE(m);
    Store store;
    auto inst = store.instantiate(m, {});
    ASSERT_TRUE(inst.ok());
    auto ok = store.call((*inst)->exportByName("outer")->func(), {Value::i32(5)});
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.value()[0].asI32(), 6u);
    auto r = store.call((*inst)->exportByName("outer")->func(), {Value::i32(0)});
    ASSERT_FALSE(r.ok());
    errors[k].push_back(r.error());
    auto u = store.call((*inst)->exportByName("unreachable")->func(), {});
    ASSERT_FALSE(u.ok());
    errors[k].push_back(u.error());
    ++k;
  }
  for (size_t i = 0; i < 2; ++i) {
    const Error& lazy = errors[0][i];
    const Error& eager = errors[1][i];
    EXPECT_EQ(lazy.kind, ErrorKind::Trap);
    EXPECT_EQ(lazy.message, eager.message);
    EXPECT_EQ(lazy.offset, eager.offset);
    EXPECT_EQ(lazy.backtrace, eager.backtrace);
    ASSERT_EQ(lazy.frames.size(), eager.frames.size());
    for (size_t f = 0; f < lazy.frames.size(); ++f) {
      EXPECT_EQ(lazy.frames[f].func_index, eager.frames[f].func_index);
      EXPECT_EQ(lazy.frames[f].module_offset, eager.frames[f].module_offset);
    }
  }
  // The offsets point at the instructions themselves.
  const Error& div = errors[0][0];
  ASSERT_LT(div.offset, bin.size());
  EXPECT_EQ(bin[div.offset], 0x6d);  // i32.div_s
  ASSERT_EQ(div.frames.size(), 3u);
  EXPECT_EQ(bin[div.frames[1].module_offset], 0x10);  // call $div
  EXPECT_EQ(bin[div.frames[2].module_offset], 0x10);  // call $mid
  EXPECT_EQ(bin[errors[0][1].offset], 0x00);           // unreachable
}

// A first call that finds no room for the translated frame traps cleanly
// (the stub checks the real frame size after translating).
TEST(LazyCompile, FirstCallWithoutRoomForTheFrameIsExhaustion) {
  auto m = compileLazy(R"((module
    (func $deep (export "deep") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))
        (else (i32.const 0))))))");
  ASSERT_TRUE(m);
  StoreLimits limits;
  limits.setValueStackBytes(4096);
  Store store(limits);
  auto inst = store.instantiate(m, {});
  ASSERT_TRUE(inst.ok());
  auto r = store.call((*inst)->exportByName("deep")->func(), {Value::i32(100000)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exhaustion);
  EXPECT_EQ(callI32(store, *inst, "deep", {Value::i32(10)}), 10u);
}

TEST(LazyCompile, SourceMapRoundTrip) {
  SourceMap map;
  std::vector<std::pair<uint32_t, uint32_t>> entries = {
      {0, 1000}, {3, 1004}, {3, 990}, {200, 70000}, {201, 12}, {100000, 0xfffffff0u}};
  for (auto [pos, off] : entries) map.add(pos, off);
  EXPECT_EQ(map.entries(), entries.size());
  std::vector<std::pair<uint32_t, uint32_t>> back;
  map.forEach([&](uint32_t pos, uint32_t off) { back.push_back({pos, off}); });
  EXPECT_EQ(back, entries);
  EXPECT_EQ(map.lookup(0), 1000u);
  EXPECT_EQ(map.lookup(2), 1000u);
  EXPECT_EQ(map.lookup(3), 990u);  // the last entry at that position
  EXPECT_EQ(map.lookup(199), 990u);
  EXPECT_EQ(map.lookup(201), 12u);
  EXPECT_EQ(map.lookup(5000000), 0xfffffff0u);
  EXPECT_EQ(SourceMap().lookup(7), 0u);
}

}  // namespace
}  // namespace petrel::internal
