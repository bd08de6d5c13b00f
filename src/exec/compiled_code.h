// The output of translation: Petrel's internal code for each function, and
// the CompiledModule that bundles it with the decoded Module. Shared by every
// instance of the module, from any number of threads. Everything but the
// translation state of each function is immutable once compileModule
// returns; a function's code is produced once, on its first call in lazy
// mode (see docs/ARCHITECTURE.md, "Lazy translation").
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "ir/module.h"
#include "platform/mutex.h"

namespace petrel::internal {

// Internal code is a stream of 32-bit words: an operation code followed by
// its operands (frame slot indices, immediates, branch targets as word
// offsets). See docs/ARCHITECTURE.md, "Internal code".
using CodeWord = uint32_t;

struct CompiledModule;

// Maps code positions back to wasm byte offsets, for trap messages and
// backtraces. Only instructions that can trap or call get an entry (nothing
// else can be the pc of a trap or of a frame in a backtrace), and entries are
// delta-encoded as LEB128 pairs (code position delta, signed wasm offset
// delta), in code order: usually 2 bytes per entry.
class SourceMap {
 public:
  // Entries must come in code order (wasm offsets may go back and forth).
  void add(uint32_t code_pos, uint32_t wasm_offset);
  // The wasm offset of the last entry at or before code_pos (0 if none).
  // Decodes from the start: traps are rare, and compactness matters more.
  uint64_t lookup(uint32_t code_pos) const;
  // Calls f(code_pos, wasm_offset) for each entry, in order.
  template <class F>
  void forEach(F f) const {
    uint32_t pos = 0, off = 0;
    for (size_t i = 0; i < bytes_.size();) {
      pos += static_cast<uint32_t>(readU(i));
      off += static_cast<uint32_t>(readS(i));
      f(pos, off);
    }
  }
  size_t sizeBytes() const { return bytes_.size(); }
  size_t entries() const { return count_; }
  void shrink() { bytes_.shrink_to_fit(); }

 private:
  uint64_t readU(size_t& i) const;
  int64_t readS(size_t& i) const;

  std::vector<uint8_t> bytes_;
  size_t count_ = 0;
  uint32_t last_pos_ = 0, last_off_ = 0;  // the last entry, for the next delta
};

struct CompiledFunction {
  uint32_t func_index = 0;   // in the module's function index space
  uint32_t type_index = 0;
  // In frame slots, not values: a v128 takes two slots (runtime/value.h).
  uint32_t num_params = 0;
  uint32_t num_results = 0;
  uint32_t num_locals = 0;   // params + declared locals

  // Where execution starts: the translated code, or, until the function has
  // been translated, a one-instruction stub (TranslateOnCall) that
  // translates it and continues in the new code. Callers reach code only
  // through this pointer, so a translated function costs nothing extra.
  // Published with release order after code, source_map and frame_slots are
  // written: whoever loads the real code with acquire order sees them.
  const CodeWord* entry() const { return entry_.load(std::memory_order_acquire); }
  // Locals + maximum operand stack height. Before translation, a lower bound
  // (the locals and results) that is safe for the call sequence, which
  // zeroes the locals before the stub runs; the stub checks the real size.
  uint32_t frameSlots() const { return frame_slots_.load(std::memory_order_relaxed); }
  bool translated() const;
  const CompiledModule& owner() const { return *owner_; }

  uint64_t wasmOffsetAt(uint32_t code_pos) const { return source_map.lookup(code_pos); }

  // Written once, by translation, before entry() publishes them; read-only
  // afterwards. Empty until translated.
  std::vector<CodeWord> code;
  SourceMap source_map;

  // --- Set up by compileModule and the translator only ---
  std::atomic<const CodeWord*> entry_{nullptr};
  std::atomic<uint32_t> frame_slots_{0};
  const CompiledModule* owner_ = nullptr;
};

// Counters of lazy translation, for `petrel run --stats` and tests.
struct TranslationStats {
  uint32_t functions_translated = 0;
  uint64_t code_bytes = 0;        // internal code produced so far
  uint64_t source_map_bytes = 0;
  uint64_t nanos = 0;             // time spent translating (0 without a clock)
};

struct CompiledModule {
  Module module;
  std::vector<CompiledFunction> functions;  // one per defined function; never resized after compile
  bool fuel_metering = false;
  bool interruptible = false;
  // Reads a monotonic clock in nanoseconds to time translations (null: not
  // timed). The core has no clock of its own; hosts pass one in.
  uint64_t (*clock_nanos)() = nullptr;

  const CompiledFunction& function(uint32_t func_index) const {
    return functions[func_index - module.num_imported_funcs];
  }
  TranslationStats translationStats() const;

  // Serialises translations of this module's functions (one lock per module:
  // a translation takes microseconds, and a mutex per function would cost
  // more memory than lazy translation saves). Not taken on calls into code
  // that is already translated.
  mutable platform::Mutex translate_lock;
  // Guarded by translate_lock.
  mutable TranslationStats stats;
};

}  // namespace petrel::internal
