#include "validate/type_registry.h"

#include <iterator>

namespace petrel::internal {

// One interned recursion group. Everything but `refs` is immutable once the
// group is published, which is what lets lookups run without the lock.
struct TypeGroup {
  uint32_t refs = 1;                   // guarded by the registry lock
  std::string key;                     // its structure (see GroupEncoder)
#if PETREL_FEATURE_GC
  std::vector<uint32_t> ids;           // canonical id of each member
  std::vector<CanonicalTypeInfo> infos;  // never resized: FunctionInstance::type points in here
#else
  // Without GC a group is one function type (the decoder refuses `rec`):
  // no per-group vectors to allocate and free.
  uint32_t ids[1];
  CanonicalTypeInfo infos[1];  // FunctionInstance::type points in here
#endif
  std::vector<TypeGroup*> deps;        // groups the members refer to, one reference each
  uint64_t dep_mark = 0;               // publishLocked's pass that last took it as a dependency
};

namespace {
// Serialises a value type for the group key. References inside the group are
// written relative to the group start, others by canonical id (and noted in
// `referenced`, so the new group can hold on to what its key names).
void appendU32(std::string& key, uint32_t v) {
  for (int i = 0; i < 4; ++i) key.push_back(static_cast<char>(v >> (8 * i)));
}

struct GroupEncoder {
  const std::vector<uint32_t>& ids;
  uint32_t first, count;
  std::vector<uint32_t>& referenced;

  // Without GC no type names a type index (the decoder refuses them).
  bool inGroup(HeapType h) const {
    return PETREL_FEATURE_GC && h.isIndex() && h.typeIndex() >= first && h.typeIndex() < first + count;
  }
  HeapType mapHeap(HeapType h) const {
    if (!h.isIndex()) return h;
    uint32_t i = h.typeIndex();
    return HeapType::canonical(i < ids.size() ? ids[i] : 0);
  }
  void value(std::string& key, ValType t) const {
    key.push_back(static_cast<char>(t.kind));
    if (t.kind != ValKind::Ref) return;
    key.push_back(static_cast<char>(t.nullable));
    if (inGroup(t.heap)) {
      key.push_back('R');
      appendU32(key, t.heap.typeIndex() - first);
      return;
    }
    HeapType h = mapHeap(t.heap);
    if (h.isCanonical()) referenced.push_back(h.canonicalId());
    key.push_back('C');
    appendU32(key, h.bits);
  }
  void func(std::string& key, const FuncType& f) const {
    appendU32(key, static_cast<uint32_t>(f.params.size()));
    for (ValType t : f.params) value(key, t);
    appendU32(key, static_cast<uint32_t>(f.results.size()));
    for (ValType t : f.results) value(key, t);
  }
};
}  // namespace

TypeRegistry& TypeRegistry::global() {
  // Never destroyed: modules held in static objects may be released after
  // this function's statics would be, at exit.
  static TypeRegistry* registry = new TypeRegistry();
  return *registry;
}

ValType canonicalize(const std::vector<uint32_t>& ids, ValType t) {
  if (t.kind == ValKind::Ref && t.heap.isIndex() && t.heap.typeIndex() < ids.size())
    t.heap = HeapType::canonical(ids[t.heap.typeIndex()]);
  return t;
}

// --- references ---------------------------------------------------------

TypeGroupRef::TypeGroupRef(const TypeGroupRef& other) : group_(other.group_) {
  if (!group_) return;
  TypeRegistry& reg = TypeRegistry::global();
  platform::LockGuard lock(reg.mutex_);
  ++group_->refs;
}

void TypeGroupRef::reset() {
  if (!group_) return;
  TypeRegistry& reg = TypeRegistry::global();
  platform::LockGuard lock(reg.mutex_);
  reg.releaseLocked(group_);
  group_ = nullptr;
}

uint32_t TypeGroupRef::id(uint32_t index) const { return group_->ids[index]; }

CanonicalTypeRefs::~CanonicalTypeRefs() {
  if (groups_.empty()) return;
  TypeRegistry& reg = TypeRegistry::global();
  platform::LockGuard lock(reg.mutex_);
  for (TypeGroup* g : groups_) reg.releaseLocked(g);
}

// --- interning (all under mutex_) ----------------------------------------

TypeGroup* TypeRegistry::findLocked(std::string_view key) {
  TypeGroup* found = groups_.find(key);
  if (found) ++found->refs;
  return found;
}

uint32_t TypeRegistry::allocateIdLocked() {
  uint32_t id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
  } else {
    id = next_id_++;
    owners_.push_back(nullptr);
    uint32_t segment = segmentOf(id);
    if (!segments_[segment]) segments_[segment] = new const CanonicalTypeInfo*[uint32_t{1} << (kSegmentBaseLog2 + segment)]();
  }
  return id;
}

