// Opcode enumeration and metadata generated from opcodes.def.
#pragma once

#include <cstdint>
#include <string_view>

#include "ir/feature.h"

namespace petrel::internal {

// How the operands after an opcode are encoded (binary) / written (text).
enum class ImmKind : uint8_t {
  None,
  BlockType,     // s33: empty (0x40), value type, or type index
  Label,         // u32 label depth
  BrTable,       // vec(u32) labels, u32 default
  Func,          // u32 function index
  CallIndirect,  // u32 type index, u32 table index
  Type,          // u32 type index
  Local,         // u32
  Global,        // u32
  Table,         // u32
  MemArg,        // u32 align flags (bit 6 = memory index follows), [u32 memidx], offset (u32, or u64 for memory64)
  Mem,           // u32 memory index
  I32,           // s32
  I64,           // s64
  F32,           // 4 bytes
  F64,           // 8 bytes
  HeapType,      // s33 heap type
  SelectT,       // vec(valtype)
  MemInit,       // u32 data index, u32 memory index
  Data,          // u32 data index
  MemCopy,       // u32 dst memory, u32 src memory
  TableInit,     // u32 elem index, u32 table index
  Elem,          // u32 elem index
  TableCopy,     // u32 dst table, u32 src table
  Tag,           // u32 tag index
  TryTable,      // blocktype, vec(catch)
  // Garbage collection (0xfb prefix)
  TypeField,     // u32 type index, u32 field index (struct.get/set)
  TypeCount,     // u32 type index, u32 operand count (array.new_fixed)
  TypeData,      // u32 type index, u32 data index (array.new_data, array.init_data)
  TypeElem,      // u32 type index, u32 elem index (array.new_elem, array.init_elem)
  TypeType,      // u32 dst type index, u32 src type index (array.copy)
  BrOnCast,      // u8 flags (bit 0: source nullable, bit 1: target nullable), u32 label, heaptype, heaptype
  // SIMD (0xfd prefix)
  V128Const,     // 16 bytes
  Shuffle,       // 16 lane index bytes
  Lane,          // u8 lane index
  MemArgLane,    // memarg, u8 lane index
};

enum class Opcode : uint16_t {
#define PETREL_OP(name, prefix, code, text, imm, sig) name,
#include "ir/opcodes.def"
#undef PETREL_OP
  Count
};

// Does an instruction take or make f32/f64 values? Its mnemonic says:
// "f32.add", "i32.trunc_f64_s", "f64x2.mul" (builds without floats refuse
// these, base/features.h).
constexpr bool namesFloat(const char* text) {
  for (; *text; ++text)
    if (text[0] == 'f' && ((text[1] == '3' && text[2] == '2') || (text[1] == '6' && text[2] == '4'))) return true;
  return false;
}
inline constexpr uint8_t kOpcodeEncodingPrefix[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) prefix,
#include "ir/opcodes.def"
#undef PETREL_OP
};
inline constexpr bool kIsFloatOp[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) namesFloat(text),
#include "ir/opcodes.def"
#undef PETREL_OP
};
constexpr bool isFloatOp(Opcode op) { return kIsFloatOp[static_cast<size_t>(op)]; }
// The feature an instruction needs (ir/feature.h, base/features.h), other
// than floats (isFloatOp) and SIMD (whose opcodes exist only with it).
// Feature::None: every build has it. (ref.func is in every build: the MVP's
// element segments of function indices are decoded as ref.func expressions;
// without reference types the decoder and the validator refuse it where a
// module writes it.)
constexpr Feature opcodeFeature(Opcode op) {
  switch (op) {
    case Opcode::MemoryInit: case Opcode::DataDrop: case Opcode::MemoryCopy: case Opcode::MemoryFill:
    case Opcode::TableInit: case Opcode::ElemDrop: case Opcode::TableCopy:
      return Feature::BulkMemory;
    case Opcode::TableGet: case Opcode::TableSet: case Opcode::TableGrow: case Opcode::TableSize:
    case Opcode::TableFill: case Opcode::RefNull: case Opcode::RefIsNull: case Opcode::SelectT:
      return Feature::ReferenceTypes;
    case Opcode::RefEq: case Opcode::RefAsNonNull: case Opcode::BrOnNull: case Opcode::BrOnNonNull:
    case Opcode::CallRef:
      return Feature::Gc;
    case Opcode::ReturnCallRef:  // needs both
      return PETREL_FEATURE_GC ? Feature::TailCall : Feature::Gc;
    case Opcode::Throw: case Opcode::ThrowRef: case Opcode::TryTable:
      return Feature::Exceptions;
    case Opcode::ReturnCall: case Opcode::ReturnCallIndirect:
      return Feature::TailCall;
    default:
      return kOpcodeEncodingPrefix[static_cast<size_t>(op)] == 0xfb ? Feature::Gc : Feature::None;
  }
}
// Whether this build runs `op` (base/features.h).
constexpr bool builtIn(Opcode op) {
  return (PETREL_FEATURE_FLOAT || !isFloatOp(op)) && builtIn(opcodeFeature(op));
}

