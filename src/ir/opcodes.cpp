#include "ir/opcodes.h"

#include <array>
#include <cstdio>
#include <cstring>

namespace petrel::internal {

namespace {
constexpr size_t kOpcodeCount = static_cast<size_t>(Opcode::Count);
constexpr const char* kTexts[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) text,
#include "ir/opcodes.def"
#undef PETREL_OP
};
constexpr size_t textSize(const char* text) {  // with the NUL
  size_t n = 1;
  while (*text++) ++n;
  return n;
}
}  // namespace

#if PETREL_FEATURE_OPCODE_NAMES
namespace {
// Where each mnemonic starts in kOpcodeNames: the lengths (with the NUL)
// summed in table order.
struct NameOffsets {
  uint16_t at[kOpcodeCount];
};
constexpr NameOffsets makeNameOffsets() {
  NameOffsets offsets{};
  size_t offset = 0;
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    offsets.at[i] = static_cast<uint16_t>(offset);
    offset += textSize(kTexts[i]);
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

OpcodeName opcodeName(Opcode op) { return OpcodeName(opcodeInfo(op).name()); }
#else
const OpcodeInfo kOpcodeInfo[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) {code, prefix, ImmKind::imm},
#include "ir/opcodes.def"
#undef PETREL_OP
};

namespace {
// The mnemonics of the instructions this build leaves out, which the
// decoder's refusals name: each its row (2 bytes, little-endian), then its
// text and NUL, in row order.
constexpr size_t kLeftOutNamesSize = [] {
  size_t n = 0;
  for (size_t i = 0; i < kOpcodeCount; ++i)
    if (!builtIn(static_cast<Opcode>(i))) n += 2 + textSize(kTexts[i]);
  return n;
}();
constexpr std::array<char, kLeftOutNamesSize> kLeftOutNames = [] {
  std::array<char, kLeftOutNamesSize> out{};
  size_t n = 0;
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    if (builtIn(static_cast<Opcode>(i))) continue;
    out[n++] = static_cast<char>(i & 0xff);
    out[n++] = static_cast<char>(i >> 8);
    for (const char* t = kTexts[i]; *t;) out[n++] = *t++;
    out[n++] = 0;
  }
  return out;
}();
}  // namespace

OpcodeName opcodeName(Opcode op) {
  for (const char* p = kLeftOutNames.data(); p != kLeftOutNames.data() + kLeftOutNames.size();) {
    size_t row = static_cast<uint8_t>(p[0]) | static_cast<size_t>(static_cast<uint8_t>(p[1])) << 8;
    const char* text = p + 2;
    if (row == static_cast<size_t>(op)) return OpcodeName(text);
    for (p = text; *p++;) {
    }
  }
  return OpcodeName(opcodeInfo(op).prefix, opcodeInfo(op).code);
}
#endif

OpcodeName::OpcodeName(uint8_t prefix, uint32_t code) : text_(buf_) {
  if (prefix) std::snprintf(buf_, sizeof buf_, "opcode 0x%02x 0x%02x", prefix, static_cast<unsigned>(code));
  else std::snprintf(buf_, sizeof buf_, "opcode 0x%02x", static_cast<unsigned>(code));
}

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

// OpcodeBinaryIndex::single, fc and fb hold a row index in a byte.
constexpr bool byteRowsFirst() {
  for (size_t i = kNoSingleOpcode; i < kOpcodeCount; ++i)
    if (kEncodings[i].prefix == 0 || kEncodings[i].prefix == 0xfc || kEncodings[i].prefix == 0xfb) return false;
  return true;
}
static_assert(byteRowsFirst(), "a single-byte, 0xfc or 0xfb opcode after row 0xfe of opcodes.def");

constexpr OpcodeBinaryIndex makeBinaryIndex() {
  OpcodeBinaryIndex index{};
  for (auto& s : index.single) s = kNoSingleOpcode;
  for (auto& s : index.fc) s = kNoSingleOpcode;
  for (auto& s : index.fb) s = kNoSingleOpcode;
#if PETREL_FEATURE_SIMD
  for (auto& s : index.fd) s = -1;
#endif
  for (auto& s : index.single_imm) s = kSingleImmOther;
#if PETREL_FEATURE_SIMD
  auto add = [](int16_t* table, size_t size, uint32_t code, size_t i) {
    if (code < size && table[code] < 0) table[code] = static_cast<int16_t>(i);
  };
#endif
  auto addByte = [](uint8_t* table, size_t size, uint32_t code, size_t i) {
    if (code < size && table[code] == kNoSingleOpcode) table[code] = static_cast<uint8_t>(i);
  };
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    if (!builtIn(static_cast<Opcode>(i))) continue;  // unknown to the decoder: refused, named (InstructionReader)
    switch (kEncodings[i].prefix) {
      case 0: addByte(index.single, 256, kEncodings[i].code, i); break;
      case 0xfc: addByte(index.fc, 32, kEncodings[i].code, i); break;
      case 0xfb: addByte(index.fb, 32, kEncodings[i].code, i); break;
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

#if PETREL_FEATURE_OPCODE_NAMES
bool opcodeFromText(std::string_view text, Opcode& out) {
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    if (text == kOpcodeInfo[i].name()) {
      out = static_cast<Opcode>(i);
      return true;
    }
  }
  return false;
}
#endif
}  // namespace petrel::internal
