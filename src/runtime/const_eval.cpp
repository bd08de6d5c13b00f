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
  if (expr.code.size() > ExprBytes::kInline) stack = (large = std::make_unique<Slot[]>(expr.code.size())).get();
  size_t depth = 0;
  Slot v128_hi{.bits = 0};  // the high half when the value is a v128 (validation allows only one value)
  Instruction in;
  auto binary = [&](auto fn) {
    --depth;
    stack[depth - 1] = fn(stack[depth - 1], stack[depth]);
  };
  while (reader.read(in)) {
    Slot s{.bits = 0};
    switch (in.op) {
      case Opcode::End:
        if (depth != 1) return Error::invalid("constant expression has the wrong arity", expr.offset);
        return WideSlot{stack[0], v128_hi};
      case Opcode::I32Const: s.i64 = static_cast<uint32_t>(in.bits); stack[depth++] = s; break;
      case Opcode::I64Const: case Opcode::F64Const: s.i64 = in.bits; stack[depth++] = s; break;
      case Opcode::F32Const: s.i64 = static_cast<uint32_t>(in.bits); stack[depth++] = s; break;
      case Opcode::RefNull: stack[depth++] = s; break;
      case Opcode::RefFunc: s.ref = inst.functions[in.index]; stack[depth++] = s; break;
      case Opcode::GlobalGet:
        stack[depth++] = inst.globals[in.index]->value;
        v128_hi = inst.globals[in.index]->value_hi;
        break;
#if PETREL_FEATURE_SIMD
      case Opcode::V128Const:
        std::memcpy(&s.bits, in.v128, 8);
        std::memcpy(&v128_hi.bits, in.v128 + 8, 8);
        stack[depth++] = s;
        break;
#endif
      case Opcode::I32Add: binary([](Slot a, Slot b) { Slot o{.bits = 0}; o.i64 = static_cast<uint32_t>(a.i32 + b.i32); return o; }); break;
      case Opcode::I32Sub: binary([](Slot a, Slot b) { Slot o{.bits = 0}; o.i64 = static_cast<uint32_t>(a.i32 - b.i32); return o; }); break;
      case Opcode::I32Mul: binary([](Slot a, Slot b) { Slot o{.bits = 0}; o.i64 = static_cast<uint32_t>(a.i32 * b.i32); return o; }); break;
      case Opcode::I64Add: binary([](Slot a, Slot b) { Slot o; o.i64 = a.i64 + b.i64; return o; }); break;
      case Opcode::I64Sub: binary([](Slot a, Slot b) { Slot o; o.i64 = a.i64 - b.i64; return o; }); break;
      case Opcode::I64Mul: binary([](Slot a, Slot b) { Slot o; o.i64 = a.i64 * b.i64; return o; }); break;
      default:
        return Error::invalid("constant expression required", in.offset);
    }
  }
  return r.takeError();
}

}  // namespace petrel::internal
