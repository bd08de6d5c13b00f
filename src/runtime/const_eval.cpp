#include "runtime/const_eval.h"

#include <cstring>
#include <memory>

#include "binary/instruction_reader.h"
#include "runtime/instance.h"

namespace petrel::internal {

Result<WideSlot> evaluateConstExpr(const Instance& inst, const ConstExpr& expr) {
  ByteReader r(expr.code.data(), expr.code.size(), expr.offset);
  InstructionReader reader(r, nullptr);
  // Every instruction takes a byte at least, so the stack never holds more
  // values than the expression has bytes: expressions short enough to be
  // kept inline (nearly all) evaluate without allocating.
  Slot small[ExprBytes::kInline];
  std::unique_ptr<Slot[]> large;
  Slot* stack = small;
  if (expr.code.size() > ExprBytes::kInline)
    stack = (large = std::make_unique_for_overwrite<Slot[]>(expr.code.size())).get();
  size_t depth = 0;
  Slot v128_hi{.bits = 0};  // the high half when the value is a v128 (validation allows only one value)
  Instruction in;
  // One exit for both refusals: one Error built instead of two.
  const char* refusal = "constant expression required";
  uint64_t refusal_at;
  while (reader.read(in)) {
    Slot s{.bits = 0};
    switch (in.op) {
      case Opcode::End:
        if (depth == 1) return WideSlot{stack[0], v128_hi};
        refusal = "constant expression has the wrong arity";
        refusal_at = expr.offset;
        goto refuse;
      case Opcode::I32Const: case Opcode::F32Const: s.i64 = static_cast<uint32_t>(in.bits); break;
      case Opcode::I64Const: case Opcode::F64Const: s.i64 = in.bits; break;
      case Opcode::RefNull: break;
      case Opcode::RefFunc: s.ref = inst.functions[in.index]; break;
      case Opcode::GlobalGet:
        s = inst.globals[in.index]->value;
        v128_hi = inst.globals[in.index]->value_hi;
        break;
#if PETREL_FEATURE_SIMD
      case Opcode::V128Const:
        std::memcpy(&s.bits, in.v128, 8);
        std::memcpy(&v128_hi.bits, in.v128 + 8, 8);
        break;
#endif
      case Opcode::I32Add: case Opcode::I32Sub: case Opcode::I32Mul:
      case Opcode::I64Add: case Opcode::I64Sub: case Opcode::I64Mul: {
        // One 64-bit path for both widths: the low 32 bits of a sum,
        // difference or product depend only on the operands' low 32 bits,
        // so an i32 result is the 64-bit one truncated (and zero-extended,
        // as i32 values are kept).
        bool is32 = in.op <= Opcode::I32Mul;
        auto k = static_cast<unsigned>(in.op) - static_cast<unsigned>(is32 ? Opcode::I32Add : Opcode::I64Add);
        uint64_t a = stack[depth - 2].i64, b = stack[depth - 1].i64;
        uint64_t v = k == 0 ? a + b : k == 1 ? a - b : a * b;
        depth -= 2;
        s.i64 = is32 ? static_cast<uint32_t>(v) : v;
        break;
      }
      default:
        refusal_at = in.offset;
        goto refuse;
    }
    stack[depth++] = s;
  }
  return r.takeError();
refuse:
  return Error::invalid(refusal, refusal_at);
}

}  // namespace petrel::internal
