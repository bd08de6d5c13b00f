// The public C++ API (include/petrel/) as an embedder uses it: only public
// headers are included here.
#include <gtest/gtest.h>

#include <petrel/petrel.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>

namespace {

using namespace petrel;

std::span<const uint8_t> bytesOf(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

Module compileText(const Engine& engine, std::string_view wat) {
  auto m = Module::fromText(engine, wat);
  EXPECT_TRUE(m.ok()) << m.error().describe();
  return std::move(m.value());
}

TEST(Api, TypedCallIntoAnExport) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "pair") (param i64) (result i64 f64)
      (local.get 0) (f64.convert_i64_s (local.get 0)))))");
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  auto add = instance->func<int32_t(int32_t, int32_t)>("add");
  ASSERT_TRUE(add.ok()) << add.error().describe();
  Result<int32_t> sum = (*add)(40, 2);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(*sum, 42);
  EXPECT_EQ(*(*add)(-5, 3), -2);

  auto pair = instance->func<std::tuple<int64_t, double>(int64_t)>("pair");
  ASSERT_TRUE(pair.ok()) << pair.error().describe();
  auto r = (*pair)(-7);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<0>(*r), -7);
  EXPECT_EQ(std::get<1>(*r), -7.0);
}

TEST(Api, TypedViewWithTheWrongSignatureIsAnError) {
  Engine engine;
  Module module = compileText(engine, R"((module (func (export "f") (param i32) (result i32) (local.get 0))))");
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok());
  auto wrong = instance->func<int64_t(int32_t)>("f");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("(i32) -> (i32)"), std::string::npos) << wrong.error().message;
  EXPECT_FALSE(instance->func<void()>("missing").ok());
}

TEST(Api, DynamicCallChecksArguments) {
  Engine engine;
  Module module = compileText(engine, R"((module (func (export "f") (param f64) (result f64) (f64.neg (local.get 0)))))");
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok());
  Func f = *instance->func("f");
  EXPECT_EQ(f.type().toString(), "(f64) -> (f64)");
  auto r = f.call({Value::f64(1.5)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].f64(), -1.5);
  EXPECT_FALSE(f.call({Value::i32(1)}).ok());
  EXPECT_FALSE(f.call({}).ok());
}

TEST(Api, MalformedAndInvalidModulesAreErrorsWithOffsets) {
  Engine engine;
  const uint8_t truncated[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1};
  auto bad = Module::compile(engine, truncated);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Malformed);
  EXPECT_NE(bad.error().offset, kNoOffset);

  auto invalid = Module::fromText(engine, "(module (func (result i32) (i64.const 1)))");
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().kind, ErrorKind::Invalid);

  auto text_error = Module::compile(engine, bytesOf("(module (func (oops)))"));
  ASSERT_FALSE(text_error.ok());
  EXPECT_EQ(text_error.error().kind, ErrorKind::Malformed);
  EXPECT_TRUE(Module::validate(engine, bytesOf("(module)")).ok());
}

TEST(Api, ImportsAndExportsDescribeTheirTypes) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (import "env" "f" (func (param i32) (result i64)))
    (import "env" "m" (memory 1 2))
    (import "env" "g" (global (mut f32)))
    (table (export "t") 3 funcref)
    (func (export "h"))))");
  auto imports = module.imports();
  ASSERT_EQ(imports.size(), 3u);
  EXPECT_EQ(imports[0].module, "env");
  EXPECT_EQ(imports[0].name, "f");
  EXPECT_EQ(imports[0].type.kind, ExternKind::Func);
  EXPECT_EQ(imports[0].type.func.toString(), "(i32) -> (i64)");
  EXPECT_EQ(imports[1].type.kind, ExternKind::Memory);
  EXPECT_EQ(imports[1].type.memory.limits.min, 1u);
  EXPECT_EQ(imports[1].type.memory.limits.max, std::optional<uint64_t>(2));
  EXPECT_EQ(imports[2].type.global.mutability, Mutability::Var);
  EXPECT_EQ(imports[2].type.global.type, ValType::f32());
  auto exports = module.exports();
  ASSERT_EQ(exports.size(), 2u);
  EXPECT_EQ(exports[0].name, "t");
  EXPECT_EQ(exports[0].type.table.limits.min, 3u);
  EXPECT_EQ(exports[0].type.table.element, ValType::funcref());
}

