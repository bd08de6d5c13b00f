#include "binary/instruction_reader.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <string>

namespace petrel::internal {

// read()'s inline block-type path maps value type codes to kinds by subtraction.
static_assert(static_cast<ValKind>(0x7f - typecode::I32) == ValKind::I32 &&
              static_cast<ValKind>(0x7f - typecode::I64) == ValKind::I64 &&
              static_cast<ValKind>(0x7f - typecode::F32) == ValKind::F32 &&
              static_cast<ValKind>(0x7f - typecode::F64) == ValKind::F64 &&
              static_cast<ValKind>(0x7f - typecode::V128) == ValKind::V128);

namespace {
// Does an instruction this build has take immediates of kind k? The cases
// of the others are compiled out: their opcodes are refused before.
struct ImmRow {
  ImmKind imm;
  Opcode op;
};
constexpr ImmRow kImmRows[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) {ImmKind::imm, Opcode::name},
#include "ir/opcodes.def"
#undef PETREL_OP
};
constexpr bool builtInImm(ImmKind k) {
  for (const ImmRow& row : kImmRows)
    if (row.imm == k && builtIn(row.op)) return true;
  return false;
}

// The opcodes this build refuses, in opcode order, each with the feature it
// needs (opcode in bits 0-11, feature in 12-15): found at compile time, so
// a refusal needs neither opcodeFeature() nor its tables at run time.
constexpr size_t kOpcodeCount = static_cast<size_t>(Opcode::Count);
static_assert(kOpcodeCount <= 4096 && static_cast<size_t>(Feature::TailCall) < 16);
constexpr size_t kRefusedCount = [] {
  size_t n = 0;
  for (size_t i = 0; i < kOpcodeCount; ++i) n += !builtIn(static_cast<Opcode>(i));
  return n;
}();
constexpr std::array<uint16_t, kRefusedCount> kRefused = [] {
  std::array<uint16_t, kRefusedCount> out{};
  size_t n = 0;
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    const Opcode op = static_cast<Opcode>(i);
    if (builtIn(op)) continue;
    const Feature f = isFloatOp(op) && !PETREL_FEATURE_FLOAT ? Feature::Float : opcodeFeature(op);
    out[n++] = static_cast<uint16_t>(i | static_cast<size_t>(f) << 12);
  }
  return out;
}();
}  // namespace

bool InstructionReader::readMemArg(MemArg& m) {
  uint64_t start = r_.offset();
  uint32_t flags = r_.readVarU32();
  if (!r_.ok()) return false;
  // Bit 6 of the alignment field says an explicit memory index follows
  // (multi-memory); alignment exponents >= 64 are malformed.
  m.memory = 0;
  if (flags & 0x40) {
    m.memory = r_.readVarU32();
    flags &= ~0x40u;
  }
  if (flags >= 64) return r_.failAt(start, "malformed memop flags");
  m.align_log2 = flags;
  // Wasm 3.0 encodes the offset as u64 for every memory (spec 5.4, Memory
  // Instructions); that it fits a 32-bit memory is a validation rule
  // ("offset out of range").
  m.offset = r_.readVarU64();
  return r_.ok();
}

// Kept out of line: the hot path of read() has no buffer to format into.
[[gnu::noinline, gnu::cold]] bool InstructionReader::illegalOpcode(uint64_t offset, uint8_t prefix, uint32_t code) {
  // Worded like the reference decoder: "illegal opcode ff", "illegal opcode fc 1f".
#if !PETREL_FEATURE_SIMD
  if (prefix == 0xfd) return r_.failAt(offset, "SIMD instruction, and this build of Petrel leaves SIMD out (PETREL_FEATURE_SIMD)");
#endif
  char buf[80];  // the longest mnemonic is 32 characters, the adjective 18
  for (uint16_t refused : kRefused) {
    const Opcode op = static_cast<Opcode>(refused & 0xfff);
    if (opcodeInfo(op).prefix != prefix || opcodeInfo(op).code != code) continue;
    const Feature f = static_cast<Feature>(refused >> 12);
    std::snprintf(buf, sizeof buf, "%s instruction %s", featureAdjective(f), opcodeName(op).c_str());
    return refuseFeature(r_, offset, f, buf);
  }
  if (prefix) std::snprintf(buf, sizeof buf, "illegal opcode %02x %02x", prefix, static_cast<unsigned>(code));
  else std::snprintf(buf, sizeof buf, "illegal opcode %02x", static_cast<unsigned>(code));
  return r_.failAt(offset, buf);
}

