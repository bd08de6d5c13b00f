// A module instance (spec 4.2.5): the module's code plus the addresses of
// its functions, tables, memories and globals, and per-instance segment
// state. Created by Store::instantiate.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "exec/compiled_code.h"
#include "runtime/objects.h"

namespace petrel::internal {

class Instance {
 public:
  Instance() = default;
  // With every index space, and the segment state, at the module's sizes
  // (null entries, nothing dropped), for instantiation to fill in.
  explicit Instance(const Module& m);

  std::shared_ptr<const CompiledModule> compiled;
  Store* store = nullptr;
  std::vector<FunctionInstance*> functions;
  std::vector<TableInstance*> tables;
  std::vector<MemoryInstance*> memories;
  std::vector<GlobalInstance*> globals;
  std::vector<TagInstance*> tags;
  // What the memories and tables this instance defines take, against
  // StoreLimits::max_instance_memory_bytes / max_instance_table_elements.
  ResourceBudget memory_budget;
  ResourceBudget table_budget;
  // Element segments as evaluated references (empty once dropped), and
  // whether each data segment was dropped (spec 4.2.12, 4.2.13).
  std::vector<std::vector<void*>> elem_segments;
  std::vector<bool> data_dropped;
  // Hot-path caches for the interpreter: memory 0 (or null) and the
  // canonical ids of the module's types.
  MemoryInstance* memory0 = nullptr;  // never null once instantiated: see noMemory()
  const uint32_t* type_ids = nullptr;

  const Module& module() const { return compiled->module; }
  std::optional<Extern> exportByName(std::string_view name) const;
};

}  // namespace petrel::internal
