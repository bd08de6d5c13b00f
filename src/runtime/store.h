// The store (spec 4.2.2) owns every runtime object, instantiates modules and
// runs functions. One store is single-threaded; use one per thread (or per
// request) and share CompiledModules between them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "exec/compiled_code.h"
#include "exec/translator.h"
#include "runtime/epoch.h"
#include "runtime/instance.h"
#include "runtime/instance_template.h"
#include "runtime/memory_pool.h"
#include "runtime/objects.h"
#include "runtime/value.h"
#include "validate/type_registry.h"

namespace petrel::internal {

struct ExecutionStack;  // exec/interpreter.h

// Hard limits for what a guest may consume (docs/ARCHITECTURE.md, "Resource
// limits"). Memory and table totals count what instances define and what the
// host creates (createMemory/createTable count against the store only), not
// imports twice. Instantiation past a limit fails (Uninstantiable);
// memory.grow/table.grow past one returns -1.
struct StoreLimits {
  uint64_t max_memory_bytes = uint64_t{1} << 34;  // per memory (16 GiB; 32-bit memories stop at 4 GiB)
  // Address space reserved per memory where the host has virtual memory
  // (platform/virtual_memory.h): the memory's maximum, but at most this.
  // A memory that grows past its reservation moves into a larger one.
  uint64_t memory_reservation_bytes = uint64_t{1} << 32;
  uint64_t max_instance_memory_bytes = ~uint64_t{0};  // all memories one instance defines
  uint64_t max_store_memory_bytes = ~uint64_t{0};     // all memories of the store
  uint64_t max_table_elements = 10'000'000;           // per table
  uint64_t max_instance_table_elements = ~uint64_t{0};
  uint64_t max_store_table_elements = ~uint64_t{0};
  uint32_t value_stack_slots = 1u << 20;          // 8 MiB of operand/local slots
  uint32_t max_call_depth = 20'000;               // wasm frames
  // Host -> wasm -> host -> wasm ... nesting: each level recurses on the host
  // stack, so this bounds the host stack a store's guests can use.
  uint32_t max_activations = 256;

  static constexpr uint64_t kSlotBytes = 8;
  uint64_t valueStackBytes() const { return uint64_t{value_stack_slots} * kSlotBytes; }
  void setValueStackBytes(uint64_t bytes) {
    uint64_t slots = bytes / kSlotBytes;
    value_stack_slots = slots > 0xffffffffu ? 0xffffffffu : static_cast<uint32_t>(slots);
  }
};

// Decodes and validates (and translates) a binary module.
Result<std::shared_ptr<const CompiledModule>> compileModule(const uint8_t* data, size_t size,
                                                           const CompileOptions& options = {});
// The same without copying the binary: `data` must outlive the module,
// unchanged (a firmware's module in flash).
Result<std::shared_ptr<const CompiledModule>> compileModuleInPlace(const uint8_t* data, size_t size,
                                                                  const CompileOptions& options = {});
// The same, the module keeping `bytes` instead of a copy of them.
Result<std::shared_ptr<const CompiledModule>> compileModule(std::vector<uint8_t>&& bytes,
                                                           const CompileOptions& options = {});

// The objects a store owns (instances, their functions, tables, memories,
// globals and tags, the host's types), in creation order. One list of
// pointers with their deleters for every kind: one vector's code instead of
// one per kind, and a failed instantiation frees all it made in one step.
class StoreObjects {
 public:
  StoreObjects() = default;
  StoreObjects(const StoreObjects&) = delete;
  StoreObjects& operator=(const StoreObjects&) = delete;
  ~StoreObjects() { destroyFrom(0); }

  template <class T>
  T* adopt(T* object) {
    add(object, [](void* p) { delete static_cast<T*>(p); });
    return object;
  }
  template <class T>
  T* make() {
    return adopt(new T());
  }
  size_t count() const { return entries_.size(); }
  // Destroys the objects after the first `count`, newest first.
  void destroyFrom(size_t count);

