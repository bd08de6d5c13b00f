// A wasm guest over an HwContext on the internal runtime: one module that
// imports every petrel_hw function and exports each as w_NAME, linked with
// HwHost::resolveImport the way a firmware (or petrel run) links a guest.
// Calls go through the host functions' guest-facing checks and into memory
// 0, so a test sees what a guest sees, with any backend behind the context.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hw/hw_host.h"
#include "runtime/store.h"

namespace petrel::internal::hw::testing {

// The text of that module: every petrel_hw import, re-exported as w_NAME,
// and an exported memory.
std::string hwWrapperModule();

class HwTestGuest {
 public:
  explicit HwTestGuest(HwContext& ctx);
  bool ok() const { return instance_ != nullptr; }
  const std::string& error() const { return error_; }

  // The function's result (clock_us's i64 too); a trap fails the test and
  // gives -1000.
  int64_t call(const std::string& name, std::vector<int32_t> args);
  uint8_t* memory();
  void put(uint32_t at, const std::vector<uint8_t>& bytes);
  std::vector<uint8_t> get(uint32_t at, uint32_t n);

 private:
  Store store_;
  std::unique_ptr<HwHost> host_;
  Instance* instance_ = nullptr;
  std::string error_;
};

}  // namespace petrel::internal::hw::testing
