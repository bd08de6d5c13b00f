#include "exec/internal_code.h"

namespace petrel::internal {

namespace {
// The numeric instructions as tables rather than a switch (a third of the
// bytes): each wasm opcode's row in numeric_ops.def (1-based, 0: none) and
// a bit per row for two operands (else one). The rows' internal opcodes
// are consecutive, from the first row's.
constexpr size_t kOpcodeCount = static_cast<size_t>(Opcode::Count);
constexpr size_t kNumericRowCount = 0
#define BINARY(name, tin, tout, expr) +1
#define UNARY BINARY
#define BINARY_TRAP BINARY
#define UNARY_TRAP BINARY
#include "exec/numeric_ops.def"
#undef BINARY
#undef UNARY
#undef BINARY_TRAP
#undef UNARY_TRAP
    ;
static_assert(kNumericRowCount < 256, "a row number fits a byte");
struct NumericRows {
  uint8_t row_of[kOpcodeCount] = {};
  uint32_t binary[(kNumericRowCount + 31) / 32] = {};  // bit per row: two operands, else one
  IOp first = IOp::Count;
  bool consecutive = true;
};
constexpr NumericRows makeNumericRows() {
  NumericRows t;
  unsigned rows = 0;
  auto add = [&](Opcode op, IOp iop, unsigned operands) {
    if (rows == 0) t.first = iop;
    t.consecutive = t.consecutive && static_cast<unsigned>(iop) == static_cast<unsigned>(t.first) + rows;
    if (operands == 2) t.binary[rows / 32] |= uint32_t{1} << (rows % 32);
    t.row_of[static_cast<size_t>(op)] = static_cast<uint8_t>(++rows);
  };
#define BINARY(name, tin, tout, expr) add(Opcode::name, IOp::Num##name, 2);
#define UNARY(name, tin, tout, expr) add(Opcode::name, IOp::Num##name, 1);
#define BINARY_TRAP BINARY
#define UNARY_TRAP UNARY
#include "exec/numeric_ops.def"
#undef BINARY
#undef UNARY
#undef BINARY_TRAP
#undef UNARY_TRAP
  return t;
}
constexpr NumericRows kNumericRows = makeNumericRows();
static_assert(kNumericRows.consecutive, "numeric internal opcodes in numeric_ops.def order");
}  // namespace

bool numericInternalOp(Opcode op, IOp& out, unsigned& operand_count) {
  unsigned row = kNumericRows.row_of[static_cast<size_t>(op)];
  if (row == 0) return false;
  out = static_cast<IOp>(static_cast<unsigned>(kNumericRows.first) + row - 1);
  operand_count = 1 + ((kNumericRows.binary[(row - 1) / 32] >> ((row - 1) % 32)) & 1);
  return true;
}

#if PETREL_FEATURE_SIMD
bool simdInternalOp(Opcode op, IOp& out) {
  switch (op) {
#define SIMD_OP(name, ...) case Opcode::name: out = IOp::Simd##name; return true;
#include "exec/simd_ops.def"
    default:
      return false;
  }
}

bool simdMemoryM0Op(Opcode op, IOp& out) {
  switch (op) {
#define SIMD_LOAD(name, ...) case Opcode::name: out = IOp::name##M0; return true;
#define SIMD_LOAD_LANE SIMD_LOAD
#define SIMD_STORE_LANE SIMD_LOAD
#include "exec/simd_memory_ops.def"
    default:
      return false;
  }
}

bool simdLoadFormOp(Opcode op, IOp& out) {
  switch (op) {
#define SIMD_OP(...)  // only the load forms
#define SIMD_BINARY_LOAD(name) case Opcode::name: out = IOp::Simd##name##Load; return true;
#include "exec/simd_ops.def"
    default:
      return false;
  }
}
#endif  // PETREL_FEATURE_SIMD

#if PETREL_FEATURE_FUSION
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
#else
// Without superinstructions (base/features.h) nothing fuses.
bool immediateInternalOp(Opcode, IOp&, bool&) { return false; }
bool compareBranchOp(Opcode, bool, bool, IOp&) { return false; }
bool comparisonOf(IOp, Opcode&) { return false; }
#endif  // PETREL_FEATURE_FUSION

namespace {
// One entry per internal opcode, in IOp order (internal_op_list.inc):
// the special operations are listed by name, the fast memory accesses all
// trap when out of bounds, and of the numeric ones exactly the *_TRAP
// entries can trap. Fused immediates never trap: a division is only fused
// with a constant that cannot make it trap (the translator's
// immediateIsSafe), and a compare-and-branch cannot.
constexpr bool specialMayTrapOrCall(IOp op) {
  switch (op) {
    case IOp::Unreachable: case IOp::Unsupported: case IOp::Call: case IOp::CallIndirect: case IOp::FuelCheck:
    case IOp::InterruptCheck: case IOp::TranslateOnCall:
#if PETREL_FEATURE_GC
    case IOp::CallRef: case IOp::RefAsNonNull:
#endif
#if PETREL_FEATURE_TAIL_CALL
    case IOp::ReturnCall: case IOp::ReturnCallIndirect:
#endif
#if PETREL_FEATURE_GC && PETREL_FEATURE_TAIL_CALL
    case IOp::ReturnCallRef:
#endif
#if PETREL_FEATURE_MULTI_MEMORY || PETREL_FEATURE_MEMORY64
    case IOp::LoadAny: case IOp::StoreAny:
#endif
#if PETREL_FEATURE_BULK_MEMORY
    case IOp::MemoryInit: case IOp::MemoryCopy: case IOp::MemoryFill: case IOp::TableCopy: case IOp::TableInit:
#endif
#if PETREL_FEATURE_REFERENCE_TYPES
    case IOp::TableGet: case IOp::TableSet: case IOp::TableFill:
#endif
#if PETREL_FEATURE_SIMD
    case IOp::V128LoadM0: case IOp::V128StoreM0: case IOp::SimdMemAny:
#endif
      return true;
    default:
      return false;
  }
}

constexpr bool kMayTrapOrCallList[] = {
#define PETREL_IOP(name, words) specialMayTrapOrCall(IOp::name),
#include "exec/internal_ops.def"
#undef PETREL_IOP
#if PETREL_FEATURE_FUSION
#define LOAD(name, T, put) true, true,
#define STORE(name, T, field) true, true, true,
#else
#define LOAD(name, T, put) true,
#define STORE(name, T, field) true,
#endif
#include "exec/memory_ops.def"
#undef LOAD
#undef STORE
#define BINARY(name, tin, tout, expr) false,
#define UNARY(name, tin, tout, expr) false,
#define BINARY_TRAP(name, tin, tout, expr) true,
#define UNARY_TRAP(name, tin, tout, expr) true,
#include "exec/numeric_ops.def"
#undef BINARY
#undef UNARY
#undef BINARY_TRAP
#undef UNARY_TRAP
#if PETREL_FEATURE_SIMD
#define SIMD_LOAD(name, ...) true,  // out of bounds
#define SIMD_LOAD_LANE SIMD_LOAD
#define SIMD_STORE_LANE SIMD_LOAD
#include "exec/simd_memory_ops.def"
#define SIMD_OP(...) false,  // vector arithmetic never traps
#define SIMD_BINARY_LOAD(name) false, true,  // the Load form traps out of bounds
#define SIMD_SHIFT(name) false, false,
#include "exec/simd_ops.def"
#endif
#if PETREL_FEATURE_FUSION
#define BINARY_IMM32(name, t, expr) false,
#define BINARY_IMM64(name, t, expr) false,
#define COMPARE_BRANCH(name, t, expr, inverse) false, false,
#include "exec/fused_ops.def"
#undef BINARY_IMM32
#undef BINARY_IMM64
#undef COMPARE_BRANCH
#endif
};
constexpr size_t kIOpCount = static_cast<size_t>(IOp::Count);
static_assert(sizeof(kMayTrapOrCallList) == kIOpCount, "one entry per internal opcode");
// The list as bits, an eighth of its size.
struct IOpBits {
  uint32_t words[(kIOpCount + 31) / 32] = {};
};
constexpr IOpBits makeMayTrapOrCall() {
  IOpBits bits;
  for (size_t i = 0; i < kIOpCount; ++i)
    if (kMayTrapOrCallList[i]) bits.words[i / 32] |= uint32_t{1} << (i % 32);
  return bits;
}
constexpr IOpBits kMayTrapOrCall = makeMayTrapOrCall();
}  // namespace

bool mayTrapOrCall(IOp op) {
  uint32_t i = static_cast<uint32_t>(op);
  return (kMayTrapOrCall.words[i / 32] >> (i % 32)) & 1;
}

}  // namespace petrel::internal
