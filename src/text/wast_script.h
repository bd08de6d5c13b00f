// The in-memory form of a .wast script (the spec interpreter's script
// format): modules, actions and assertions. Produced by parseWastScript().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "ir/types.h"

namespace petrel::internal::wast {

// A module as written in a script. Text modules are encoded to the binary
// format by the parser; `(module quote ...)` keeps its text, which is only
// parsed when the command runs (so malformed text can be asserted).
struct ScriptModule {
  enum class Form : uint8_t { Binary, Quote } form = Form::Binary;
  std::string id;              // "$name" or empty
  bool is_definition = false;  // (module definition ...): compiled, not instantiated
  std::vector<uint8_t> binary; // Form::Binary: the encoded module
  std::string quote;           // Form::Quote: concatenated source text
  uint32_t line = 0;
};

// A constant in an action's arguments or an expected result.
struct ScriptValue {
  enum class Kind : uint8_t {
    I32, I64, F32, F64, V128,
    RefNull,      // heap in `heap`
    RefExtern,    // (ref.extern N): host reference N
    RefFunc,      // (ref.func) in results: any non-null function reference
    RefExternAny, // (ref.extern) in results: any non-null extern reference
    // Result patterns only:
    NanCanonical, NanArithmetic,  // type given by `nan_type` (F32/F64)
    Either,                       // one of `alternatives`
    // Added for the Wasm 3.0 suite (results only unless noted):
    RefNullAny,   // (ref.null) with no heap type: any null reference
    RefHost,      // (ref.host N), also in arguments: host reference N (`bits`)
    RefAbstract,  // (ref.struct) (ref.array) (ref.eq) (ref.i31) (ref.any) (ref.exn):
                  // any non-null reference of the abstract heap type in `heap`
  } kind = Kind::I32;
  uint64_t bits = 0;           // I32/I64/F32/F64 raw bits; RefExtern payload
  uint8_t v128[16] = {};       // V128 bytes (little-endian lanes)
  // For V128 result patterns with per-lane NaN patterns: lane shape and
  // per-lane kinds (0 exact, 1 nan:canonical, 2 nan:arithmetic).
  // The parser sets lane_shape for every f32x4/f64x2 constant; lanes written
  // as plain numbers have lane_nan 0 and are compared bit for bit.
  uint8_t lane_shape = 0;      // 0 none, 4 = f32x4, 8 = f64x2 (lane size bytes)
  uint8_t lane_nan[4] = {};
  ValKind nan_type = ValKind::F32;
  HeapType heap;               // RefNull, RefAbstract
  std::vector<ScriptValue> alternatives;  // Either
  bool has_index = false;      // RefFunc written as (ref.func N): `bits` holds N
};

struct Action {
  enum class Kind : uint8_t { Invoke, Get } kind = Kind::Invoke;
  std::string module_id;  // "$name" or empty for the most recent module
  std::string field;      // export name (UTF-8, escapes decoded)
  std::vector<ScriptValue> args;
};

struct Command {
  enum class Kind : uint8_t {
    Module,             // define (and unless is_definition, instantiate) `module`
    ModuleInstance,     // (module instance $inst $def): instantiate a definition
    Register,           // (register "name" $module?)
    Action,             // bare (invoke ...) or (get ...)
    AssertReturn,
    AssertTrap,         // action traps, or module instantiation traps (has_module)
    AssertExhaustion,
    AssertException,
    AssertMalformed,
    AssertInvalid,
    AssertUnlinkable,
    AssertUninstantiable,
  } kind = Kind::Module;
  uint32_t line = 0;
  ScriptModule module;        // Module, AssertMalformed/Invalid/Unlinkable/Uninstantiable, AssertTrap with module
  bool has_module = false;
  Action action;              // Action and assertions on actions
  std::vector<ScriptValue> expected;  // AssertReturn
  std::string message;        // expected failure text
  std::string register_name;  // Register: the import module name
  std::string instance_id;    // ModuleInstance: "$inst"; Register: "$module" (may be empty)
  std::string definition_id;  // ModuleInstance: "$def"
};

struct Script {
  std::string filename;
  std::vector<Command> commands;
};

// Parses a whole .wast file. Errors name file:line:column.
Result<Script> parseWastScript(std::string_view source, std::string_view filename);

}  // namespace petrel::internal::wast
