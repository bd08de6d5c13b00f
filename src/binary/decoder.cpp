// Module decoder (spec 5.5).
//
// The error messages are the reference interpreter's, because the spec test
// suite's assert_malformed cases name them. To produce the same message for
// the same broken binary we read the way the reference does: one stream over
// the whole module, with a section's declared size checked only once its
// contents have been read ("section size mismatch"), and every length checked
// against the bytes left in the module ("length out of bounds").
//
// Function bodies are not decoded beyond their locals: the validator reads
// the instructions from the byte range recorded in FunctionBody. Only a body
// whose last byte is not `end` (so its declared size cannot be right) has its
// instructions read here, to report what the reference would.
#include "binary/decoder.h"

#include <algorithm>
#include <utility>

#include "base/byte_reader.h"
#include "binary/instruction_reader.h"
#include "binary/type_reader.h"

namespace petrel::internal {

namespace {

constexpr uint32_t kMagic = 0x6d736100;  // "\0asm"
constexpr uint32_t kVersion = 1;

// Like wasmtime/wasmparser: no engine wants more locals than this per
// function, and the cap keeps the validator's local tables small.
constexpr uint64_t kMaxLocals = 50000;
// The same engines' (and the JS API's) caps on a function type: a branch
// carries up to this many values, and validating or translating a br_table
// costs its entries times that.
constexpr uint32_t kMaxParams = 1000, kMaxResults = 1000;

constexpr uint8_t kPackedI8 = 0x78, kPackedI16 = 0x77;

enum SectionId : uint8_t {
  kCustom = 0, kType = 1, kImport = 2, kFunction = 3, kTable = 4, kMemory = 5, kGlobal = 6,
  kExport = 7, kStart = 8, kElement = 9, kCode = 10, kData = 11, kDataCount = 12, kTag = 13,
};

// Position of each non-custom section in the required order (spec 5.5,
// Modules): tag sits between memory and global, data count between element
// and code.
int sectionRank(uint8_t id) {
  switch (id) {
    case kType: return 1;
    case kImport: return 2;
    case kFunction: return 3;
    case kTable: return 4;
    case kMemory: return 5;
    case kTag: return 6;
    case kGlobal: return 7;
    case kExport: return 8;
    case kStart: return 9;
    case kElement: return 10;
    case kDataCount: return 11;
    case kCode: return 12;
    case kData: return 13;
    default: return 0;
  }
}

class Decoder {
 public:
  Decoder(Module& m, const DecodeOptions& options) : m_(m), options_(options), r_(m.bytes.data(), m.bytes.size()) {}

  // False on the first error, which the reader keeps (takeError()).
  bool run();
  Error takeError() { return r_.takeError(); }

 private:
  bool failAt(uint64_t off, const char* msg) { return r_.failAt(off, msg); }
  bool failAt(uint64_t off, std::string msg) { return r_.failAt(off, std::move(msg)); }
  // The refusals of what this build leaves out (ir/feature.h), out of line:
  // at `back` bytes before the next one, or at `off`.
  bool refuse(Feature f, const char* what, unsigned back = 0);
  bool refuseAt(uint64_t off, Feature f, const char* what);

  // Generic values (spec 5.2).
  // A one-byte length inline (most of them: body sizes, local counts).
  bool readLen(uint32_t& n) {
    const uint8_t* p = r_.cursor();
    size_t avail = r_.remaining();
    if (avail >= 1 && p[0] < 0x80) [[likely]] {
      n = p[0];
      r_.advance(1);
      if (n > avail) return failAt(r_.offset() - 1, "length out of bounds");
      return true;
    }
    return readLenSlow(n);
  }
  bool readLenSlow(uint32_t& n);
  bool readName(std::string& out);
  bool noContinuation();
  bool readByte(uint8_t& b) {
    b = r_.readU8();
    return r_.ok();
  }
  bool readU32(uint32_t& v) {
    v = r_.readVarU32();
    return r_.ok();
  }

  // Types (spec 5.3).
  bool readValType(ValType& t);
  bool readRefType(ValType& t);
  bool readStorageType(FieldType& f);
  bool readMutability(bool& mut);
  bool readFieldType(FieldType& f);
  bool readResultType(std::vector<ValType>& out, uint32_t max, const char* too_many);
  bool readCompType(SubType& st);
  bool readSubType(SubType& st);
  bool readLimits(Limits& l, bool is_memory, uint32_t* page_size_log2);
  bool readTableType(TableType& t);
  bool readMemoryType(MemoryType& t);
  bool readGlobalType(GlobalType& t);
  bool readTagType(uint32_t& type_index);

