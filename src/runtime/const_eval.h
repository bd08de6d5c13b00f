// Evaluation of constant expressions (spec 4.4.x, "constant expressions")
// during instantiation: offsets, global initialisers, element items.
#pragma once

#include "base/result.h"
#include "ir/module.h"
#include "runtime/value.h"

namespace petrel::internal {

class Instance;

Result<WideSlot> evaluateConstExpr(const Instance& inst, const ConstExpr& expr);

}  // namespace petrel::internal
