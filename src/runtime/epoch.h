// Epoch-based interruption (see docs/ARCHITECTURE.md, "Resource limits").
// An EpochCounter is a tick count that any thread may advance; a store holds
// a deadline on it, and code compiled with CompileOptions::interruptible
// checks `epoch >= deadline` at every function entry and loop head, trapping
// with "interrupted" when it holds. Two relaxed loads and a compare per check:
// no lock, no signal, nothing the guest can disable.
#pragma once

#include <atomic>
#include <cstdint>

namespace petrel::internal {

// 64 bits where 64-bit atomics are lock-free; 32 bits elsewhere (a Cortex-M4
// has no 64-bit exclusive load/store, and libatomic would take a lock).
#if ATOMIC_LLONG_LOCK_FREE == 2
using EpochTicks = uint64_t;
#else
using EpochTicks = uint32_t;
#endif

// The deadline that never arrives.
inline constexpr EpochTicks kEpochNever = ~EpochTicks{0};

class EpochCounter {
 public:
  EpochTicks current() const { return ticks_.load(std::memory_order_relaxed); }
  // Any thread, any time (a timer thread, a signal handler, an ISR).
  void increment(EpochTicks by = 1) { ticks_.fetch_add(by, std::memory_order_relaxed); }
  const std::atomic<EpochTicks>& ticks() const { return ticks_; }

  // The counter every store uses unless given another (Store::setEpochCounter).
  static EpochCounter& processDefault();

 private:
  std::atomic<EpochTicks> ticks_{0};
};

}  // namespace petrel::internal