TEST(Api, HostFunctionsFromCallablesThroughTheLinker) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (import "env" "twice" (func $twice (param i32) (result i32)))
    (import "env" "log" (func $log (param i32 i32)))
    (import "env" "split" (func $split (param i64) (result i32 i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "hello")
    (func (export "run") (param i32) (result i32)
      (call $log (i32.const 16) (i32.const 5))
      (call $split (i64.const 0x0000000700000003))
      i32.add
      (call $twice (local.get 0))
      i32.add)))");
  Linker linker(engine);
  std::string logged;
  ASSERT_TRUE(linker.func("env", "twice", [](int32_t x) { return 2 * x; }).ok());
  ASSERT_TRUE(linker.func("env", "log", [&logged](Caller& caller, int32_t ptr, int32_t len) -> Status {
    auto memory = caller.memory();
    if (!memory) return Error::trap("no memory");
    auto text = memory->readString(static_cast<uint32_t>(ptr), static_cast<uint32_t>(len));
    if (!text.ok()) return text.takeError();
    logged += *text;
    return Status::success();
  }).ok());
  ASSERT_TRUE(linker.func("env", "split", [](uint64_t v) {
    return std::make_tuple(static_cast<uint32_t>(v), static_cast<uint32_t>(v >> 32));
  }).ok());
  EXPECT_FALSE(linker.func("env", "twice", [](int32_t x) { return x; }).ok()) << "redefinition";

  Store store(engine);
  auto instance = linker.instantiate(store, module);
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  auto run = instance->func<int32_t(int32_t)>("run");
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(*(*run)(100), 3 + 7 + 200);
  EXPECT_EQ(logged, "hello");

  // The same linker serves a second store.
  Store other(engine);
  auto second = linker.instantiate(other, module);
  ASSERT_TRUE(second.ok()) << second.error().describe();
  EXPECT_EQ(*(*second->func<int32_t(int32_t)>("run"))(1), 12);
  EXPECT_EQ(logged, "hellohello");
}

TEST(Api, MissingOrMistypedImportsNameTheImport) {
  Engine engine;
  Module module = compileText(engine, R"((module (import "env" "f" (func (param i32)))))");
  Store store(engine);
  Linker linker(engine);
  auto missing = linker.instantiate(store, module);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(missing.error().message.find("\"env\" \"f\""), std::string::npos) << missing.error().message;
  ASSERT_TRUE(linker.func("env", "f", [](int64_t) {}).ok());
  auto mistyped = linker.instantiate(store, module);
  ASSERT_FALSE(mistyped.ok());
  EXPECT_EQ(mistyped.error().kind, ErrorKind::Unlinkable);
}

TEST(Api, DynamicHostFunctionWithValues) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (import "env" "mix" (func $mix (param i32 f32) (result f64)))
    (func (export "run") (result f64) (call $mix (i32.const 3) (f32.const 0.5)))))");
  Linker linker(engine);
  FuncType type{{ValType::i32(), ValType::f32()}, {ValType::f64()}};
  ASSERT_TRUE(linker.funcNew("env", "mix", type, [](Caller&, std::span<const Value> args, std::span<Value> results) {
    results[0] = Value::f64(args[0].i32() + static_cast<double>(args[1].f32()));
    return Status::success();
  }).ok());
  Store store(engine);
  auto instance = linker.instantiate(store, module);
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  EXPECT_EQ(*(*instance->func<double()>("run"))(), 3.5);
}

TEST(Api, TrapsAreErrorsWithABacktrace) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (func $inner (export "inner") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (func $outer (export "outer") (result i32) (call $inner (i32.const 0)))))");
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok());
  auto r = (*instance->func<int32_t()>("outer"))();
  ASSERT_FALSE(r.ok());
  const Error& e = r.error();
  EXPECT_EQ(e.kind, ErrorKind::Trap);
  EXPECT_NE(e.message.find("integer divide by zero"), std::string::npos) << e.message;
  ASSERT_EQ(e.frames.size(), 2u);
  EXPECT_EQ(e.frames[0].func_name, "inner");
  EXPECT_EQ(e.frames[0].func_index, 0u);
  EXPECT_EQ(e.frames[1].func_name, "outer");
  EXPECT_GT(e.frames[0].module_offset, 0u);
  EXPECT_NE(e.backtrace.find("inner"), std::string::npos);
  // The instance keeps working after a trap.
  EXPECT_EQ(*(*instance->func<int32_t(int32_t)>("inner"))(1), 1);
}

