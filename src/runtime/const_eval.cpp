#include "runtime/const_eval.h"

#include <cstring>
#include <vector>

#include "binary/instruction_reader.h"
#include "runtime/instance.h"

namespace petrel::internal {

Result<WideSlot> evaluateConstExpr(const Instance& inst, const ConstExpr& expr) {
  ByteReader r(expr.code.data(), expr.code.size(), expr.offset);
  InstructionReader reader(r, nullptr);
  std::vector<Slot> stack;
  Slot v128_hi{.bits = 0};  // the high half when the value is a v128 (validation allows only one value)
  Instruction in;
  auto binary = [&](auto fn) {
    Slot b = stack.back();
    stack.pop_back();
    Slot& a = stack.back();
    a = fn(a, b);
  };
  while (reader.read(in)) {
    Slot s{.bits = 0};
    switch (in.op) {
      case Opcode::End:
        if (stack.size() != 1) return Error::invalid("constant expression has the wrong arity", expr.offset);
        return WideSlot{stack.back(), v128_hi};
      case Opcode::I32Const: s.i64 = static_cast<uint32_t>(in.bits); stack.push_back(s); break;
      case Opcode::I64Const: case Opcode::F64Const: s.i64 = in.bits; stack.push_back(s); break;
      case Opcode::F32Const: s.i64 = static_cast<uint32_t>(in.bits); stack.push_back(s); break;
      case Opcode::RefNull: stack.push_back(s); break;
      case Opcode::RefFunc: s.ref = inst.functions[in.index]; stack.push_back(s); break;
      case Opcode::GlobalGet:
        stack.push_back(inst.globals[in.index]->value);
        v128_hi = inst.globals[in.index]->value_hi;
        break;
#if PETREL_FEATURE_SIMD
      case Opcode::V128Const:
        std::memcpy(&s.bits, in.v128, 8);
        std::memcpy(&v128_hi.bits, in.v128 + 8, 8);
        stack.push_back(s);
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