  // Constant expressions (spec 5.4 / 3.3).
  bool readConstExpr(ConstExpr& e);

  // Sections.
  bool readCustomSection(uint64_t end);
  bool readTypeSection();
  bool readImportSection();
  bool readFunctionSection();
  bool readTableSection();
  bool readMemorySection();
  bool readTagSection();
  bool readGlobalSection();
  bool readExportSection();
  bool readStartSection();
  bool readElementSection();
  bool readDataCountSection();
  bool readCodeSection();
  bool readDataSection();
  bool readElemSegment(ElemSegment& seg);
  bool readDataSegment(DataSegment& seg);
  bool readFunctionBody(FunctionBody& body);
  bool explainMalformedBody(uint64_t body_start);

#if PETREL_FEATURE_NAMES
  void readNameSection(uint64_t start, uint64_t end);
#endif

  Module& m_;
  DecodeOptions options_;
  ByteReader r_;
  uint32_t num_declared_funcs_ = 0;  // function section entries
#if PETREL_FEATURE_NAMES
  bool have_names_ = false;
#endif
};

// ---------------------------------------------------------------------------
// Generic values

[[gnu::noinline, gnu::cold]] bool Decoder::refuse(Feature f, const char* what, unsigned back) {
  return refuseFeature(r_, r_.offset() - back, f, what);
}

[[gnu::noinline, gnu::cold]] bool Decoder::refuseAt(uint64_t off, Feature f, const char* what) {
  return refuseFeature(r_, off, f, what);
}

// A vector length or byte count (the reference's len32): it cannot exceed the
// bytes left in the module, counted from the length field itself. This also
// keeps every later allocation proportional to the input size.
bool Decoder::readLenSlow(uint32_t& n) {
  uint64_t start = r_.offset();
  uint64_t avail = r_.remaining();
  n = r_.readVarU32();
  if (!r_.ok()) return false;
  if (n > avail) return failAt(start, "length out of bounds");
  return true;
}

bool Decoder::readName(std::string& out) {
  uint64_t start = r_.offset();
  uint32_t n;
  if (!readLen(n)) return false;
  const uint8_t* p = r_.readBytes(n);
  if (!p) return false;
  if (!isValidUtf8(p, n)) return failAt(start, "malformed UTF-8 encoding");
  out.assign(reinterpret_cast<const char*>(p), n);
  return true;
}

// Type constructors are s7 values in the grammar: a byte with the
// continuation bit set is an over-long encoding, not an unknown type.
bool noContinuation(ByteReader& r) {
  if (r.atEnd() || !(r.peekU8() & 0x80)) return true;
  r.readU8();
  return r.fail("integer representation too long");
}

bool readValTypeFrom(ByteReader& r, ValType& t) {
  return noContinuation(r) && readValType(r, t);
}

bool Decoder::noContinuation() { return internal::noContinuation(r_); }

// ---------------------------------------------------------------------------
// Types

bool Decoder::readValType(ValType& t) { return readValTypeFrom(r_, t); }

bool Decoder::readRefType(ValType& t) {
  if (!noContinuation()) return false;
  return internal::readRefType(r_, t);
}

#if PETREL_FEATURE_GC  // struct and array fields only
// storagetype ::= valtype | packtype. The reference tries valtype first and
// falls back to packtype, so any failure to read a value type here is
// reported as a malformed storage type.
bool Decoder::readStorageType(FieldType& f) {
  uint64_t start = r_.offset();
  if (!noContinuation()) return false;
  uint8_t code = r_.peekU8();
  f.packed = 0;
  if (code == kPackedI8 || code == kPackedI16) {
    r_.readU8();
    f.type = ValType::i32();
    f.packed = code == kPackedI8 ? 1 : 2;
    return r_.ok();
  }
  ByteReader attempt = r_;
  if (!internal::readValType(attempt, f.type)) return failAt(start, "malformed storage type");
  r_ = attempt;
  return true;
}
#endif

bool Decoder::readMutability(bool& mut) {
  uint8_t b;
  if (!readByte(b)) return false;
  if (b > 1) return failAt(r_.offset() - 1, "malformed mutability");
  mut = b == 1;
  return true;
}

#if PETREL_FEATURE_GC
bool Decoder::readFieldType(FieldType& f) {
  return readStorageType(f) && readMutability(f.mutable_);
}
#endif

bool Decoder::readResultType(std::vector<ValType>& out, uint32_t max, const char* too_many) {
  uint64_t start = r_.offset();
  uint32_t n;
  if (!readLen(n)) return false;
  if (n > max) return failAt(start, too_many);
  out.resize(n);  // n is bounded by the bytes left (readLen)
  for (ValType& t : out)
    if (!readValType(t)) return false;
  return true;
}

bool Decoder::readCompType(SubType& st) {
  uint64_t start = r_.offset();
  if (!noContinuation()) return false;
  uint8_t code;
  if (!readByte(code)) return false;
  switch (code) {
    case typecode::Func:
      st.kind = CompositeKind::Func;
      return readResultType(st.func.params, kMaxParams, "too many parameters") &&
             readResultType(st.func.results, kMaxResults, "too many results");
#if !PETREL_FEATURE_GC
    case typecode::Struct:
    case typecode::Array:
      return refuseAt(start, Feature::Gc, code == typecode::Struct ? "a struct type" : "an array type");
#else
    case typecode::Struct: {
      st.kind = CompositeKind::Struct;
      uint32_t n;
      if (!readLen(n)) return false;
      st.fields.reserve(n);
      for (uint32_t i = 0; i < n; ++i) {
        FieldType f;
        if (!readFieldType(f)) return false;
        st.fields.push_back(f);
      }
      return true;
    }
    case typecode::Array: {
      st.kind = CompositeKind::Array;
      FieldType f;
      if (!readFieldType(f)) return false;
      st.fields.push_back(f);
      return true;
    }
#endif
    default:
      return failAt(start, "malformed definition type");
  }
}

bool Decoder::readSubType(SubType& st) {
  uint8_t code = r_.peekU8();
  if (!r_.atEnd() && (code == typecode::Sub || code == typecode::SubFinal)) {
    if (!PETREL_FEATURE_GC)
      return refuse(Feature::Gc, "a subtype declaration (sub)");
    r_.readU8();
    st.final = code == typecode::SubFinal;
    uint32_t n;
    if (!readLen(n)) return false;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t super;
      if (!readU32(super)) return false;
      st.supers.push_back(super);
    }
  } else {
    st.final = true;
  }
  return readCompType(st);
}

// limits ::= flags:byte min:u64 (max:u64)?  (spec 5.3, Wasm 3.0). Flag bit 0:
// a maximum follows, bit 2: 64-bit addresses; bit 1 (shared, threads
// proposal) is accepted for memories only. Both bounds are u64 whatever the
// address type; the validator enforces the ranges. Bit 3 (custom-page-sizes
// proposal: a page size exponent follows the bounds) is malformed in Wasm 3.0
// and rejected like any other bit unless DecodeOptions::custom_page_sizes;
// `page_size_log2` (memories only) receives the exponent.
bool Decoder::readLimits(Limits& l, bool is_memory, uint32_t* page_size_log2) {
  uint64_t start = r_.offset();
  uint8_t flags;
  if (!readByte(flags)) return false;
  uint8_t allowed = !is_memory ? 0x05 : options_.custom_page_sizes ? 0x0f : 0x07;
  if (flags & ~allowed) {
    if (is_memory && (flags & ~0x0f) == 0)
      return failAt(start, "malformed limits flags (bit 3: a custom page size, which needs the custom-page-sizes "
                           "proposal enabled)");
    return failAt(start, "malformed limits flags");
  }
  l.is64 = (flags & 0x04) != 0;
  if (!PETREL_FEATURE_MEMORY64 && l.is64)
    return refuseAt(start, Feature::Memory64, is_memory ? "a 64-bit memory" : "a 64-bit table");
  l.shared = (flags & 0x02) != 0;
  l.min = r_.readVarU64();
  if (flags & 0x01) l.max = r_.readVarU64();
  if (flags & 0x08) {
    uint64_t exponent_at = r_.offset();
    uint32_t exponent = r_.readVarU32();
    if (!r_.ok()) return false;
    // Any exponent a shift can take decodes; only 0 and 16 validate.
    if (exponent > 63) return failAt(exponent_at, "invalid custom page size");
    *page_size_log2 = exponent;
  }
  return r_.ok();
}

bool Decoder::readTableType(TableType& t) {
  return readRefType(t.elem) && readLimits(t.limits, false, nullptr);
}

bool Decoder::readMemoryType(MemoryType& t) {
  t.page_size_log2 = 16;
  return readLimits(t.limits, true, &t.page_size_log2);
}

bool Decoder::readGlobalType(GlobalType& t) {
  return readValType(t.type) && readMutability(t.mutable_);
}

// tagtype ::= 0x00 typeidx (the attribute byte: exception).
bool Decoder::readTagType(uint32_t& type_index) {
  uint8_t attr;
  if (!readByte(attr)) return false;
  if (attr != 0) return failAt(r_.offset() - 1, "zero byte expected");
  return readU32(type_index);
}

// ---------------------------------------------------------------------------
// Constant expressions

// Reads instructions up to the `end` that closes the expression. Whether they
// are constant is the validator's business; here they only need to decode.
bool Decoder::readConstExpr(ConstExpr& e) {
  uint64_t start = r_.offset();
  InstructionReader ir(r_, nullptr);
  Instruction in;
  uint32_t depth = 0;
  for (;;) {
    if (!ir.read(in)) return false;
    if (!PETREL_FEATURE_REFERENCE_TYPES && in.op == Opcode::RefFunc)
      return refuseAt(in.offset, Feature::ReferenceTypes, "reference types instruction ref.func");
    if (in.op == Opcode::Block || in.op == Opcode::Loop || in.op == Opcode::If ||
        in.op == Opcode::TryTable) {
      ++depth;
    } else if (in.op == Opcode::End) {
      if (depth == 0) break;
      --depth;
    } else if (in.op == Opcode::Else && depth == 0) {
      return failAt(in.offset, "END opcode expected");
    }
  }
  e.offset = start;
  e.code.assign(m_.bytes.begin() + static_cast<ptrdiff_t>(start),
                m_.bytes.begin() + static_cast<ptrdiff_t>(r_.offset()));
  return true;
}

// ---------------------------------------------------------------------------
// Sections

bool Decoder::readCustomSection(uint64_t end) {
  CustomSection cs;
  if (!readName(cs.name)) return false;
  if (r_.offset() > end) return failAt(end, "unexpected end of section or function");
  cs.offset = r_.offset();
  cs.size = end - r_.offset();
  r_.skip(static_cast<size_t>(cs.size));
  if (!r_.ok()) return false;
  // Only the name is part of the module's grammar; the `name` section's
  // contents are advisory (spec appendix, Name Section), so errors there
  // are ignored.
#if PETREL_FEATURE_NAMES
  if (cs.name == "name" && !have_names_) {
    have_names_ = true;
    readNameSection(cs.offset, end);
  }
#endif
  m_.customs.push_back(std::move(cs));
  return true;
}

#if PETREL_FEATURE_NAMES
// namemap ::= vec(idx name). The spec asks for increasing indices; tolerate
// disorder and keep the first name given for an index. False when the map
// does not decode (the whole subsection is then ignored).
bool readIndexNames(ByteReader& r, IndexNames& out) {
  uint32_t n = r.readVarU32();
  if (!r.ok() || n > r.remaining()) return false;
  out.reserve(n);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    uint32_t index = r.readVarU32();
    std::string name;
    if (r.ok() && r.readName(name)) out.emplace_back(index, std::move(name));
  }
  if (!r.ok()) return false;
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  out.erase(std::unique(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
            out.end());
  return true;
}

// indirectnamemap ::= vec(idx namemap), for locals and struct fields.
bool readIndirectNames(ByteReader& r, IndirectNames& out) {
  uint32_t n = r.readVarU32();
  if (!r.ok() || n > r.remaining()) return false;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t index = r.readVarU32();
    IndexNames names;
    if (!r.ok() || !readIndexNames(r, names)) return false;
    out.emplace_back(index, std::move(names));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  out.erase(std::unique(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
            out.end());
  return true;
}

void Decoder::readNameSection(uint64_t start, uint64_t end) {
  ByteReader r(m_.bytes.data() + start, static_cast<size_t>(end - start), start);
  int last_id = -1;
  while (!r.atEnd()) {
    uint8_t id = r.readU8();
    uint32_t size = r.readVarU32();
    if (!r.ok() || size > r.remaining() || static_cast<int>(id) <= last_id) return;
    last_id = id;
    uint64_t sub_start = r.offset();
    ByteReader sub(r.cursor(), size, sub_start);
    r.skip(size);
    if (id == 0) {
      std::string name;
      if (sub.readName(name) && sub.atEnd()) m_.names.module_name = std::move(name);
      continue;
    }
    // Subsection ids of the name section (Wasm 3.0 appendix 7.4); 3
    // (labels) is not kept: nothing reports labels by name.
    IndexNames* map = nullptr;
    IndirectNames* indirect = nullptr;
    switch (id) {
      case 1: map = &m_.names.functions; break;
      case 2: indirect = &m_.names.locals; break;
      case 4: map = &m_.names.types; break;
      case 5: map = &m_.names.tables; break;
      case 6: map = &m_.names.memories; break;
      case 7: map = &m_.names.globals; break;
      case 8: map = &m_.names.elems; break;
      case 9: map = &m_.names.datas; break;
      case 10: indirect = &m_.names.fields; break;
      case 11: map = &m_.names.tags; break;
      default: continue;
    }
    if (map) {
      IndexNames names;
      if (readIndexNames(sub, names) && sub.atEnd()) *map = std::move(names);
    } else {
      IndirectNames names;
      if (readIndirectNames(sub, names) && sub.atEnd()) *indirect = std::move(names);
    }
  }
}
#endif  // PETREL_FEATURE_NAMES

bool Decoder::readTypeSection() {
  uint32_t n;
  if (!readLen(n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    RecGroup group;
    group.first = static_cast<uint32_t>(m_.types.size());
    if (!r_.atEnd() && r_.peekU8() == typecode::Rec) {
      if (!PETREL_FEATURE_GC) return refuse(Feature::Gc, "a recursive type group (rec)");
      r_.readU8();
      uint32_t count;
      if (!readLen(count)) return false;
      for (uint32_t k = 0; k < count; ++k) {
        SubType st;
        if (!readSubType(st)) return false;
        m_.types.push_back(std::move(st));
      }
      group.count = count;
    } else {
      SubType st;
      if (!readSubType(st)) return false;
      m_.types.push_back(std::move(st));
      group.count = 1;
    }
    // An empty `rec` defines no types; it leaves no trace in the index space.
    if (group.count > 0) m_.rec_groups.push_back(group);
  }
  return true;
}

bool Decoder::readImportSection() {
  uint32_t n;
  if (!readLen(n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    Import imp;
    if (!readName(imp.module) || !readName(imp.name)) return false;
    uint8_t kind;
    if (!readByte(kind)) return false;
    switch (kind) {
      case 0x00:
        imp.kind = ExternKind::Func;
        if (!readU32(imp.type_index)) return false;
        m_.func_types.push_back(imp.type_index);
        ++m_.num_imported_funcs;
        break;
      case 0x01:
        imp.kind = ExternKind::Table;
        if (!readTableType(imp.table)) return false;
        if (!PETREL_FEATURE_REFERENCE_TYPES && !m_.tables.empty())
          return refuse(Feature::ReferenceTypes, "a second table");
        m_.tables.push_back(Table{imp.table, std::nullopt});
        ++m_.num_imported_tables;
        break;
      case 0x02:
        imp.kind = ExternKind::Memory;
        if (!readMemoryType(imp.memory)) return false;
        if (!PETREL_FEATURE_MULTI_MEMORY && !m_.memories.empty())
          return refuse(Feature::MultiMemory, "a second memory");
        m_.memories.push_back(imp.memory);
        ++m_.num_imported_memories;
        break;
      case 0x03:
        imp.kind = ExternKind::Global;
        if (!readGlobalType(imp.global)) return false;
        m_.globals.push_back(Global{imp.global, ConstExpr{}});
        ++m_.num_imported_globals;
        break;
      case 0x04:
        if (!PETREL_FEATURE_EXCEPTIONS)
          return refuse(Feature::Exceptions, "a tag import", 1);
        imp.kind = ExternKind::Tag;
        if (!readTagType(imp.type_index)) return false;
        m_.tags.push_back(Tag{imp.type_index});
        ++m_.num_imported_tags;
        break;
      default:
        return failAt(r_.offset() - 1, "malformed import kind");
    }
    m_.imports.push_back(std::move(imp));
  }
  return true;
}

bool Decoder::readFunctionSection() {
  uint32_t n;
  if (!readLen(n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t type_index;
    if (!readU32(type_index)) return false;
    m_.func_types.push_back(type_index);
  }
  num_declared_funcs_ = n;
  return true;
}

// table ::= tabletype | 0x40 0x00 tabletype expr  (the second form gives the
// initial element explicitly, for non-nullable element types).
bool Decoder::readTableSection() {
  uint32_t n;
  if (!readLen(n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    Table t;
    if (!PETREL_FEATURE_REFERENCE_TYPES && !m_.tables.empty())
      return refuse(Feature::ReferenceTypes, "a second table");
    if (!r_.atEnd() && r_.peekU8() == 0x40) {
      uint64_t start = r_.offset();
      if (!PETREL_FEATURE_GC)
        return refuseAt(start, Feature::Gc, "a table with an initial element expression");
      r_.readU8();
      uint8_t zero;
      if (!readByte(zero)) return false;
      // 0x40 is no reference type either, which is what the reference
      // interpreter reports when the prefix is not followed by zero.
      if (zero != 0) return failAt(start, "malformed reference type");
      ConstExpr init;
      if (!readTableType(t.type) || !readConstExpr(init)) return false;
      t.init = std::move(init);
    } else if (!readTableType(t.type)) {
      return false;
    }
    m_.tables.push_back(std::move(t));
  }
  return true;
}

bool Decoder::readMemorySection() {
  uint32_t n;
  if (!readLen(n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    MemoryType mt;
    if (!PETREL_FEATURE_MULTI_MEMORY && !m_.memories.empty())
      return refuse(Feature::MultiMemory, "a second memory");
    if (!readMemoryType(mt)) return false;
    m_.memories.push_back(mt);
  }
  return true;
}

bool Decoder::readTagSection() {
  if (!PETREL_FEATURE_EXCEPTIONS)
    return refuse(Feature::Exceptions, "the tag section");
  uint32_t n;
  if (!readLen(n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    Tag tag;
    if (!readTagType(tag.type_index)) return false;
    m_.tags.push_back(tag);
  }
  return true;
}

bool Decoder::readGlobalSection() {
  uint32_t n;
  if (!readLen(n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    Global g;
    if (!readGlobalType(g.type) || !readConstExpr(g.init)) return false;
    m_.globals.push_back(std::move(g));
  }
  return true;
}

bool Decoder::readExportSection() {
  uint32_t n;
  if (!readLen(n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    Export e;
    if (!readName(e.name)) return false;
    uint8_t kind;
    if (!readByte(kind)) return false;
    if (kind > static_cast<uint8_t>(ExternKind::Tag)) return failAt(r_.offset() - 1, "malformed export kind");
    if (!PETREL_FEATURE_EXCEPTIONS && kind == static_cast<uint8_t>(ExternKind::Tag))
      return refuse(Feature::Exceptions, "a tag export", 1);
    e.kind = static_cast<ExternKind>(kind);
    if (!readU32(e.index)) return false;
    m_.exports.push_back(std::move(e));
  }
  return true;
}

bool Decoder::readStartSection() {
  uint32_t index;
  if (!readU32(index)) return false;
  m_.start = index;
  return true;
}

// Element segment flags (spec 5.5, Element Section): bit 0 passive or
// declarative, bit 1 an explicit table index (active) or declarative
// (passive), bit 2 expressions with a reference type instead of function
// indices with an element kind.
bool Decoder::readElemSegment(ElemSegment& seg) {
  uint32_t flags;
  if (!readU32(flags)) return false;
  if (flags > 7) return failAt(r_.offset() - 1, "malformed elements segment kind");
  // The MVP has form 0 only (active in table 0, function indices); passive
  // segments (1) came with bulk memory, the others with reference types.
  if (!PETREL_FEATURE_BULK_MEMORY && flags == 1)
    return refuse(Feature::BulkMemory, "a passive element segment", 1);
  if (!PETREL_FEATURE_REFERENCE_TYPES && flags > 1)
    return refuseFeature(r_, r_.offset() - 1, Feature::ReferenceTypes,
                         "an element segment of form " + std::to_string(flags));
  bool passive_or_declarative = flags & 1;
  bool explicit_table_or_declarative = flags & 2;
  bool uses_exprs = flags & 4;

  if (!passive_or_declarative) {
    seg.mode = SegmentMode::Active;
    seg.table = 0;
    if (explicit_table_or_declarative && !readU32(seg.table)) return false;
    if (!readConstExpr(seg.offset)) return false;
  } else {
    seg.mode = explicit_table_or_declarative ? SegmentMode::Declarative : SegmentMode::Passive;
  }

  // Function indices denote non-null references: (ref func). Expressions
  // without an explicit type (flags 4) are funcref, i.e. (ref null func).
  bool has_type_byte = flags & 3;
  if (!uses_exprs) {
    seg.type = ValType::ref(HeapType::abstract(AbsHeap::Func), false);
    if (has_type_byte) {
      uint8_t kind;
      if (!readByte(kind)) return false;
      if (kind != 0x00) return failAt(r_.offset() - 1, "malformed element kind");
    }
    uint32_t n;
    if (!readLen(n)) return false;
    seg.items.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      ConstExpr& e = seg.items.emplace_back();
      e.offset = r_.offset();
      uint32_t func;
      if (!readU32(func)) return false;
      e.code.push_back(0xd2);  // ref.func
      do {                     // func, in its shortest form
        uint8_t b = func & 0x7f;
        func >>= 7;
        e.code.push_back(func ? (b | 0x80) : b);
      } while (func);
      e.code.push_back(0x0b);  // end
    }
  } else {
    seg.type = ValType::funcref();
    if (has_type_byte && !readRefType(seg.type)) return false;
    uint32_t n;
    if (!readLen(n)) return false;
    for (uint32_t i = 0; i < n; ++i) {
      ConstExpr e;
      if (!readConstExpr(e)) return false;
      seg.items.push_back(std::move(e));
    }
  }
  return true;
}

bool Decoder::readElementSection() {
  uint32_t n;
  if (!readLen(n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    ElemSegment seg;
    if (!readElemSegment(seg)) return false;
    m_.elems.push_back(std::move(seg));
  }
  return true;
}

// Read even without bulk memory: toolchains (LLVM, Petrel's own text
// front end) write it into every module with data, and it only announces
// the data section's count, which the end of decoding checks.
bool Decoder::readDataCountSection() {
  uint32_t count;
  if (!readU32(count)) return false;
  m_.data_count = count;
  return true;
}

// code ::= size:u32 locals:vec(locals) expr  (spec 5.5, Code Section). Only
// the locals are decoded; the instructions are kept as a byte range for the
// validator.
static_assert(static_cast<ValKind>(0x7f - 0x7f) == ValKind::I32 && static_cast<ValKind>(0x7f - 0x7e) == ValKind::I64 &&
              static_cast<ValKind>(0x7f - 0x7d) == ValKind::F32 && static_cast<ValKind>(0x7f - 0x7c) == ValKind::F64);
bool Decoder::readFunctionBody(FunctionBody& body) {
  body.body_offset = r_.offset();
  uint32_t size;
  if (!readLen(size)) return false;
  uint64_t start = r_.offset();
  uint64_t end = start + size;

  uint32_t runs;
  if (!readLen(runs)) return false;
  uint64_t total = 0;
  LocalRun* run = body.locals.init(runs);
  for (uint32_t i = 0; i < runs; ++i, ++run) {
    if (!readU32(run->count)) return false;
    total += run->count;
    // A numeric type in one byte (0x7c..0x7f: f64, f32, i64, i32) inline.
    uint8_t code = r_.peekU8();
    if (code >= 0x7c && code <= 0x7f) {
      r_.advance(1);
      run->type = ValType{static_cast<ValKind>(0x7f - code), false, {}};
    } else if (!readValType(run->type)) {
      return false;
    }
  }
  if (total > kMaxLocals) return failAt(start, "too many locals");

  body.code_offset = r_.offset();
  body.code_end = end;
  // A body's last byte is the `end` of its expression. When it is not, the
  // declared size disagrees with the instructions; find out how, the way the
  // reference decoder (which reads the instructions here) would.
  if (body.code_offset >= end || end > m_.bytes.size() || m_.bytes[end - 1] != 0x0b)
    return explainMalformedBody(start);
  r_.skip(static_cast<size_t>(end - body.code_offset));
  return r_.ok();
}

// Error path only: decodes instructions from the current position, ignoring
// the declared body size, until the function's final `end`, and reports the
// first malformed instruction, or else that the size was wrong.
bool Decoder::explainMalformedBody(uint64_t body_start) {
  enum class Frame : uint8_t { Block, If, Else };
  std::vector<Frame> frames{Frame::Block};
  InstructionReader ir(r_, nullptr);
  Instruction in;
  while (!frames.empty()) {
    if (!ir.read(in)) return false;
    switch (in.op) {
      case Opcode::Block: case Opcode::Loop: case Opcode::TryTable:
        frames.push_back(Frame::Block);
        break;
      case Opcode::If:
        frames.push_back(Frame::If);
        break;
      case Opcode::Else:
        if (frames.back() != Frame::If) return failAt(in.offset, "END opcode expected");
        frames.back() = Frame::Else;
        break;
      case Opcode::End:
        frames.pop_back();
        break;
      default:
        break;
    }
  }
  return failAt(body_start, "section size mismatch");
}

bool Decoder::readCodeSection() {
  uint32_t n;
  if (!readLen(n)) return false;
  // Each body takes at least two bytes (its size and a local count), so
  // this reserves no more than the section's bytes can fill.
  m_.bodies.reserve(std::min<size_t>(n, r_.remaining() / 2));
  for (uint32_t i = 0; i < n; ++i) {
    m_.bodies.emplace_back();
    if (!readFunctionBody(m_.bodies.back())) return false;
  }
  return true;
}

// data segment flags: 0 active in memory 0, 1 passive, 2 active with an
// explicit memory index.
bool Decoder::readDataSegment(DataSegment& seg) {
  uint32_t flags;
  if (!readU32(flags)) return false;
  if (flags > 2) return failAt(r_.offset() - 1, "malformed data segment kind");
  if (!PETREL_FEATURE_BULK_MEMORY && flags == 1)
    return refuse(Feature::BulkMemory, "a passive data segment", 1);
  if (flags == 1) {
    seg.mode = SegmentMode::Passive;
  } else {
    seg.mode = SegmentMode::Active;
    seg.memory = 0;
    if (flags == 2 && !readU32(seg.memory)) return false;
    if (!PETREL_FEATURE_MULTI_MEMORY && seg.memory != 0)
      return refuse(Feature::MultiMemory, "a data segment for a memory other than memory 0", 1);
    if (!readConstExpr(seg.offset)) return false;
  }
  uint32_t n;
  if (!readLen(n)) return false;
  const uint8_t* p = r_.readBytes(n);
  if (!p) return false;
  seg.bytes_offset = static_cast<uint64_t>(p - m_.bytes.data());
  seg.size = n;
  return true;
}

bool Decoder::readDataSection() {
  uint32_t n;
  if (!readLen(n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    DataSegment seg;
    if (!readDataSegment(seg)) return false;
    m_.datas.push_back(std::move(seg));
  }
  return true;
}

// ---------------------------------------------------------------------------
// Module

bool Decoder::run() {
  uint32_t magic = r_.readFixedU32();
  if (!r_.ok()) return false;
  if (magic != kMagic) return failAt(0, "magic header not detected");
  uint32_t version = r_.readFixedU32();
  if (!r_.ok()) return false;
  if (version != kVersion) return failAt(4, "unknown binary version");

  int last_rank = 0;
  while (!r_.atEnd()) {
    uint64_t id_offset = r_.offset();
    uint8_t id = r_.peekU8();
    if (id > kTag) return failAt(id_offset, "malformed section id");
    if (id != kCustom) {
      int rank = sectionRank(id);
      // Out of order or repeated: the reference decoder has passed the
      // place where this section could go and stops there.
      if (rank <= last_rank) return failAt(id_offset, "unexpected content after last section");
      last_rank = rank;
    }
    r_.readU8();
    uint32_t size;
    if (!readLen(size)) return false;
    uint64_t start = r_.offset();
    uint64_t end = start + size;

    bool ok = false;
    switch (id) {
      case kCustom: ok = readCustomSection(end); break;
      case kType: ok = readTypeSection(); break;
      case kImport: ok = readImportSection(); break;
      case kFunction: ok = readFunctionSection(); break;
      case kTable: ok = readTableSection(); break;
      case kMemory: ok = readMemorySection(); break;
      case kTag: ok = readTagSection(); break;
      case kGlobal: ok = readGlobalSection(); break;
      case kExport: ok = readExportSection(); break;
      case kStart: ok = readStartSection(); break;
      case kElement: ok = readElementSection(); break;
      case kDataCount: ok = readDataCountSection(); break;
      case kCode: ok = readCodeSection(); break;
      case kData: ok = readDataSection(); break;
    }
    if (!ok || !r_.ok()) return false;
    if (r_.offset() != end) return failAt(start, "section size mismatch");
  }

  uint64_t eof = m_.bytes.size();
  if (num_declared_funcs_ != m_.bodies.size())
    return failAt(eof, "function and code section have inconsistent lengths");
  if (m_.data_count && *m_.data_count != m_.datas.size())
    return failAt(eof, "data count and data section have inconsistent lengths");
  return true;
}

}  // namespace

namespace {
Result<Module> decodeBytesOf(Module&& m, const DecodeOptions& options) {
  Decoder d(m, options);
  if (!d.run()) return d.takeError();
  return std::move(m);
}
}  // namespace

Result<Module> decodeModule(std::vector<uint8_t>&& bytes, const DecodeOptions& options) {
  Module m;
  m.bytes.own(std::move(bytes));
  return decodeBytesOf(std::move(m), options);
}

Result<Module> decodeModuleInPlace(const uint8_t* data, size_t size, const DecodeOptions& options) {
  Module m;
  m.bytes.borrow(data, size);
  return decodeBytesOf(std::move(m), options);
}

Result<Module> decodeModule(const uint8_t* data, size_t size, const DecodeOptions& options) {
  return decodeModule(size ? std::vector<uint8_t>(data, data + size) : std::vector<uint8_t>(), options);
}

}  // namespace petrel::internal
