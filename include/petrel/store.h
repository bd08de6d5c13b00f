// The store owns every instance, function, memory, table and global made in
// it, and the limits, fuel and interruption state that bound its guests.
// Everything made in a store lives until the store is destroyed; handles
// (Instance, Func, Memory, ...) must not be used after that.
//
// Thread-safety: a store and everything in it belongs to one thread at a
// time (use one store per thread or per request and share Modules between
// them). The exceptions are interrupt() and, on the Engine,
// incrementEpoch(), which may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>

#include <petrel/engine.h>
#include <petrel/result.h>
#include <petrel/hw.h>
#include <petrel/wasi.h>

namespace petrel {

namespace detail {
struct StoreState;
}

// Hard limits on what the guests of one store may take. A guest that hits
// one gets the behaviour the spec defines: memory.grow/table.grow return -1,
// instantiation fails, or the call ends with an exhaustion trap. The host is
// never at risk.
struct StoreLimits {
  uint64_t max_memory_bytes = uint64_t{1} << 32;           // one linear memory
  uint64_t max_instance_memory_bytes = uint64_t{1} << 34;  // all memories of one instance
  uint64_t max_store_memory_bytes = uint64_t{1} << 35;     // all memories of the store
  uint64_t max_table_elements = 10'000'000;                // one table
  uint64_t max_instance_table_elements = 10'000'000;       // all tables of one instance
  uint64_t max_store_table_elements = 100'000'000;         // all tables of the store
  uint32_t max_call_depth = 20'000;                        // nested wasm calls
  uint64_t max_stack_bytes = uint64_t{8} << 20;            // wasm locals and operands
};

class Store {
 public:
  explicit Store(const Engine& engine, const StoreLimits& limits = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const Engine& engine() const;
  const StoreLimits& limits() const;

  // Fuel: with Config::consume_fuel, each executed wasm instruction costs
  // one unit, charged per straight-line block; a guest runs out within one
  // block of the budget and traps with "all fuel consumed". Unlimited until
  // set. Fails (Other) when the engine does not consume fuel.
  Status setFuel(uint64_t fuel);
  uint64_t fuel() const;          // remaining
  uint64_t fuelConsumed() const;  // over the store's life, across setFuel calls

  // Interruption (needs Config::epoch_interruption): the guest stops with an
  // "interrupted" trap at its next function entry or loop back-edge once the
  // engine's epoch reaches the deadline. setEpochDeadline(n) sets the
  // deadline n ticks after the current epoch; interrupt() stops the guest
  // now and may be called from any thread. After an interruption the store
  // stays usable: set a new deadline before calling in again.
  void setEpochDeadline(uint64_t ticks);
  void interrupt();
  bool interrupted() const;

  // How many times a guest's memory.grow returned -1 because it would have
  // passed max_instance_memory_bytes or max_store_memory_bytes: a host can
  // then say "memory limit reached" rather than report a bare trap.
  uint64_t memoryGrowsRefused() const;

  // WASI preview1 for the instances of this store that import it (see
  // Linker::defineWasi). Io errors name a directory that cannot be opened.
  Status configureWasi(WasiConfig config);  // taken by value: move it in to save copies

  // The hardware APIs (import module petrel_hw, docs/HARDWARE.md) for the
  // instances of this store that import them (see Linker::defineHardware):
  // the backend and what the guest is granted. Errors say what in `config`
  // is not usable.
  Status configureHardware(const HwConfig& config);

  // One pointer of the embedder's own, for host functions (Caller::data).
  void setData(void* data);
  void* data() const;

  detail::StoreState* state() const { return state_.get(); }

 private:
  std::unique_ptr<detail::StoreState> state_;
};

}  // namespace petrel
