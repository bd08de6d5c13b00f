// Internal opcodes: the special operations of internal_ops.def followed by
// one opcode per numeric instruction of numeric_ops.def.
#pragma once

#include <cstdint>

#include "ir/opcodes.h"

namespace petrel::internal {

enum class IOp : uint32_t {
#define PETREL_INTERNAL_OP(name, words) name,
#include "exec/internal_op_list.inc"
#undef PETREL_INTERNAL_OP
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

#if PETREL_FEATURE_SIMD
// The internal opcode of a SIMD instruction of simd_ops.def (operands: the
// wasm signature's, then a lane immediate where it has one), or false.
bool simdInternalOp(Opcode op, IOp& out);
// The memory-0 instruction of a SIMD load or lane store of
// simd_memory_ops.def, if `op` is one.
bool simdMemoryM0Op(Opcode op, IOp& out);
// The form of a SIMD binary operator whose second operand is a v128.load
// from memory 0 (SIMD_BINARY_LOAD in simd_ops.def), if it has one.
bool simdLoadFormOp(Opcode op, IOp& out);
// A SIMD shift's form with the count as an immediate (it follows the other).
inline bool isSimdShift(Opcode op) {
  switch (op) {
    case Opcode::I8x16Shl: case Opcode::I8x16ShrS: case Opcode::I8x16ShrU: case Opcode::I16x8Shl:
    case Opcode::I16x8ShrS: case Opcode::I16x8ShrU: case Opcode::I32x4Shl: case Opcode::I32x4ShrS:
    case Opcode::I32x4ShrU: case Opcode::I64x2Shl: case Opcode::I64x2ShrS: case Opcode::I64x2ShrU:
      return true;
    default:
      return false;
  }
}
inline IOp simdShiftImmediateOp(IOp shift) { return static_cast<IOp>(static_cast<uint32_t>(shift) + 1); }
#endif  // PETREL_FEATURE_SIMD

// Whether an instruction can trap or call (and so be the position a trap
// message or a backtrace frame names): only those get source-map entries.
bool mayTrapOrCall(IOp op);

// Load/store kinds for LoadAny/StoreAny: the wasm opcode's value.
inline uint32_t accessCode(Opcode op) { return static_cast<uint32_t>(op); }

}  // namespace petrel::internal
