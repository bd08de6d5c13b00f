// Runtime objects (spec 4.2.3-4.2.9): function, table, memory and global
// instances. All are owned by a Store; instances refer to them by pointer so
// imports and exports share the same object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "ir/module.h"
#include "runtime/value.h"

namespace petrel::internal {

class Instance;
class Store;
struct CompiledFunction;

// What a host function gets besides its arguments: the store, and the
// instance whose code called it (so WASI can reach the caller's memory).
struct HostCallContext {
  Store* store = nullptr;
  Instance* caller = nullptr;
};

// A host function writes its results and returns success, or returns an
// Error (kind Trap) to trap the calling guest.
using HostCallback = Status (*)(void* env, HostCallContext& ctx, const Slot* args, Slot* results);

struct FunctionInstance {
  enum class Kind : uint8_t { Wasm, Host } kind = Kind::Wasm;
  uint32_t type_id = 0;     // canonical type id, for call_indirect/call_ref checks
  const FuncType* type = nullptr;  // canonical form (heap types as canonical ids)
  // Wasm functions
  Instance* instance = nullptr;
  const CompiledFunction* code = nullptr;
  uint32_t func_index = 0;
  // Host functions
  HostCallback callback = nullptr;
  void* env = nullptr;
};

// A running total held against a limit: the linear-memory bytes or table
// elements of one instance, or of one store (StoreLimits). Memories and
// tables point at the budgets they count against; growing checks them all.
struct ResourceBudget {
  uint64_t used = 0;
  uint64_t limit = ~uint64_t{0};
  uint64_t refusals = 0;  // grows refused by this budget or, for a store's, by any under it

  bool fits(uint64_t more) const { return used <= limit && more <= limit - used; }
};

class MemoryPool;  // runtime/memory_pool.h

struct MemoryInstance {
  MemoryType type;
  uint8_t* data = nullptr;
  uint64_t size_bytes = 0;
  uint64_t max_pages = 0;  // effective maximum (declared, or the address-space limit)
  // The defining instance's and the store's byte budgets (null: none).
  ResourceBudget* budgets[2] = {nullptr, nullptr};
  // Where the bytes live. With reserved_bytes == 0, a block of the C heap
  // (platform/allocator.h) that grow() reallocates. Otherwise a reservation
  // of address space (platform/virtual_memory.h) whose first
  // committed_bytes are readable and writable: grow() commits more in
  // place, so `data` never moves while the memory fits its reservation.
  uint64_t reserved_bytes = 0;
  uint64_t committed_bytes = 0;
  // A pooled memory's slot goes back to its pool when the memory dies.
  std::shared_ptr<MemoryPool> pool;
  uint32_t pool_slot = 0;

  uint64_t pages() const { return size_bytes >> type.page_size_log2; }
  // Makes the memory `bytes` long and zero-filled: a reservation of up to
  // `reserve_bytes` where the host has virtual memory (and the embedder kept
  // the default allocator), else the allocator. False when out of memory.
  bool allocate(uint64_t bytes, uint64_t reserve_bytes);
  // Grows by `delta` pages; returns the old size in pages, or -1 when that
  // would pass the maximum or a budget, or the host has no memory for it.
  int64_t grow(uint64_t delta);
  MemoryInstance() = default;
  MemoryInstance(const MemoryInstance&) = delete;
  MemoryInstance& operator=(const MemoryInstance&) = delete;
  ~MemoryInstance();
};

// An empty memory that instances without memories use as their memory 0,
// so the interpreter never has to test for its absence.
MemoryInstance* noMemory();

struct TableInstance {
  TableType type;  // elem type in canonical form
  std::vector<void*> elements;
  uint64_t max = 0;  // effective maximum
  // The defining instance's and the store's element budgets (null: none).
  ResourceBudget* budgets[2] = {nullptr, nullptr};

  uint64_t size() const { return elements.size(); }
  // Grows by `delta` filled with `init`; returns the old size or -1 (past the
  // maximum or a budget, or the host has no memory for it).
  int64_t grow(uint64_t delta, void* init);
};

struct GlobalInstance {
  GlobalType type;  // value type in canonical form
  Slot value{.bits = 0};
  Slot value_hi{.bits = 0};  // a v128 global's high 8 bytes (the interpreter moves both as 16 bytes)
};
static_assert(offsetof(GlobalInstance, value_hi) == offsetof(GlobalInstance, value) + sizeof(Slot));

struct TagInstance {
  uint32_t type_id = 0;
  const FuncType* type = nullptr;
};

// An external value (spec 4.2.11): what an import is bound to / an export yields.
struct Extern {
  ExternKind kind = ExternKind::Func;
  void* object = nullptr;  // FunctionInstance*, TableInstance*, MemoryInstance*, GlobalInstance*, TagInstance*

  FunctionInstance* func() const { return kind == ExternKind::Func ? static_cast<FunctionInstance*>(object) : nullptr; }
  TableInstance* table() const { return kind == ExternKind::Table ? static_cast<TableInstance*>(object) : nullptr; }
  MemoryInstance* memory() const { return kind == ExternKind::Memory ? static_cast<MemoryInstance*>(object) : nullptr; }
  GlobalInstance* global() const { return kind == ExternKind::Global ? static_cast<GlobalInstance*>(object) : nullptr; }
};

}  // namespace petrel::internal
