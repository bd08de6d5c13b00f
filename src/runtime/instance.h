// A module instance (spec 4.2.5): the module's code plus the addresses of
// its functions, tables, memories and globals, and per-instance segment
// state. Created by Store::instantiate.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "exec/compiled_code.h"
#include "runtime/objects.h"

namespace petrel::internal {

// A fixed-size run of an instance's one block (below): an index space or
// the data segments' dropped flags.
template <class T>
class InstanceArray {
 public:
  T& operator[](size_t i) const { return at_[i]; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* begin() const { return at_; }
  T* end() const { return at_ + size_; }

 private:
  friend class Instance;
  T* at_ = nullptr;
  size_t size_ = 0;
};

class Instance {
 public:
  Instance() = default;
  // With every index space, and the segment state, at the module's sizes
  // (null entries, nothing dropped), for instantiation to fill in.
  explicit Instance(const Module& m);

  std::shared_ptr<const CompiledModule> compiled;
  Store* store = nullptr;
  // The index spaces (imports first), fixed in size by the module.
  InstanceArray<FunctionInstance*> functions;
  InstanceArray<TableInstance*> tables;
  InstanceArray<MemoryInstance*> memories;
  InstanceArray<GlobalInstance*> globals;
  InstanceArray<TagInstance*> tags;
  // What the memories and tables this instance defines take, against
  // StoreLimits::max_instance_memory_bytes / max_instance_table_elements.
  ResourceBudget memory_budget;
  ResourceBudget table_budget;
  // Element segments as evaluated references (empty once dropped), and
  // whether each data segment was dropped (spec 4.2.12, 4.2.13).
  std::vector<std::vector<void*>> elem_segments;
  InstanceArray<bool> data_dropped;
  // Hot-path caches for the interpreter: memory 0 (or null) and the
  // canonical ids of the module's types.
  MemoryInstance* memory0 = nullptr;  // never null once instantiated: see noMemory()
  const uint32_t* type_ids = nullptr;

  const Module& module() const { return compiled->module; }
  std::optional<Extern> exportByName(std::string_view name) const;

 private:
  struct FreeBlock {
    void operator()(void* p) const { ::operator delete(p); }
  };
  // What the InstanceArrays view: one allocation instead of one per array
  // (less code to size them, one allocation per instantiation).
  std::unique_ptr<void, FreeBlock> block_;
};

}  // namespace petrel::internal
