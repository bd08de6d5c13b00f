#include "validate/module_validator.h"

#include <string>
#include <vector>

#include "base/string_table.h"
#include "binary/instruction_reader.h"
#include "validate/type_registry.h"

namespace petrel::internal {

namespace {

constexpr uint64_t kMaxMemoryPages32 = 65536;
constexpr uint64_t kMaxMemoryPages64 = uint64_t{1} << 48;

// Out of line, one per message shape: building the Error's string at each of
// the many refusals below would cost more than the checks themselves. The
// message goes through formatError, which every error path links anyway,
// rather than a std::string built here.
[[gnu::noinline]] Status invalidAt(uint64_t offset, const char* message) {
  return formatError(ErrorKind::Invalid, offset, "%s", message);
}
Status invalid(const char* message) { return invalidAt(kNoOffset, message); }
// "unknown function 3"
[[gnu::noinline]] Status unknownIndex(uint64_t offset, const char* what, uint64_t index) {
  return formatError(ErrorKind::Invalid, offset, "%s %llu", what, fmtU(index));
}

bool validHeap(const Module& m, HeapType h) { return !h.isIndex() || h.typeIndex() < m.types.size(); }
bool validValType(const Module& m, ValType t) { return t.kind != ValKind::Ref || validHeap(m, t.heap); }

bool subtype(const Module& m, ValType a, ValType b) {
  return isSubtypeCanonical(canonicalize(m.canonical_type_ids, a), canonicalize(m.canonical_type_ids, b));
}

Status validateLimits(const Limits& l, uint64_t hard_max, const char* too_big) {
  if (l.min > hard_max) return invalid(too_big);
  if (l.max) {
    if (*l.max > hard_max) return invalid(too_big);
    if (l.min > *l.max) return invalid("size minimum must not be greater than maximum");
  }
  return Status::success();
}

// A page size other than 64 KiB comes only from the custom-page-sizes
// proposal (DecodeOptions), which allows 1-byte pages; then the limits are
// in bytes, up to the address space less one byte (2^32 - 1 for 32-bit
// addresses, 2^64 - 1 for 64-bit: a count must fit its u32/u64).
Status validateMemoryType(const MemoryType& mt) {
  if (mt.page_size_log2 == 0) {
    if (mt.limits.is64) return validateLimits(mt.limits, ~uint64_t{0}, "memory size must be at most 2^64-1 pages");
    return validateLimits(mt.limits, 0xffffffffull, "memory size must be at most 2^32-1 pages (4GiB)");
  }
  if (mt.page_size_log2 != 16) return invalid("invalid custom page size");
  if (mt.limits.is64)
    return validateLimits(mt.limits, kMaxMemoryPages64, "memory size must be at most 2^48 pages");
  return validateLimits(mt.limits, kMaxMemoryPages32, "memory size must be at most 65536 pages (4GiB)");
}

Status validateTableType(const Module& m, const TableType& tt) {
  if (!validValType(m, tt.elem)) return invalid("unknown type");
  uint64_t hard_max = tt.limits.is64 ? ~uint64_t{0} : 0xffffffffull;
  return validateLimits(tt.limits, hard_max, "table size must be at most 2^32-1");
}

#if PETREL_FEATURE_GC
// Function subtyping (spec 3.3.5): parameters contravariant, results covariant.
bool funcSubtype(const Module& m, const FuncType& a, const FuncType& b) {
  if (a.params.size() != b.params.size() || a.results.size() != b.results.size()) return false;
  for (size_t i = 0; i < a.params.size(); ++i)
    if (!subtype(m, b.params[i], a.params[i])) return false;
  for (size_t i = 0; i < a.results.size(); ++i)
    if (!subtype(m, a.results[i], b.results[i])) return false;
  return true;
}

bool fieldSubtype(const Module& m, const FieldType& a, const FieldType& b) {
  if (a.mutable_ != b.mutable_ || a.packed != b.packed) return false;
  if (a.packed) return true;
  // Mutable fields are invariant.
  return a.mutable_ ? subtype(m, a.type, b.type) && subtype(m, b.type, a.type) : subtype(m, a.type, b.type);
}
#endif

// Without GC the decoder refuses subtype declarations and type indices in
// types (sub, (ref $t)): every type is a function type of numeric and
// abstract reference types, and only the canonical ids are left to compute.
Status validateTypes(Module& m) {
#if PETREL_FEATURE_GC
  // Each type's supertype chain is at most kMaxSubtypeDepth long, as in the
  // other engines (and the JS API): a subtype check walks the chain, so a
  // chain as long as the module would make validation quadratic.
  constexpr uint32_t kMaxSubtypeDepth = 63;
  std::vector<uint8_t> depth(m.types.size());
  for (const RecGroup& g : m.rec_groups) {
    uint32_t group_end = g.first + g.count;
    for (uint32_t i = g.first; i < group_end; ++i) {
      const SubType& st = m.types[i];
      auto check = [&](ValType t) { return t.kind != ValKind::Ref || !t.heap.isIndex() || t.heap.typeIndex() < group_end; };
      for (ValType t : st.func.params) if (!check(t)) return invalid("unknown type");
      for (ValType t : st.func.results) if (!check(t)) return invalid("unknown type");
      for (const FieldType& f : st.fields) if (!check(f.type)) return invalid("unknown type");
      if (st.supers.size() > 1) return invalid("type mismatch");
      for (uint32_t s : st.supers) {
        if (s >= i) return invalid("unknown type");
        if (depth[s] == kMaxSubtypeDepth) return invalid("sub type hierarchy too deep (more than 63 levels)");
        depth[i] = static_cast<uint8_t>(depth[s] + 1);
      }
    }
  }
#endif
  CanonicalTypes canonical = TypeRegistry::global().canonicalizeModule(m);
  m.canonical_type_ids = std::move(canonical.ids);
  m.canonical_type_refs = std::move(canonical.refs);
#if PETREL_FEATURE_GC
  // Declared supertypes must be open and structurally compatible.
  for (uint32_t i = 0; i < m.types.size(); ++i) {
    const SubType& st = m.types[i];
    for (uint32_t s : st.supers) {
      const SubType& sup = m.types[s];
      bool ok = !sup.final && sup.kind == st.kind;
      if (ok && st.kind == CompositeKind::Func) {
        ok = funcSubtype(m, st.func, sup.func);
      } else if (ok) {
        if (st.kind == CompositeKind::Array && st.fields.size() != sup.fields.size()) ok = false;
        if (st.fields.size() < sup.fields.size()) ok = false;
        for (size_t f = 0; ok && f < sup.fields.size(); ++f) ok = fieldSubtype(m, st.fields[f], sup.fields[f]);
      }
      if (!ok) return formatError(ErrorKind::Invalid, kNoOffset, "sub type %llu does not match super type", fmtU(i));
    }
  }
#endif
  return Status::success();
}

bool isFuncTypeIndex(const Module& m, uint32_t i) { return i < m.types.size() && m.types[i].kind == CompositeKind::Func; }

// The element items' checks below inline into their loops on hosts (a
// module can have many thousands of items); one copy each where flash counts
// more (base/features.h).
#if PETREL_SIZE_OVER_SPEED
#define PETREL_ITEM_INLINE
#else
#define PETREL_ITEM_INLINE [[gnu::always_inline]] inline
#endif

// Is `e` exactly `ref.func idx end`? The usual element item: recognised
// without the instruction reader (a module can have many thousands).
// Longer indices (padded, or above 2^14), out of line.
[[gnu::noinline]] bool longRefFuncIndex(const ConstExpr& e, uint32_t& idx) {
  ByteReader r(e.code.data() + 1, e.code.size() - 2, e.offset + 1);
  idx = r.readVarU32();
  return r.ok() && r.atEnd();
}

// The one- and two-byte indices inline.
PETREL_ITEM_INLINE bool isSingleRefFunc(const ConstExpr& e, uint32_t& idx) {
  const uint8_t* p = e.code.data();
  const size_t n = e.code.size();
  if (n < 3 || p[0] != 0xd2 || p[n - 1] != 0x0b) return false;
  if (n == 3) {
    idx = p[1];
    return p[1] < 0x80;
  }
  if (n == 4 && p[1] >= 0x80 && p[2] < 0x80) {
    idx = (p[1] & 0x7fu) | (static_cast<uint32_t>(p[2]) << 7);
    return true;
  }
  return longRefFuncIndex(e, idx);
}

// Collects ref.func operands of a constant expression into C.refs: the
// general walk, out of line so that the callers' loops stay small.
[[gnu::noinline]] void collectFuncRefsSlow(const Module& m, const ConstExpr& e, std::vector<bool>& refs) {
  ByteReader r(e.code.data(), e.code.size(), e.offset);
  InstructionReader reader(r, nullptr);
  Instruction in;
  while (!r.atEnd() && reader.read(in))
    if (in.op == Opcode::RefFunc && in.index < refs.size()) refs[in.index] = true;
  (void)m;
}

PETREL_ITEM_INLINE void collectFuncRefs(const Module& m, const ConstExpr& e, std::vector<bool>& refs) {
  uint32_t idx;
  if (isSingleRefFunc(e, idx)) {
    if (idx < refs.size()) refs[idx] = true;
    return;
  }
  collectFuncRefsSlow(m, e, refs);
}

// validateConstExpr's fast path for one element item of a segment whose
// type is (ref null? func): true if `e` is a valid `ref.func idx`.
PETREL_ITEM_INLINE bool plainFuncElem(const Module& m, const ConstExpr& e) {
  uint32_t idx;
  return isSingleRefFunc(e, idx) && idx < m.func_types.size() && isFuncTypeIndex(m, m.func_types[idx]);
}
#undef PETREL_ITEM_INLINE

// A value-type stack that lives inline while it is small.
class SmallTypeStack {
 public:
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  ValType back() const { return (*this)[size_ - 1]; }
  ValType operator[](size_t i) const { return i < kInline ? inline_[i] : spill_[i - kInline]; }
  void push_back(ValType t) {
    if (size_ < kInline) inline_[size_] = t;
    else spill_.push_back(t);
    ++size_;
  }
  void pop_back() {
    --size_;
    if (size_ >= kInline) spill_.pop_back();
  }

