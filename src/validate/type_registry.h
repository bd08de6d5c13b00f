// Canonical type ids (spec 3.2, "type equivalence"). Wasm 3.0 types are
// iso-recursive: two types are the same when their recursion groups are
// structurally identical and they sit at the same position in them. The
// registry interns every recursion group once per process and hands out a
// small integer per type, so type equality anywhere (linking, call_indirect,
// ref.test) is one integer compare, and subtyping walks a chain of ids.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "ir/module.h"

namespace petrel::internal {

constexpr uint32_t kNoCanonicalType = ~uint32_t{0};

struct CanonicalTypeInfo {
  uint32_t super_id = kNoCanonicalType;  // declared supertype, if any
  uint32_t depth = 0;                    // length of the supertype chain
  CompositeKind kind = CompositeKind::Func;
  bool final = true;
  FuncType func;  // with concrete heap types as canonical ids (kind == Func)
};

class TypeRegistry {
 public:
  static TypeRegistry& global();

  // Interns every rec group of `module` and returns the canonical id of each
  // type index. Fails only on malformed references (caught by validation first).
  std::vector<uint32_t> canonicalizeModule(const Module& module);
  // A function type built by the host (its heap types must be abstract or canonical).
  uint32_t internFuncType(const FuncType& type);

  const CanonicalTypeInfo& info(uint32_t id) const { return infos_[id]; }
  bool isSubtype(uint32_t sub, uint32_t super) const;

 private:
  TypeRegistry() = default;
  uint32_t internGroup(const std::vector<uint8_t>& key, const std::vector<CanonicalTypeInfo>& group);

  // Recursion group structure (see GroupEncoder) -> canonical id of its first type.
  std::unordered_map<std::string, uint32_t> groups_;
  std::deque<CanonicalTypeInfo> infos_;  // deque: references stay valid as it grows
};

// The type with concrete heap types replaced by canonical ids, so that it
// can be compared with types from other modules.
ValType canonicalize(const std::vector<uint32_t>& canonical_ids, ValType t);

// Subtyping of value types (spec 3.3.x "matching"), for types that are both
// in canonical form (or both from one module after canonicalize()).
bool isSubtypeCanonical(ValType sub, ValType super);
bool heapSubtypeCanonical(HeapType sub, HeapType super);

}  // namespace petrel::internal
