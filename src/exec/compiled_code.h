// The output of translation: Petrel's internal code for each function, and
// the CompiledModule that bundles it with the decoded Module. Immutable once
// built; shared by every instance of the module.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ir/module.h"

namespace petrel::internal {

// Internal code is a stream of 32-bit words: an operation code followed by
// its operands (frame slot indices, immediates, branch targets as word
// offsets). See docs/ARCHITECTURE.md, "Internal code".
using CodeWord = uint32_t;

struct CompiledFunction {
  uint32_t func_index = 0;   // in the module's function index space
  uint32_t type_index = 0;
  uint32_t num_params = 0;
  uint32_t num_results = 0;
  uint32_t num_locals = 0;   // params + declared locals
  uint32_t frame_slots = 0;  // locals + maximum operand stack height
  std::vector<CodeWord> code;
  // (code position, wasm byte offset) pairs in code order, so that a trap can
  // name the instruction that caused it.
  std::vector<std::pair<uint32_t, uint32_t>> source_map;

  uint64_t wasmOffsetAt(uint32_t code_pos) const;
};

struct CompiledModule {
  Module module;
  std::vector<CompiledFunction> functions;  // one per defined function
  bool fuel_metering = false;
  bool interruptible = false;

  const CompiledFunction& function(uint32_t func_index) const {
    return functions[func_index - module.num_imported_funcs];
  }
};

}  // namespace petrel::internal