TEST(Api, HostFunctionTrapReachesTheCallerWithGuestFrames) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (import "env" "fail" (func $fail))
    (func $g (export "g") (call $fail))))");
  Linker linker(engine);
  ASSERT_TRUE(linker.func("env", "fail", []() -> Status { return Error::trap("host says no"); }).ok());
  Store store(engine);
  auto instance = linker.instantiate(store, module);
  ASSERT_TRUE(instance.ok());
  Status s = (*instance->func<void()>("g"))();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Trap);
  EXPECT_NE(s.error().message.find("host says no"), std::string::npos);
  ASSERT_FALSE(s.error().frames.empty());
  EXPECT_EQ(s.error().frames[0].func_name, "g");
}

TEST(Api, MemoryViewsAreBoundsChecked) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (memory (export "memory") 1 3)
    (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))))");
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok());
  Memory memory = *instance->memory();
  EXPECT_EQ(memory.size(), 65536u);
  ASSERT_TRUE(memory.store<uint32_t>(100, 0xabcdef01u).ok());
  EXPECT_EQ(*(*instance->func<int32_t(int32_t)>("peek"))(100), static_cast<int32_t>(0xabcdef01u));
  EXPECT_FALSE(memory.load<uint32_t>(65533).ok());
  EXPECT_FALSE(memory.view(65536, 1).ok());
  EXPECT_FALSE(memory.view(1, ~uint64_t{0}).ok()) << "offset + length overflow";
  EXPECT_TRUE(memory.view(65536, 0).ok());
  auto old = memory.grow(2);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(*old, 1u);
  EXPECT_EQ(memory.pages(), 3u);
  EXPECT_FALSE(memory.grow(1).ok()) << "past the declared maximum";
  EXPECT_TRUE(memory.load<uint32_t>(3 * 65536 - 4).ok());
}

TEST(Api, TablesGlobalsAndHostObjectsAsImports) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (import "host" "counter" (global $c (mut i32)))
    (import "host" "table" (table $t 2 funcref))
    (import "host" "mem" (memory 1))
    (type $v (func (result i32)))
    (func (export "bump") (global.set $c (i32.add (global.get $c) (i32.const 1))))
    (func (export "call") (param i32) (result i32) (call_indirect (type $v) (local.get 0)))))");
  Store store(engine);
  auto counter = Global::create(store, {ValType::i32(), Mutability::Var}, Value::i32(41));
  ASSERT_TRUE(counter.ok());
  auto table = Table::create(store, {ValType::funcref(), {2, std::nullopt}});
  ASSERT_TRUE(table.ok());
  auto memory = Memory::create(store, {{1, 1}});
  ASSERT_TRUE(memory.ok());
  Func seven = Func::wrap(store, []() { return int32_t{7}; });
  ASSERT_TRUE(table->set(1, Value::funcref(seven)).ok());
  EXPECT_FALSE(table->set(2, Value::funcref(seven)).ok());
  EXPECT_FALSE(table->set(0, Value::i32(1)).ok());

  Linker linker(engine);
  ASSERT_TRUE(linker.define("host", "counter", *counter).ok());
  ASSERT_TRUE(linker.define("host", "table", *table).ok());
  ASSERT_TRUE(linker.define("host", "mem", *memory).ok());
  auto instance = linker.instantiate(store, module);
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  ASSERT_TRUE((*instance->func<void()>("bump"))().ok());
  EXPECT_EQ(counter->get().i32(), 42);
  EXPECT_EQ(*(*instance->func<int32_t(int32_t)>("call"))(1), 7);
  auto null_call = (*instance->func<int32_t(int32_t)>("call"))(0);
  ASSERT_FALSE(null_call.ok());
  EXPECT_EQ(null_call.error().kind, ErrorKind::Trap);
  auto got = table->get(1);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->func().has_value());
  EXPECT_TRUE(*got->func() == seven);
  EXPECT_FALSE(Global::create(store, {ValType::i32(), Mutability::Const}, Value::i32(1))->set(Value::i32(2)).ok());

  // Objects of one store do not link into another, and its functions do
  // not go into another store's tables, globals or calls.
  Store other(engine);
  EXPECT_FALSE(linker.instantiate(other, module).ok());
  auto other_table = Table::create(other, {ValType::funcref(), {1, std::nullopt}});
  ASSERT_TRUE(other_table.ok());
  EXPECT_FALSE(other_table->set(0, Value::funcref(seven)).ok());
  EXPECT_FALSE(Global::create(other, {ValType::funcref(), Mutability::Const}, Value::funcref(seven)).ok());
  Func take = Func::wrap(other, [](std::optional<Func>) {});
  EXPECT_FALSE(take.call({Value::funcref(seven)}).ok());
  auto typed_take = take.typed<void(std::optional<Func>)>();
  ASSERT_TRUE(typed_take.ok());
  EXPECT_FALSE((*typed_take)(seven).ok());
  EXPECT_TRUE((*typed_take)(std::nullopt).ok());
}

