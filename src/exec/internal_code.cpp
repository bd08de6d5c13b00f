#include "exec/internal_code.h"

namespace petrel {

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

}  // namespace petrel