TypeGroup* TypeRegistry::createLocked(std::string&& key, uint32_t count) {
  auto* group = new TypeGroup();
  group->key = std::move(key);
#if PETREL_FEATURE_GC
  group->ids.resize(count);
  group->infos = std::vector<CanonicalTypeInfo>(count);  // not resize(): no append path linked
#else
  (void)count;  // always 1
#endif
  for (uint32_t& id : group->ids) id = allocateIdLocked();
  return group;
}

void TypeRegistry::publishLocked(TypeGroup* group, const std::vector<uint32_t>& referenced_ids) {
  // Each dependency once, marked with this pass's number instead of searched
  // for in deps: a group may refer to hundreds of thousands of others.
  const uint64_t mark = ++dep_pass_;  // 64 bits: never wraps back to a stale mark
  for (uint32_t id : referenced_ids) {
    TypeGroup* dep = id < owners_.size() ? owners_[id] : nullptr;
    if (!dep || dep == group || dep->dep_mark == mark) continue;
    dep->dep_mark = mark;
    ++dep->refs;
    group->deps.push_back(dep);
  }
  for (size_t i = 0; i < std::size(group->ids); ++i) {
    uint32_t id = group->ids[i];
    owners_[id] = group;
    segments_[segmentOf(id)][offsetIn(id)] = &group->infos[i];
  }
  live_types_ += std::size(group->ids);
  groups_.insert(group->key, group);
}

void TypeRegistry::releaseLocked(TypeGroup* group) {
  if (--group->refs != 0) return;
  // Freeing a group drops its references to others, which may free them in
  // turn; a work list keeps long dependency chains off the call stack.
  std::vector<TypeGroup*> dying{group};
  while (!dying.empty()) {
    TypeGroup* g = dying.back();
    dying.pop_back();
    groups_.erase(g->key);
    for (uint32_t id : g->ids) {
      segments_[segmentOf(id)][offsetIn(id)] = nullptr;  // a stale lookup faults instead of reading a stranger
      owners_[id] = nullptr;
      free_ids_.push_back(id);
    }
    live_types_ -= std::size(g->ids);
    for (TypeGroup* dep : g->deps)
      if (--dep->refs == 0) dying.push_back(dep);
    delete g;
  }
}

