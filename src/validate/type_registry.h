// Canonical type ids (spec 3.2, "type equivalence"). Wasm 3.0 types are
// iso-recursive: two types are the same when their recursion groups are
// structurally identical and they sit at the same position in them. The
// registry interns every recursion group once while anything uses it and
// hands out a small integer per type, so type equality anywhere (linking,
// call_indirect, ref.test) is one integer compare, and subtyping walks a
// chain of ids.
//
// Lifetime: every interned group is reference-counted. Whoever holds a
// canonical id must hold a reference to its group (a TypeGroupRef, or the
// CanonicalTypeRefs of a validated Module), because once the last reference
// goes the group is freed and its ids are handed to the next new group. A
// group holds references to the groups its types mention, so the ids inside
// a live group's infos stay valid too.
//
// Threads: interning and releasing take the registry's one lock. Lookups
// (info, isSubtype) take none: each type's info is a separate allocation that
// never moves while the type is alive, and the id -> info table grows in
// segments that never move either, so a reader holding a reference never
// sees memory another thread is writing.
#pragma once

#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/features.h"
#include "base/result.h"
#include "base/string_table.h"
#include "ir/module.h"
#include "platform/mutex.h"

namespace petrel::internal {

constexpr uint32_t kNoCanonicalType = ~uint32_t{0};

struct CanonicalTypeInfo {
  uint32_t super_id = kNoCanonicalType;  // declared supertype, if any
  uint32_t depth = 0;                    // length of the supertype chain
  CompositeKind kind = CompositeKind::Func;
  bool final = true;
  FuncType func;  // with concrete heap types as canonical ids (kind == Func)
};

struct TypeGroup;  // one interned recursion group (type_registry.cpp)

// One counted reference to an interned recursion group: while it lives, the
// canonical ids of the group's types mean what they meant when interned.
class TypeGroupRef {
 public:
  TypeGroupRef() = default;
  TypeGroupRef(const TypeGroupRef& other);
  TypeGroupRef(TypeGroupRef&& other) noexcept : group_(other.group_) { other.group_ = nullptr; }
  TypeGroupRef& operator=(TypeGroupRef other) noexcept {
    std::swap(group_, other.group_);
    return *this;
  }
  ~TypeGroupRef() { reset(); }

  void reset();
  explicit operator bool() const { return group_ != nullptr; }
  // The canonical id of the group's `index`-th type.
  uint32_t id(uint32_t index = 0) const;

 private:
  friend class TypeRegistry;
  explicit TypeGroupRef(TypeGroup* adopted) : group_(adopted) {}
  TypeGroup* group_ = nullptr;
};

// The references a module took when it was canonicalised; dropping the last
// shared_ptr to it releases them all under one lock.
class CanonicalTypeRefs {
 public:
  CanonicalTypeRefs() = default;
  CanonicalTypeRefs(const CanonicalTypeRefs&) = delete;
  CanonicalTypeRefs& operator=(const CanonicalTypeRefs&) = delete;
  ~CanonicalTypeRefs();
  size_t groupCount() const { return groups_.size(); }

 private:
  friend class TypeRegistry;
  std::vector<TypeGroup*> groups_;  // one reference each (a group may repeat)
};

struct CanonicalTypes {
  std::vector<uint32_t> ids;  // canonical id of every type index
  std::shared_ptr<const CanonicalTypeRefs> refs;  // keeps `ids` valid
};

class TypeRegistry {
 public:
  static TypeRegistry& global();

  // Interns every rec group of `module`. Fails only on malformed references
  // (caught by validation first).
  CanonicalTypes canonicalizeModule(const Module& module);
  // A function type built by the host (its heap types must be abstract, or
  // canonical ids the caller holds references to).
  TypeGroupRef internFuncType(const FuncType& type);

  // Valid for an id whose group the caller holds a reference to.
  const CanonicalTypeInfo& info(uint32_t id) const { return *segments_[segmentOf(id)][offsetIn(id)]; }
  bool isSubtype(uint32_t sub, uint32_t super) const;

  // Recursion groups (and types) alive now, for tests and leak checks.
  size_t liveGroupCount() const;
  size_t liveTypeCount() const;
  // One past the highest canonical id ever handed out: bounded by the peak
  // number of live types, since freed ids are reused.
  uint32_t idLimit() const;

 private:
  friend class TypeGroupRef;
  friend class CanonicalTypeRefs;
  TypeRegistry() = default;

  // The id table: segment k holds kSegmentBase << k ids, so 26 segments
  // cover every id a HeapType can carry, and a segment, once allocated,
  // never moves (lookups need no lock).
  static constexpr uint32_t kSegmentBaseLog2 = 6;
  static constexpr int kSegments = 26;
  static uint32_t segmentOf(uint32_t id) {
    return static_cast<uint32_t>(std::bit_width((id >> kSegmentBaseLog2) + 1) - 1);
  }
  static uint32_t offsetIn(uint32_t id) {
    return id - (((uint32_t{1} << segmentOf(id)) - 1) << kSegmentBaseLog2);
  }

  // All of these run under mutex_.
  TypeGroup* findLocked(std::string_view key);  // takes a reference when found
  TypeGroup* createLocked(std::string&& key, uint32_t count);  // ids assigned, not yet visible
  void publishLocked(TypeGroup* group, const std::vector<uint32_t>& referenced_ids);
  uint32_t allocateIdLocked();
  void releaseLocked(TypeGroup* group);

  mutable platform::Mutex mutex_;
  // Recursion group structure (see GroupEncoder) -> the interned group.
  StringMap<TypeGroup> groups_;  // keys point into TypeGroup::key
  const CanonicalTypeInfo** segments_[kSegments] = {};
  std::vector<TypeGroup*> owners_;   // id -> group, only read under the lock
  std::vector<uint32_t> free_ids_;   // ids of freed groups, reused first
  uint32_t next_id_ = 0;
  uint64_t dep_pass_ = 0;  // numbers publishLocked's passes (TypeGroup::dep_mark)
  size_t live_types_ = 0;
};

// The type with concrete heap types replaced by canonical ids, so that it
// can be compared with types from other modules.
ValType canonicalize(const std::vector<uint32_t>& canonical_ids, ValType t);

// Subtyping of value types (spec 3.3.x "matching"), for types that are both
// in canonical form (or both from one module after canonicalize()).
bool isSubtypeCanonical(ValType sub, ValType super);
bool heapSubtypeCanonical(HeapType sub, HeapType super);

}  // namespace petrel::internal
