// Internals of the text printer (wat_printer.h), split by what is printed:
// names, types and literals (wat_printer_values.cpp), instructions
// (wat_printer_instructions.cpp) and module fields (wat_printer.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "binary/instruction_reader.h"
#include "ir/module.h"

namespace petrel::internal::text {

// Index spaces that can carry names (the name section's subsections).
enum class NameSpace : uint8_t { Type, Func, Table, Memory, Global, Tag, Elem, Data, Count };

// `$name` when every byte is an identifier character (spec 6.3.5), else the
// Wasm 3.0 form `$"..."`.
std::string identifierText(std::string_view name);
// A string literal "..." of arbitrary bytes; printable ASCII stays as is,
// everything else becomes \hh (names: bytes >= 0x80 of valid UTF-8 stay raw).
std::string stringLiteral(std::string_view bytes, bool keep_utf8);
// Float literals that read back to the same bits: the shortest decimal that
// does, else hex; NaNs as nan / nan:0x<payload>.
std::string f32Text(uint32_t bits);
std::string f64Text(uint64_t bits);

// Unique identifiers for a map of names: the first index with a name keeps
// it, later duplicates get a `.N` suffix no other entry uses. `count` is the
// size of the index space (names beyond it are dropped). Unnamed: "".
std::vector<std::string> assignIdentifiers(const IndexNames& names, size_t count);

class WatPrinter {
 public:
  explicit WatPrinter(const Module& m);
  Result<std::string> run();

 private:
  // Names and references (wat_printer_values.cpp).
  void collectNames();
  // `$name` or the decimal index, for a use of an entity.
  std::string ref(NameSpace space, uint32_t index) const;
  // " $name" for the definition of an entity, plus an index comment.
  std::string defName(NameSpace space, uint32_t index) const;
  std::string localRef(uint32_t func, uint32_t local) const;
  std::string localName(uint32_t func, uint32_t local) const;  // "" if unnamed
  std::string fieldRef(uint32_t type, uint32_t field) const;
  std::string fieldName(uint32_t type, uint32_t field) const;  // "" if unnamed

  // Types (wat_printer_values.cpp).
  std::string heapType(HeapType h) const;
  std::string valType(const ValType& t) const;
  std::string refType(HeapType h, bool nullable) const;
  std::string fieldType(const FieldType& f) const;
  std::string limits(const Limits& l) const;
  std::string tableType(const TableType& t) const;
  std::string memoryType(const MemoryType& t) const;
  std::string globalType(const GlobalType& t) const;
  // `(param ...)* (result ...)*` of function type `type_index`; with
  // `func` set, parameters are named after that function's locals.
  std::string signature(uint32_t type_index, const uint32_t* func) const;
  std::string typeUse(uint32_t type_index) const;  // "(type N)"
  std::string blockType(const BlockType& bt) const;

  // Instructions (wat_printer_instructions.cpp).
  // The instruction text without a newline; `func` names locals (null in
  // constant expressions).
  std::string instruction(const Instruction& in, const uint32_t* func) const;
  std::string memArg(const Instruction& in) const;
  bool printBody(uint32_t func_index, const FunctionBody& body);
  // The instructions of a constant expression on one line, without the
  // final `end`.
  bool constExpr(const ConstExpr& e, std::string& out);

  // Module fields (wat_printer.cpp).
  void printTypes();
  void printSubType(uint32_t index, int indent);
  void printImports();
  bool printFunctions();
  bool printTables();
  void printMemories();
  void printTags();
  bool printGlobals();
  void printExports();
  bool printElems();
  bool printDatas();

  void line(int indent, std::string_view text);
  bool failed(const Error& e);

  const Module& m_;
  std::string out_;
  Error error_;
  std::vector<std::string> names_[static_cast<size_t>(NameSpace::Count)];
  std::vector<std::vector<std::string>> local_names_;  // by function index
  std::vector<std::vector<std::string>> field_names_;  // by type index
};

}  // namespace petrel::internal::text
