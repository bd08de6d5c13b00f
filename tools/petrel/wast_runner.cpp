#include "wast_runner.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

#include "compile_flags.h"
#include "module_loader.h"
#include "runtime/store.h"
#include "spectest_host.h"
#include "text/wat_parser.h"
#include "value_text.h"

namespace petrel::internal::cli {

using wast::Action;
using wast::Command;
using wast::ScriptModule;
using wast::ScriptValue;

const char* commandKeyword(Command::Kind kind) {
  switch (kind) {
    case Command::Kind::Module: return "module";
    case Command::Kind::ModuleInstance: return "module instance";
    case Command::Kind::Register: return "register";
    case Command::Kind::Action: return "action";
    case Command::Kind::AssertReturn: return "assert_return";
    case Command::Kind::AssertTrap: return "assert_trap";
    case Command::Kind::AssertExhaustion: return "assert_exhaustion";
    case Command::Kind::AssertException: return "assert_exception";
    case Command::Kind::AssertMalformed: return "assert_malformed";
    case Command::Kind::AssertInvalid: return "assert_invalid";
    case Command::Kind::AssertUnlinkable: return "assert_unlinkable";
    case Command::Kind::AssertUninstantiable: return "assert_uninstantiable";
  }
  return "?";
}

namespace {

using Compiled = std::shared_ptr<const CompiledModule>;

std::string describeExpected(const ScriptValue& v) {
  using K = ScriptValue::Kind;
  switch (v.kind) {
    case K::I32: return describeValue(Value::i32(static_cast<uint32_t>(v.bits)));
    case K::I64: return describeValue(Value::i64(v.bits));
    case K::F32: return describeValue(Value::f32Bits(static_cast<uint32_t>(v.bits)));
    case K::F64: return describeValue(Value::f64Bits(v.bits));
    case K::V128: {
      // In the script's float shape when it had one (its lanes may be NaN
      // patterns); the parser keeps no integer shape, so those show as i32x4.
      if (v.lane_shape != 4 && v.lane_shape != 8) return describeV128(v.v128);
      std::string s = v.lane_shape == 4 ? "(v128.const f32x4" : "(v128.const f64x2";
      for (unsigned i = 0; i < 16u / v.lane_shape; ++i) {
        if (v.lane_nan[i] == 1)
          s += " nan:canonical";
        else if (v.lane_nan[i] == 2)
          s += " nan:arithmetic";
        else
          s += " " + describeFloatLane(v.v128 + i * v.lane_shape, v.lane_shape);
      }
      return s + ")";
    }
    case K::RefNull: return "(ref.null " + toString(v.heap) + ")";
    case K::RefExtern: return "(ref.extern " + std::to_string(v.bits) + ")";
    case K::RefNullAny: return "(ref.null)";
    case K::RefHost: return "(ref.host " + std::to_string(v.bits) + ")";
    case K::RefAbstract: return "(ref." + toString(v.heap) + ")";
    case K::RefFunc: return v.has_index ? "(ref.func " + std::to_string(v.bits) + ")" : "(ref.func)";
    case K::RefExternAny: return "(ref.extern)";
    case K::NanCanonical: return std::string("(") + (v.nan_type == ValKind::F32 ? "f32" : "f64") + ".const nan:canonical)";
    case K::NanArithmetic:
      return std::string("(") + (v.nan_type == ValKind::F32 ? "f32" : "f64") + ".const nan:arithmetic)";
    case K::Either: {
      std::string s = "(either";
      for (const ScriptValue& alt : v.alternatives) s += " " + describeExpected(alt);
      return s + ")";
    }
  }
  return "?";
}

// The float lane size (4, 8) an expected v128 was written in, else 0; for
// (either ...) the first alternative's that has one.
unsigned floatLaneBytes(const ScriptValue& v) {
  if (v.kind == ScriptValue::Kind::V128) return v.lane_shape;
  if (v.kind == ScriptValue::Kind::Either)
    for (const ScriptValue& alt : v.alternatives)
      if (unsigned n = floatLaneBytes(alt)) return n;
  return 0;
}

// Results for a failure line; a v128 in the shape of the value expected in
// its place, when the script gave one.
std::string describeValues(const std::vector<Value>& values, const std::vector<ScriptValue>* expected = nullptr) {
  if (values.empty()) return "nothing";
  std::string s;
  for (size_t i = 0; i < values.size(); ++i) {
    const Value& v = values[i];
    std::string text;
    if (v.type.kind == ValKind::V128 && expected && i < expected->size()) {
      uint8_t bytes[16];
      v.v128Bytes(bytes);
      text = describeV128(bytes, floatLaneBytes((*expected)[i]));
    } else {
      text = describeValue(v);
    }
    s += (s.empty() ? "" : " ") + text;
  }
  return s;
}

std::string describeExpectedValues(const std::vector<ScriptValue>& values) {
  if (values.empty()) return "nothing";
  std::string s;
  for (const ScriptValue& v : values) s += (s.empty() ? "" : " ") + describeExpected(v);
  return s;
}

// nan:canonical is a quiet NaN with an all-zero payload besides the quiet
// bit, nan:arithmetic any NaN with the quiet bit set (spec 4.3.3); either sign.
bool isNanPattern(ValKind type, uint64_t bits, bool canonical) {
  if (type == ValKind::F32) {
    uint32_t b = static_cast<uint32_t>(bits) & 0x7fffffffu;
    return canonical ? b == 0x7fc00000u : (b & 0x7fc00000u) == 0x7fc00000u;
  }
  uint64_t b = bits & 0x7fffffffffffffffull;
  return canonical ? b == 0x7ff8000000000000ull : (b & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
}

bool matches(const ScriptValue& expected, const Value& got) {
  using K = ScriptValue::Kind;
  switch (expected.kind) {
    case K::I32: return got.type.kind == ValKind::I32 && got.slot.i32 == static_cast<uint32_t>(expected.bits);
    case K::I64: return got.type.kind == ValKind::I64 && got.slot.i64 == expected.bits;
    case K::F32: return got.type.kind == ValKind::F32 && got.slot.i32 == static_cast<uint32_t>(expected.bits);
    case K::F64: return got.type.kind == ValKind::F64 && got.slot.i64 == expected.bits;
    case K::NanCanonical:
    case K::NanArithmetic: {
      if (got.type.kind != expected.nan_type) return false;
      uint64_t bits = expected.nan_type == ValKind::F32 ? got.slot.i32 : got.slot.i64;
      return isNanPattern(expected.nan_type, bits, expected.kind == K::NanCanonical);
    }
    case K::RefNull:
    case K::RefNullAny: return got.type.isRef() && got.slot.ref == nullptr;
    // A host reference and its extern-converted form are the same pointer.
    case K::RefExtern:
    case K::RefHost: return got.type.isRef() && got.slot.ref == externRefFromIndex(expected.bits);
    // Only non-nullness is checked: a Value carries its static type, not the
    // referenced object's, and (ref.func N) would need the function's address.
    case K::RefFunc:
    case K::RefExternAny:
    case K::RefAbstract: return got.type.isRef() && got.slot.ref != nullptr;
    case K::Either:
      for (const ScriptValue& alt : expected.alternatives)
        if (matches(alt, got)) return true;
      return false;
    case K::V128: {
      if (got.type.kind != ValKind::V128) return false;
      uint8_t bytes[16];
      got.v128Bytes(bytes);
      if (expected.lane_shape != 4 && expected.lane_shape != 8) return std::memcmp(bytes, expected.v128, 16) == 0;
      // Float lanes: a NaN pattern per lane, the others bit for bit.
      unsigned size = expected.lane_shape;
      ValKind lane_type = size == 4 ? ValKind::F32 : ValKind::F64;
      for (unsigned i = 0; i < 16 / size; ++i) {
        uint64_t lane = 0;
        std::memcpy(&lane, bytes + i * size, size);  // little-endian host
        if (expected.lane_nan[i]) {
          if (!isNanPattern(lane_type, lane, expected.lane_nan[i] == 1)) return false;
        } else if (std::memcmp(bytes + i * size, expected.v128 + i * size, size) != 0) {
          return false;
        }
      }
      return true;
    }
  }
  return false;
}

// The value of an argument for a parameter of type `param`.
Result<Value> argumentValue(const ScriptValue& arg, ValType param) {
  using K = ScriptValue::Kind;
  auto mismatch = [&] {
    return Error::make(ErrorKind::Other, "argument " + describeExpected(arg) + " does not fit parameter type " +
                                             toString(param));
  };
  switch (arg.kind) {
    case K::I32:
      if (param.kind != ValKind::I32) return mismatch();
      return Value::i32(static_cast<uint32_t>(arg.bits));
    case K::I64:
      if (param.kind != ValKind::I64) return mismatch();
      return Value::i64(arg.bits);
    case K::F32:
      if (param.kind != ValKind::F32) return mismatch();
      return Value::f32Bits(static_cast<uint32_t>(arg.bits));
    case K::F64:
      if (param.kind != ValKind::F64) return mismatch();
      return Value::f64Bits(arg.bits);
    case K::RefNull:
      if (!param.isRef()) return mismatch();
      return Value::ref(param, nullptr);
    case K::RefExtern:
    case K::RefHost:
      if (!param.isRef()) return mismatch();
      return Value::ref(param, externRefFromIndex(arg.bits));
    case K::V128:
      if (param.kind != ValKind::V128) return mismatch();
      return Value::v128(arg.v128);
    default: return Error::make(ErrorKind::Other, "not a constant: " + describeExpected(arg));
  }
}

// A global's value (a v128 global keeps its high 8 bytes in `value_hi`).
Value globalValue(const GlobalInstance& g) {
  Value v;
  v.type = g.type.type;
  v.slot = g.value;
  if (v.type.kind == ValKind::V128) v.hi = g.value_hi;
  return v;
}

std::string describeError(const Error& e) { return std::string(errorKindName(e.kind)) + ": " + e.describe(); }

class ScriptRunner {
 public:
  explicit ScriptRunner(bool verbose) : spectest_(store_, verbose) {}

  CommandOutcome run(const Command& c);
  // A skipped module command still replaces the current module: later
  // commands must not run against the one before it.
  void forget(const Command& c) {
    if (c.kind != Command::Kind::Module && c.kind != Command::Kind::ModuleInstance) return;
    if (c.kind == Command::Kind::Module && c.module.is_definition) return;
    current_ = nullptr;
    const std::string& id = c.kind == Command::Kind::Module ? c.module.id : c.instance_id;
    if (!id.empty()) named_[id] = nullptr;
  }

 private:
  Result<Compiled> compile(const ScriptModule& m);
  Result<Instance*> instantiate(const Compiled& compiled);
  Result<std::vector<Value>> perform(const Action& a);
  Result<Instance*> findInstance(const std::string& id);

  CommandOutcome onModule(const Command& c);
  CommandOutcome onModuleInstance(const Command& c);
  CommandOutcome onRegister(const Command& c);
  CommandOutcome onAssertReturn(const Command& c);
  CommandOutcome onAssertActionFails(const Command& c, ErrorKind want);
  CommandOutcome onAssertModuleFails(const Command& c);

  // Outcome helpers: `what` names the command for the failure line.
  CommandOutcome fail(const Command& c, const std::string& why) const;
  void checkMessage(CommandOutcome& out, const Command& c, const Error& e) const;

  Store store_;
  SpectestHost spectest_;
  std::map<std::string, Instance*> named_;  // "$id" -> instance; nullptr if its module failed
  Instance* current_ = nullptr;
  std::map<std::string, Compiled> definitions_;  // (module definition $id ...)
  Compiled last_definition_;
  std::map<std::string, Instance*> registered_;  // (register "name") -> instance
};

std::string describeAction(const Action& a) {
  std::string s = a.kind == Action::Kind::Invoke ? "(invoke " : "(get ";
  if (!a.module_id.empty()) s += a.module_id + " ";
  s += "\"" + a.field + "\"";
  for (const ScriptValue& v : a.args) s += " " + describeExpected(v);
  return s + ")";
}

CommandOutcome ScriptRunner::fail(const Command& c, const std::string& why) const {
  using K = Command::Kind;
  std::string what = commandKeyword(c.kind);
  if (c.kind == K::Action)
    what = describeAction(c.action);
  else if (c.kind == K::AssertReturn || c.kind == K::AssertExhaustion || c.kind == K::AssertException ||
           (c.kind == K::AssertTrap && !c.has_module))
    what += " " + describeAction(c.action);
  else if (c.kind == K::Register)
    what += " \"" + c.register_name + "\"";
  return CommandOutcome{CommandOutcome::Fail, "line " + std::to_string(c.line) + ": " + what + ": " + why, {}};
}

void ScriptRunner::checkMessage(CommandOutcome& out, const Command& c, const Error& e) const {
  if (c.message.empty() || e.message.find(c.message) != std::string::npos) return;
  out.notes.push_back("line " + std::to_string(c.line) + ": " + commandKeyword(c.kind) + ": expected message \"" +
                      c.message + "\", got \"" + e.message + "\"");
}

Result<Compiled> ScriptRunner::compile(const ScriptModule& m) {
  // Lazy or eager as the CLI says (`petrel wast --compile eager`), so the
  // suite checks both.
  CompileOptions options = baseCompileOptions();
  if (m.form == ScriptModule::Form::Binary) return compileModule(m.binary.data(), m.binary.size(), options);
  auto binary = watToBinary(m.quote);
  if (!binary.ok()) return binary.takeError();
  return compileModule(binary->data(), binary->size(), options);
}

// Resolves imports from `spectest` and the registered instances, then
// instantiates. An unknown import or one of the wrong kind is Unlinkable.
Result<Instance*> ScriptRunner::instantiate(const Compiled& compiled) {
  std::vector<Extern> imports;
  for (const Import& imp : compiled->module.imports) {
    std::optional<Extern> ext;
    if (auto it = registered_.find(imp.module); it != registered_.end())
      ext = it->second->exportByName(imp.name);
    else if (imp.module == "spectest")
      ext = spectest_.lookup(imp.name);
    if (!ext)
      return Error::make(ErrorKind::Unlinkable, "unknown import \"" + imp.module + "::" + imp.name + "\"");
    if (ext->kind != imp.kind)
      return Error::make(ErrorKind::Unlinkable, "incompatible import type for \"" + imp.module + "::" + imp.name +
                                                    "\": expected " + externKindName(imp.kind) + ", got " +
                                                    externKindName(ext->kind));
    imports.push_back(*ext);
  }
  return store_.instantiate(compiled, imports);
}

Result<Instance*> ScriptRunner::findInstance(const std::string& id) {
  if (id.empty()) {
    if (!current_) return Error::make(ErrorKind::Other, "no current module instance (its module failed?)");
    return current_;
  }
  auto it = named_.find(id);
  if (it == named_.end()) return Error::make(ErrorKind::Other, "unknown module " + id);
  if (!it->second) return Error::make(ErrorKind::Other, "module " + id + " failed to instantiate");
  return it->second;
}

Result<std::vector<Value>> ScriptRunner::perform(const Action& a) {
  auto instance = findInstance(a.module_id);
  if (!instance.ok()) return instance.takeError();
  auto ext = (*instance)->exportByName(a.field);
  if (!ext) return Error::make(ErrorKind::Other, "no export \"" + a.field + "\"");

  if (a.kind == Action::Kind::Get) {
    GlobalInstance* g = ext->global();
    if (!g) return Error::make(ErrorKind::Other, "export \"" + a.field + "\" is not a global");
    return std::vector<Value>{globalValue(*g)};
  }

  FunctionInstance* f = ext->func();
  if (!f) return Error::make(ErrorKind::Other, "export \"" + a.field + "\" is not a function");
  const FuncType& type = *f->type;
  if (a.args.size() != type.params.size())
    return Error::make(ErrorKind::Other, "\"" + a.field + "\" takes " + std::to_string(type.params.size()) +
                                             " arguments, script gives " + std::to_string(a.args.size()));
  std::vector<Value> args;
  for (size_t i = 0; i < a.args.size(); ++i) {
    auto v = argumentValue(a.args[i], type.params[i]);
    if (!v.ok()) return v.takeError();
    args.push_back(*v);
  }
  return store_.call(f, args);
}

CommandOutcome ScriptRunner::onModule(const Command& c) {
  const ScriptModule& m = c.module;
  auto compiled = compile(m);
  if (m.is_definition) {
    if (!compiled.ok()) {
      if (!m.id.empty()) definitions_.erase(m.id);
      last_definition_ = nullptr;
      return fail(c, "module definition failed: " + describeError(compiled.error()));
    }
    if (!m.id.empty()) definitions_[m.id] = *compiled;
    last_definition_ = *compiled;
    return {};
  }
  // Until this one succeeds, actions on the current module fail.
  current_ = nullptr;
  if (!m.id.empty()) named_[m.id] = nullptr;
  if (!compiled.ok()) return fail(c, describeError(compiled.error()));
  auto instance = instantiate(*compiled);
  if (!instance.ok()) return fail(c, describeError(instance.error()));
  current_ = *instance;
  if (!m.id.empty()) named_[m.id] = current_;
  return {};
}

CommandOutcome ScriptRunner::onModuleInstance(const Command& c) {
  current_ = nullptr;
  if (!c.instance_id.empty()) named_[c.instance_id] = nullptr;
  Compiled def = last_definition_;
  if (!c.definition_id.empty()) {
    auto it = definitions_.find(c.definition_id);
    def = it == definitions_.end() ? nullptr : it->second;
  }
  if (!def) return fail(c, "no module definition " + c.definition_id);
  auto instance = instantiate(def);
  if (!instance.ok()) return fail(c, describeError(instance.error()));
  current_ = *instance;
  if (!c.instance_id.empty()) named_[c.instance_id] = current_;
  return {};
}

CommandOutcome ScriptRunner::onRegister(const Command& c) {
  auto instance = findInstance(c.instance_id);
  if (!instance.ok()) {
    registered_.erase(c.register_name);  // later imports from it are unknown, not stale
    return fail(c, instance.error().message);
  }
  registered_[c.register_name] = *instance;
  return {};
}

CommandOutcome ScriptRunner::onAssertReturn(const Command& c) {
  auto results = perform(c.action);
  if (!results.ok()) return fail(c, "expected " + describeExpectedValues(c.expected) + ", got " + describeError(results.error()));
  bool ok = results->size() == c.expected.size();
  for (size_t i = 0; ok && i < c.expected.size(); ++i) ok = matches(c.expected[i], (*results)[i]);
  if (!ok)
    return fail(c, "expected " + describeExpectedValues(c.expected) + ", got " + describeValues(*results, &c.expected));
  return {};
}

// assert_trap / assert_exhaustion / assert_exception on an action.
CommandOutcome ScriptRunner::onAssertActionFails(const Command& c, ErrorKind want) {
  auto results = perform(c.action);
  if (results.ok()) return fail(c, std::string("expected ") + errorKindName(want) + ", got " + describeValues(*results));
  const Error& e = results.error();
  if (e.kind != want) return fail(c, std::string("expected ") + errorKindName(want) + ", got " + describeError(e));
  CommandOutcome out;
  checkMessage(out, c, e);
  return out;
}

// The assertions about modules: malformed, invalid, unlinkable,
// uninstantiable, and assert_trap on a module (its start function traps).
CommandOutcome ScriptRunner::onAssertModuleFails(const Command& c) {
  using K = Command::Kind;
  auto compiled = compile(c.module);
  CommandOutcome out;
  if (c.kind == K::AssertMalformed || c.kind == K::AssertInvalid) {
    if (compiled.ok()) return fail(c, "module compiled");
    const Error& e = compiled.error();
    bool malformed = e.kind == ErrorKind::Malformed, invalid = e.kind == ErrorKind::Invalid;
    if (!malformed && !invalid) return fail(c, "expected a compile error, got " + describeError(e));
    if (c.kind == K::AssertMalformed && invalid)
      out.notes.push_back("line " + std::to_string(c.line) + ": assert_malformed: module was invalid, not malformed: " +
                          e.describe());
    checkMessage(out, c, e);
    return out;
  }
  if (!compiled.ok()) return fail(c, "module did not compile: " + describeError(compiled.error()));
  auto instance = instantiate(*compiled);
  if (instance.ok()) return fail(c, "module instantiated");
  const Error& e = instance.error();
  bool right = c.kind == K::AssertUnlinkable ? e.kind == ErrorKind::Unlinkable
                                             : e.kind == ErrorKind::Uninstantiable || e.kind == ErrorKind::Trap;
  if (!right) return fail(c, "got " + describeError(e));
  checkMessage(out, c, e);
  return out;
}

CommandOutcome ScriptRunner::run(const Command& c) {
  using K = Command::Kind;
  switch (c.kind) {
    case K::Module: return onModule(c);
    case K::ModuleInstance: return onModuleInstance(c);
    case K::Register: return onRegister(c);
    case K::Action: {
      auto results = perform(c.action);
      if (!results.ok()) return fail(c, describeError(results.error()));
      return {};
    }
    case K::AssertReturn: return onAssertReturn(c);
    case K::AssertTrap:
      if (c.has_module) return onAssertModuleFails(c);
      return onAssertActionFails(c, ErrorKind::Trap);
    case K::AssertExhaustion: return onAssertActionFails(c, ErrorKind::Exhaustion);
    case K::AssertException:
      // The core has no error kind for an uncaught exception yet.
      return fail(c, "exceptions are not supported");
    case K::AssertMalformed:
    case K::AssertInvalid:
    case K::AssertUnlinkable:
    case K::AssertUninstantiable: return onAssertModuleFails(c);
  }
  return fail(c, "unknown command");
}

}  // namespace

void runScript(const wast::Script& script, const std::vector<LineRange>& skipped_lines, bool verbose,
               const std::function<void(const wast::Command&)>& begin,
               const std::function<void(const CommandOutcome&)>& report) {
  ScriptRunner runner(verbose);
  for (const Command& c : script.commands) {
    bool skip = false;
    for (const LineRange& r : skipped_lines) skip = skip || (c.line >= r.first && c.line <= r.last);
    if (skip) {
      runner.forget(c);
      report(CommandOutcome{CommandOutcome::Skip, {}, {}});
      continue;
    }
    begin(c);
    report(runner.run(c));
  }
}

}  // namespace petrel::internal::cli
