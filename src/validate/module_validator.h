// Module-level validation (spec 3.4): types, imports, tables, memories,
// globals, exports, start, segments and constant expressions. Function
// bodies are checked by FunctionValidator while they are translated.
#pragma once

#include "base/result.h"
#include "ir/module.h"

namespace petrel::internal {

// Validates everything but function bodies and fills the validation results
// kept in the module (canonical type ids, declared function references).
Status validateModuleStructure(Module& module);

// Checks that `expr` is a constant expression of type `expected`;
// `visible_globals` is how many globals it may read (spec 3.3.10).
Status validateConstExpr(const Module& module, const ConstExpr& expr, ValType expected, uint32_t visible_globals);

}  // namespace petrel::internal
