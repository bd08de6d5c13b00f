// The public types and their conversion to and from the core's.
#include <cstring>

#include "api/api_state.h"
#include "runtime/linker.h"
#include "validate/type_registry.h"
#include "wasi/wasi_linker.h"

namespace petrel {

namespace {

struct HeapPair {
  HeapKind pub;
  internal::AbsHeap abs;
};
constexpr HeapPair kHeaps[] = {
    {HeapKind::Func, internal::AbsHeap::Func},       {HeapKind::Extern, internal::AbsHeap::Extern},
    {HeapKind::Any, internal::AbsHeap::Any},         {HeapKind::Eq, internal::AbsHeap::Eq},
    {HeapKind::I31, internal::AbsHeap::I31},         {HeapKind::Struct, internal::AbsHeap::Struct},
    {HeapKind::Array, internal::AbsHeap::Array},     {HeapKind::Exn, internal::AbsHeap::Exn},
    {HeapKind::NoFunc, internal::AbsHeap::NoFunc},   {HeapKind::NoExtern, internal::AbsHeap::NoExtern},
    {HeapKind::None, internal::AbsHeap::None},       {HeapKind::NoExn, internal::AbsHeap::NoExn},
};

}  // namespace

std::string ValType::toString() const { return internal::toString(detail::toInternal(*this)); }

std::string FuncType::toString() const { return internal::describeFuncType(detail::toInternal(*this)); }

const char* externKindName(ExternKind kind) {
  return internal::externKindName(static_cast<internal::ExternKind>(kind));
}

std::string ExternType::toString() const {
  auto limits = [](const Limits& l) {
    std::string s = std::to_string(l.min);
    if (l.max) s += " " + std::to_string(*l.max);
    return s;
  };
  switch (kind) {
    case ExternKind::Func: return "func " + func.toString();
    case ExternKind::Table: return "table " + std::string(table.is64 ? "i64 " : "") + limits(table.limits) + " " + table.element.toString();
    case ExternKind::Memory: return "memory " + std::string(memory.is64 ? "i64 " : "") + limits(memory.limits);
    case ExternKind::Global:
      return "global " + std::string(global.mutability == Mutability::Var ? "mut " : "") + global.type.toString();
    case ExternKind::Tag: return "tag " + tag.signature.toString();
  }
  return "?";
}

namespace detail {

internal::ValType toInternal(const ValType& t) {
  switch (t.kind()) {
    case ValType::Kind::I32: return internal::ValType::i32();
    case ValType::Kind::I64: return internal::ValType::i64();
    case ValType::Kind::F32: return internal::ValType::f32();
    case ValType::Kind::F64: return internal::ValType::f64();
    case ValType::Kind::V128: return internal::ValType::v128();
    case ValType::Kind::Ref: break;
  }
  if (t.heap() == HeapKind::Concrete)
    return internal::ValType::ref(internal::HeapType::canonical(t.concreteId()), t.nullable());
  for (const HeapPair& p : kHeaps)
    if (p.pub == t.heap()) return internal::ValType::ref(internal::HeapType::abstract(p.abs), t.nullable());
  return internal::ValType::funcref();
}

ValType toPublic(const internal::ValType& t) {
  switch (t.kind) {
    case internal::ValKind::I32: return ValType::i32();
    case internal::ValKind::I64: return ValType::i64();
    case internal::ValKind::F32: return ValType::f32();
    case internal::ValKind::F64: return ValType::f64();
    case internal::ValKind::V128: return ValType::v128();
    case internal::ValKind::Ref:
    case internal::ValKind::Bot: break;
  }
  if (t.heap.isAbstract()) {
    for (const HeapPair& p : kHeaps)
      if (p.abs == t.heap.abs()) return ValType::ref(p.pub, t.nullable);
  }
  return ValType::ref(HeapKind::Concrete, t.nullable, t.heap.canonicalId());
}

internal::FuncType toInternal(const FuncType& t) {
  internal::FuncType r;
  for (const ValType& v : t.params) r.params.push_back(toInternal(v));
  for (const ValType& v : t.results) r.results.push_back(toInternal(v));
  return r;
}

FuncType toPublic(const internal::FuncType& t) {
  FuncType r;
  for (const internal::ValType& v : t.params) r.params.push_back(toPublic(v));
  for (const internal::ValType& v : t.results) r.results.push_back(toPublic(v));
  return r;
}

internal::MemoryType toInternal(const MemoryType& t) {
  internal::MemoryType r;
  r.limits.min = t.limits.min;
  r.limits.max = t.limits.max;
  r.limits.is64 = t.is64;
  r.limits.shared = t.shared;
  uint32_t log2 = 0;
  while (log2 < 31 && (uint32_t{1} << log2) < t.page_size) ++log2;
  r.page_size_log2 = log2;
  return r;
}

MemoryType toPublic(const internal::MemoryType& t) {
  MemoryType r;
  r.limits.min = t.limits.min;
  r.limits.max = t.limits.max;
  r.is64 = t.limits.is64;
  r.shared = t.limits.shared;
  r.page_size = uint32_t{1} << t.page_size_log2;
  return r;
}

internal::TableType toInternal(const TableType& t) {
  internal::TableType r;
  r.elem = toInternal(t.element);
  r.limits.min = t.limits.min;
  r.limits.max = t.limits.max;
  r.limits.is64 = t.is64;
  return r;
}

TableType toPublic(const internal::TableType& t) {
  TableType r;
  r.element = toPublic(t.elem);
  r.limits.min = t.limits.min;
  r.limits.max = t.limits.max;
  r.is64 = t.limits.is64;
  return r;
}

internal::GlobalType toInternal(const GlobalType& t) {
  return internal::GlobalType{toInternal(t.type), t.mutability == Mutability::Var};
}

GlobalType toPublic(const internal::GlobalType& t) {
  return GlobalType{toPublic(t.type), t.mutable_ ? Mutability::Var : Mutability::Const};
}

ExternType externTypeOf(const internal::Extern& e) {
  ExternType r;
  r.kind = static_cast<ExternKind>(e.kind);
  switch (e.kind) {
    case internal::ExternKind::Func: r.func = toPublic(*e.func()->type); break;
    case internal::ExternKind::Table: {
      internal::TableInstance* t = e.table();
      r.table = toPublic(t->type);
      r.table.limits.min = t->size();
      break;
    }
    case internal::ExternKind::Memory: {
      internal::MemoryInstance* m = e.memory();
      r.memory = toPublic(m->type);
      r.memory.limits.min = m->pages();
      break;
    }
    case internal::ExternKind::Global: r.global = toPublic(e.global()->type); break;
    case internal::ExternKind::Tag: r.tag.signature = toPublic(*static_cast<internal::TagInstance*>(e.object)->type); break;
  }
  return r;
}

namespace {

ExternType entityType(const internal::Module& m, internal::ExternKind kind, uint32_t type_index,
                      const internal::TableType* table, const internal::MemoryType* memory,
                      const internal::GlobalType* global) {
  const std::vector<uint32_t>& ids = m.canonical_type_ids;
  auto canon = [&](internal::ValType t) { return ids.empty() ? t : internal::canonicalize(ids, t); };
  auto canonFunc = [&](const internal::FuncType& f) {
    internal::FuncType c;
    for (auto v : f.params) c.params.push_back(canon(v));
    for (auto v : f.results) c.results.push_back(canon(v));
    return toPublic(c);
  };
  ExternType r;
  r.kind = static_cast<ExternKind>(kind);
  switch (kind) {
    case internal::ExternKind::Func: r.func = canonFunc(m.types[type_index].func); break;
    case internal::ExternKind::Tag: r.tag.signature = canonFunc(m.types[type_index].func); break;
    case internal::ExternKind::Table: {
      internal::TableType t = *table;
      t.elem = canon(t.elem);
      r.table = toPublic(t);
      break;
    }
    case internal::ExternKind::Memory: r.memory = toPublic(*memory); break;
    case internal::ExternKind::Global: {
      internal::GlobalType g = *global;
      g.type = canon(g.type);
      r.global = toPublic(g);
      break;
    }
  }
  return r;
}

}  // namespace

ExternType importTypeOf(const internal::Module& m, const internal::Import& im) {
  return entityType(m, im.kind, im.type_index, &im.table, &im.memory, &im.global);
}

ExternType exportTypeOf(const internal::Module& m, const internal::Export& ex) {
  switch (ex.kind) {
    case internal::ExternKind::Func:
      return entityType(m, ex.kind, m.func_types[ex.index], nullptr, nullptr, nullptr);
    case internal::ExternKind::Tag:
      return entityType(m, ex.kind, m.tags[ex.index].type_index, nullptr, nullptr, nullptr);
    case internal::ExternKind::Table:
      return entityType(m, ex.kind, 0, &m.tables[ex.index].type, nullptr, nullptr);
    case internal::ExternKind::Memory:
      return entityType(m, ex.kind, 0, nullptr, &m.memories[ex.index], nullptr);
    case internal::ExternKind::Global:
      return entityType(m, ex.kind, 0, nullptr, nullptr, &m.globals[ex.index].type);
  }
  return ExternType{};
}

internal::Extern toInternal(const Extern& e) {
  return internal::Extern{static_cast<internal::ExternKind>(e.kind()), e.rawObject()};
}

Extern toPublic(StoreState* store, const internal::Extern& e) {
  switch (e.kind) {
    case internal::ExternKind::Func: return Func(store, e.func());
    case internal::ExternKind::Table: return Table(store, e.table());
    case internal::ExternKind::Memory: return Memory(store, e.memory());
    case internal::ExternKind::Global: return Global(store, e.global());
    case internal::ExternKind::Tag: return Tag(store, static_cast<internal::TagInstance*>(e.object));
  }
  return Func(store, nullptr);
}

internal::Slot toSlot(const Value& v) {
  internal::Slot s;
  s.bits = v.raw().bits;
  return s;
}

Value toValue(StoreState* store, const internal::ValType& type, internal::Slot slot) {
  RawValue raw;
  raw.bits = slot.bits;
  if (type.kind == internal::ValKind::I32 || type.kind == internal::ValKind::F32) {
    raw.bits = 0;  // the upper half of a 32-bit slot is not defined
    raw.i32 = static_cast<int32_t>(slot.i32);
  }
  return Value::fromRaw(toPublic(type), raw, store);
}

void putCells(internal::Slot* at, const Value& v) {
  if (v.type().kind() == ValType::Kind::V128) {
    std::memcpy(&at[0].bits, v.v128(), 8);
    std::memcpy(&at[1].bits, v.v128() + 8, 8);
    return;
  }
  at[0] = toSlot(v);
}

Value fromCells(StoreState* store, const internal::ValType& type, const internal::Slot* at) {
  if (type.kind == internal::ValKind::V128) {
    uint8_t bytes[16];
    std::memcpy(bytes, &at[0].bits, 8);
    std::memcpy(bytes + 8, &at[1].bits, 8);
    return Value::v128(bytes);
  }
  return toValue(store, type, at[0]);
}

}  // namespace detail
}  // namespace petrel
