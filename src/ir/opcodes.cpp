#include "ir/opcodes.h"

#include <cstring>

namespace petrel::internal {

namespace {
constexpr size_t kOpcodeCount = static_cast<size_t>(Opcode::Count);

// Where each mnemonic starts in kOpcodeNames: the lengths (with the NUL)
// summed in table order.
struct NameOffsets {
  uint16_t at[kOpcodeCount];
};
constexpr NameOffsets makeNameOffsets() {
  constexpr size_t kSizes[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) sizeof(text),
#include "ir/opcodes.def"
#undef PETREL_OP
  };
  NameOffsets offsets{};
  size_t offset = 0;
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    offsets.at[i] = static_cast<uint16_t>(offset);
    offset += kSizes[i];
  }
  return offsets;
}
constexpr NameOffsets kNameOffsets = makeNameOffsets();
}  // namespace

constexpr char kOpcodeNames[] =
#define PETREL_OP(name, prefix, code, text, imm, sig) text "\0"
#include "ir/opcodes.def"
#undef PETREL_OP
    ;
static_assert(sizeof(kOpcodeNames) <= 0x10000, "OpcodeInfo::name_offset is 16 bits");

const OpcodeInfo kOpcodeInfo[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) \
  {kNameOffsets.at[static_cast<size_t>(Opcode::name)], code, prefix, ImmKind::imm},
#include "ir/opcodes.def"
#undef PETREL_OP
};

namespace {
struct Encoding {
  uint8_t prefix;
  uint32_t code;
  ImmKind imm;
};
constexpr Encoding kEncodings[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) {prefix, code, ImmKind::imm},
#include "ir/opcodes.def"
#undef PETREL_OP
};

// OpcodeBinaryIndex::single holds a row index in a byte.
constexpr bool singleBytesFirst() {
  for (size_t i = kNoSingleOpcode; i < kOpcodeCount; ++i)
    if (kEncodings[i].prefix == 0) return false;
  return true;
}
static_assert(singleBytesFirst(), "a single-byte opcode after row 0xfe of opcodes.def");

constexpr OpcodeBinaryIndex makeBinaryIndex() {
  OpcodeBinaryIndex index{};
  for (auto& s : index.single) s = kNoSingleOpcode;
  for (auto& s : index.fc) s = -1;
  for (auto& s : index.fb) s = -1;
#if PETREL_FEATURE_SIMD
  for (auto& s : index.fd) s = -1;
#endif
  for (auto& s : index.single_imm) s = kSingleImmOther;
  auto add = [](int16_t* table, size_t size, uint32_t code, size_t i) {
    if (code < size && table[code] < 0) table[code] = static_cast<int16_t>(i);
  };
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    if (!builtIn(static_cast<Opcode>(i))) continue;  // unknown to the decoder: refused, named (InstructionReader)
    switch (kEncodings[i].prefix) {
      case 0:
        if (kEncodings[i].code < 256 && index.single[kEncodings[i].code] == kNoSingleOpcode)
          index.single[kEncodings[i].code] = static_cast<uint8_t>(i);
        break;
      case 0xfc: add(index.fc, 32, kEncodings[i].code, i); break;
      case 0xfb: add(index.fb, 32, kEncodings[i].code, i); break;
#if PETREL_FEATURE_SIMD
      case 0xfd: add(index.fd, 0x120, kEncodings[i].code, i); break;
#endif
      default: break;
    }
  }
  for (size_t byte = 0; byte < 256; ++byte) {
    if (index.single[byte] == kNoSingleOpcode) continue;
    switch (kEncodings[index.single[byte]].imm) {
      case ImmKind::None: index.single_imm[byte] = kSingleImmNone; break;
      case ImmKind::Label: case ImmKind::Func: case ImmKind::Type: case ImmKind::Local: case ImmKind::Global:
      case ImmKind::Table: case ImmKind::Mem: case ImmKind::Data: case ImmKind::Elem: case ImmKind::Tag:
        // Without multi-memory a memory index is checked (readSlow refuses one other than 0).
        if (kEncodings[index.single[byte]].imm == ImmKind::Mem && !PETREL_FEATURE_MULTI_MEMORY) break;
        index.single_imm[byte] = kSingleImmIndex;
        break;
      case ImmKind::I32: index.single_imm[byte] = kSingleImmI32; break;
      case ImmKind::BlockType: index.single_imm[byte] = kSingleImmBlock; break;
      default: break;
    }
  }
  return index;
}
}  // namespace

constexpr OpcodeBinaryIndex kOpcodeBinaryIndex = makeBinaryIndex();

bool opcodeFromText(std::string_view text, Opcode& out) {
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    if (text == kOpcodeInfo[i].name()) {
      out = static_cast<Opcode>(i);
      return true;
    }
  }
  return false;
}


}  // namespace petrel::internal