 private:
  static constexpr size_t kInline = 8;
  ValType inline_[kInline];
  std::vector<ValType> spill_;
  size_t size_ = 0;
};

}  // namespace

Status validateConstExpr(const Module& m, const ConstExpr& e, ValType expected, uint32_t visible_globals) {
  // Fast path for a valid `ref.func idx`; anything else, and every error,
  // takes the general walk below.
  uint32_t idx;
  if (isSingleRefFunc(e, idx) && idx < m.func_types.size()) {
    // A function's type is a function type, so a subtype of (ref null? func) without a walk.
    if (expected.kind == ValKind::Ref && expected.heap == HeapType::abstract(AbsHeap::Func) &&
        isFuncTypeIndex(m, m.func_types[idx]))
      return Status::success();
    if (subtype(m, ValType::ref(HeapType::index(m.func_types[idx]), false), expected)) return Status::success();
  }
  // One per element item and global: no allocation unless the expression
  // is deep (extended constant expressions can be).
  ByteReader r(e.code.data(), e.code.size(), e.offset);
  InstructionReader reader(r, nullptr);
  SmallTypeStack stack;
  Instruction in;
  auto pop = [&](ValType t) {
    if (stack.empty() || !subtype(m, stack.back(), t)) return false;
    stack.pop_back();
    return true;
  };
  while (true) {
    if (!reader.read(in)) return r.takeError();
    switch (in.op) {
      case Opcode::End:
        if (stack.size() != 1 || !subtype(m, stack[0], expected))
          return invalidAt(in.offset, "type mismatch");
        return Status::success();
      case Opcode::I32Const: stack.push_back(ValType::i32()); break;
      case Opcode::I64Const: stack.push_back(ValType::i64()); break;
      case Opcode::F32Const: stack.push_back(ValType::f32()); break;
      case Opcode::F64Const: stack.push_back(ValType::f64()); break;
#if PETREL_FEATURE_SIMD
      case Opcode::V128Const: stack.push_back(ValType::v128()); break;
#endif
      case Opcode::I32Add: case Opcode::I32Sub: case Opcode::I32Mul:
        if (!pop(ValType::i32()) || !pop(ValType::i32())) return invalidAt(in.offset, "type mismatch");
        stack.push_back(ValType::i32());
        break;
      case Opcode::I64Add: case Opcode::I64Sub: case Opcode::I64Mul:
        if (!pop(ValType::i64()) || !pop(ValType::i64())) return invalidAt(in.offset, "type mismatch");
        stack.push_back(ValType::i64());
        break;
      case Opcode::RefNull:
        if (!validHeap(m, in.heap)) return invalidAt(in.offset, "unknown type");
        stack.push_back(ValType::ref(in.heap, true));
        break;
      case Opcode::RefFunc:
        if (in.index >= m.func_types.size())
          return unknownIndex(in.offset, "unknown function", in.index);
        stack.push_back(ValType::ref(HeapType::index(m.func_types[in.index]), false));
        break;
      case Opcode::GlobalGet:
        if (in.index >= visible_globals || in.index >= m.globals.size())
          return unknownIndex(in.offset, "unknown global", in.index);
        if (m.globals[in.index].type.mutable_) return invalidAt(in.offset, "constant expression required");
        stack.push_back(m.globals[in.index].type.type);
        break;
      default:
        return invalidAt(in.offset, "constant expression required");
    }
  }
}

Status validateModuleStructure(Module& m) {
  PETREL_TRY(validateTypes(m));

  for (const Import& im : m.imports) {
    switch (im.kind) {
      case ExternKind::Func:
      case ExternKind::Tag:
        if (!isFuncTypeIndex(m, im.type_index)) return invalid("unknown type");
        break;
      case ExternKind::Table: PETREL_TRY(validateTableType(m, im.table)); break;
      case ExternKind::Memory: PETREL_TRY(validateMemoryType(im.memory)); break;
      case ExternKind::Global:
        if (!validValType(m, im.global.type)) return invalid("unknown type");
        break;
    }
  }
  for (uint32_t i = m.num_imported_funcs; i < m.func_types.size(); ++i)
    if (!isFuncTypeIndex(m, m.func_types[i])) return invalid("unknown type");
  for (const FunctionBody& body : m.bodies)
    for (const LocalRun& run : body.locals)
      if (!validValType(m, run.type)) return invalidAt(body.body_offset, "unknown type");
  for (const Tag& t : m.tags)
    if (!isFuncTypeIndex(m, t.type_index)) return invalid("unknown type");

  // C.refs: functions referenced outside function bodies (spec 3.4.10).
  m.declared_func_refs = std::vector<bool>(m.func_types.size(), false);  // not assign(): no insert path linked
  for (const Global& g : m.globals) collectFuncRefs(m, g.init, m.declared_func_refs);
  for (const Table& t : m.tables) if (t.init) collectFuncRefs(m, *t.init, m.declared_func_refs);
  for (const ElemSegment& s : m.elems)
    for (const ConstExpr& e : s.items) collectFuncRefs(m, e, m.declared_func_refs);
  for (const Export& e : m.exports)
    if (e.kind == ExternKind::Func && e.index < m.declared_func_refs.size()) m.declared_func_refs[e.index] = true;

  for (uint32_t i = m.num_imported_tables; i < m.tables.size(); ++i) {
    const Table& t = m.tables[i];
    PETREL_TRY(validateTableType(m, t.type));
    if (t.init) {
      // The table section precedes the global section: only imported globals exist yet.
      PETREL_TRY(validateConstExpr(m, *t.init, t.type.elem, m.num_imported_globals));
    } else if (!t.type.elem.isDefaultable()) {
      return invalid("type mismatch");
    }
  }
  for (uint32_t i = m.num_imported_memories; i < m.memories.size(); ++i) PETREL_TRY(validateMemoryType(m.memories[i]));
  for (uint32_t i = m.num_imported_globals; i < m.globals.size(); ++i) {
    const Global& g = m.globals[i];
    if (!validValType(m, g.type.type)) return invalid("unknown type");
    // A global's initializer sees the imported and earlier globals.
    PETREL_TRY(validateConstExpr(m, g.init, g.type.type, i));
  }

  // A hash table, not a pairwise search: a module may export a million
  // names, and loading it must stay linear in its size.
  StringMap<const Export> export_names;
  for (const Export& e : m.exports) {
    if (!export_names.insert(e.name, &e)) return invalid("duplicate export name");
    size_t limit = 0;
    const char* what = "";
    switch (e.kind) {
      case ExternKind::Func: limit = m.func_types.size(); what = "unknown function"; break;
      case ExternKind::Table: limit = m.tables.size(); what = "unknown table"; break;
      case ExternKind::Memory: limit = m.memories.size(); what = "unknown memory"; break;
      case ExternKind::Global: limit = m.globals.size(); what = "unknown global"; break;
      case ExternKind::Tag: limit = m.tags.size(); what = "unknown tag"; break;
    }
    if (e.index >= limit) return unknownIndex(kNoOffset, what, e.index);
  }

  if (m.start) {
    if (*m.start >= m.func_types.size()) return invalid("unknown function");
    const FuncType& ft = m.funcType(*m.start);
    if (!ft.params.empty() || !ft.results.empty()) return invalid("start function");
  }

  uint32_t all_globals = static_cast<uint32_t>(m.globals.size());
  for (const ElemSegment& s : m.elems) {
    if (!validValType(m, s.type)) return invalid("unknown type");
    const bool func_elems = s.type.kind == ValKind::Ref && s.type.heap == HeapType::abstract(AbsHeap::Func);
    for (const ConstExpr& e : s.items)
      if (!func_elems || !plainFuncElem(m, e)) PETREL_TRY(validateConstExpr(m, e, s.type, all_globals));
    if (s.mode == SegmentMode::Active) {
      if (s.table >= m.tables.size()) return unknownIndex(kNoOffset, "unknown table", s.table);
      const TableType& tt = m.tables[s.table].type;
      PETREL_TRY(validateConstExpr(m, s.offset, tt.limits.is64 ? ValType::i64() : ValType::i32(), all_globals));
      if (!subtype(m, s.type, tt.elem)) return invalid("type mismatch");
    }
  }
  for (const DataSegment& d : m.datas) {
    if (d.mode != SegmentMode::Active) continue;
    if (d.memory >= m.memories.size()) return unknownIndex(kNoOffset, "unknown memory", d.memory);
    PETREL_TRY(validateConstExpr(m, d.offset, m.memories[d.memory].limits.is64 ? ValType::i64() : ValType::i32(),
                                 all_globals));
  }
  return Status::success();
}

}  // namespace petrel::internal
