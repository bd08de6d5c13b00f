// Module fields of the text format (spec 6.6) to the binary format.
//
// Three passes over the field list, because names may be used before their
// definition and inline type uses are appended after all explicit types:
//   1. scan: number every definition in each index space, bind its $name,
//      and check that imports precede definitions (module_scan.cpp);
//   2. types: parse all type definitions (type_parser.cpp);
//   3. fields: parse everything else and encode it into per-section
//      buffers (module_fields.cpp, module_segments.cpp).
// The sections are then assembled in the order of spec 5.5.2.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "text/binary_writer.h"
#include "text/module_context.h"
#include "text/token_cursor.h"

namespace petrel::internal::text {

class ModuleParser {
 public:
  explicit ModuleParser(TokenCursor& cur) : cur_(cur) {}
  // The module's `$id`, written as the name section's module name so that
  // printed modules (wasm2wat) read back with it.
  void setModuleName(std::string name) { module_name_ = std::move(name); }
  // Write every kind of name (WatOptions::all_names), not only functions'.
  void setAllNames(bool all) { all_names_ = all; }

  // Parses module fields from the cursor up to a token that cannot start a
  // field (normally the module's `)` or the end of input; not consumed) and
  // produces the binary module.
  bool parse(std::vector<uint8_t>& out);

 private:
  // Pass 1 (module_scan.cpp).
  bool scanFields();
  bool scanField();
  bool scanDefinition(Space space);
  bool noteImport(const Token& at);
  bool bindName(Space space, uint32_t index, size_t token);

  // Pass 3 (module_fields.cpp).
  bool parseField();
  bool parseFieldHead(Space space, uint8_t kind, uint32_t& index, bool& imported);
  bool parseFunc();
  bool parseTable();
  bool parseMemory();
  bool parseGlobal();
  bool parseTag();
  bool parseImport();
  bool parseExport();
  bool parseStart();
  bool parseInlineExports(uint8_t kind, uint32_t index);
  bool parseInlineImport(std::string& module, std::string& name);
  bool parseFuncBody(const std::vector<std::string>& param_names, uint32_t param_count);
  bool parseLimits(bool is64, ByteWriter& out, bool is_memory = false);
  bool parsePageSize(uint32_t& log2);
  bool parseTableType(ByteWriter& out);
  bool parseMemoryType(ByteWriter& out);
  bool parseGlobalType(ByteWriter& out);
  bool parseConstExpr(ByteWriter& out);  // instr* up to `)`, plus `end`
  uint32_t nextIndex(Space space) { return next_[static_cast<size_t>(space)]++; }

  // Element and data segments (module_segments.cpp).
  struct ElemList;
  bool parseElem();
  bool parseData();
  bool parseElemList(ElemList& list, bool allow_bare_indices);
  bool parseElemExprs(ElemList& list);
  bool parseOffset(ByteWriter& out);
  bool parseInlineElem(uint32_t table, bool is64, const ValType& type, uint32_t& count);
  bool parseInlineData(uint32_t memory, bool is64, uint64_t& size);
  void writeElemSegment(int mode, uint32_t table, const ByteWriter& offset, const ElemList& list);

  void assemble(std::vector<uint8_t>& out) const;
  void writeNameSection(ByteWriter& w) const;
  void writeOtherNames(ByteWriter& content) const;  // subsections 2, 4-11

  TokenCursor& cur_;
  ModuleContext ctx_;
  size_t fields_start_ = 0;
  Space first_definition_ = Space::Count;  // kind of the first non-import definition
  uint32_t next_[static_cast<size_t>(Space::Count)] = {};

  VecSection imports_, functions_, tables_, memories_, tags_, globals_, exports_, elems_, codes_, datas_;
  bool has_start_ = false;
  uint32_t start_ = 0;
  // Names for the name section beyond the index spaces' own (ctx_.names).
  std::string module_name_;
  bool all_names_ = false;
  uint32_t current_func_ = 0;                             // set by parseFunc for parseFuncBody
  std::vector<std::pair<uint32_t, NameMap>> local_names_;  // by function index
};

}  // namespace petrel::internal::text
