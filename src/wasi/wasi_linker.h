// Puts WASI preview1 into a store: one host function per entry of
// wasi_functions.def, bound to a WasiContext, and the import resolution that
// gives a module those functions (and fails, naming the import, for
// anything else).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "ir/module.h"
#include "runtime/objects.h"
#include "wasi/wasi_abi.h"

namespace petrel::internal {
class Store;
}

namespace petrel::internal::wasi {

class WasiCall;
class WasiContext;

inline constexpr const char* kWasiModule = "wasi_snapshot_preview1";

// One row of wasi_functions.def.
struct WasiFunctionInfo {
  const char* name;
  std::vector<ValType> params;
  bool noreturn;  // proc_exit: no result
  const char* summary;
  std::vector<const char*> param_names;
  Errno (*impl)(WasiCall&);

  FuncType type() const;
};
const std::vector<WasiFunctionInfo>& wasiFunctions();

// What a WASI host function's `env` points at.
struct WasiBinding {
  WasiContext* ctx;
  const WasiFunctionInfo* info;
};

class WasiHost {
 public:
  // `ctx` must outlive every call into the functions made here.
  WasiHost(Store& store, WasiContext& ctx);
  WasiHost(const WasiHost&) = delete;
  WasiHost& operator=(const WasiHost&) = delete;

  // Externs for every import of `module`, in order. Every import must be a
  // function of wasi_snapshot_preview1 with exactly the preview1 type; the
  // first one that is not fails the whole module (ErrorKind::Unlinkable,
  // the message names the import).
  Result<std::vector<Extern>> resolveImports(const Module& module) const;
  // One import of module `wasi_snapshot_preview1`: the function, or an
  // Unlinkable error saying why not (unknown name, not a function, wrong type).
  Result<FunctionInstance*> resolveImport(const Module& module, const Import& import) const;

  FunctionInstance* function(std::string_view name) const;

 private:
  Store& store_;
  std::vector<WasiBinding> bindings_;  // sized once: host functions keep pointers into it
  mutable std::vector<FunctionInstance*> functions_;  // by wasiFunctions() index, created on first use
};

}  // namespace petrel::internal::wasi
