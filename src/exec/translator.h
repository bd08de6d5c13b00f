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
  // Count executed loop iterations and function entries against the store's
  // fuel, so that a guest that never stops can be stopped (costs one
  // instruction per loop iteration and call).
  bool fuel_metering = false;
};

// Validates the module (structure and every function body) and translates
// every function. Consumes the decoded module.
Result<std::shared_ptr<const CompiledModule>> compileValidatedModule(Module&& module, const CompileOptions& options = {});

}  // namespace petrel::internal
