// The console subset of WASI preview1 for firmware (petrel_fw.h,
// petrel_fw_linker_add_console): enough for a C program built against
// wasi-libc to print, read its (empty) arguments and environment, tell the
// time and exit. Output goes to the port's console; every other WASI
// function a guest imports answers ENOSYS, so the program links and finds
// out at run time, as it would on a host that denies the capability.
#pragma once

#include <vector>

#include "base/result.h"
#include "ir/module.h"
#include "runtime/objects.h"

namespace petrel::internal {
class Store;
}

namespace petrel::internal::fw {

inline constexpr const char* kWasiModule = "wasi_snapshot_preview1";

class ConsoleHost {
 public:
  explicit ConsoleHost(Store& store) : store_(store) {}
  // The function for one import of wasi_snapshot_preview1, or an Unlinkable
  // error naming it (a known function with another type, or an unknown one
  // whose type cannot carry an errno).
  Result<FunctionInstance*> resolveImport(const Module& module, const Import& import);

 private:
  Store& store_;
};

}  // namespace petrel::internal::fw
