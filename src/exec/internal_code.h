// Internal opcodes: the special operations of internal_ops.def followed by
// one opcode per numeric instruction of numeric_ops.def.
#pragma once

#include <cstdint>

#include "ir/opcodes.h"

namespace petrel {

enum class IOp : uint32_t {
#define PETREL_IOP(name, words) name,
#include "exec/internal_ops.def"
#undef PETREL_IOP
#define BINARY(name, tin, tout, expr) Num##name,
#define UNARY(name, tin, tout, expr) Num##name,
#define BINARY_TRAP(name, tin, tout, expr) Num##name,
#define UNARY_TRAP(name, tin, tout, expr) Num##name,
#include "exec/numeric_ops.def"
#undef BINARY
#undef UNARY
#undef BINARY_TRAP
#undef UNARY_TRAP
#define BINARY_IMM32(name, t, expr) Num##name##Imm,
#define BINARY_IMM64(name, t, expr) Num##name##Imm,
#define COMPARE_BRANCH(name, t, expr, inverse) BrIf##name, BrIf##name##Imm,
#include "exec/fused_ops.def"
#undef BINARY_IMM32
#undef BINARY_IMM64
#undef COMPARE_BRANCH
  Count
};

// The `op`-with-constant-operand variant of a numeric instruction, if any;
// `wide` says the immediate takes two words.
bool immediateInternalOp(Opcode op, IOp& out, bool& wide);
// The fused compare-and-branch for an integer comparison (branch if the
// comparison holds, or with `inverted` if it does not).
bool compareBranchOp(Opcode compare, bool inverted, bool with_immediate, IOp& out);
// The wasm comparison behind a numeric internal op (for fusion), if any.
bool comparisonOf(IOp op, Opcode& out);

// The internal opcode for a numeric wasm instruction, or false if `op` is not
// one (constants are not: they have their own encoding).
bool numericInternalOp(Opcode op, IOp& out, unsigned& operand_count);

// Load/store kinds for LoadAny/StoreAny: the wasm opcode's value.
inline uint32_t accessCode(Opcode op) { return static_cast<uint32_t>(op); }

}  // namespace petrel