CanonicalTypes TypeRegistry::canonicalizeModule(const Module& m) {
  CanonicalTypes out;
  out.ids = std::vector<uint32_t>(m.types.size());  // not assign(): no fill-assign path linked
  auto refs = std::make_shared<CanonicalTypeRefs>();
  refs->groups_.reserve(m.rec_groups.size());
  std::vector<uint32_t> referenced;
  platform::LockGuard lock(mutex_);
  for (const RecGroup& g : m.rec_groups) {
    // Without GC every group is one final function type with no declared
    // supertype (the decoder refuses `rec`, `sub` and the other kinds).
    const uint32_t count = PETREL_FEATURE_GC ? g.count : 1;
    referenced.clear();
    GroupEncoder enc{out.ids, g.first, count, referenced};
    std::string key;
    appendU32(key, count);
    for (uint32_t i = g.first; i < g.first + count; ++i) {
      const SubType& st = m.types[i];
      key.push_back(static_cast<char>(st.final));
      key.push_back(static_cast<char>(st.kind));
      appendU32(key, static_cast<uint32_t>(st.supers.size()));
      if (PETREL_FEATURE_GC)
        for (uint32_t s : st.supers) enc.value(key, ValType::ref(HeapType::index(s), false));
      if (!PETREL_FEATURE_GC || st.kind == CompositeKind::Func) {
        enc.func(key, st.func);
      } else {
        appendU32(key, static_cast<uint32_t>(st.fields.size()));
        for (const FieldType& f : st.fields) {
          key.push_back(static_cast<char>(f.packed));
          key.push_back(static_cast<char>(f.mutable_));
          enc.value(key, f.type);
        }
      }
    }
    TypeGroup* group = findLocked(key);
    if (!group) {
      group = createLocked(std::move(key), count);
#if PETREL_FEATURE_GC
      // The infos resolve in-group references to the new ids, so those go
      // into `ids` first.
      for (uint32_t i = 0; i < count; ++i) out.ids[g.first + i] = group->ids[i];
      for (uint32_t i = 0; i < count; ++i) {
        const SubType& st = m.types[g.first + i];
        CanonicalTypeInfo& ti = group->infos[i];
        ti.kind = st.kind;
        ti.final = st.final;
        if (!st.supers.empty() && st.supers[0] < out.ids.size()) {
          uint32_t s = st.supers[0];
          ti.super_id = out.ids[s];
          // An earlier member of this group, or a type of an earlier group.
          uint32_t super_depth = s >= g.first ? (s - g.first < i ? group->infos[s - g.first].depth : 0)
                                              : info(ti.super_id).depth;
          ti.depth = super_depth + 1;
        }
        for (ValType t : st.func.params) ti.func.params.push_back(canonicalize(out.ids, t));
        for (ValType t : st.func.results) ti.func.results.push_back(canonicalize(out.ids, t));
      }
#else
      // A final function type whose value types are all numeric or
      // abstract: already canonical (CanonicalTypeInfo's defaults do the rest).
      group->infos[0].func = m.types[g.first].func;
#endif
      publishLocked(group, referenced);
    }
    for (uint32_t i = 0; i < count; ++i) out.ids[g.first + i] = group->ids[i];
    refs->groups_.push_back(group);
  }
  out.refs = std::move(refs);
  return out;
}

TypeGroupRef TypeRegistry::internFuncType(const FuncType& type) {
  std::vector<uint32_t> referenced;
  std::vector<uint32_t> no_ids;
  GroupEncoder enc{no_ids, 0, 0, referenced};
  std::string key;
  appendU32(key, 1);
  key.push_back(1);
  key.push_back(static_cast<char>(CompositeKind::Func));
  appendU32(key, 0);
  enc.func(key, type);
  platform::LockGuard lock(mutex_);
  TypeGroup* group = findLocked(key);
  if (!group) {
    group = createLocked(std::move(key), 1);
    group->infos[0].func = type;
    publishLocked(group, referenced);
  }
  return TypeGroupRef(group);
}

size_t TypeRegistry::liveGroupCount() const {
  platform::LockGuard lock(mutex_);
  return groups_.size();
}

size_t TypeRegistry::liveTypeCount() const {
  platform::LockGuard lock(mutex_);
  return live_types_;
}

uint32_t TypeRegistry::idLimit() const {
  platform::LockGuard lock(mutex_);
  return next_id_;
}

bool TypeRegistry::isSubtype(uint32_t sub, uint32_t super) const {
  // The chain is immutable while `sub` is alive (a group holds its
  // supertypes' groups), so it is walked without the lock.
  while (sub != kNoCanonicalType) {
    if (sub == super) return true;
    sub = info(sub).super_id;
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