TEST(Api, HostTagKeepsItsType) {
  Engine engine;
  Store store(engine);
  Tag tag = Tag::create(store, TagType{FuncType{{ValType::i32(), ValType::f64()}, {}}});
  EXPECT_EQ(tag.type().signature.toString(), "(i32, f64) -> ()");
  EXPECT_EQ(Extern(tag).kind(), ExternKind::Tag);
}

TEST(Api, DefineInstanceLinksModulesByName) {
  Engine engine;
  Module lib = compileText(engine, R"((module (func (export "sq") (param i32) (result i32)
    (i32.mul (local.get 0) (local.get 0)))))");
  Module app = compileText(engine, R"((module (import "lib" "sq" (func $sq (param i32) (result i32)))
    (func (export "run") (result i32) (call $sq (i32.const 9)))))");
  Store store(engine);
  Linker linker(engine);
  auto lib_instance = linker.instantiate(store, lib);
  ASSERT_TRUE(lib_instance.ok());
  ASSERT_TRUE(linker.defineInstance("lib", *lib_instance).ok());
  auto app_instance = linker.instantiate(store, app);
  ASSERT_TRUE(app_instance.ok()) << app_instance.error().describe();
  EXPECT_EQ(*(*app_instance->func<int32_t()>("run"))(), 81);
}

TEST(Api, SerializeAndDeserialize) {
  Engine engine;
  Module module = compileText(engine, R"((module (func (export "k") (result i32) (i32.const 5))))");
  std::vector<uint8_t> bytes = module.serialize();
  auto back = Module::deserialize(engine, bytes);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  Store store(engine);
  auto instance = Instance::create(store, *back, {});
  ASSERT_TRUE(instance.ok());
  EXPECT_EQ(*(*instance->func<int32_t()>("k"))(), 5);
  bytes[0] ^= 1;
  EXPECT_FALSE(Module::deserialize(engine, bytes).ok());
}

TEST(Api, FuelStopsAnInfiniteLoopAndTheStoreRunsOn) {
  Config config;
  config.consume_fuel = true;
  Engine engine(config);
  Module module = compileText(engine, R"((module
    (func (export "spin") (loop $l (br $l)))
    (func (export "one") (result i32) (i32.const 1))))");
  Store store(engine);
  ASSERT_TRUE(store.setFuel(10'000).ok());
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok());
  Status s = (*instance->func<void()>("spin"))();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Exhaustion);
  EXPECT_LE(store.fuelConsumed(), 10'000u);
  EXPECT_GE(store.fuelConsumed(), 9'990u);
  ASSERT_TRUE(store.setFuel(100).ok());
  EXPECT_EQ(*(*instance->func<int32_t()>("one"))(), 1);
  // A store of an engine without fuel refuses a budget it could not enforce.
  Engine plain;
  Store unmetered(plain);
  EXPECT_FALSE(unmetered.setFuel(5).ok());
  // And a metered module does not run in an unmetered engine's store.
  EXPECT_FALSE(Instance::create(unmetered, module, {}).ok());
}

TEST(Api, InterruptFromAnotherThread) {
  Config config;
  config.epoch_interruption = true;
  Engine engine(config);
  Module module = compileText(engine, R"((module
    (func (export "spin") (loop $l (br $l)))
    (func (export "one") (result i32) (i32.const 1))))");
  Store store(engine);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok());
  std::thread stopper([&store] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    store.interrupt();
  });
  Status s = (*instance->func<void()>("spin"))();
  stopper.join();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Trap);
  EXPECT_NE(s.error().message.find("interrupted"), std::string::npos) << s.error().message;
  store.setEpochDeadline(1000);
  EXPECT_EQ(*(*instance->func<int32_t()>("one"))(), 1);
  // The engine's epoch reaches a deadline too.
  store.setEpochDeadline(1);
  std::thread ticker([&engine] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    engine.incrementEpoch();
  });
  Status t = (*instance->func<void()>("spin"))();
  ticker.join();
  EXPECT_FALSE(t.ok());
}

