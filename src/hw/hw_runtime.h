// A store's petrel_hw as the public API configures it (Store::configureHardware):
// the backends an HwConfig names (Linux devices or the simulated board), the
// grants, the context and the host functions, owned together. Host-only
// (firmware builds its HwContext and HwHost directly, see hw_host.h).
#pragma once

#include <memory>

#include <petrel/hw.h>

#include "hw/hw_host.h"

namespace petrel::internal::hw {

class SimBoard;

class HwRuntime {
 public:
  // An Error (kind Other) when the configuration is not usable (a button
  // schedule out of order).
  static Result<std::unique_ptr<HwRuntime>> create(Store& store, const HwConfig& config);
  ~HwRuntime();

  HwHost& host() { return *host_; }
  HwContext& context() { return *context_; }
  SimBoard* simBoard() { return board_; }  // null unless simulated

 private:
  HwRuntime() = default;
  std::function<void(std::string_view)> log_;
  std::unique_ptr<HwBackends> backends_;
  SimBoard* board_ = nullptr;
  std::unique_ptr<HwContext> context_;
  std::unique_ptr<HwHost> host_;
};

// The grants of a configuration, as the binding checks them.
HwGrants grantsOf(const HwConfig& config);

}  // namespace petrel::internal::hw
