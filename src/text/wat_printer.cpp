// Text printer: the module and its fields (spec 6.6), in the order of the
// binary sections. Every entity gets an index comment `(;N;)`; functions,
// imports, tags and blocks carry an explicit `(type N)` so that parsing the
// text back inserts no types and keeps every type index.
#include "text/wat_printer.h"

#include <algorithm>

#include "text/wat_printer_impl.h"

namespace petrel::internal {

Result<std::string> moduleToWat(const Module& module) {
  text::WatPrinter printer(module);
  return printer.run();
}

}  // namespace petrel::internal

namespace petrel::internal::text {

WatPrinter::WatPrinter(const Module& m) : m_(m) { collectNames(); }

// Nesting deeper than kMaxIndent prints at kMaxIndent: an indentation per
// level would make the text quadratic in a deeply nested body's size (a
// 7.6 MB module with 200 000 nested blocks: 160 GB of spaces).
void WatPrinter::line(int indent, std::string_view text) {
  constexpr int kMaxIndent = 64;
  out_.append(static_cast<size_t>(std::min(indent, kMaxIndent)) * 2, ' ');
  out_ += text;
  out_ += '\n';
}

bool WatPrinter::failed(const Error& e) {
  error_ = e;
  return false;
}

Result<std::string> WatPrinter::run() {
  std::string head = "(module";
  if (!m_.names.module_name.empty()) head += " " + identifierText(m_.names.module_name);
  line(0, head);
  printTypes();
  printImports();
  bool ok = printFunctions() && printTables();
  if (ok) {
    printMemories();
    printTags();
    ok = printGlobals();
  }
  if (ok) {
    printExports();
    if (m_.start) line(1, "(start " + ref(NameSpace::Func, *m_.start) + ")");
    ok = printElems() && printDatas();
  }
  if (!ok) return error_;
  // Close the module on the last field's line, like the fields themselves.
  if (out_.size() >= 2 && out_[out_.size() - 1] == '\n') out_.pop_back();
  out_ += ")\n";
  return std::move(out_);
}

// ---------------------------------------------------------------------------
// Types: recursion groups of more than one type are written as `(rec ...)`;
// a group of one is the same type with or without it (spec 6.4.9).

void WatPrinter::printSubType(uint32_t index, int indent) {
  const SubType& st = m_.types[index];
  std::string comp;
  switch (st.kind) {
    case CompositeKind::Func:
      comp = "(func" + signature(index, nullptr) + ")";
      break;
    case CompositeKind::Struct:
      comp = "(struct";
      for (uint32_t f = 0; f < st.fields.size(); ++f) {
        std::string name = fieldName(index, f);
        comp += " (field " + (name.empty() ? "" : name + " ") + fieldType(st.fields[f]) + ")";
      }
      comp += ")";
      break;
    case CompositeKind::Array:
      comp = "(array " + (st.fields.empty() ? std::string("i32") : fieldType(st.fields[0])) + ")";
      break;
  }
  if (!st.final || !st.supers.empty()) {
    std::string sub = st.final ? "(sub final" : "(sub";
    for (uint32_t super : st.supers) sub += " " + ref(NameSpace::Type, super);
    comp = sub + " " + comp + ")";
  }
  line(indent, "(type" + defName(NameSpace::Type, index) + " " + comp + ")");
}

void WatPrinter::printTypes() {
  for (const RecGroup& g : m_.rec_groups) {
    if (g.count == 1) {
      printSubType(g.first, 1);
      continue;
    }
    line(1, "(rec");
    for (uint32_t i = 0; i < g.count; ++i) printSubType(g.first + i, 2);
    out_.pop_back();
    out_ += ")\n";
  }
}

// ---------------------------------------------------------------------------
// Imports and definitions

void WatPrinter::printImports() {
  uint32_t next[5] = {};
  for (const Import& imp : m_.imports) {
    std::string desc;
    uint32_t index = next[static_cast<size_t>(imp.kind)]++;
    switch (imp.kind) {
      case ExternKind::Func:
        desc = "(func" + defName(NameSpace::Func, index) + " " + typeUse(imp.type_index) +
               signature(imp.type_index, nullptr) + ")";
        break;
      case ExternKind::Table:
        desc = "(table" + defName(NameSpace::Table, index) + " " + tableType(imp.table) + ")";
        break;
      case ExternKind::Memory:
        desc = "(memory" + defName(NameSpace::Memory, index) + " " + memoryType(imp.memory) + ")";
        break;
      case ExternKind::Global:
        desc = "(global" + defName(NameSpace::Global, index) + " " + globalType(imp.global) + ")";
        break;
      case ExternKind::Tag:
        desc = "(tag" + defName(NameSpace::Tag, index) + " " + typeUse(imp.type_index) +
               signature(imp.type_index, nullptr) + ")";
        break;
    }
    line(1, "(import " + stringLiteral(imp.module, true) + " " + stringLiteral(imp.name, true) + " " + desc + ")");
  }
}

bool WatPrinter::printFunctions() {
  for (uint32_t b = 0; b < m_.bodies.size(); ++b) {
    uint32_t func = m_.num_imported_funcs + b;
    if (func >= m_.func_types.size()) break;
    uint32_t type = m_.func_types[func];
    line(1, "(func" + defName(NameSpace::Func, func) + " " + typeUse(type) + signature(type, &func));
    const FunctionBody& body = m_.bodies[b];
    uint32_t local = 0;
    if (type < m_.types.size()) local = static_cast<uint32_t>(m_.types[type].func.params.size());
    // Named locals need a clause each; unnamed runs share one.
    std::string run;
    for (const LocalRun& lr : body.locals) {
      for (uint32_t k = 0; k < lr.count; ++k, ++local) {
        std::string name = localName(func, local);
        if (!name.empty()) {
          if (!run.empty()) line(2, run + ")");
          run.clear();
          line(2, "(local " + name + " " + valType(lr.type) + ")");
          continue;
        }
        if (run.empty()) run = "(local";
        run += " " + valType(lr.type);
      }
    }
    if (!run.empty()) line(2, run + ")");
    if (!printBody(func, body)) return false;
    line(1, ")");
  }
  return true;
}

bool WatPrinter::printTables() {
  for (uint32_t i = m_.num_imported_tables; i < m_.tables.size(); ++i) {
    const Table& t = m_.tables[i];
    std::string s = "(table" + defName(NameSpace::Table, i) + " " + tableType(t.type);
    if (t.init) {
      std::string expr;
      if (!constExpr(*t.init, expr)) return false;
      s += " " + expr;
    }
    line(1, s + ")");
  }
  return true;
}

void WatPrinter::printMemories() {
  for (uint32_t i = m_.num_imported_memories; i < m_.memories.size(); ++i)
    line(1, "(memory" + defName(NameSpace::Memory, i) + " " + memoryType(m_.memories[i]) + ")");
}

void WatPrinter::printTags() {
  for (uint32_t i = m_.num_imported_tags; i < m_.tags.size(); ++i) {
    uint32_t type = m_.tags[i].type_index;
    line(1, "(tag" + defName(NameSpace::Tag, i) + " " + typeUse(type) + signature(type, nullptr) + ")");
  }
}

bool WatPrinter::printGlobals() {
  for (uint32_t i = m_.num_imported_globals; i < m_.globals.size(); ++i) {
    const Global& g = m_.globals[i];
    std::string expr;
    if (!constExpr(g.init, expr)) return false;
    line(1, "(global" + defName(NameSpace::Global, i) + " " + globalType(g.type) + (expr.empty() ? "" : " ") +
                expr + ")");
  }
  return true;
}

void WatPrinter::printExports() {
  static const NameSpace kSpace[] = {NameSpace::Func, NameSpace::Table, NameSpace::Memory, NameSpace::Global,
                                     NameSpace::Tag};
  for (const Export& e : m_.exports) {
    line(1, "(export " + stringLiteral(e.name, true) + " (" + externKindName(e.kind) + " " +
                ref(kSpace[static_cast<size_t>(e.kind)], e.index) + "))");
  }
}

// ---------------------------------------------------------------------------
// Segments

namespace {

// `ref.func N end` as the decoder builds it for the function-index
// encodings; such a segment of (ref func) prints as `func N...`.
bool refFuncItem(const ConstExpr& e, uint32_t& func) {
  if (e.code.size() < 3 || e.code[0] != 0xd2 || e.code.back() != 0x0b) return false;
  ByteReader r(e.code.data() + 1, e.code.size() - 2);
  func = r.readVarU32();
  return r.ok() && r.atEnd();
}

}  // namespace

bool WatPrinter::printElems() {
  for (uint32_t i = 0; i < m_.elems.size(); ++i) {
    const ElemSegment& seg = m_.elems[i];
    std::string s = "(elem" + defName(NameSpace::Elem, i);
    if (seg.mode == SegmentMode::Declarative) s += " declare";
    if (seg.mode == SegmentMode::Active) {
      std::string offset;
      if (!constExpr(seg.offset, offset)) return false;
      s += " (table " + ref(NameSpace::Table, seg.table) + ") (offset " + offset + ")";
    }
    std::vector<uint32_t> funcs;
    bool func_form = seg.type == ValType::ref(HeapType::abstract(AbsHeap::Func), false);
    for (const ConstExpr& item : seg.items) {
      uint32_t f = 0;
      if (!func_form || !refFuncItem(item, f)) {
        func_form = false;
        break;
      }
      funcs.push_back(f);
    }
    if (func_form) {
      s += " func";
      for (uint32_t f : funcs) s += " " + ref(NameSpace::Func, f);
    } else {
      s += " " + valType(seg.type);
      for (const ConstExpr& item : seg.items) {
        std::string expr;
        if (!constExpr(item, expr)) return false;
        s += " (item " + expr + ")";
      }
    }
    line(1, s + ")");
  }
  return true;
}

bool WatPrinter::printDatas() {
  for (uint32_t i = 0; i < m_.datas.size(); ++i) {
    const DataSegment& seg = m_.datas[i];
    std::string s = "(data" + defName(NameSpace::Data, i);
    if (seg.mode == SegmentMode::Active) {
      std::string offset;
      if (!constExpr(seg.offset, offset)) return false;
      s += " (memory " + ref(NameSpace::Memory, seg.memory) + ") (offset " + offset + ")";
    }
    s += " " + stringLiteral(std::string_view(reinterpret_cast<const char*>(m_.dataBytes(seg)), seg.size),
                             false);
    line(1, s + ")");
  }
  return true;
}

}  // namespace petrel::internal::text