// The mnemonics are one string pool (kOpcodeNames) and a row holds its
// offset there: no pointer per row for the linker to relocate. Builds
// without PETREL_FEATURE_OPCODE_NAMES have neither (base/features.h):
// 3 bytes a row without SIMD, whose sub-opcodes are the only ones past 0xff.
// The signature column of opcodes.def is not here: the validator and the
// SIMD translator make the tables they need from it at compile time.
#if PETREL_FEATURE_OPCODE_NAMES
extern const char kOpcodeNames[];
#endif
struct OpcodeInfo {
#if PETREL_FEATURE_OPCODE_NAMES
  uint16_t name_offset;  // into kOpcodeNames
#endif
  // The byte, or the sub-opcode after a prefix (at most 0x113).
#if PETREL_FEATURE_SIMD
  uint16_t code;
#else
  uint8_t code;
#endif
  uint8_t prefix;
  ImmKind imm;
#if PETREL_FEATURE_OPCODE_NAMES
  // The text mnemonic ("i32.add").
  const char* name() const { return kOpcodeNames + name_offset; }
#endif
};

// An instruction as messages name it, in every build: its mnemonic
// ("memory.fill"); without PETREL_FEATURE_OPCODE_NAMES its encoding
// ("opcode 0xfc 0x0b", "opcode 0x3f") unless this build leaves the
// instruction out, whose refusal keeps naming it ("GC instruction
// br_on_null"). Valid as long as the OpcodeName: use it within one
// expression, opcodeName(op).c_str().
class OpcodeName {
 public:
  explicit OpcodeName(const char* text) : text_(text) {}
  OpcodeName(uint8_t prefix, uint32_t code);  // the encoding
  OpcodeName(const OpcodeName&) = delete;     // text_ may point into buf_
  OpcodeName& operator=(const OpcodeName&) = delete;
  const char* c_str() const { return text_; }

 private:
  const char* text_;
  char buf_[20];  // "opcode 0xfd 0x113"
};
OpcodeName opcodeName(Opcode op);

