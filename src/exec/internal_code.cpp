#include "exec/internal_code.h"

namespace petrel::internal {

bool numericInternalOp(Opcode op, IOp& out, unsigned& operand_count) {
  switch (op) {
#define BINARY(name, tin, tout, expr) case Opcode::name: out = IOp::Num##name; operand_count = 2; return true;
#define UNARY(name, tin, tout, expr) case Opcode::name: out = IOp::Num##name; operand_count = 1; return true;
#define BINARY_TRAP BINARY
#define UNARY_TRAP UNARY
#include "exec/numeric_ops.def"
#undef BINARY
#undef UNARY
#undef BINARY_TRAP
#undef UNARY_TRAP
    default:
      return false;
  }
}

bool immediateInternalOp(Opcode op, IOp& out, bool& wide) {
  switch (op) {
#define BINARY_IMM32(name, t, expr) case Opcode::name: out = IOp::Num##name##Imm; wide = false; return true;
#define BINARY_IMM64(name, t, expr) case Opcode::name: out = IOp::Num##name##Imm; wide = true; return true;
#define COMPARE_BRANCH(name, t, expr, inverse)
#include "exec/fused_ops.def"
#undef BINARY_IMM32
#undef BINARY_IMM64
#undef COMPARE_BRANCH
    default:
      return false;
  }
}

bool compareBranchOp(Opcode compare, bool inverted, bool with_immediate, IOp& out) {
  switch (compare) {
#define BINARY_IMM32(name, t, expr)
#define BINARY_IMM64(name, t, expr)
#define COMPARE_BRANCH(name, t, expr, inverse)                                  \
  case Opcode::name:                                                            \
    if (inverted) out = with_immediate ? IOp::BrIf##inverse##Imm : IOp::BrIf##inverse; \
    else out = with_immediate ? IOp::BrIf##name##Imm : IOp::BrIf##name;         \
    return true;
#include "exec/fused_ops.def"
#undef BINARY_IMM32
#undef BINARY_IMM64
#undef COMPARE_BRANCH
    default:
      return false;
  }
}

bool comparisonOf(IOp op, Opcode& out) {
  Opcode candidate;
  switch (op) {
#define BINARY_IMM32(name, t, expr) case IOp::Num##name##Imm: candidate = Opcode::name; break;
#define BINARY_IMM64(name, t, expr) case IOp::Num##name##Imm: candidate = Opcode::name; break;
#define COMPARE_BRANCH(name, t, expr, inverse) case IOp::Num##name: candidate = Opcode::name; break;
#include "exec/fused_ops.def"
#undef BINARY_IMM32
#undef BINARY_IMM64
#undef COMPARE_BRANCH
    default:
      return false;
  }
  IOp unused;
  if (!compareBranchOp(candidate, false, false, unused)) return false;
  out = candidate;
  return true;
}

}  // namespace petrel::internal