TEST(Api, MemoryLimitMakesGrowFail) {
  Engine engine;
  Module module = compileText(engine, R"((module (memory (export "memory") 1)
    (func (export "bomb") (result i32)
      (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
      (memory.size))))");
  StoreLimits limits;
  limits.max_memory_bytes = 16 * 65536;
  Store store(engine, limits);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok());
  EXPECT_EQ(*(*instance->func<int32_t()>("bomb"))(), 16);
}

TEST(Api, StackLimitIsATrap) {
  Engine engine;
  Module module = compileText(engine, R"((module (func $r (export "r") (call $r))))");
  StoreLimits limits;
  limits.max_call_depth = 500;
  Store store(engine, limits);
  auto instance = Instance::create(store, module, {});
  ASSERT_TRUE(instance.ok());
  Status s = (*instance->func<void()>("r"))();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Exhaustion);
  EXPECT_NE(s.error().message.find("call stack exhausted"), std::string::npos);
}

TEST(Api, WasiThroughTheLinker) {
  Engine engine;
  // fd_write(1, iovs, 1, nwritten) of "hi\n", then proc_exit(3).
  Module module = compileText(engine, R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 8) "hi\n")
    (func (export "_start")
      (i32.store (i32.const 0) (i32.const 8))
      (i32.store (i32.const 4) (i32.const 3))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 20)))
      (call $exit (i32.const 3)))))");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  Store store(engine);
  WasiConfig wasi;
  wasi.args = {"prog"};
  wasi.stdout_fd = fds[1];
  ASSERT_TRUE(store.configureWasi(wasi).ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.defineWasi().ok());
  auto instance = linker.instantiate(store, module);
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  Status s = (*instance->func<void()>("_start"))();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Exit);
  EXPECT_EQ(s.error().exit_code, 3);
  close(fds[1]);
  char buf[16] = {};
  EXPECT_EQ(read(fds[0], buf, sizeof buf), 3);
  close(fds[0]);
  EXPECT_STREQ(buf, "hi\n");

  WasiConfig missing_dir;
  missing_dir.dirs.push_back({"/nonexistent/petrel-test", "/x"});
  Store other(engine);
  EXPECT_FALSE(other.configureWasi(missing_dir).ok());
}

// A host serving requests gives the guest its input and takes its output in
// memory: fd 0 reads the bytes then end of file, fd 1 appends to a string up
// to the limit (then `fbig`), and neither can seek (`spipe`).
TEST(Api, WasiStdioInMemory) {
  Engine engine;
  Module module = compileText(engine, R"((module
    (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
    (memory (export "memory") 1)
    ;; One iovec at 0 over the buffer at 100; the byte count goes to 16.
    (func $io (param $fd i32) (param $len i32) (param $write i32) (result i32)
      (i32.store (i32.const 0) (i32.const 100))
      (i32.store (i32.const 4) (local.get $len))
      (if (result i32) (local.get $write)
        (then (call $write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16)))
        (else (call $read (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16)))))
    (func (export "read") (param i32) (result i32 i32)
      (call $io (i32.const 0) (local.get 0) (i32.const 0)) (i32.load (i32.const 16)))
    (func (export "write") (param i32 i32) (result i32 i32)
      (call $io (local.get 0) (local.get 1) (i32.const 1)) (i32.load (i32.const 16)))
    (func (export "seek") (param i32) (result i32)
      (call $seek (local.get 0) (i64.const 0) (i32.const 0) (i32.const 24)))))");
  std::string out, err;
  Store store(engine);
  WasiConfig wasi;
  wasi.stdin_bytes = "hello world";
  wasi.stdout_buffer = &out;
  wasi.stderr_buffer = &err;
  wasi.max_output_bytes = 8;
  ASSERT_TRUE(store.configureWasi(wasi).ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.defineWasi().ok());
  auto instance = linker.instantiate(store, module);
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  auto read = *instance->func<std::tuple<int32_t, int32_t>(int32_t)>("read");
  auto write = *instance->func<std::tuple<int32_t, int32_t>(int32_t, int32_t)>("write");
  auto seek = *instance->func<int32_t(int32_t)>("seek");
  constexpr int32_t kSuccess = 0, kFbig = 22, kSpipe = 70;
  EXPECT_EQ(*read(5), std::make_tuple(kSuccess, 5));      // "hello"
  EXPECT_EQ(*write(1, 5), std::make_tuple(kSuccess, 5));  // stdout: "hello"
  EXPECT_EQ(*read(64), std::make_tuple(kSuccess, 6));     // " world", all that is left
  EXPECT_EQ(*read(64), std::make_tuple(kSuccess, 0));     // end of file
  EXPECT_EQ(*write(1, 6), std::make_tuple(kSuccess, 3));  // cut at the 8-byte limit
  EXPECT_EQ(std::get<0>(*write(1, 1)), kFbig);            // nothing more fits
  EXPECT_EQ(*write(2, 4), std::make_tuple(kSuccess, 4));  // stderr has a limit of its own
  EXPECT_EQ(out, "hello wo");
  EXPECT_EQ(err, " wor");
  EXPECT_EQ(*seek(0), kSpipe);
  EXPECT_EQ(*seek(1), kSpipe);
}

