// Pass 3 of the module parser: imports, functions, tables, memories,
// globals, tags, exports and start (spec 6.6.3-6.6.11), each encoded into
// its section buffer.
#include <bit>

#include "text/instruction_parser.h"
#include "text/module_parser.h"
#include "text/number_literal.h"
#include "text/parse_util.h"
#include "text/type_parser.h"

namespace petrel::internal::text {

namespace {

// Export/import kind bytes (spec 5.5.5, 5.5.10).
constexpr uint8_t kKindFunc = 0, kKindTable = 1, kKindMemory = 2, kKindGlobal = 3, kKindTag = 4;

// Optional address type (memory64/table64): `i32` or `i64`.
bool parseAddrType(TokenCursor& cur) {
  if (cur.isKeyword("i64")) {
    cur.next();
    return true;
  }
  if (cur.isKeyword("i32")) cur.next();
  return false;
}

}  // namespace

bool ModuleParser::parseField() {
  std::string_view kw = cur_.peek(1).text;
  if (kw == "type" || kw == "rec") return cur_.skipGroup();  // pass 2
  if (kw == "func") return parseFunc();
  if (kw == "table") return parseTable();
  if (kw == "memory") return parseMemory();
  if (kw == "global") return parseGlobal();
  if (kw == "tag") return parseTag();
  if (kw == "import") return parseImport();
  if (kw == "export") return parseExport();
  if (kw == "start") return parseStart();
  if (kw == "elem") return parseElem();
  if (kw == "data") return parseData();
  cur_.next();
  return cur_.unexpected();
}

bool ModuleParser::parseInlineExports(uint8_t kind, uint32_t index) {
  while (cur_.atField("export")) {
    cur_.next();
    cur_.next();
    std::string name;
    if (!parseName(cur_, name) || !cur_.expect(TokenKind::RParen)) return false;
    exports_.body.name(name);
    exports_.body.u8(kind);
    exports_.body.u32(index);
    ++exports_.count;
  }
  return true;
}

bool ModuleParser::parseInlineImport(std::string& module, std::string& name) {
  cur_.next();
  cur_.next();
  return parseName(cur_, module) && parseName(cur_, name) && cur_.expect(TokenKind::RParen);
}

// limits (spec 6.4.10): min max?, written as u64 for every address type
// (Wasm 3.0 binary limits); the validator checks the i32 ranges. A memory's
// may end in `(pagesize N)` (the custom-page-sizes proposal), written as
// flag bit 3 and the exponent after the bounds; 65536, the usual size, is
// written as no page size at all.
namespace {
// The binary limits: flags (bit 0 a maximum, 1 shared, 2 64-bit, 3 a page
// size exponent), the bounds, the exponent when it is not the usual 16.
void writeLimits(ByteWriter& out, bool is64, bool shared, uint64_t min, const uint64_t* max, uint32_t page_size_log2) {
  bool custom_page = page_size_log2 != 16;
  out.u8(static_cast<uint8_t>((max ? 1 : 0) | (shared ? 2 : 0) | (is64 ? 4 : 0) | (custom_page ? 8 : 0)));
  out.u64(min);
  if (max) out.u64(*max);
  if (custom_page) out.u32(page_size_log2);
}
}  // namespace

bool ModuleParser::parseLimits(bool is64, ByteWriter& out, bool is_memory) {
  uint64_t min = 0, max = 0;
  if (!parseNat(cur_, ~uint64_t{0}, min)) return false;
  bool has_max = cur_.is(TokenKind::Nat);
  if (has_max && !parseNat(cur_, ~uint64_t{0}, max)) return false;
  bool shared = cur_.isKeyword("shared");
  if (shared) cur_.next();
  uint32_t page_size_log2 = 16;
  if (is_memory && cur_.atField("pagesize") && !parsePageSize(page_size_log2)) return false;
  writeLimits(out, is64, shared, min, has_max ? &max : nullptr, page_size_log2);
  return true;
}

// (pagesize N): N a power of two (the validator then allows 1 and 65536).
bool ModuleParser::parsePageSize(uint32_t& log2) {
  cur_.next();
  cur_.next();
  const Token& at = cur_.peek();
  uint64_t n = 0;
  if (!parseNat(cur_, ~uint64_t{0}, n)) return false;
  if (n == 0 || (n & (n - 1)) != 0) return cur_.fail(at, "invalid custom page size");
  log2 = static_cast<uint32_t>(std::countr_zero(n));
  return cur_.expect(TokenKind::RParen);
}

// tabletype: addrtype? limits reftype; encoded reftype first.
bool ModuleParser::parseTableType(ByteWriter& out) {
  bool is64 = parseAddrType(cur_);
  ByteWriter limits;
  if (!parseLimits(is64, limits)) return false;
  ValType t;
  if (!parseRefType(cur_, ctx_, t)) return false;
  writeValType(out, t);
  out.append(limits);
  return true;
}

bool ModuleParser::parseMemoryType(ByteWriter& out) {
  bool is64 = parseAddrType(cur_);
  return parseLimits(is64, out, true);
}

// globaltype: valtype or (mut valtype).
bool ModuleParser::parseGlobalType(ByteWriter& out) {
  bool mut = cur_.atField("mut");
  if (mut) {
    cur_.next();
    cur_.next();
  }
  ValType t;
  if (!parseValType(cur_, ctx_, t)) return false;
  if (mut && !cur_.expect(TokenKind::RParen)) return false;
  writeValType(out, t);
  out.u8(mut ? 1 : 0);
  return true;
}

bool ModuleParser::parseConstExpr(ByteWriter& out) {
  InstructionParser ip(cur_, ctx_, nullptr);
  if (!ip.parseSequence(out)) return false;
  writeOpcode(out, Opcode::End);
  return true;
}

// `(KIND $id? (export "n")* (import "m" "n")?` of a func, table, memory,
// global or tag field (spec 6.6.x abbreviations): binds the index, encodes
// the inline exports and, for an inline import, the head of its import
// entry (module, name, kind). The caller parses the rest of the field.
bool ModuleParser::parseFieldHead(Space space, uint8_t kind, uint32_t& index, bool& imported) {
  cur_.next();
  cur_.next();
  if (cur_.is(TokenKind::Id)) cur_.next();
  index = nextIndex(space);
  if (!parseInlineExports(kind, index)) return false;
  imported = cur_.atField("import");
  if (!imported) return true;
  std::string module, name;
  if (!parseInlineImport(module, name)) return false;
  imports_.body.name(module);
  imports_.body.name(name);
  imports_.body.u8(kind);
  return true;
}

bool ModuleParser::parseFunc() {
  bool imported;
  uint32_t index;
  if (!parseFieldHead(Space::Func, kKindFunc, index, imported)) return false;
  TypeUse use;
  uint32_t type = 0;
  if (!parseTypeUse(cur_, ctx_, use, true) || !resolveTypeUse(cur_, ctx_, use, type)) return false;
  if (imported) {
    imports_.body.u32(type);
    ++imports_.count;
    return cur_.expect(TokenKind::RParen);
  }
  functions_.body.u32(type);
  ++functions_.count;
  // Without inline parameters the locals are numbered after the type's
  // parameters, which have no names.
  uint32_t param_count = use.params.empty() ? funcTypeParamCount(ctx_, type) : static_cast<uint32_t>(use.params.size());
  current_func_ = index;
  return parseFuncBody(use.param_names, param_count);
}

// locals and instructions up to the function's `)` (spec 6.6.5), encoded
// as a code section entry with runs of equal local types.
bool ModuleParser::parseFuncBody(const std::vector<std::string>& param_names, uint32_t param_count) {
  FuncContext fc;
  for (size_t i = 0; i < param_names.size(); ++i) {
    if (!param_names[i].empty() && !fc.local_names.emplace(param_names[i], static_cast<uint32_t>(i)).second) {
      // Report at the function's start; parameter tokens are behind us.
      return cur_.failHere("duplicate local $" + param_names[i]);
    }
  }
  fc.num_locals = param_count;
  std::vector<ValType> locals;
  while (cur_.atField("local")) {
    cur_.next();
    cur_.next();
    if (cur_.is(TokenKind::Id)) {
      const Token& id = cur_.next();
      if (!fc.local_names.emplace(id.value, fc.num_locals).second)
        return cur_.fail(id, "duplicate local $" + id.value);
      ValType t;
      if (!parseValType(cur_, ctx_, t)) return false;
      locals.push_back(t);
      ++fc.num_locals;
    } else {
      while (!cur_.is(TokenKind::RParen)) {
        ValType t;
        if (!parseValType(cur_, ctx_, t)) return false;
        locals.push_back(t);
        ++fc.num_locals;
      }
    }
    if (!cur_.expect(TokenKind::RParen)) return false;
  }
  if (!fc.local_names.empty()) local_names_.emplace_back(current_func_, fc.local_names);
  ByteWriter body;
  std::vector<std::pair<uint32_t, ValType>> runs;
  for (const ValType& t : locals) {
    if (!runs.empty() && runs.back().second == t) ++runs.back().first;
    else runs.emplace_back(1, t);
  }
  body.u32(static_cast<uint32_t>(runs.size()));
  for (const auto& [count, type] : runs) {
    body.u32(count);
    writeValType(body, type);
  }
  InstructionParser ip(cur_, ctx_, &fc);
  if (!ip.parseSequence(body)) return false;
  if (!cur_.expect(TokenKind::RParen)) return false;
  writeOpcode(body, Opcode::End);
  codes_.body.u32(static_cast<uint32_t>(body.size()));
  codes_.body.append(body);
  ++codes_.count;
  return true;
}

bool ModuleParser::parseTable() {
  bool imported;
  uint32_t index;
  if (!parseFieldHead(Space::Table, kKindTable, index, imported)) return false;
  if (imported) {
    if (!parseTableType(imports_.body)) return false;
    ++imports_.count;
    return cur_.expect(TokenKind::RParen);
  }
  // `(table addrtype? reftype (elem ...))`: the size is the element count
  // (spec 6.6.6 abbreviation).
  size_t save = cur_.pos();
  bool is64 = parseAddrType(cur_);
  if (!cur_.is(TokenKind::Nat)) {
    ValType t;
    if (!parseRefType(cur_, ctx_, t)) return false;
    if (!cur_.atField("elem")) return cur_.unexpected();
    uint32_t count = 0;
    if (!parseInlineElem(index, is64, t, count)) return false;
    writeValType(tables_.body, t);
    tables_.body.u8(is64 ? 0x05 : 0x01);
    tables_.body.u64(count);
    tables_.body.u64(count);
    ++tables_.count;
    return cur_.expect(TokenKind::RParen);
  }
  cur_.seek(save);
  ByteWriter type;
  if (!parseTableType(type)) return false;
  if (!cur_.is(TokenKind::RParen)) {
    // Wasm 3.0 table with an initializer expression: 0x40 0x00 prefix.
    tables_.body.u8(0x40);
    tables_.body.u8(0x00);
    tables_.body.append(type);
    if (!parseConstExpr(tables_.body)) return false;
  } else {
    tables_.body.append(type);
  }
  ++tables_.count;
  return cur_.expect(TokenKind::RParen);
}

bool ModuleParser::parseMemory() {
  bool imported;
  uint32_t index;
  if (!parseFieldHead(Space::Memory, kKindMemory, index, imported)) return false;
  if (imported) {
    if (!parseMemoryType(imports_.body)) return false;
    ++imports_.count;
    return cur_.expect(TokenKind::RParen);
  }
  size_t save = cur_.pos();
  bool is64 = parseAddrType(cur_);
  uint32_t page_size_log2 = 16;
  if (cur_.atField("pagesize") && !parsePageSize(page_size_log2)) return false;
  if (cur_.atField("data")) {
    // `(memory (pagesize N)? (data ...))`: sized to fit the data, in pages
    // of 64 KiB or the size given.
    uint64_t size = 0;
    if (!parseInlineData(index, is64, size)) return false;
    uint64_t page = uint64_t{1} << page_size_log2;
    uint64_t pages = size / page + (size % page != 0);
    writeLimits(memories_.body, is64, false, pages, &pages, page_size_log2);
  } else {
    cur_.seek(save);
    if (!parseMemoryType(memories_.body)) return false;
  }
  ++memories_.count;
  return cur_.expect(TokenKind::RParen);
}

bool ModuleParser::parseGlobal() {
  bool imported;
  uint32_t index;
  if (!parseFieldHead(Space::Global, kKindGlobal, index, imported)) return false;
  if (imported) {
    if (!parseGlobalType(imports_.body)) return false;
    ++imports_.count;
    return cur_.expect(TokenKind::RParen);
  }
  if (!parseGlobalType(globals_.body) || !parseConstExpr(globals_.body)) return false;
  ++globals_.count;
  return cur_.expect(TokenKind::RParen);
}

// tag (exception handling): attribute 0 (exception) and a function type.
bool ModuleParser::parseTag() {
  bool imported;
  uint32_t index;
  if (!parseFieldHead(Space::Tag, kKindTag, index, imported)) return false;
  TypeUse use;
  uint32_t type = 0;
  if (!parseTypeUse(cur_, ctx_, use, true) || !resolveTypeUse(cur_, ctx_, use, type)) return false;
  VecSection& section = imported ? imports_ : tags_;
  section.body.u8(0x00);
  section.body.u32(type);
  ++section.count;
  return cur_.expect(TokenKind::RParen);
}

// (import "m" "n" (func|table|memory|global|tag $id? type))
bool ModuleParser::parseImport() {
  cur_.next();
  cur_.next();
  std::string module, name;
  if (!parseName(cur_, module) || !parseName(cur_, name)) return false;
  if (!cur_.expect(TokenKind::LParen)) return false;
  const Token& kw = cur_.peek();
  if (kw.kind != TokenKind::Keyword) return cur_.unexpected();
  ByteWriter desc;
  if (kw.text == "func" || kw.text == "tag") {
    bool func = kw.text == "func";
    cur_.next();
    if (cur_.is(TokenKind::Id)) cur_.next();
    nextIndex(func ? Space::Func : Space::Tag);
    TypeUse use;
    uint32_t type = 0;
    if (!parseTypeUse(cur_, ctx_, use, true) || !resolveTypeUse(cur_, ctx_, use, type)) return false;
    desc.u8(func ? kKindFunc : kKindTag);
    if (!func) desc.u8(0x00);
    desc.u32(type);
  } else if (kw.text == "table") {
    cur_.next();
    if (cur_.is(TokenKind::Id)) cur_.next();
    nextIndex(Space::Table);
    desc.u8(kKindTable);
    if (!parseTableType(desc)) return false;
  } else if (kw.text == "memory") {
    cur_.next();
    if (cur_.is(TokenKind::Id)) cur_.next();
    nextIndex(Space::Memory);
    desc.u8(kKindMemory);
    if (!parseMemoryType(desc)) return false;
  } else if (kw.text == "global") {
    cur_.next();
    if (cur_.is(TokenKind::Id)) cur_.next();
    nextIndex(Space::Global);
    desc.u8(kKindGlobal);
    if (!parseGlobalType(desc)) return false;
  } else {
    return cur_.unexpected();
  }
  if (!cur_.expect(TokenKind::RParen) || !cur_.expect(TokenKind::RParen)) return false;
  imports_.body.name(module);
  imports_.body.name(name);
  imports_.body.append(desc);
  ++imports_.count;
  return true;
}

// (export "n" (func|table|memory|global|tag x))
bool ModuleParser::parseExport() {
  cur_.next();
  cur_.next();
  std::string name;
  if (!parseName(cur_, name) || !cur_.expect(TokenKind::LParen)) return false;
  const Token& kw = cur_.peek();
  uint8_t kind;
  Space space;
  if (kw.text == "func") kind = kKindFunc, space = Space::Func;
  else if (kw.text == "table") kind = kKindTable, space = Space::Table;
  else if (kw.text == "memory") kind = kKindMemory, space = Space::Memory;
  else if (kw.text == "global") kind = kKindGlobal, space = Space::Global;
  else if (kw.text == "tag") kind = kKindTag, space = Space::Tag;
  else return cur_.unexpected();
  cur_.next();
  uint32_t index = 0;
  if (!parseIndex(cur_, ctx_, space, index)) return false;
  if (!cur_.expect(TokenKind::RParen) || !cur_.expect(TokenKind::RParen)) return false;
  exports_.body.name(name);
  exports_.body.u8(kind);
  exports_.body.u32(index);
  ++exports_.count;
  return true;
}

bool ModuleParser::parseStart() {
  const Token& at = cur_.peek(1);
  cur_.next();
  cur_.next();
  if (has_start_) return cur_.fail(at, "multiple start sections");
  if (!parseIndex(cur_, ctx_, Space::Func, start_)) return false;
  has_start_ = true;
  return cur_.expect(TokenKind::RParen);
}

}  // namespace petrel::internal::text
