// Translation of function bodies into internal code (see
// docs/ARCHITECTURE.md, "Internal code" and "Lazy translation"). Every body
// is first validated by the validation-only pass (validate/body_validator);
// translation then reads each instruction once more, drives FunctionValidator
// for the stack state it needs, and emits code with operands resolved to
// frame slots and branch targets to code positions. In lazy mode (the
// default) a function is translated on its first call.
#pragma once

#include <memory>

#include "base/result.h"
#include "exec/compiled_code.h"

namespace petrel::internal {

enum class CompileMode : uint8_t {
  // Validate everything up front; translate each function on its first call.
  Lazy,
  // Validate and translate every function up front (compile cost paid once,
  // first calls pay nothing).
  Eager,
};

struct CompileOptions {
  CompileMode mode = CompileMode::Lazy;
  // Charge every executed wasm instruction against the store's fuel
  // (Store::setFuel): each straight-line block starts with a FuelCheck of
  // its instruction count, which traps with "all fuel consumed" when the
  // remaining fuel is smaller. Costs one instruction per block executed.
  bool fuel_metering = false;
  // Check the store's epoch deadline at every function entry and loop head
  // (Store::interrupt, Store::setEpochDeadline), trapping with
  // "interrupted". Costs one instruction per call and loop iteration.
  bool interruptible = false;
  // A monotonic clock in nanoseconds, to time translations for
  // CompiledModule::translationStats (null: not timed).
  uint64_t (*clock_nanos)() = nullptr;
  // Validate the bodies of a large module on all of the host's cores
  // (platform::parallelFor; no effect in single-threaded builds).
  bool parallel_validation = false;
  // Accept memories with 1-byte pages (the custom-page-sizes proposal,
  // binary/decoder.h's DecodeOptions); off, such a module is malformed.
  bool custom_page_sizes = false;
};

// Validates the module (structure and every function body) and translates
// every function. Consumes the decoded module.
Result<std::shared_ptr<const CompiledModule>> compileValidatedModule(Module&& module, const CompileOptions& options = {});

// The TranslateOnCall stub's work: translates `fn` unless another thread has
// already, and returns its code; null only on an internal error (validated
// code always translates), which the interpreter turns into a trap.
const CodeWord* translateOnFirstCall(const CompiledFunction& fn);

// Translates every function not translated yet (for tools, and for hosts
// that want a lazily compiled module warmed up); safe while it runs.
void translateAllFunctions(const CompiledModule& module);

}  // namespace petrel::internal
