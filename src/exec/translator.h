// Validation + translation of function bodies into internal code (see
// docs/ARCHITECTURE.md, "Internal code"). One pass per function: each
// instruction is type-checked by FunctionValidator and then emitted with its
// operands resolved to frame slots and its branch targets to code positions.
#pragma once

#include <memory>

#include "base/result.h"
#include "exec/compiled_code.h"

namespace petrel::internal {

struct CompileOptions {
  // Charge every executed wasm instruction against the store's fuel
  // (Store::setFuel): each straight-line block starts with a FuelCheck of
  // its instruction count, which traps with "all fuel consumed" when the
  // remaining fuel is smaller. Costs one instruction per block executed.
  bool fuel_metering = false;
  // Check the store's epoch deadline at every function entry and loop head
  // (Store::interrupt, Store::setEpochDeadline), trapping with
  // "interrupted". Costs one instruction per call and loop iteration.
  bool interruptible = false;
};

// Validates the module (structure and every function body) and translates
// every function. Consumes the decoded module.
Result<std::shared_ptr<const CompiledModule>> compileValidatedModule(Module&& module, const CompileOptions& options = {});

}  // namespace petrel::internal
