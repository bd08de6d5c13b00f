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
namespace {
// fused_ops.def as tables over the numeric rows (see NumericRows), rather
// than three switches (about half the bytes). The internal opcodes of the
// immediate rows are consecutive, as are the compare-and-branch pairs.
#define PETREL_COUNT_ROW(...) +1
#define PETREL_NO_ROW(...)
constexpr size_t kImm32Rows = 0
#define BINARY_IMM32 PETREL_COUNT_ROW
#define BINARY_IMM64 PETREL_NO_ROW
#define COMPARE_BRANCH PETREL_NO_ROW
#include "exec/fused_ops.def"
#undef BINARY_IMM32
#undef BINARY_IMM64
#undef COMPARE_BRANCH
    ;
constexpr size_t kImmRows = 0
#define BINARY_IMM32 PETREL_COUNT_ROW
#define BINARY_IMM64 PETREL_COUNT_ROW
#define COMPARE_BRANCH PETREL_NO_ROW
#include "exec/fused_ops.def"
#undef BINARY_IMM32
#undef BINARY_IMM64
#undef COMPARE_BRANCH
    ;
constexpr size_t kCompareRows = 0
#define BINARY_IMM32 PETREL_NO_ROW
#define BINARY_IMM64 PETREL_NO_ROW
#define COMPARE_BRANCH PETREL_COUNT_ROW
#include "exec/fused_ops.def"
#undef BINARY_IMM32
#undef BINARY_IMM64
#undef COMPARE_BRANCH
    ;
#undef PETREL_COUNT_ROW
#undef PETREL_NO_ROW

struct FusedRows {
  uint8_t imm_of[kNumericRowCount] = {};     // per numeric row: 1 + its immediate row, or 0
  uint8_t compare_of[kNumericRowCount] = {};  // per numeric row: 1 + its compare row, or 0
  uint8_t imm_compare[kImmRows] = {};         // per immediate row: 1 + its compare row, or 0
  uint8_t inverse_of[kCompareRows] = {};      // per compare row: its inverse's
  Opcode compare_op[kCompareRows] = {};
  IOp first_imm = IOp::Count, first_branch = IOp::Count;
  bool consecutive = true;
};
constexpr FusedRows makeFusedRows() {
  FusedRows t;
  auto numericRow = [](Opcode op) { return kNumericRows.row_of[static_cast<size_t>(op)] - 1u; };
  unsigned imm = 0, cmp = 0;
  auto addImm = [&](Opcode op, IOp iop) {
    if (imm == 0) t.first_imm = iop;
    t.consecutive = t.consecutive && static_cast<unsigned>(iop) == static_cast<unsigned>(t.first_imm) + imm;
    t.imm_of[numericRow(op)] = static_cast<uint8_t>(++imm);
  };
  auto addCompare = [&](Opcode op, IOp branch, IOp branch_imm) {
    if (cmp == 0) t.first_branch = branch;
    t.consecutive = t.consecutive && static_cast<unsigned>(branch) == static_cast<unsigned>(t.first_branch) + 2 * cmp &&
                    static_cast<unsigned>(branch_imm) == static_cast<unsigned>(branch) + 1;
    t.compare_op[cmp] = op;
    t.compare_of[numericRow(op)] = static_cast<uint8_t>(++cmp);
  };
#define BINARY_IMM32(name, type, expr) addImm(Opcode::name, IOp::Num##name##Imm);
#define BINARY_IMM64(name, type, expr) addImm(Opcode::name, IOp::Num##name##Imm);
#define COMPARE_BRANCH(name, type, expr, inverse) addCompare(Opcode::name, IOp::BrIf##name, IOp::BrIf##name##Imm);
#include "exec/fused_ops.def"
#undef COMPARE_BRANCH
  // Then each compare row's inverse, now that every row has its number.
#define COMPARE_BRANCH(name, type, expr, inverse)            \
  t.inverse_of[t.compare_of[numericRow(Opcode::name)] - 1] = \
      static_cast<uint8_t>(t.compare_of[numericRow(Opcode::inverse)] - 1);
#undef BINARY_IMM32
#undef BINARY_IMM64
#define BINARY_IMM32(name, type, expr)
#define BINARY_IMM64(name, type, expr)
#include "exec/fused_ops.def"
#undef BINARY_IMM32
#undef BINARY_IMM64
#undef COMPARE_BRANCH
  for (size_t i = 0; i < kNumericRowCount; ++i)
    if (t.imm_of[i]) t.imm_compare[t.imm_of[i] - 1] = t.compare_of[i];
  return t;
}
constexpr FusedRows kFusedRows = makeFusedRows();
static_assert(kFusedRows.consecutive, "fused internal opcodes in fused_ops.def order");
}  // namespace

bool immediateInternalOp(Opcode op, IOp& out, bool& wide) {
  unsigned row = kNumericRows.row_of[static_cast<size_t>(op)];
  unsigned imm = row ? kFusedRows.imm_of[row - 1] : 0;
  if (imm == 0) return false;
  out = static_cast<IOp>(static_cast<unsigned>(kFusedRows.first_imm) + imm - 1);
  wide = imm > kImm32Rows;
  return true;
}

bool compareBranchOp(Opcode compare, bool inverted, bool with_immediate, IOp& out) {
  unsigned row = kNumericRows.row_of[static_cast<size_t>(compare)];
  unsigned cmp = row ? kFusedRows.compare_of[row - 1] : 0;
  if (cmp == 0) return false;
  cmp = inverted ? kFusedRows.inverse_of[cmp - 1] : cmp - 1;
  out = static_cast<IOp>(static_cast<unsigned>(kFusedRows.first_branch) + 2 * cmp + (with_immediate ? 1 : 0));
  return true;
}

bool comparisonOf(IOp op, Opcode& out) {
  unsigned i = static_cast<unsigned>(op);
  unsigned numeric = static_cast<unsigned>(kNumericRows.first), imm = static_cast<unsigned>(kFusedRows.first_imm);
  unsigned cmp = i - numeric < kNumericRowCount ? kFusedRows.compare_of[i - numeric]
                 : i - imm < kImmRows          ? kFusedRows.imm_compare[i - imm]
                                               : 0;
  if (cmp == 0) return false;
  out = kFusedRows.compare_op[cmp - 1];
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
