// Text printer: identifiers, string and float literals, and types.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unordered_set>

#include "base/byte_reader.h"
#include "text/number_literal.h"
#include "text/wat_printer_impl.h"

namespace petrel::internal::text {

namespace {

// idchar (spec 6.3.5); the same set as the lexer's.
bool isIdChar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("!#$%&'*+-./:<=>?@\\^_`|~", c) != nullptr && c != 0;
}

const char kHex[] = "0123456789abcdef";

void appendHexByte(std::string& out, unsigned char c) {
  out += '\\';
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

std::string hexDigits(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

// Hex float `0x1.<frac>p<exp>` (or `0x0.<frac>p<min>` for subnormals) of a
// finite value; `frac_bits` is 23 or 52. Exact by construction.
std::string hexFloat(bool negative, uint64_t exponent_field, uint64_t fraction, unsigned frac_bits, int bias) {
  std::string s = negative ? "-" : "";
  if (exponent_field == 0 && fraction == 0) return s + "0x0p+0";
  // Left-align the fraction to a whole number of hex digits.
  unsigned digits = (frac_bits + 3) / 4;
  uint64_t aligned = fraction << (digits * 4 - frac_bits);
  std::string frac;
  for (unsigned i = digits; i-- > 0;) frac += kHex[(aligned >> (4 * i)) & 15];
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  int exp = exponent_field == 0 ? 1 - bias : static_cast<int>(exponent_field) - bias;
  s += exponent_field == 0 ? "0x0" : "0x1";
  if (!frac.empty()) s += "." + frac;
  char buf[16];
  std::snprintf(buf, sizeof buf, "p%+d", exp);
  return s + buf;
}

}  // namespace

std::string identifierText(std::string_view name) {
  bool plain = !name.empty();
  for (char c : name) plain = plain && isIdChar(static_cast<unsigned char>(c));
  if (plain) return "$" + std::string(name);
  return "$" + stringLiteral(name, true);
}

std::string stringLiteral(std::string_view bytes, bool keep_utf8) {
  std::string out = "\"";
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if ((c >= 0x20 && c < 0x7f) || (keep_utf8 && c >= 0x80)) {
      out += ch;
    } else {
      appendHexByte(out, c);
    }
  }
  return out + "\"";
}

std::string f32Text(uint32_t bits) {
  bool negative = bits >> 31;
  uint32_t exponent = (bits >> 23) & 0xff, fraction = bits & 0x7fffff;
  std::string sign = negative ? "-" : "";
  if (exponent == 0xff) {
    if (fraction == 0) return sign + "inf";
    // The canonical NaN (only the quiet bit) reads as plain `nan`.
    if (fraction == 0x400000) return sign + "nan";
    return sign + "nan:0x" + hexDigits(fraction);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  char buf[64];
  for (int precision = 1; precision <= 9; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, static_cast<double>(f));
    uint32_t back = 0;
    if (parseF32(buf, back) == LiteralStatus::Ok && back == bits) return buf;
  }
  return hexFloat(negative, exponent, fraction, 23, 127);
}

std::string f64Text(uint64_t bits) {
  bool negative = bits >> 63;
  uint64_t exponent = (bits >> 52) & 0x7ff, fraction = bits & 0xfffffffffffffull;
  std::string sign = negative ? "-" : "";
  if (exponent == 0x7ff) {
    if (fraction == 0) return sign + "inf";
    if (fraction == 0x8000000000000ull) return sign + "nan";
    return sign + "nan:0x" + hexDigits(fraction);
  }
  double d;
  std::memcpy(&d, &bits, 8);
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    uint64_t back = 0;
    if (parseF64(buf, back) == LiteralStatus::Ok && back == bits) return buf;
  }
  return hexFloat(negative, exponent, fraction, 52, 1023);
}