// A directory granted read-only: files beneath it can be read, but nothing
// can be created, written or removed.
TEST(Api, WasiReadOnlyDirectory) {
  char tmpl[] = "/tmp/petrel-ro-XXXXXX";
  ASSERT_TRUE(mkdtemp(tmpl));
  std::string dir = tmpl;
  FILE* f = std::fopen((dir + "/in.txt").c_str(), "w");
  ASSERT_TRUE(f);
  std::fputs("data", f);
  std::fclose(f);
  Engine engine;
  // open(path, oflags, rights) on the preopen (fd 3): the errno, or 0 with
  // the new fd at 32; then write(fd) the errno of a 1-byte write.
  Module module = compileText(engine, R"((module
    (import "wasi_snapshot_preview1" "path_open"
      (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_unlink_file" (func $unlink (param i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 200) "in.txt")
    (data (i32.const 210) "new.txt")
    (func (export "open") (param $name i32) (param $len i32) (param $oflags i32) (param $rights i64) (result i32)
      (call $open (i32.const 3) (i32.const 0) (local.get $name) (local.get $len) (local.get $oflags)
        (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 32)))
    (func (export "fd") (result i32) (i32.load (i32.const 32)))
    (func (export "write") (param $fd i32) (result i32)
      (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 1))
      (call $write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16)))
    (func (export "read") (param $fd i32) (result i32)
      (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 4))
      (drop (call $read (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16)))
      (i32.load (i32.const 16)))
    (func (export "unlink") (result i32) (call $unlink (i32.const 3) (i32.const 200) (i32.const 6)))))");
  Store store(engine);
  WasiConfig wasi;
  wasi.dirs.push_back({dir, "/ro", /*read_only=*/true});
  ASSERT_TRUE(store.configureWasi(wasi).ok());
  Linker linker(engine);
  ASSERT_TRUE(linker.defineWasi().ok());
  auto instance = linker.instantiate(store, module);
  ASSERT_TRUE(instance.ok()) << instance.error().describe();
  auto open = *instance->func<int32_t(int32_t, int32_t, int32_t, int64_t)>("open");
  auto fd = *instance->func<int32_t()>("fd");
  auto write = *instance->func<int32_t(int32_t)>("write");
  auto read = *instance->func<int32_t(int32_t)>("read");
  auto unlink = *instance->func<int32_t()>("unlink");
  constexpr int32_t kCreat = 1, kBadf = 8, kNotcapable = 76;
  constexpr int64_t kFdRead = 1 << 1, kFdWrite = 1 << 6;
  EXPECT_EQ(*open(200, 6, 0, kFdRead), 0);
  EXPECT_EQ(*read(*fd()), 4);
  EXPECT_EQ(*open(210, 7, kCreat, kFdRead | kFdWrite), kNotcapable);
  EXPECT_EQ(*open(200, 6, 0, kFdRead | kFdWrite), kNotcapable);
  EXPECT_EQ(*open(200, 6, 0, kFdRead), 0);
  EXPECT_EQ(*write(*fd()), kBadf);  // opened for reading only, as with an O_RDONLY descriptor
  EXPECT_EQ(*unlink(), kNotcapable);
  std::remove((dir + "/in.txt").c_str());
  EXPECT_EQ(std::remove(tmpl), 0);  // empty: nothing was created
}

}  // namespace
