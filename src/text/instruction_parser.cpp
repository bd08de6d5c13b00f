#include "text/instruction_parser.h"

#include "text/number_literal.h"
#include "text/parse_util.h"
#include "text/type_parser.h"

namespace petrel::internal::text {

namespace {

bool isNumberToken(const Token& t) {
  return t.kind == TokenKind::Nat || t.kind == TokenKind::Int || t.kind == TokenKind::Float;
}

bool isMemArgKeyword(const Token& t) {
  return t.kind == TokenKind::Keyword && (t.text.substr(0, 7) == "offset=" || t.text.substr(0, 6) == "align=");
}

}  // namespace

void writeOpcode(ByteWriter& w, Opcode op) {
  const OpcodeInfo& info = opcodeInfo(op);
  if (info.prefix) {
    w.u8(info.prefix);
    w.u32(info.code);
  } else {
    w.u8(static_cast<uint8_t>(info.code));
  }
}

// Plain blocks (`block ... end`) are kept on a stack here rather than parsed
// by recursion, so their nesting depth costs no host stack; only folded
// instructions recurse, up to kMaxFoldedDepth.
bool InstructionParser::parseSequence(ByteWriter& out) {
  struct OpenBlock {
    Opcode op;
    std::string label;
    bool in_else;
  };
  std::vector<OpenBlock> open;
  while (true) {
    const Token& t = cur_.peek();
    if (t.kind == TokenKind::RParen || t.kind == TokenKind::Eof || t.kind == TokenKind::Error) break;
    Opcode op = Opcode::Nop;
    if (t.kind == TokenKind::Keyword && !opcodeFromText(t.text, op)) return cur_.unexpected();
    if (op == Opcode::Else || op == Opcode::End) {
      if (open.empty()) return true;  // the enclosing construct's
      OpenBlock& b = open.back();
      if (op == Opcode::Else && (b.op != Opcode::If || b.in_else)) break;  // an `end` is due
      cur_.next();
      if (!parseEndLabel(b.label)) return false;
      writeOpcode(out, op);
      if (op == Opcode::Else) {
        b.in_else = true;
      } else {
        func_->labels.pop();
        open.pop_back();
      }
    } else if (op == Opcode::Block || op == Opcode::Loop || op == Opcode::If || op == Opcode::TryTable) {
      cur_.next();
      std::string label;
      if (!parseBlockHeader(op, label, out)) return false;
      func_->labels.push(label);
      open.push_back({op, std::move(label), false});
    } else if (!parseInstr(out)) {
      return false;
    }
  }
  return open.empty() || cur_.expectKeyword("end");
}

bool InstructionParser::parseInstr(ByteWriter& out) {
  if (cur_.is(TokenKind::LParen)) return parseFolded(out);
  if (cur_.is(TokenKind::Keyword)) return parsePlain(out);
  return cur_.unexpected();
}

// A plain instruction other than the block structure (parseSequence's).
bool InstructionParser::parsePlain(ByteWriter& out) {
  Opcode op;
  if (!opcodeFromText(cur_.peek().text, op)) return cur_.unexpected();
  cur_.next();
  ByteWriter imm;
  if (!parseImmediates(op, imm)) return false;
  writeOpcode(out, op);
  out.append(imm);
  return true;
}

// Folded instructions (spec 6.5.10): `(op imm* folded*)` is the operands'
// code followed by `op imm*`.
bool InstructionParser::parseFolded(ByteWriter& out) {
  if (folded_depth_ == kMaxFoldedDepth)
    return cur_.failHere("folded instructions nested deeper than " + std::to_string(kMaxFoldedDepth) + " levels");
  ++folded_depth_;
  bool ok = parseFoldedInstr(out);
  --folded_depth_;
  return ok;
}

bool InstructionParser::parseFoldedInstr(ByteWriter& out) {
  cur_.next();  // (
  Opcode op;
  if (!cur_.is(TokenKind::Keyword) || !opcodeFromText(cur_.peek().text, op)) return cur_.unexpected();
  switch (op) {
    case Opcode::Block: case Opcode::Loop: case Opcode::TryTable:
      return parseFoldedBlock(op, out);
    case Opcode::If:
      return parseFoldedIf(out);
    case Opcode::Else: case Opcode::End:
      return cur_.unexpected();
    default:
      break;
  }
  cur_.next();
  ByteWriter imm;
  if (!parseImmediates(op, imm)) return false;
  while (cur_.is(TokenKind::LParen))
    if (!parseFolded(out)) return false;
  if (!cur_.expect(TokenKind::RParen)) return false;
  writeOpcode(out, op);
  out.append(imm);
  return true;
}

bool InstructionParser::parseBlockHeader(Opcode op, std::string& label, ByteWriter& out) {
  if (cur_.is(TokenKind::Id)) label = cur_.next().value;
  writeOpcode(out, op);
  if (!parseBlockType(out)) return false;
  // try_table's catch labels are resolved outside the block (spec 3.4.8).
  if (op == Opcode::TryTable && !parseCatchClauses(out)) return false;
  return true;
}

// `end $l` / `else $l` must repeat the block's own label (spec 6.5.2).
bool InstructionParser::parseEndLabel(const std::string& label) {
  if (!cur_.is(TokenKind::Id)) return true;
  const Token& t = cur_.next();
  if (label.empty() || t.value != label) return cur_.fail(t, "mismatching label");
  return true;
}

bool InstructionParser::parseFoldedBlock(Opcode op, ByteWriter& out) {
  cur_.next();  // keyword
  std::string label;
  if (!parseBlockHeader(op, label, out)) return false;
  func_->labels.push(label);
  if (!parseSequence(out)) return false;
  if (!cur_.expect(TokenKind::RParen)) return false;
  func_->labels.pop();
  writeOpcode(out, Opcode::End);
  return true;
}

// `(if label blocktype folded* (then instr*) (else instr*)?)`: the condition
// operands come first and are outside the block's label scope.
bool InstructionParser::parseFoldedIf(ByteWriter& out) {
  cur_.next();  // if
  std::string label;
  if (cur_.is(TokenKind::Id)) label = cur_.next().value;
  ByteWriter bt;
  if (!parseBlockType(bt)) return false;
  while (cur_.is(TokenKind::LParen) && !cur_.atField("then"))
    if (!parseFolded(out)) return false;
  writeOpcode(out, Opcode::If);
  out.append(bt);
  func_->labels.push(label);
  if (!cur_.expectLParenKeyword("then")) return false;
  if (!parseSequence(out)) return false;
  if (!cur_.expect(TokenKind::RParen)) return false;
  if (cur_.atField("else")) {
    cur_.next();
    cur_.next();
    writeOpcode(out, Opcode::Else);
    if (!parseSequence(out)) return false;
    if (!cur_.expect(TokenKind::RParen)) return false;
  }
  if (!cur_.expect(TokenKind::RParen)) return false;
  func_->labels.pop();
  writeOpcode(out, Opcode::End);
  return true;
}

// blocktype (spec 6.5.2): empty or one result is written as a value type;
// anything else goes through a type index.
bool InstructionParser::parseBlockType(ByteWriter& out) {
  TypeUse use;
  if (!parseTypeUse(cur_, ctx_, use, false)) return false;
  if (!use.has_index && use.params.empty() && use.results.size() <= 1) {
    if (use.results.empty()) out.u8(typecode::EmptyBlock);
    else writeValType(out, use.results[0]);
    return true;
  }
  uint32_t index = 0;
  if (!resolveTypeUse(cur_, ctx_, use, index)) return false;
  out.s64(index);  // s33
  return true;
}

bool InstructionParser::parseCatchClauses(ByteWriter& out) {
  ByteWriter clauses;
  uint32_t count = 0;
  while (cur_.is(TokenKind::LParen) && cur_.is(TokenKind::Keyword, 1)) {
    std::string_view kw = cur_.peek(1).text;
    uint8_t kind;
    if (kw == "catch") kind = 0;
    else if (kw == "catch_ref") kind = 1;
    else if (kw == "catch_all") kind = 2;
    else if (kw == "catch_all_ref") kind = 3;
    else break;
    cur_.next();
    cur_.next();
    clauses.u8(kind);
    if (kind < 2) {
      uint32_t tag = 0;
      if (!parseIndex(cur_, ctx_, Space::Tag, tag)) return false;
      clauses.u32(tag);
    }
    uint32_t depth = 0;
    if (!parseLabel(depth)) return false;
    clauses.u32(depth);
    if (!cur_.expect(TokenKind::RParen)) return false;
    ++count;
  }
  out.u32(count);
  out.append(clauses);
  return true;
}

bool InstructionParser::parseLabel(uint32_t& depth) {
  if (cur_.is(TokenKind::Id)) {
    const Token& t = cur_.peek();
    if (!func_->labels.find(t.value, depth)) return cur_.fail(t, "unknown label $" + t.value);
    cur_.next();
    return true;
  }
  return parseU32(cur_, depth);
}

bool InstructionParser::parseLocal(uint32_t& index) {
  return parseIndex(cur_, func_->local_names, "unknown local", index);
}

bool InstructionParser::parseOptionalIndex(Space space, uint32_t& index) {
  index = 0;
  if (!cur_.atIndex()) return true;
  return parseIndex(cur_, ctx_, space, index);
}

// memarg (spec 6.5.6): `memidx? offset=N? align=N?`. The offset is written
// as u64 (memory64); alignment must be a power of two and is stored as its
// log2, with bit 6 set when a memory index follows (multi-memory).
bool InstructionParser::parseMemArg(Opcode op, ByteWriter& imm) {
  uint32_t mem = 0;
  // v128.loadN_lane: a lone number is the lane, not the memory.
  bool lane_op = opcodeInfo(op).imm == ImmKind::MemArgLane;
  if (cur_.is(TokenKind::Id) ||
      (cur_.is(TokenKind::Nat) && (!lane_op || cur_.is(TokenKind::Nat, 1) || isMemArgKeyword(cur_.peek(1))))) {
    if (!parseIndex(cur_, ctx_, Space::Memory, mem)) return false;
  }
  uint64_t offset = 0;
  uint64_t align_log2 = naturalAlignmentLog2(op);
  if (cur_.is(TokenKind::Keyword) && cur_.peek().text.substr(0, 7) == "offset=") {
    const Token& t = cur_.peek();
    LiteralStatus st = parseUnsigned(t.text.substr(7), ~uint64_t{0}, offset);
    if (st == LiteralStatus::OutOfRange) return cur_.fail(t, "constant out of range");
    if (st != LiteralStatus::Ok) return cur_.unexpected();
    cur_.next();
  }
  if (cur_.is(TokenKind::Keyword) && cur_.peek().text.substr(0, 6) == "align=") {
    const Token& t = cur_.peek();
    uint64_t align = 0;
    LiteralStatus st = parseUnsigned(t.text.substr(6), ~uint64_t{0}, align);
    if (st == LiteralStatus::OutOfRange) return cur_.fail(t, "constant out of range");
    if (st != LiteralStatus::Ok) return cur_.unexpected();
    if (align == 0 || (align & (align - 1)) != 0) return cur_.fail(t, "alignment must be a power of two");
    align_log2 = 0;
    while ((uint64_t{1} << align_log2) != align) ++align_log2;
    cur_.next();
  }
  imm.u32(static_cast<uint32_t>(align_log2) | (mem != 0 ? 0x40u : 0u));
  if (mem != 0) imm.u32(mem);
  imm.u64(offset);
  return true;
}

bool InstructionParser::parseLaneIndex(ByteWriter& imm) {
  const Token& t = cur_.peek();
  if (t.kind != TokenKind::Nat) return cur_.unexpected();
  uint64_t v = 0;
  if (parseUnsigned(t.text, 255, v) != LiteralStatus::Ok) return cur_.fail(t, "i8 constant out of range");
  cur_.next();
  imm.u8(static_cast<uint8_t>(v));
  return true;
}

bool InstructionParser::parseIntImmediate(unsigned bits, uint64_t& value) {
  const Token& t = cur_.peek();
  if (t.kind != TokenKind::Nat && t.kind != TokenKind::Int) return cur_.unexpected();
  LiteralStatus st = parseIntN(t.text, bits, value);
  if (st == LiteralStatus::OutOfRange) return cur_.fail(t, "constant out of range");
  if (st != LiteralStatus::Ok) return cur_.unexpected();
  cur_.next();
  return true;
}

bool InstructionParser::parseFloatImmediate(bool f64, uint64_t& bits) { return parseFloatLiteral(cur_, f64, bits); }

// `v128.const shape lane*` (spec 6.5.8): lanes little-endian.
bool InstructionParser::parseV128Const(ByteWriter& imm) {
  unsigned lanes = 0, bits = 0;
  bool is_float = false;
  if (!parseV128Shape(cur_, lanes, bits, is_float)) return false;
  // The lane count is checked before any lane's value, as the reference
  // interpreter does.
  unsigned written = 0;
  while (isNumberToken(cur_.peek(written))) ++written;
  bool bad_token = cur_.is(TokenKind::Reserved, written) || cur_.is(TokenKind::Keyword, written);
  if (written != lanes && (written > lanes || !bad_token))
    return cur_.failHere("wrong number of lane literals");
  for (unsigned i = 0; i < lanes; ++i) {
    uint64_t v = 0;
    if (is_float ? !parseFloatImmediate(bits == 64, v) : !parseIntImmediate(bits, v)) return false;
    for (unsigned b = 0; b < bits / 8; ++b) imm.u8(static_cast<uint8_t>(v >> (8 * b)));
  }
  return true;
}

bool InstructionParser::parseFieldIndex(uint32_t type_index, uint32_t& field) {
  if (cur_.is(TokenKind::Id)) {
    const Token& t = cur_.peek();
    if (type_index < ctx_.types.size()) {
      const NameMap& names = ctx_.types[type_index].field_names;
      auto it = names.find(t.value);
      if (it != names.end()) {
        field = it->second;
        cur_.next();
        return true;
      }
    }
    return cur_.fail(t, "unknown field $" + t.value);
  }
  return parseU32(cur_, field);
}

bool InstructionParser::parseImmediates(Opcode& op, ByteWriter& imm) {
  uint32_t a = 0, b = 0;
  switch (opcodeInfo(op).imm) {
    case ImmKind::None:
      // `select (result t)*` is the typed select (spec 6.5.4).
      if (op == Opcode::Select && cur_.atField("result")) {
        op = Opcode::SelectT;
        std::vector<ValType> types;
        while (cur_.atField("result")) {
          cur_.next();
          cur_.next();
          while (!cur_.is(TokenKind::RParen)) {
            ValType t;
            if (!parseValType(cur_, ctx_, t)) return false;
            types.push_back(t);
          }
          cur_.next();
        }
        imm.u32(static_cast<uint32_t>(types.size()));
        for (const ValType& t : types) writeValType(imm, t);
      }
      return true;
    case ImmKind::BlockType:
    case ImmKind::TryTable:
    case ImmKind::SelectT:
      return cur_.unexpected();  // handled by the block parsers / select above
    case ImmKind::Label:
      if (!parseLabel(a)) return false;
      imm.u32(a);
      return true;
    case ImmKind::BrTable: {
      std::vector<uint32_t> labels;
      while (cur_.atIndex()) {
        if (!parseLabel(a)) return false;
        labels.push_back(a);
      }
      if (labels.empty()) return cur_.unexpected();
      imm.u32(static_cast<uint32_t>(labels.size() - 1));
      for (uint32_t l : labels) imm.u32(l);
      return true;
    }
    case ImmKind::Func:
      if (!parseIndex(cur_, ctx_, Space::Func, a)) return false;
      imm.u32(a);
      return true;
    case ImmKind::CallIndirect: {
      if (!parseOptionalIndex(Space::Table, b)) return false;
      TypeUse use;
      if (!parseTypeUse(cur_, ctx_, use, false) || !resolveTypeUse(cur_, ctx_, use, a)) return false;
      imm.u32(a);
      imm.u32(b);
      return true;
    }
    case ImmKind::Type:
      if (!parseIndex(cur_, ctx_, Space::Type, a)) return false;
      imm.u32(a);
      return true;
    case ImmKind::Local:
      if (!parseLocal(a)) return false;
      imm.u32(a);
      return true;
    case ImmKind::Global:
      if (!parseIndex(cur_, ctx_, Space::Global, a)) return false;
      imm.u32(a);
      return true;
    case ImmKind::Tag:
      if (!parseIndex(cur_, ctx_, Space::Tag, a)) return false;
      imm.u32(a);
      return true;
    case ImmKind::Elem:
      if (!parseIndex(cur_, ctx_, Space::Elem, a)) return false;
      imm.u32(a);
      return true;
    case ImmKind::Data:
      ctx_.uses_data_index = true;
      if (!parseIndex(cur_, ctx_, Space::Data, a)) return false;
      imm.u32(a);
      return true;
    case ImmKind::Table:
      if (!parseOptionalIndex(Space::Table, a)) return false;
      imm.u32(a);
      return true;
    case ImmKind::Mem:
      if (!parseOptionalIndex(Space::Memory, a)) return false;
      imm.u32(a);
      return true;
    case ImmKind::MemArg:
      return parseMemArg(op, imm);
    case ImmKind::MemArgLane:
      return parseMemArg(op, imm) && parseLaneIndex(imm);
    case ImmKind::I32: {
      uint64_t v = 0;
      if (!parseIntImmediate(32, v)) return false;
      imm.s32(static_cast<int32_t>(static_cast<uint32_t>(v)));
      return true;
    }
    case ImmKind::I64: {
      uint64_t v = 0;
      if (!parseIntImmediate(64, v)) return false;
      imm.s64(static_cast<int64_t>(v));
      return true;
    }
    case ImmKind::F32: {
      uint64_t v = 0;
      if (!parseFloatImmediate(false, v)) return false;
      imm.fixed32(static_cast<uint32_t>(v));
      return true;
    }
    case ImmKind::F64: {
      uint64_t v = 0;
      if (!parseFloatImmediate(true, v)) return false;
      imm.fixed64(v);
      return true;
    }
    case ImmKind::HeapType: {
      if (op == Opcode::RefNull) {
        HeapType h;
        if (!parseHeapType(cur_, ctx_, h)) return false;
        writeHeapType(imm, h);
        return true;
      }
      // ref.test / ref.cast take a reference type; nullability picks the
      // opcode (spec 5.4.6).
      ValType t;
      if (!parseRefType(cur_, ctx_, t)) return false;
      if (t.nullable) op = op == Opcode::RefTest ? Opcode::RefTestNull : Opcode::RefCastNull;
      writeHeapType(imm, t.heap);
      return true;
    }
    case ImmKind::MemInit:
    case ImmKind::TableInit: {
      // `memory.init memidx? dataidx`, `table.init tableidx? elemidx`:
      // encoded segment first.
      bool mem = opcodeInfo(op).imm == ImmKind::MemInit;
      Space outer = mem ? Space::Memory : Space::Table;
      Space seg = mem ? Space::Data : Space::Elem;
      if (mem) ctx_.uses_data_index = true;
      if (cur_.atIndex(0) && cur_.atIndex(1)) {
        if (!parseIndex(cur_, ctx_, outer, b)) return false;
      }
      if (!parseIndex(cur_, ctx_, seg, a)) return false;
      imm.u32(a);
      imm.u32(b);
      return true;
    }
    case ImmKind::MemCopy:
    case ImmKind::TableCopy: {
      Space space = opcodeInfo(op).imm == ImmKind::MemCopy ? Space::Memory : Space::Table;
      if (cur_.atIndex()) {
        if (!parseIndex(cur_, ctx_, space, a) || !parseIndex(cur_, ctx_, space, b)) return false;
      }
      imm.u32(a);
      imm.u32(b);
      return true;
    }
    case ImmKind::TypeField:
      if (!parseIndex(cur_, ctx_, Space::Type, a) || !parseFieldIndex(a, b)) return false;
      imm.u32(a);
      imm.u32(b);
      return true;
    case ImmKind::TypeCount:
      if (!parseIndex(cur_, ctx_, Space::Type, a) || !parseU32(cur_, b)) return false;
      imm.u32(a);
      imm.u32(b);
      return true;
    case ImmKind::TypeData:
      ctx_.uses_data_index = true;
      if (!parseIndex(cur_, ctx_, Space::Type, a) || !parseIndex(cur_, ctx_, Space::Data, b)) return false;
      imm.u32(a);
      imm.u32(b);
      return true;
    case ImmKind::TypeElem:
      if (!parseIndex(cur_, ctx_, Space::Type, a) || !parseIndex(cur_, ctx_, Space::Elem, b)) return false;
      imm.u32(a);
      imm.u32(b);
      return true;
    case ImmKind::TypeType:
      if (!parseIndex(cur_, ctx_, Space::Type, a) || !parseIndex(cur_, ctx_, Space::Type, b)) return false;
      imm.u32(a);
      imm.u32(b);
      return true;
    case ImmKind::BrOnCast: {
      // br_on_cast label rt1 rt2: flags record both nullabilities.
      ValType from, to;
      if (!parseLabel(a) || !parseRefType(cur_, ctx_, from) || !parseRefType(cur_, ctx_, to)) return false;
      imm.u8(static_cast<uint8_t>((from.nullable ? 1 : 0) | (to.nullable ? 2 : 0)));
      imm.u32(a);
      writeHeapType(imm, from.heap);
      writeHeapType(imm, to.heap);
      return true;
    }
    case ImmKind::V128Const:
      return parseV128Const(imm);
    case ImmKind::Shuffle:
      for (int i = 0; i < 16; ++i) {
        const Token& t = cur_.peek();
        if (!isNumberToken(t)) {
          if (t.kind == TokenKind::LParen || t.kind == TokenKind::RParen) return cur_.fail(t, "invalid lane length");
          return cur_.unexpected();
        }
        uint64_t v = 0;
        if (t.kind != TokenKind::Nat || parseUnsigned(t.text, 255, v) != LiteralStatus::Ok)
          return cur_.fail(t, "i8 constant out of range");
        cur_.next();
        imm.u8(static_cast<uint8_t>(v));
      }
      if (isNumberToken(cur_.peek())) return cur_.failHere("invalid lane length");
      return true;
    case ImmKind::Lane:
      return parseLaneIndex(imm);
  }
  return cur_.unexpected();
}

}  // namespace petrel::internal::text
