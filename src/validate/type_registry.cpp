#include "validate/type_registry.h"

#include "platform/mutex.h"

namespace petrel::internal {

namespace {
platform::Mutex& registryMutex() {
  static platform::Mutex m;
  return m;
}

// Serialises a value type for the group key. References inside the group are
// written relative to the group start, others by canonical id.
void appendU32(std::vector<uint8_t>& key, uint32_t v) {
  for (int i = 0; i < 4; ++i) key.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

struct GroupEncoder {
  const std::vector<uint32_t>& ids;
  uint32_t first, count;

  HeapType mapHeap(HeapType h) const {
    if (!h.isIndex()) return h;
    uint32_t i = h.typeIndex();
    if (i >= first && i < first + count) return h;  // stays relative, marked below
    return HeapType::canonical(i < ids.size() ? ids[i] : 0);
  }
  void value(std::vector<uint8_t>& key, ValType t) const {
    key.push_back(static_cast<uint8_t>(t.kind));
    if (t.kind != ValKind::Ref) return;
    key.push_back(t.nullable);
    if (t.heap.isIndex() && t.heap.typeIndex() >= first && t.heap.typeIndex() < first + count) {
      key.push_back('R');
      appendU32(key, t.heap.typeIndex() - first);
    } else {
      key.push_back('C');
      appendU32(key, mapHeap(t.heap).bits);
    }
  }
};
}  // namespace

TypeRegistry& TypeRegistry::global() {
  static TypeRegistry registry;
  return registry;
}

ValType canonicalize(const std::vector<uint32_t>& ids, ValType t) {
  if (t.kind == ValKind::Ref && t.heap.isIndex() && t.heap.typeIndex() < ids.size())
    t.heap = HeapType::canonical(ids[t.heap.typeIndex()]);
  return t;
}

uint32_t TypeRegistry::internGroup(const std::vector<uint8_t>& key, const std::vector<CanonicalTypeInfo>& group) {
  auto [it, inserted] = groups_.try_emplace(std::string(key.begin(), key.end()), static_cast<uint32_t>(infos_.size()));
  if (inserted)
    for (const CanonicalTypeInfo& info : group) infos_.push_back(info);
  return it->second;
}

std::vector<uint32_t> TypeRegistry::canonicalizeModule(const Module& m) {
  platform::LockGuard lock(registryMutex());
  std::vector<uint32_t> ids(m.types.size(), 0);
  for (const RecGroup& g : m.rec_groups) {
    GroupEncoder enc{ids, g.first, g.count};
    std::vector<uint8_t> key;
    appendU32(key, g.count);
    for (uint32_t i = g.first; i < g.first + g.count; ++i) {
      const SubType& st = m.types[i];
      key.push_back(st.final);
      key.push_back(static_cast<uint8_t>(st.kind));
      appendU32(key, static_cast<uint32_t>(st.supers.size()));
      for (uint32_t s : st.supers) enc.value(key, ValType::ref(HeapType::index(s), false));
      if (st.kind == CompositeKind::Func) {
        appendU32(key, static_cast<uint32_t>(st.func.params.size()));
        for (ValType t : st.func.params) enc.value(key, t);
        appendU32(key, static_cast<uint32_t>(st.func.results.size()));
        for (ValType t : st.func.results) enc.value(key, t);
      } else {
        appendU32(key, static_cast<uint32_t>(st.fields.size()));
        for (const FieldType& f : st.fields) {
          key.push_back(f.packed);
          key.push_back(f.mutable_);
          enc.value(key, f.type);
        }
      }
    }
    // Provisional ids for the group members are only known after interning;
    // compute the info with in-group references resolved to those ids.
    uint32_t first_id = kNoCanonicalType;
    auto found = groups_.find(std::string(key.begin(), key.end()));
    if (found != groups_.end()) first_id = found->second;
    bool fresh = first_id == kNoCanonicalType;
    if (fresh) first_id = static_cast<uint32_t>(infos_.size());
    for (uint32_t i = 0; i < g.count; ++i) ids[g.first + i] = first_id + i;
    if (!fresh) continue;
    std::vector<CanonicalTypeInfo> infos(g.count);
    for (uint32_t i = 0; i < g.count; ++i) {
      const SubType& st = m.types[g.first + i];
      CanonicalTypeInfo& info = infos[i];
      info.kind = st.kind;
      info.final = st.final;
      if (!st.supers.empty() && st.supers[0] < ids.size()) {
        info.super_id = ids[st.supers[0]];
        uint32_t super_depth = info.super_id < infos_.size() ? infos_[info.super_id].depth
                               : info.super_id >= first_id ? infos[info.super_id - first_id].depth : 0;
        info.depth = super_depth + 1;
      }
      for (ValType t : st.func.params) info.func.params.push_back(canonicalize(ids, t));
      for (ValType t : st.func.results) info.func.results.push_back(canonicalize(ids, t));
    }
    internGroup(key, infos);
  }
  return ids;
}

uint32_t TypeRegistry::internFuncType(const FuncType& type) {
  platform::LockGuard lock(registryMutex());
  std::vector<uint8_t> key;
  GroupEncoder enc{{}, 0, 0};
  appendU32(key, 1);
  key.push_back(1);
  key.push_back(static_cast<uint8_t>(CompositeKind::Func));
  appendU32(key, 0);
  appendU32(key, static_cast<uint32_t>(type.params.size()));
  for (ValType t : type.params) enc.value(key, t);
  appendU32(key, static_cast<uint32_t>(type.results.size()));
  for (ValType t : type.results) enc.value(key, t);
  CanonicalTypeInfo info;
  info.func = type;
  return internGroup(key, {info});
}

bool TypeRegistry::isSubtype(uint32_t sub, uint32_t super) const {
  while (sub != kNoCanonicalType && sub < infos_.size()) {
    if (sub == super) return true;
    sub = infos_[sub].super_id;
  }
  return false;
}

// The abstract heap type at the top of a concrete type's hierarchy.
static AbsHeap topOfKind(CompositeKind k) {
  switch (k) {
    case CompositeKind::Func: return AbsHeap::Func;
    case CompositeKind::Struct: return AbsHeap::Struct;
    case CompositeKind::Array: return AbsHeap::Array;
  }
  return AbsHeap::Any;
}

// Abstract heap subtyping (spec 3.3.3): none <: i31, struct, array <: eq <: any;
// nofunc <: func; noextern <: extern; noexn <: exn.
static bool absSubtype(AbsHeap a, AbsHeap b) {
  if (a == b) return true;
  switch (b) {
    case AbsHeap::Any: return a == AbsHeap::Eq || a == AbsHeap::I31 || a == AbsHeap::Struct || a == AbsHeap::Array || a == AbsHeap::None;
    case AbsHeap::Eq: return a == AbsHeap::I31 || a == AbsHeap::Struct || a == AbsHeap::Array || a == AbsHeap::None;
    case AbsHeap::I31: case AbsHeap::Struct: case AbsHeap::Array: return a == AbsHeap::None;
    case AbsHeap::Func: return a == AbsHeap::NoFunc;
    case AbsHeap::Extern: return a == AbsHeap::NoExtern;
    case AbsHeap::Exn: return a == AbsHeap::NoExn;
    default: return false;
  }
}

bool heapSubtypeCanonical(HeapType a, HeapType b) {
  if (a == b) return true;
  const TypeRegistry& reg = TypeRegistry::global();
  if (a.isAbstract() && b.isAbstract()) return absSubtype(a.abs(), b.abs());
  if (a.isAbstract()) {
    // Only a bottom type is below a concrete type.
    const CanonicalTypeInfo& bi = reg.info(b.canonicalId());
    if (bi.kind == CompositeKind::Func) return a.abs() == AbsHeap::NoFunc;
    return a.abs() == AbsHeap::None;
  }
  const CanonicalTypeInfo& ai = reg.info(a.canonicalId());
  if (b.isAbstract()) return absSubtype(topOfKind(ai.kind), b.abs());
  return reg.isSubtype(a.canonicalId(), b.canonicalId());
}

bool isSubtypeCanonical(ValType a, ValType b) {
  if (a.kind == ValKind::Bot) return true;
  if (a.kind != b.kind) return false;
  if (a.kind != ValKind::Ref) return true;
  if (a.nullable && !b.nullable) return false;
  return heapSubtypeCanonical(a.heap, b.heap);
}

}  // namespace petrel::internal