std::vector<std::string> assignIdentifiers(const IndexNames& names, size_t count) {
  std::vector<std::string> out(count);
  std::unordered_set<std::string> taken;
  std::vector<uint32_t> duplicates;
  for (const auto& [index, name] : names) {
    // Only non-empty UTF-8 names can be identifiers; the decoder already
    // checked the encoding, the check keeps hand-built modules safe.
    if (index >= count || name.empty() ||
        !isValidUtf8(reinterpret_cast<const uint8_t*>(name.data()), name.size()))
      continue;
    if (taken.insert(name).second) out[index] = name;
    else duplicates.push_back(index);
  }
  for (uint32_t index : duplicates) {
    const std::string& base = std::find_if(names.begin(), names.end(), [&](const auto& e) {
                                return e.first == index;
                              })->second;
    for (uint32_t n = 1;; ++n) {
      std::string candidate = base + "." + std::to_string(n);
      if (taken.insert(candidate).second) {
        out[index] = std::move(candidate);
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Names

void WatPrinter::collectNames() {
  const NameMap& n = m_.names;
  auto set = [&](NameSpace s, const IndexNames& map, size_t count) {
    names_[static_cast<size_t>(s)] = assignIdentifiers(map, count);
  };
  set(NameSpace::Type, n.types, m_.types.size());
  set(NameSpace::Func, n.functions, m_.func_types.size());
  set(NameSpace::Table, n.tables, m_.tables.size());
  set(NameSpace::Memory, n.memories, m_.memories.size());
  set(NameSpace::Global, n.globals, m_.globals.size());
  set(NameSpace::Tag, n.tags, m_.tags.size());
  set(NameSpace::Elem, n.elems, m_.elems.size());
  set(NameSpace::Data, n.datas, m_.datas.size());

  local_names_.assign(m_.func_types.size(), {});
  for (const auto& [func, map] : n.locals) {
    // Imported functions have no locals to name in the text format.
    if (func < m_.num_imported_funcs || func >= m_.func_types.size()) continue;
    size_t count = 0;
    uint32_t type = m_.func_types[func];
    if (type < m_.types.size()) count = m_.types[type].func.params.size();
    uint32_t body = func - m_.num_imported_funcs;
    if (body < m_.bodies.size())
      for (const LocalRun& run : m_.bodies[body].locals) count += run.count;
    local_names_[func] = assignIdentifiers(map, count);
  }
  field_names_.assign(m_.types.size(), {});
  for (const auto& [type, map] : n.fields) {
    if (type >= m_.types.size() || m_.types[type].kind != CompositeKind::Struct) continue;
    field_names_[type] = assignIdentifiers(map, m_.types[type].fields.size());
  }
}

std::string WatPrinter::ref(NameSpace space, uint32_t index) const {
  const auto& names = names_[static_cast<size_t>(space)];
  if (index < names.size() && !names[index].empty()) return identifierText(names[index]);
  return std::to_string(index);
}

std::string WatPrinter::defName(NameSpace space, uint32_t index) const {
  const auto& names = names_[static_cast<size_t>(space)];
  std::string s;
  if (index < names.size() && !names[index].empty()) s = " " + identifierText(names[index]);
  return s + " (;" + std::to_string(index) + ";)";
}

std::string WatPrinter::localName(uint32_t func, uint32_t local) const {
  if (func < local_names_.size() && local < local_names_[func].size() && !local_names_[func][local].empty())
    return identifierText(local_names_[func][local]);
  return "";
}

std::string WatPrinter::localRef(uint32_t func, uint32_t local) const {
  std::string name = localName(func, local);
  return name.empty() ? std::to_string(local) : name;
}

std::string WatPrinter::fieldName(uint32_t type, uint32_t field) const {
  if (type < field_names_.size() && field < field_names_[type].size() && !field_names_[type][field].empty())
    return identifierText(field_names_[type][field]);
  return "";
}

std::string WatPrinter::fieldRef(uint32_t type, uint32_t field) const {
  std::string name = fieldName(type, field);
  return name.empty() ? std::to_string(field) : name;
}

// ---------------------------------------------------------------------------
// Types

std::string WatPrinter::heapType(HeapType h) const {
  if (h.isAbstract()) return absHeapName(h.abs());
  return ref(NameSpace::Type, h.typeIndex());
}

std::string WatPrinter::refType(HeapType h, bool nullable) const {
  if (nullable && h.isAbstract()) {
    // The shorthands of spec 6.4.3 (the bottom types have their own names).
    switch (h.abs()) {
      case AbsHeap::None: return "nullref";
      case AbsHeap::NoFunc: return "nullfuncref";
      case AbsHeap::NoExtern: return "nullexternref";
      case AbsHeap::NoExn: return "nullexnref";
      default: return std::string(absHeapName(h.abs())) + "ref";
    }
  }
  return std::string("(ref ") + (nullable ? "null " : "") + heapType(h) + ")";
}

std::string WatPrinter::valType(const ValType& t) const {
  if (t.kind == ValKind::Ref) return refType(t.heap, t.nullable);
  return toString(t);
}

std::string WatPrinter::fieldType(const FieldType& f) const {
  std::string t = f.packed == 1 ? "i8" : f.packed == 2 ? "i16" : valType(f.type);
  return f.mutable_ ? "(mut " + t + ")" : t;
}

std::string WatPrinter::limits(const Limits& l) const {
  std::string s = l.is64 ? "i64 " : "";
  s += std::to_string(l.min);
  if (l.max) s += " " + std::to_string(*l.max);
  if (l.shared) s += " shared";
  return s;
}

std::string WatPrinter::tableType(const TableType& t) const { return limits(t.limits) + " " + valType(t.elem); }

// `(pagesize N)` only for pages other than 64 KiB (the custom-page-sizes
// proposal), so what Wasm 3.0 reads prints as before.
std::string WatPrinter::memoryType(const MemoryType& t) const {
  std::string s = limits(t.limits);
  if (t.page_size_log2 != 16) s += " (pagesize " + std::to_string(uint64_t{1} << t.page_size_log2) + ")";
  return s;
}

std::string WatPrinter::globalType(const GlobalType& t) const {
  return t.mutable_ ? "(mut " + valType(t.type) + ")" : valType(t.type);
}

std::string WatPrinter::typeUse(uint32_t type_index) const { return "(type " + ref(NameSpace::Type, type_index) + ")"; }

std::string WatPrinter::signature(uint32_t type_index, const uint32_t* func) const {
  if (type_index >= m_.types.size() || m_.types[type_index].kind != CompositeKind::Func) return "";
  const FuncType& ft = m_.types[type_index].func;
  std::string s;
  // Named parameters need a clause each; unnamed runs share one.
  bool open = false;
  for (uint32_t i = 0; i < ft.params.size(); ++i) {
    std::string name = func ? localName(*func, i) : "";
    if (!name.empty()) {
      if (open) s += ")";
      open = false;
      s += " (param " + name + " " + valType(ft.params[i]) + ")";
      continue;
    }
    if (!open) s += " (param";
    open = true;
    s += " " + valType(ft.params[i]);
  }
  if (open) s += ")";
  if (!ft.results.empty()) {
    s += " (result";
    for (const ValType& t : ft.results) s += " " + valType(t);
    s += ")";
  }
  return s;
}

std::string WatPrinter::blockType(const BlockType& bt) const {
  switch (bt.kind) {
    case BlockType::Kind::Empty: return "";
    case BlockType::Kind::Value: return " (result " + valType(bt.value) + ")";
    case BlockType::Kind::TypeIndex: return " " + typeUse(bt.type_index);
  }
  return "";
}

}  // namespace petrel::internal::text