 private:
  struct Entry {
    void* object;
    void (*destroy)(void*);
  };
  void add(void* object, void (*destroy)(void*));
  std::vector<Entry> entries_;
};

class Store {
 public:
  explicit Store(StoreLimits limits = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Links `imports` (one per module import, in order) and instantiates
  // (spec 4.5.4). Errors: Unlinkable (import type mismatch), Uninstantiable
  // (segment out of bounds), Trap (the start function trapped).
  Result<Instance*> instantiate(std::shared_ptr<const CompiledModule> module, const std::vector<Extern>& imports);
  // The same from a template built for `tmpl->module`: prepared images
  // replace evaluating and applying what they cover.
  Result<Instance*> instantiate(const InstanceTemplate& tmpl, const std::vector<Extern>& imports);

  // Memories that instances define come from `pool` while it has room (null:
  // never). The pool must outlive nothing: each memory keeps it alive.
  void setMemoryPool(std::shared_ptr<MemoryPool> pool) { pool_ = std::move(pool); }
  const std::shared_ptr<MemoryPool>& memoryPool() const { return pool_; }

  // Calls a function. Arguments are checked against its type.
  Result<std::vector<Value>> call(FunctionInstance* func, const std::vector<Value>& args);

  // Host-created objects (types with abstract heap types only).
  FunctionInstance* createHostFunction(const FuncType& type, HostCallback callback, void* env);
  // The same for a type that outlives the store (a static table's, as
  // WASI's) and is interned already as `type_ref`: nothing is copied or
  // looked up, the store only holds a reference.
  FunctionInstance* createHostFunction(const FuncType* type, const TypeGroupRef& type_ref, HostCallback callback,
                                       void* env);
  TableInstance* createTable(const TableType& type, void* init);
  TagInstance* createTag(const FuncType& type);  // an exception tag of the host's
  MemoryInstance* createMemory(const MemoryType& type);
  GlobalInstance* createGlobal(const GlobalType& type, Value value);

  // Keeps `object` (what host functions of this store use, say) until the
  // store dies, then deletes it; returns it.
  template <class T>
  T* keep(T* object) {
    return objects_.adopt(object);
  }

  const StoreLimits& limits() const { return limits_; }
  // Memory bytes and table elements in use, counted against the limits.
  uint64_t memoryBytesUsed() const { return memory_budget_.used; }
  uint64_t tableElementsUsed() const { return table_budget_.used; }

  // Fuel for modules compiled with CompileOptions::fuel_metering: every wasm
  // instruction executed costs one unit, charged per straight-line block
  // before it runs; a block that costs more than what remains traps with
  // "all fuel consumed" (ErrorKind::Exhaustion) without running, so at most
  // the budget executes and at least the budget minus one block. Unlimited
  // by default. The store stays usable after the trap: set fuel again.
  void setFuel(uint64_t fuel);
  uint64_t fuel();          // remaining
  uint64_t fuelConsumed();  // by all metered code this store ran, across setFuel calls

  // Interruption of code compiled with CompileOptions::interruptible: at every
  // function entry and loop head it traps with "interrupted" (ErrorKind::Trap)
  // once the epoch counter has reached the store's deadline. The deadline is
  // "never" by default. interrupt() and setEpochDeadline() may be called from
  // any thread while the store runs. After an interrupt the deadline stays
  // passed, so the store's next call traps at once: reset it first with
  // setEpochDeadline() or clearEpochDeadline(); the store is then usable.
  void setEpochCounter(EpochCounter* counter);  // default: EpochCounter::processDefault()
  EpochCounter& epochCounter() const { return *epoch_; }
  void setEpochDeadline(uint64_t ticks_from_now);  // saturates at "never"
  void clearEpochDeadline();
  void interrupt();  // deadline 0: the very next check traps
  // Whether the deadline has passed; host functions called by a guest check
  // this to give up early on long operations.
  bool interrupted() const {
    return epoch_->current() >= epoch_deadline_.load(std::memory_order_relaxed);
  }
  const std::atomic<EpochTicks>& epochDeadline() const { return epoch_deadline_; }
  // memory.grow calls refused by the store's or an instance's memory budget.
  uint64_t memoryGrowsRefused() const { return memory_budget_.refusals; }

  // Internal: used by instantiation and the C++ API.
  // `instance_budget` (may be null) is the defining instance's; `index`
  // names the memory or table in error messages.
  // Memories of instances (instance_budget set) come from the pool when
  // there is one; `image` (may be null) gives the initial contents.
  MemoryInstance* newMemory(const MemoryType& type, Status& status, ResourceBudget* instance_budget = nullptr,
                            uint32_t index = 0, const std::shared_ptr<const MemoryImage>* image = nullptr);
  TableInstance* newTable(const TableType& type, void* init, Status& status,
                          ResourceBudget* instance_budget = nullptr, uint32_t index = 0);
  ExecutionStack& stack();

 private:
  // A host-built function type kept (and its canonical id held) for the
  // store's life.
  const FuncType* internHostType(const FuncType& type, uint32_t& id);
  StoreLimits limits_;
  ResourceBudget memory_budget_;  // declared before the objects that point at them
  ResourceBudget table_budget_;
  EpochCounter* epoch_;
  std::atomic<EpochTicks> epoch_deadline_{kEpochNever};
  uint64_t fuel_granted_ = ~uint64_t{0};  // the last setFuel value
  uint64_t fuel_consumed_before_ = 0;     // consumed under earlier setFuel values
  // Also holds the references that keep the canonical ids of host function
  // types valid while the FunctionInstances carrying them live (wasm
  // functions' ids are held by their instance's module).
  StoreObjects objects_;
  std::unique_ptr<ExecutionStack> stack_;
  std::shared_ptr<MemoryPool> pool_;

  Result<Instance*> instantiateWith(std::shared_ptr<const CompiledModule> module, const std::vector<Extern>& imports,
                                    const InstanceTemplate* tmpl);
};

}  // namespace petrel::internal
