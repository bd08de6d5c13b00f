// The engine: compilation settings shared by every module and store made
// with it, and the epoch counter that interrupts running guests.
//
// Thread-safety: an Engine may be used from any number of threads at once.
// Copies share one engine (it is a reference-counted handle).
#pragma once

#include <cstdint>
#include <memory>

namespace petrel {

namespace detail {
struct EngineState;
}

// A pool of linear memories shared by every store of an engine (on any
// thread), for instantiation in microseconds: a memory that an instance
// defines takes a slot of reserved address space that already holds (or
// maps copy-on-write) the module's data segments, and gives it back, reset,
// when its store is destroyed. Needs 64-bit Linux; elsewhere it is ignored.
// A pooled memory grows at most to max_memory_bytes. When every slot is
// taken, or a memory's initial size exceeds a slot, instantiation still
// succeeds with an ordinary memory (only slower): the pool bounds what it
// reserves, StoreLimits bound what guests take.
struct PoolingConfig {
  bool enabled = false;
  uint32_t max_memories = 1000;                   // slots (memories alive at once)
  uint64_t max_memory_bytes = uint64_t{1} << 32;  // address space per slot
  // Bytes at the start of a memory that are restored by rewriting them in
  // place when it returns to the pool (they stay resident, so the next
  // instance takes no page faults there); the rest is discarded and faults
  // in again on use. See docs/PERFORMANCE.md.
  uint64_t keep_resident_bytes = uint64_t{1} << 20;
};

struct Config {
  // Compile fuel metering into code, so Store::setFuel bounds how many
  // instructions a guest may execute. Costs a little speed (see
  // docs/PERFORMANCE.md); without it stores have no fuel limit.
  bool consume_fuel = false;
  // Compile interruption checks (function entries and loop back-edges), so
  // Store::interrupt, epoch deadlines and timeouts stop a running guest.
  bool epoch_interruption = false;
  // Translate each function into internal code on its first call (every
  // function is still validated when the module is compiled, so an invalid
  // module is rejected up front). False: translate everything at compile
  // time, so that first calls cost nothing extra.
  bool lazy_compilation = true;
  // Validate the function bodies of a large module on all cores (a module
  // with little code is validated on the calling thread either way).
  bool parallel_compilation = true;
  // Time compilation and translation (Module::stats), with the steady clock.
  bool collect_stats = false;
  // Memory pooling for fast instantiation (see PoolingConfig, InstancePre).
  PoolingConfig pooling;
  // Accept the custom-page-sizes proposal: a memory may declare 1-byte
  // pages, `(memory 4096 4096 (pagesize 1))` being 4 KiB, for devices where
  // 64 KiB is too much. Off, as in Wasm 3.0, such a module is malformed.
  bool custom_page_sizes = false;
};

class Engine {
 public:
  explicit Engine(const Config& config = {});

  const Config& config() const;
  // Advances the epoch; stores whose deadline (Store::setEpochDeadline) is
  // reached stop their guests at the next check with an "interrupted" trap.
  // Safe from any thread, and from a signal handler.
  void incrementEpoch() const;
  uint64_t epoch() const;

  bool operator==(const Engine& o) const { return state_ == o.state_; }
  detail::EngineState* state() const { return state_.get(); }

 private:
  std::shared_ptr<detail::EngineState> state_;
};

}  // namespace petrel
