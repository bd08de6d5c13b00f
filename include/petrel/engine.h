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
