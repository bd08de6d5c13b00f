// Element and data segments (spec 6.6.9-6.6.10), including the inline
// segments of `(table ... (elem ...))` and `(memory (data ...))`.
#include "text/instruction_parser.h"
#include "text/module_parser.h"
#include "text/parse_util.h"
#include "text/type_parser.h"

namespace petrel::internal::text {

namespace {
enum Mode { kActive = 0, kPassive = 1, kDeclarative = 2 };

// `(i32.const 0)` / `(i64.const 0)` as an offset expression.
void writeZeroOffset(ByteWriter& out, bool is64) {
  writeOpcode(out, is64 ? Opcode::I64Const : Opcode::I32Const);
  out.u8(0);
  writeOpcode(out, Opcode::End);
}
}  // namespace

// The items of a segment: either function indices (`func $f $g`, encoded
// with the compact flags 0-3) or expressions of a reference type (flags
// 4-7, spec 5.5.12).
struct ModuleParser::ElemList {
  ValType type = ValType::funcref();
  bool func_indices = false;
  std::vector<uint32_t> funcs;
  std::vector<ByteWriter> exprs;  // each ends with `end`
  uint32_t size() const { return static_cast<uint32_t>(func_indices ? funcs.size() : exprs.size()); }
};

bool ModuleParser::parseElemList(ElemList& list, bool allow_bare_indices) {
  if (cur_.isKeyword("func") || (allow_bare_indices && (cur_.atIndex() || cur_.is(TokenKind::RParen)))) {
    if (cur_.isKeyword("func")) cur_.next();
    list.func_indices = true;
    while (cur_.atIndex()) {
      uint32_t f = 0;
      if (!parseIndex(cur_, ctx_, Space::Func, f)) return false;
      list.funcs.push_back(f);
    }
    return true;
  }
  if (!parseRefType(cur_, ctx_, list.type)) return false;
  return parseElemExprs(list);
}

// Element expressions: `(item instr*)` or a single folded instruction each.
bool ModuleParser::parseElemExprs(ElemList& list) {
  while (cur_.is(TokenKind::LParen)) {
    ByteWriter expr;
    if (cur_.atField("item")) {
      cur_.next();
      cur_.next();
      if (!parseConstExpr(expr) || !cur_.expect(TokenKind::RParen)) return false;
    } else {
      InstructionParser ip(cur_, ctx_, nullptr);
      if (!ip.parseOneFolded(expr)) return false;
      writeOpcode(expr, Opcode::End);
    }
    list.exprs.push_back(std::move(expr));
  }
  return true;
}

// `(offset instr*)` or one folded instruction.
bool ModuleParser::parseOffset(ByteWriter& out) {
  if (cur_.atField("offset")) {
    cur_.next();
    cur_.next();
    return parseConstExpr(out) && cur_.expect(TokenKind::RParen);
  }
  InstructionParser ip(cur_, ctx_, nullptr);
  if (!ip.parseOneFolded(out)) return false;
  writeOpcode(out, Opcode::End);
  return true;
}

void ModuleParser::writeElemSegment(int mode, uint32_t table, const ByteWriter& offset, const ElemList& list) {
  ByteWriter& w = elems_.body;
  if (list.func_indices) {
    if (mode == kActive && table == 0) {
      w.u8(0);
      w.append(offset);
    } else if (mode == kActive) {
      w.u8(2);
      w.u32(table);
      w.append(offset);
      w.u8(0x00);  // elemkind funcref
    } else {
      w.u8(mode == kPassive ? 1 : 3);
      w.u8(0x00);
    }
    w.u32(list.size());
    for (uint32_t f : list.funcs) w.u32(f);
  } else {
    if (mode == kActive && table == 0 && list.type == ValType::funcref()) {
      w.u8(4);
      w.append(offset);
    } else {
      if (mode == kActive) {
        w.u8(6);
        w.u32(table);
        w.append(offset);
      } else {
        w.u8(mode == kPassive ? 5 : 7);
      }
      writeValType(w, list.type);
    }
    w.u32(list.size());
    for (const ByteWriter& e : list.exprs) w.append(e);
  }
  ++elems_.count;
}

// (elem $id? declare? (table x)? offset? elemlist)
bool ModuleParser::parseElem() {
  cur_.next();
  cur_.next();
  if (cur_.is(TokenKind::Id)) cur_.next();
  nextIndex(Space::Elem);
  int mode = kPassive;
  uint32_t table = 0;
  ByteWriter offset;
  if (cur_.isKeyword("declare")) {
    cur_.next();
    mode = kDeclarative;
  } else {
    bool explicit_table = false;
    if (cur_.atField("table")) {
      cur_.next();
      cur_.next();
      if (!parseIndex(cur_, ctx_, Space::Table, table) || !cur_.expect(TokenKind::RParen)) return false;
      explicit_table = true;
    } else if (cur_.is(TokenKind::Nat) && cur_.is(TokenKind::LParen, 1)) {
      // Wasm 1.0 form: a bare table index before the offset.
      if (!parseIndex(cur_, ctx_, Space::Table, table)) return false;
      explicit_table = true;
    }
    // A parenthesised form that is not a reference type is the offset.
    if (cur_.is(TokenKind::LParen) && !cur_.atField("ref")) {
      if (!parseOffset(offset)) return false;
      mode = kActive;
    } else if (explicit_table) {
      return cur_.unexpected();
    }
  }
  ElemList list;
  if (!parseElemList(list, mode == kActive)) return false;
  if (!cur_.expect(TokenKind::RParen)) return false;
  writeElemSegment(mode, table, offset, list);
  return true;
}

bool ModuleParser::parseInlineElem(uint32_t table, bool is64, const ValType& type, uint32_t& count) {
  cur_.next();
  cur_.next();
  nextIndex(Space::Elem);
  ElemList list;
  list.type = type;
  if (cur_.atIndex() || cur_.is(TokenKind::RParen) || cur_.isKeyword("func")) {
    if (!parseElemList(list, true)) return false;
  } else if (!parseElemExprs(list)) {
    return false;
  }
  if (!cur_.expect(TokenKind::RParen)) return false;
  // The inline segment has the table's element type. The compact function
  // index form means (ref func), so other tables get `ref.func` items.
  if (list.func_indices && !(type == ValType::funcref())) {
    for (uint32_t f : list.funcs) {
      ByteWriter expr;
      writeOpcode(expr, Opcode::RefFunc);
      expr.u32(f);
      writeOpcode(expr, Opcode::End);
      list.exprs.push_back(std::move(expr));
    }
    list.func_indices = false;
    list.type = type;
  }
  ByteWriter offset;
  writeZeroOffset(offset, is64);
  count = list.size();
  writeElemSegment(kActive, table, offset, list);
  return true;
}

// (data $id? (memory x)? offset? string*)
bool ModuleParser::parseData() {
  cur_.next();
  cur_.next();
  if (cur_.is(TokenKind::Id)) cur_.next();
  nextIndex(Space::Data);
  uint32_t memory = 0;
  bool active = false, explicit_memory = false;
  ByteWriter offset;
  if (cur_.atField("memory")) {
    cur_.next();
    cur_.next();
    if (!parseIndex(cur_, ctx_, Space::Memory, memory) || !cur_.expect(TokenKind::RParen)) return false;
    explicit_memory = true;
  } else if (cur_.is(TokenKind::Nat) && cur_.is(TokenKind::LParen, 1)) {
    // Wasm 1.0 form: a bare memory index before the offset.
    if (!parseIndex(cur_, ctx_, Space::Memory, memory)) return false;
    explicit_memory = true;
  }
  if (cur_.is(TokenKind::LParen)) {
    if (!parseOffset(offset)) return false;
    active = true;
  } else if (explicit_memory) {
    return cur_.unexpected();
  }
  std::string bytes;
  if (!parseStrings(cur_, bytes, true) || !cur_.expect(TokenKind::RParen)) return false;
  ByteWriter& w = datas_.body;
  if (!active) {
    w.u8(1);
  } else if (memory == 0) {
    w.u8(0);
    w.append(offset);
  } else {
    w.u8(2);
    w.u32(memory);
    w.append(offset);
  }
  w.name(bytes);
  ++datas_.count;
  return true;
}

bool ModuleParser::parseInlineData(uint32_t memory, bool is64, uint64_t& size) {
  cur_.next();
  cur_.next();
  nextIndex(Space::Data);
  std::string bytes;
  if (!parseStrings(cur_, bytes, true) || !cur_.expect(TokenKind::RParen)) return false;
  size = bytes.size();
  ByteWriter& w = datas_.body;
  if (memory == 0) {
    w.u8(0);
  } else {
    w.u8(2);
    w.u32(memory);
  }
  writeZeroOffset(w, is64);
  w.name(bytes);
  ++datas_.count;
  return true;
}

}  // namespace petrel::internal::text
