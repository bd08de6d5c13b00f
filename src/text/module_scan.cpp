// Pass 1 of the module parser (spec 6.6.1, identifier contexts) and the
// final assembly of sections.
#include <algorithm>

#include "text/module_parser.h"
#include "text/type_parser.h"

namespace petrel::internal::text {

namespace {

const char* importAfterMessage(Space s) {
  switch (s) {
    case Space::Func: return "import after function";
    case Space::Table: return "import after table";
    case Space::Memory: return "import after memory";
    case Space::Global: return "import after global";
    case Space::Tag: return "import after tag";
    default: return "import after definition";
  }
}

bool spaceOfKeyword(std::string_view kw, Space& out) {
  if (kw == "func") out = Space::Func;
  else if (kw == "table") out = Space::Table;
  else if (kw == "memory") out = Space::Memory;
  else if (kw == "global") out = Space::Global;
  else if (kw == "tag") out = Space::Tag;
  else return false;
  return true;
}

}  // namespace

bool ModuleParser::parse(std::vector<uint8_t>& out) {
  fields_start_ = cur_.pos();
  if (!scanFields()) return false;

  // Pass 2: type definitions, all of them before any type use is resolved.
  cur_.seek(fields_start_);
  size_t group = 0;  // the scan recorded one group per type/rec field
  while (cur_.is(TokenKind::LParen)) {
    if (cur_.isKeyword("type", 1) || cur_.isKeyword("rec", 1)) {
      if (!parseTypeField(cur_, ctx_, ctx_.groups[group++].first)) return false;
    } else if (!cur_.skipGroup()) {
      return false;
    }
  }

  // Pass 3: everything else.
  cur_.seek(fields_start_);
  while (cur_.is(TokenKind::LParen))
    if (!parseField()) return false;
  assemble(out);
  return true;
}

bool ModuleParser::bindName(Space space, uint32_t index, size_t token) {
  size_t saved = cur_.pos();
  cur_.seek(token);
  bool ok = true;
  if (cur_.is(TokenKind::Id)) {
    const Token& t = cur_.peek();
    if (!ctx_.namesOf(space).emplace(t.value, index).second)
      ok = cur_.fail(t, std::string(spaceDuplicateName(space)) + " $" + t.value);
  }
  cur_.seek(saved);
  return ok;
}

// All imports must precede all definitions (spec 6.6.13); the message
// names the kind of the first definition, as the reference interpreter does.
bool ModuleParser::noteImport(const Token& at) {
  if (first_definition_ != Space::Count) return cur_.fail(at, importAfterMessage(first_definition_));
  return true;
}

bool ModuleParser::scanFields() {
  while (cur_.is(TokenKind::LParen))
    if (!scanField()) return false;
  return true;
}

bool ModuleParser::scanField() {
  size_t start = cur_.pos();
  const Token& kw = cur_.peek(1);
  if (kw.kind != TokenKind::Keyword) {
    cur_.next();
    return cur_.unexpected();
  }
  Space space;
  if (kw.text == "type") {
    auto index = static_cast<uint32_t>(ctx_.types.size());
    ctx_.types.emplace_back();
    ctx_.groups.push_back(RecGroup{index, 1, false});
    if (!bindName(Space::Type, index, start + 2)) return false;
  } else if (kw.text == "rec") {
    auto first = static_cast<uint32_t>(ctx_.types.size());
    cur_.next();
    cur_.next();
    while (cur_.atField("type")) {
      auto index = static_cast<uint32_t>(ctx_.types.size());
      ctx_.types.emplace_back();
      if (!bindName(Space::Type, index, cur_.pos() + 2)) return false;
      if (!cur_.skipGroup()) return false;
    }
    ctx_.groups.push_back(RecGroup{first, static_cast<uint32_t>(ctx_.types.size()) - first, true});
  } else if (spaceOfKeyword(kw.text, space)) {
    if (!scanDefinition(space)) return false;
  } else if (kw.text == "import") {
    // (import "m" "n" (kind $id? ...))
    cur_.next();
    cur_.next();
    if (cur_.is(TokenKind::String) && cur_.is(TokenKind::String, 1) && cur_.is(TokenKind::LParen, 2) &&
        cur_.is(TokenKind::Keyword, 3) && spaceOfKeyword(cur_.peek(3).text, space)) {
      if (!noteImport(kw)) return false;
      uint32_t index = ctx_.countOf(space)++;
      if (!bindName(space, index, cur_.pos() + 4)) return false;
    }
  } else if (kw.text == "elem" || kw.text == "data") {
    Space s = kw.text == "elem" ? Space::Elem : Space::Data;
    if (!bindName(s, ctx_.countOf(s)++, start + 2)) return false;
  } else if (kw.text != "export" && kw.text != "start") {
    cur_.next();
    return cur_.unexpected();
  }
  cur_.seek(start);
  return cur_.skipGroup();
}

// (func|table|memory|global|tag $id? (export ...)* (import ...)? ...): an
// inline import makes it an import; tables and memories may also define an
// inline element/data segment, which takes the next segment index.
bool ModuleParser::scanDefinition(Space space) {
  size_t start = cur_.pos();
  const Token& kw = cur_.peek(1);
  uint32_t index = ctx_.countOf(space)++;
  if (!bindName(space, index, start + 2)) return false;
  cur_.next();
  cur_.next();
  if (cur_.is(TokenKind::Id)) cur_.next();
  while (cur_.atField("export"))
    if (!cur_.skipGroup()) return false;
  if (cur_.atField("import")) return noteImport(kw);
  if (first_definition_ == Space::Count) first_definition_ = space;
  if (space == Space::Table || space == Space::Memory) {
    while (!cur_.is(TokenKind::RParen) && !cur_.is(TokenKind::Eof) && !cur_.is(TokenKind::Error)) {
      if (space == Space::Table && cur_.atField("elem")) ++ctx_.countOf(Space::Elem);
      if (space == Space::Memory && cur_.atField("data")) ++ctx_.countOf(Space::Data);
      if (cur_.is(TokenKind::LParen)) {
        if (!cur_.skipGroup()) return false;
      } else {
        cur_.next();
      }
    }
  }
  return true;
}

void ModuleParser::assemble(std::vector<uint8_t>& out) const {
  ByteWriter w;
  w.fixed32(0x6d736100);  // magic "\0asm"
  w.fixed32(1);           // version
  writeTypeSection(w, ctx_);
  imports_.writeTo(w, 2);
  functions_.writeTo(w, 3);
  tables_.writeTo(w, 4);
  memories_.writeTo(w, 5);
  tags_.writeTo(w, 13);  // the tag section sits between memory and global
  globals_.writeTo(w, 6);
  exports_.writeTo(w, 7);
  if (has_start_) {
    ByteWriter s;
    s.u32(start_);
    writeSection(w, 8, s);
  }
  elems_.writeTo(w, 9);
  // Data count (spec 5.5.16): required when code refers to data segments;
  // emitted whenever there are any, as wat2wasm does.
  if (datas_.count > 0 || ctx_.uses_data_index) {
    ByteWriter s;
    s.u32(datas_.count);
    writeSection(w, 12, s);
  }
  codes_.writeTo(w, 10);
  datas_.writeTo(w, 11);
  writeNameSection(w);
  out = std::move(w.data());
}

// The `name` custom section (spec 7.4): the $names of functions, so that
// traps and backtraces of text modules name the functions. With all_names_
// also the module's $id and the names of locals, types, tables, memories,
// globals, segments, struct fields and tags (Wasm 3.0 subsection ids), so
// that printed modules (wasm2wat) read back with all their names; by
// default those leave the binary unchanged, as with wabt's wat2wasm.
namespace {

void writeNameMap(ByteWriter& out, const NameMap& names) {
  std::vector<std::pair<uint32_t, std::string_view>> sorted;
  for (const auto& [name, index] : names) sorted.push_back({index, name});
  std::sort(sorted.begin(), sorted.end());
  out.u32(static_cast<uint32_t>(sorted.size()));
  for (const auto& [index, name] : sorted) {
    out.u32(index);
    out.name(name);
  }
}

void writeSubsection(ByteWriter& out, uint8_t id, const ByteWriter& content) {
  out.u8(id);
  out.u32(static_cast<uint32_t>(content.size()));
  out.append(content);
}

}  // namespace

void ModuleParser::writeNameSection(ByteWriter& w) const {
  ByteWriter content;
  if (all_names_ && !module_name_.empty()) {
    ByteWriter s;
    s.name(module_name_);
    writeSubsection(content, 0, s);
  }
  auto space = [&](uint8_t id, Space sp) {
    const NameMap& names = ctx_.names[static_cast<size_t>(sp)];
    if (names.empty()) return;
    ByteWriter s;
    writeNameMap(s, names);
    writeSubsection(content, id, s);
  };
  space(1, Space::Func);
  if (all_names_) writeOtherNames(content);
  if (content.empty()) return;
  ByteWriter section;
  section.name("name");
  section.append(content);
  writeSection(w, 0, section);
}

void ModuleParser::writeOtherNames(ByteWriter& content) const {
  auto space = [&](uint8_t id, Space sp) {
    const NameMap& names = ctx_.names[static_cast<size_t>(sp)];
    if (names.empty()) return;
    ByteWriter s;
    writeNameMap(s, names);
    writeSubsection(content, id, s);
  };
  if (!local_names_.empty()) {
    auto sorted = local_names_;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    ByteWriter s;
    s.u32(static_cast<uint32_t>(sorted.size()));
    for (const auto& [func, names] : sorted) {
      s.u32(func);
      writeNameMap(s, names);
    }
    writeSubsection(content, 2, s);
  }
  space(4, Space::Type);
  space(5, Space::Table);
  space(6, Space::Memory);
  space(7, Space::Global);
  space(8, Space::Elem);
  space(9, Space::Data);
  ByteWriter fields;
  uint32_t typed = 0;
  for (size_t i = 0; i < ctx_.types.size(); ++i) {
    if (ctx_.types[i].field_names.empty()) continue;
    fields.u32(static_cast<uint32_t>(i));
    writeNameMap(fields, ctx_.types[i].field_names);
    ++typed;
  }
  if (typed) {
    ByteWriter s;
    s.u32(typed);
    s.append(fields);
    writeSubsection(content, 10, s);
  }
  space(11, Space::Tag);
}

}  // namespace petrel::internal::text