bool InstructionReader::readSlow(Instruction& in) {
  in.offset = r_.offset();
  uint8_t byte = r_.readU8();
  if (!r_.ok()) [[unlikely]] return false;
  if (byte >= 0xfb && byte <= 0xfe) [[unlikely]] {
    uint32_t code = r_.readVarU32();
    if (!r_.ok()) return false;
    if (!opcodeFromBinary(byte, code, in.op)) return illegalOpcode(in.offset, byte, code);
  } else {
    uint8_t i = kOpcodeBinaryIndex.single[byte];
    if (i == kNoSingleOpcode) [[unlikely]] return illegalOpcode(in.offset, 0, byte);
    in.op = static_cast<Opcode>(i);
  }

  switch (opcodeInfo(in.op).imm) {
    case ImmKind::None:
      break;
    case ImmKind::BlockType:
      readBlockType(r_, in.block);
      break;
    case ImmKind::Label: case ImmKind::Func: case ImmKind::Type: case ImmKind::Local:
    case ImmKind::Global: case ImmKind::Table: case ImmKind::Mem: case ImmKind::Data:
    case ImmKind::Elem: case ImmKind::Tag:
      in.index = r_.readVarU32();
      break;
    case ImmKind::CallIndirect:
      in.index = r_.readVarU32();
      in.index2 = r_.readVarU32();
      break;
    case ImmKind::MemInit: case ImmKind::TableInit:
      in.index = r_.readVarU32();
      in.index2 = r_.readVarU32();
      break;
    case ImmKind::TypeField: case ImmKind::TypeCount: case ImmKind::TypeData: case ImmKind::TypeElem:
    case ImmKind::TypeType:
      in.index = r_.readVarU32();
      in.index2 = r_.readVarU32();
      break;
    case ImmKind::BrOnCast:
      if constexpr (builtInImm(ImmKind::BrOnCast)) {
        in.cast_flags = r_.readU8();
        in.index = r_.readVarU32();
        readHeapType(r_, in.heap);
        readHeapType(r_, in.heap2);
      }
      break;
    case ImmKind::V128Const:
    case ImmKind::Shuffle:
      if constexpr (builtInImm(ImmKind::V128Const) || builtInImm(ImmKind::Shuffle)) {
        const uint8_t* p = r_.readBytes(16);
        if (p) std::memcpy(in.v128, p, 16);
      }
      break;
    case ImmKind::Lane:
      if constexpr (builtInImm(ImmKind::Lane)) in.lane = r_.readU8();
      break;
    case ImmKind::MemArgLane:
      if constexpr (builtInImm(ImmKind::MemArgLane)) {
        readMemArg(in.memarg);
        in.lane = r_.readU8();
      }
      break;
    case ImmKind::MemCopy: case ImmKind::TableCopy:
      in.index = r_.readVarU32();
      in.index2 = r_.readVarU32();
      break;
    case ImmKind::BrTable: {
      uint32_t n = r_.readVarU32();
      if (!r_.ok()) return false;
      // Each target takes at least one byte: reject impossible counts early
      // instead of reserving memory for them.
      if (n > r_.remaining()) return r_.fail("unexpected end");
      targets_.clear();
      for (uint32_t i = 0; i <= n && r_.ok(); ++i) targets_.push_back(r_.readVarU32());
      in.targets = &targets_;
      break;
    }
    case ImmKind::MemArg:
      readMemArg(in.memarg);
      break;
    case ImmKind::I32:
      in.bits = static_cast<uint64_t>(static_cast<int64_t>(r_.readVarS32()));
      break;
    case ImmKind::I64:
      in.bits = static_cast<uint64_t>(r_.readVarS64());
      break;
    case ImmKind::F32:
      in.bits = r_.readFixedU32();
      break;
    case ImmKind::F64:
      in.bits = r_.readFixedU64();
      break;
    case ImmKind::HeapType:
      readHeapType(r_, in.heap);
      break;
    case ImmKind::SelectT: {
      uint32_t n = r_.readVarU32();
      if (!r_.ok()) return false;
      if (n > r_.remaining()) return r_.fail("unexpected end");
      select_types_.clear();
      for (uint32_t i = 0; i < n && r_.ok(); ++i) {
        ValType t;
        if (readValType(r_, t)) select_types_.push_back(t);
      }
      in.select_types = &select_types_;
      break;
    }
    case ImmKind::TryTable: {
      if constexpr (!builtInImm(ImmKind::TryTable)) break;
      readBlockType(r_, in.block);
      uint32_t n = r_.readVarU32();
      if (!r_.ok()) return false;
      if (n > r_.remaining()) return r_.fail("unexpected end");
      catches_.clear();
      for (uint32_t i = 0; i < n && r_.ok(); ++i) {
        CatchClause c;
        c.kind = r_.readU8();
        if (c.kind > 3) return r_.failAt(r_.offset() - 1, "malformed catch clause");
        if (c.kind < 2) c.tag = r_.readVarU32();
        c.label = r_.readVarU32();
        catches_.push_back(c);
      }
      in.catches = &catches_;
      break;
    }
  }
  if constexpr (!PETREL_FEATURE_MULTI_MEMORY || !PETREL_FEATURE_REFERENCE_TYPES) {
    if (r_.ok()) return refuseIndices(in);
  }
  return r_.ok();
}

// Builds without multi-memory or reference types refuse, by name, a memory
// index other than 0 and call_indirect on a table other than 0.
bool InstructionReader::refuseIndices(const Instruction& in) {
  const ImmKind imm = opcodeInfo(in.op).imm;
  bool other_memory = false;
  if (!PETREL_FEATURE_MULTI_MEMORY) {
    switch (imm) {
      case ImmKind::MemArg: case ImmKind::MemArgLane: other_memory = in.memarg.memory != 0; break;
      case ImmKind::Mem: other_memory = in.index != 0; break;
      case ImmKind::MemInit: other_memory = in.index2 != 0; break;
      case ImmKind::MemCopy: other_memory = in.index != 0 || in.index2 != 0; break;
      default: break;
    }
  }
  const bool other_table = !PETREL_FEATURE_REFERENCE_TYPES && imm == ImmKind::CallIndirect && in.index2 != 0;
  if (!other_memory && !other_table) return true;
  const char* space = other_memory ? "memory" : "table";
  char what[80];
  std::snprintf(what, sizeof what, "%s on a %s other than %s 0", opcodeName(in.op).c_str(), space, space);
  return refuseFeature(r_, in.offset, other_memory ? Feature::MultiMemory : Feature::ReferenceTypes, what);
}

}  // namespace petrel::internal
