#include "ir/opcodes.h"

#include <cstring>

namespace petrel::internal {

const OpcodeInfo kOpcodeInfo[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) {text, code, prefix, ImmKind::imm},
#include "ir/opcodes.def"
#undef PETREL_OP
};

namespace {
constexpr size_t kOpcodeCount = static_cast<size_t>(Opcode::Count);

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

constexpr OpcodeBinaryIndex makeBinaryIndex() {
  OpcodeBinaryIndex index{};
  for (auto& s : index.single) s = -1;
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
      case 0: add(index.single, 256, kEncodings[i].code, i); break;
      case 0xfc: add(index.fc, 32, kEncodings[i].code, i); break;
      case 0xfb: add(index.fb, 32, kEncodings[i].code, i); break;
#if PETREL_FEATURE_SIMD
      case 0xfd: add(index.fd, 0x120, kEncodings[i].code, i); break;
#endif
      default: break;
    }
  }
  for (size_t byte = 0; byte < 256; ++byte) {
    if (index.single[byte] < 0) continue;
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
    if (text == kOpcodeInfo[i].text) {
      out = static_cast<Opcode>(i);
      return true;
    }
  }
  return false;
}


}  // namespace petrel::internal
