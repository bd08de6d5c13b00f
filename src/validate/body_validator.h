// The validation-only pass over function bodies: every body is decoded with
// the one InstructionReader and checked by the one FunctionValidator, and
// nothing is emitted. It runs up front for every module (an invalid module is
// rejected before anything runs, spec 4.5.4), so that translation into
// internal code can be deferred to a function's first call and never fails.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "ir/module.h"
#include "ir/opcodes.h"

namespace petrel::internal {

// What the walk noticed besides validity, for the layers above to act on.
struct BodyFacts {
  // The first instruction (in module order) of the 0xfb (GC) prefix: valid,
  // but the interpreter cannot execute it yet.
  uint64_t first_prefixed_offset = ~uint64_t{0};
  Opcode first_prefixed_op = Opcode::Nop;

  bool hasPrefixed() const { return first_prefixed_offset != ~uint64_t{0}; }
};

// Validates the body of defined function `func_index`.
Status validateFunctionBody(const Module& module, uint32_t func_index, BodyFacts* facts = nullptr);

// Validates every function body; the result (the first error in function
// order, the first prefixed instruction) is the same as validating them in
// order. With `parallel`, a module with enough code is split into ranges of
// functions validated on the host's cores (platform::parallelFor).
Status validateFunctionBodies(const Module& module, BodyFacts* facts = nullptr, bool parallel = false);

}  // namespace petrel::internal
