// What instantiating one module always computes the same way, computed once
// (docs/ARCHITECTURE.md, "Instantiation from templates"): the initial
// contents of its memories after the active data segments (as images that a
// MemoryPool maps copy-on-write), the initial values of globals whose
// initialisers are constant, and the contents of its tables after the
// active element segments, as function indices. Store::instantiate with a
// template then only allocates and copies.
//
// Each part is prepared only where that cannot change what the spec
// requires; otherwise that part takes the ordinary path:
//  - data images: the module imports no memory, every active data segment
//    has a constant offset and lies inside its memory's initial size (so no
//    segment can trap, and no other module can see the writes);
//  - table images: every active element segment has a constant offset, a
//    table this module defines, items that are ref.func or ref.null, and
//    lies inside the table's initial size;
//  - globals: an initialiser that reads no imported global and takes no
//    function reference.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "exec/compiled_code.h"
#include "runtime/memory_pool.h"
#include "runtime/value.h"

namespace petrel::internal {

struct InstanceTemplate {
  std::shared_ptr<const CompiledModule> module;
  // Indexed by defined memory (module index minus imported memories); all
  // set, or empty when the data segments take the ordinary path.
  std::vector<std::shared_ptr<const MemoryImage>> memory_images;
  // Indexed by defined table; empty when element segments take the ordinary
  // path. An entry is a function index, or -1 for null.
  std::vector<std::vector<int64_t>> table_images;
  // Indexed by defined global: the initial value when constant.
  std::vector<std::optional<WideSlot>> global_values;
  // Indexed by element segment: the items as function indices (-1: null)
  // when all are ref.func/ref.null.
  std::vector<std::optional<std::vector<int64_t>>> elem_items;

  bool dataFromImages() const { return !memory_images.empty(); }
  bool tablesFromImages() const { return !table_images.empty(); }

  static std::shared_ptr<const InstanceTemplate> build(std::shared_ptr<const CompiledModule> module);
};

}  // namespace petrel::internal
