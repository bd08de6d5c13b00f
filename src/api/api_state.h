// The private side of the public API's handles: what an Engine and a Store
// hold, and the conversions between the public types (include/petrel/) and
// the core's. Only src/api and src/capi include this.
#pragma once

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include <petrel/petrel.hpp>

#include "exec/translator.h"
#include "runtime/epoch.h"
#include "runtime/memory_pool.h"
#include "runtime/store.h"

namespace petrel::internal::wasi {
class WasiContext;
class WasiHost;
}  // namespace petrel::internal::wasi
namespace petrel::internal::hw {
class HwHost;
class HwRuntime;
}  // namespace petrel::internal::hw

namespace petrel::detail {

struct EngineState {
  Config config;
  internal::CompileOptions options;
  internal::EpochCounter epoch;
  std::shared_ptr<internal::MemoryPool> pool;  // Config::pooling; null when off or unavailable
};

// What a host function's `env` points at: the callable and its store.
struct HostFuncRecord {
  RawHostFunction fn;
  StoreState* store = nullptr;
  uint32_t num_params = 0;  // cells the arguments take (a v128 takes two)
};

struct StoreState {
  StoreState(Store* owner, Engine engine, const StoreLimits& limits);
  ~StoreState();

  Store* owner;
  Engine engine;
  StoreLimits limits;
  internal::Store store;
  void* data = nullptr;
  std::deque<HostFuncRecord> host_funcs;  // deque: FunctionInstances point at records
  // Linker host functions already created in this store, by definition.
  std::unordered_map<const void*, internal::FunctionInstance*> linked_funcs;
  std::vector<std::shared_ptr<const void>> keep_alive;  // linker definitions those point into
  // WASI: the configuration, and the context and host functions made from it on first use.
  WasiConfig wasi_config;
  std::unique_ptr<internal::wasi::WasiContext> wasi_ctx;
  std::unique_ptr<internal::wasi::WasiHost> wasi_host;
  std::vector<std::unique_ptr<internal::wasi::WasiHost>> retired_wasi;  // after configureWasi again
  std::vector<std::unique_ptr<internal::wasi::WasiContext>> retired_wasi_ctx;

  internal::FunctionInstance* addHostFunction(const FuncType& type, RawHostFunction fn);
  // The WASI host of this store, created from wasi_config on first use.
  Result<internal::wasi::WasiHost*> wasiHost();
  // petrel_hw: the configuration, and the backends, context and host
  // functions made from it on first use (as for WASI).
  HwConfig hw_config;
  std::unique_ptr<internal::hw::HwRuntime> hw;
  std::vector<std::unique_ptr<internal::hw::HwRuntime>> retired_hw;  // after configureHardware again
  Result<internal::hw::HwHost*> hwHost();
};

// The Value form of a host function (HostFunction) as the raw form.
RawHostFunction adaptHostFunction(const FuncType& type, HostFunction fn);

// Type conversions. Public types are always in canonical form.
internal::ValType toInternal(const ValType& t);
ValType toPublic(const internal::ValType& t);
internal::FuncType toInternal(const FuncType& t);
FuncType toPublic(const internal::FuncType& t);
internal::MemoryType toInternal(const MemoryType& t);
MemoryType toPublic(const internal::MemoryType& t);
internal::TableType toInternal(const TableType& t);
TableType toPublic(const internal::TableType& t);
internal::GlobalType toInternal(const GlobalType& t);
GlobalType toPublic(const internal::GlobalType& t);
ExternType externTypeOf(const internal::Extern& e);
// An import's or export's type in module `m`, canonicalised.
ExternType importTypeOf(const internal::Module& m, const internal::Import& im);
ExternType exportTypeOf(const internal::Module& m, const internal::Export& ex);

internal::Extern toInternal(const Extern& e);
Extern toPublic(StoreState* store, const internal::Extern& e);
internal::Slot toSlot(const Value& v);
Value toValue(StoreState* store, const internal::ValType& type, internal::Slot slot);
// A value in call cells: one cell, or two for a v128 (low 8 bytes first).
void putCells(internal::Slot* at, const Value& v);
Value fromCells(StoreState* store, const internal::ValType& type, const internal::Slot* at);

}  // namespace petrel::detail
