// Decodes one instruction (opcode + immediates) at a time from a function
// body or constant expression (spec 5.4). Used by the module decoder (to find
// the end of constant expressions) and by the validator/translator.
#pragma once

#include <vector>

#include "base/byte_reader.h"
#include "base/features.h"
#include "binary/type_reader.h"
#include "ir/opcodes.h"

namespace petrel::internal {

struct MemArg {
  uint32_t align_log2 = 0;
  uint32_t memory = 0;
  uint64_t offset = 0;
};

struct CatchClause {
  uint8_t kind = 0;  // 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref
  uint32_t tag = 0;
  uint32_t label = 0;
};

struct Instruction {
  Opcode op = Opcode::Nop;
  uint64_t offset = 0;  // of the opcode byte
  uint32_t index = 0;   // label/func/type/local/global/table/memory/data/elem/tag (first)
  uint32_t index2 = 0;  // second index: table of call_indirect, memory/table of init/copy
  uint64_t bits = 0;    // const payload (i32/i64 sign-extended, f32/f64 raw bits)
  MemArg memarg;
  BlockType block;
  HeapType heap;        // ref.null; br_on_cast source type
  HeapType heap2;       // br_on_cast target type
  uint8_t cast_flags = 0;
  uint8_t lane = 0;     // SIMD lane index
  uint8_t v128[16] = {};  // v128.const bytes / i8x16.shuffle lanes
  // br_table targets (default last), select types and catch clauses point into
  // reader-owned scratch storage valid until the next read.
  const std::vector<uint32_t>* targets = nullptr;
  const std::vector<ValType>* select_types = nullptr;
  const std::vector<CatchClause>* catches = nullptr;
};

class InstructionReader {
 public:
  // memory_is64[i] tells whether memory i is 64-bit. Wasm 3.0 encodes every
  // memarg offset as u64 whatever the memory, so decoding no longer depends
  // on it; the validator checks that offsets of 32-bit memories are < 2^32
  // ("offset out of range"). Kept so callers need not change; may be null.
  InstructionReader(ByteReader& reader, const std::vector<bool>* memory_is64)
      : r_(reader), memory_is64_(memory_is64) {}

  // Reads the next instruction; false on a decoding error (in the ByteReader).
  bool read(Instruction& in) {
#if PETREL_SIZE_OVER_SPEED
    // Where flash counts more than load speed (base/features.h), the general
    // decoder takes every instruction: no inline copy at each caller.
    return readSlow(in);
#else
    // Fast path: a single-byte opcode with no immediate or one single-byte
    // one (most of any body). Two bytes left also means no error so far (an
    // error empties the reader).
    if (r_.remaining() >= 2) [[likely]] {
      const uint8_t* p = r_.cursor();
      uint8_t byte = p[0];
      uint8_t imm = kOpcodeBinaryIndex.single_imm[byte];
      if (imm == kSingleImmNone) {
        in.offset = r_.offset();
        in.op = static_cast<Opcode>(kOpcodeBinaryIndex.single[byte]);
        r_.advance(1);
        return true;
      }
      if (imm == kSingleImmBlock) {
        // Empty (0x40) or a numeric/vector value type (0x7f i32 .. 0x7b v128).
        uint8_t b = p[1];
        if (b == 0x40) {
          in.block.kind = BlockType::Kind::Empty;
        } else if (typecode::builtIn(b)) {
          in.block.kind = BlockType::Kind::Value;
          in.block.value = ValType{static_cast<ValKind>(0x7f - b), false, {}};
        } else {
          return readSlow(in);
        }
        in.offset = r_.offset();
        in.op = static_cast<Opcode>(kOpcodeBinaryIndex.single[byte]);
        r_.advance(2);
        return true;
      }
      if (imm != kSingleImmOther) {
        // A one- or two-byte LEB immediate (never the last byte of a 32-bit
        // one, so no range check).
        uint32_t v = p[1];
        size_t len = 2;
        if (v >= 0x80) {
          if (r_.remaining() < 3 || p[2] >= 0x80) return readSlow(in);
          v = (v & 0x7f) | (static_cast<uint32_t>(p[2]) << 7);
          len = 3;
        }
        in.offset = r_.offset();
        in.op = static_cast<Opcode>(kOpcodeBinaryIndex.single[byte]);
        if (imm == kSingleImmIndex) {
          in.index = v;
        } else {
          unsigned unused = len == 2 ? 25 : 18;  // sign-extend from bit 6 or 13
          in.bits = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v << unused) >> unused));
        }
        r_.advance(len);
        return true;
      }
    }
    return readSlow(in);
#endif
  }

 private:
  bool readSlow(Instruction& in);
  bool readMemArg(MemArg& m);
  bool illegalOpcode(uint64_t offset, uint8_t prefix, uint32_t code);
  bool refuseIndices(const Instruction& in);

  ByteReader& r_;
  [[maybe_unused]] const std::vector<bool>* memory_is64_;
  std::vector<uint32_t> targets_;
  std::vector<ValType> select_types_;
  std::vector<CatchClause> catches_;
};

}  // namespace petrel::internal