// One entry per Opcode, from opcodes.def (inline: the validator and the
// translator look up every instruction).
extern const OpcodeInfo kOpcodeInfo[];
inline const OpcodeInfo& opcodeInfo(Opcode op) { return kOpcodeInfo[static_cast<size_t>(op)]; }
#if PETREL_FEATURE_OPCODE_NAMES
// Lookup by text mnemonic ("i32.add"); returns false when unknown. For
// "select" this returns Select (the typed form is chosen by the parser).
bool opcodeFromText(std::string_view text, Opcode& out);
#endif
// Binary encoding -> Opcode (or none): single-byte opcodes indexed by byte,
// prefixed ones by sub-opcode (0xfc bulk memory, 0xfb GC, 0xfd SIMD incl.
// relaxed SIMD up to 0x113). Where two rows share an encoding the first
// wins. A constant table (no initialisation at run time), read for every
// instruction decoded.
struct OpcodeBinaryIndex {
  // One byte a row (kNoSingleOpcode: unknown): the single-byte opcodes come
  // first in opcodes.def, before index 0xff.
  uint8_t single[256];
  // How the immediates of a single-byte opcode look, for the decoder's fast
  // path: see SingleImm.
  uint8_t single_imm[256];
  // Row bytes like single (kNoSingleOpcode: unknown): these rows come before
  // index 0xff too.
  uint8_t fc[32];
  uint8_t fb[32];
#if PETREL_FEATURE_SIMD
  int16_t fd[0x120];
#endif
};
inline constexpr uint8_t kNoSingleOpcode = 0xff;
enum SingleImm : uint8_t {
  kSingleImmOther = 0,  // anything else (also unknown bytes)
  kSingleImmNone = 1,   // no immediate
  kSingleImmIndex = 2,  // one u32 index (ImmKind Label, Func, Type, Local, Global, Table, Mem, Data, Elem, Tag)
  kSingleImmI32 = 3,    // an s32 constant
  kSingleImmBlock = 4,  // a block type
};
extern const OpcodeBinaryIndex kOpcodeBinaryIndex;
// Lookup by binary encoding; returns false when the opcode is unknown.
inline bool opcodeFromBinary(uint8_t prefix, uint32_t code, Opcode& out) {
  const OpcodeBinaryIndex& index = kOpcodeBinaryIndex;
  int16_t i = -1;
  if (prefix == 0) i = code < 256 && index.single[code] != kNoSingleOpcode ? index.single[code] : -1;
  else if (prefix == 0xfc) i = code < 32 && index.fc[code] != kNoSingleOpcode ? index.fc[code] : -1;
  else if (prefix == 0xfb) i = code < 32 && index.fb[code] != kNoSingleOpcode ? index.fb[code] : -1;
#if PETREL_FEATURE_SIMD
  else if (prefix == 0xfd) i = code < 0x120 ? index.fd[code] : -1;
#endif
  if (i < 0) return false;
  out = static_cast<Opcode>(i);
  return true;
}

// Natural alignment (log2 of access size in bytes) of a load/store.
constexpr unsigned naturalAlignmentLog2(Opcode op) {
  switch (op) {
    case Opcode::I32Load8S: case Opcode::I32Load8U: case Opcode::I64Load8S: case Opcode::I64Load8U:
    case Opcode::I32Store8: case Opcode::I64Store8:
      return 0;
    case Opcode::I32Load16S: case Opcode::I32Load16U: case Opcode::I64Load16S: case Opcode::I64Load16U:
    case Opcode::I32Store16: case Opcode::I64Store16:
      return 1;
    case Opcode::I32Load: case Opcode::F32Load: case Opcode::I64Load32S: case Opcode::I64Load32U:
    case Opcode::I32Store: case Opcode::F32Store: case Opcode::I64Store32:
      return 2;
#if PETREL_FEATURE_SIMD
    // SIMD: the access size, not the vector size (spec 3.4.7).
    case Opcode::V128Load8Splat: case Opcode::V128Load8Lane: case Opcode::V128Store8Lane:
      return 0;
    case Opcode::V128Load16Splat: case Opcode::V128Load16Lane: case Opcode::V128Store16Lane:
      return 1;
    case Opcode::V128Load32Splat: case Opcode::V128Load32Zero: case Opcode::V128Load32Lane:
    case Opcode::V128Store32Lane:
      return 2;
    case Opcode::V128Load: case Opcode::V128Store:
      return 4;
#endif
    default:  // 64-bit accesses, incl. v128.load8x8_s etc. and the 64-bit SIMD lanes
      return 3;
  }
}

}  // namespace petrel::internal
