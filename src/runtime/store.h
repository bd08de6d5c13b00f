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
#include "runtime/instance.h"
#include "runtime/objects.h"
#include "runtime/value.h"

namespace petrel::internal {

struct ExecutionStack;  // exec/interpreter.h

// Hard limits for what a guest may consume.
struct StoreLimits {
  uint64_t max_memory_bytes = uint64_t{1} << 34;  // per memory (16 GiB; 32-bit memories stop at 4 GiB)
  uint64_t max_table_elements = 10'000'000;
  uint32_t value_stack_slots = 1u << 20;          // 8 MiB of operand/local slots
  uint32_t max_call_depth = 20'000;
};

// Decodes and validates (and translates) a binary module.
Result<std::shared_ptr<const CompiledModule>> compileModule(const uint8_t* data, size_t size,
                                                           const CompileOptions& options = {});

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

  // Calls a function. Arguments are checked against its type.
  Result<std::vector<Value>> call(FunctionInstance* func, const std::vector<Value>& args);

  // Host-created objects (types with abstract heap types only).
  FunctionInstance* createHostFunction(const FuncType& type, HostCallback callback, void* env, std::string name = {});
  TableInstance* createTable(const TableType& type, void* init);
  MemoryInstance* createMemory(const MemoryType& type);
  GlobalInstance* createGlobal(const GlobalType& type, Value value);

  const StoreLimits& limits() const { return limits_; }
  // Fuel for modules compiled with fuel metering: each loop iteration and
  // function entry uses one unit; at zero the guest traps with "all fuel
  // consumed" (ErrorKind::Exhaustion). Unlimited by default.
  void setFuel(uint64_t fuel);
  uint64_t fuel();

  // Internal: used by instantiation and the interpreter.
  FunctionInstance* newFunction();
  MemoryInstance* newMemory(const MemoryType& type, Status& status);
  TableInstance* newTable(const TableType& type, void* init, Status& status);
  GlobalInstance* newGlobal();
  TagInstance* newTag();
  ExecutionStack& stack();

 private:
  StoreLimits limits_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::vector<std::unique_ptr<FunctionInstance>> functions_;
  std::vector<std::unique_ptr<TableInstance>> tables_;
  std::vector<std::unique_ptr<MemoryInstance>> memories_;
  std::vector<std::unique_ptr<GlobalInstance>> globals_;
  std::vector<std::unique_ptr<TagInstance>> tags_;
  std::vector<std::unique_ptr<FuncType>> host_types_;
  std::unique_ptr<ExecutionStack> stack_;
};

}  // namespace petrel::internal
