// The process-level functions: arguments, environment, exit, signals,
// yielding.
#include <sched.h>

#include <string>
#include <vector>

#include "wasi/wasi_call.h"

namespace petrel::internal::wasi {

namespace {

// Sizes of a string list as args_sizes_get/environ_sizes_get report them.
Errno listSizes(WasiCall& call, const std::vector<std::string>& list) {
  uint64_t bytes = 0;
  for (const std::string& s : list) bytes += s.size() + 1;
  if (bytes > UINT32_MAX) return eoverflow;
  if (Errno e = call.store<uint32_t>(call.u32(0), static_cast<uint32_t>(list.size()))) return e;
  return call.store<uint32_t>(call.u32(1), static_cast<uint32_t>(bytes));
}

// Writes the pointer array at `ptrs` and the NUL-terminated strings at `buf`.
Errno listGet(WasiCall& call, const std::vector<std::string>& list) {
  uint32_t ptrs = call.u32(0), buf = call.u32(1);
  GuestMemory& mem = call.memory();
  uint64_t bytes = 0;
  for (const std::string& s : list) bytes += s.size() + 1;
  if (!mem.contains(ptrs, uint64_t{4} * list.size()) || !mem.contains(buf, bytes)) return efault;
  uint64_t at = buf;
  for (size_t i = 0; i < list.size(); ++i) {
    mem.store<uint32_t>(ptrs + 4 * i, static_cast<uint32_t>(at));
    mem.storeBytes(at, list[i].c_str(), list[i].size() + 1);
    at += list[i].size() + 1;
  }
  return esuccess;
}

}  // namespace

Errno wasi_args_sizes_get(WasiCall& call) { return listSizes(call, call.ctx().args()); }
Errno wasi_args_get(WasiCall& call) { return listGet(call, call.ctx().args()); }
Errno wasi_environ_sizes_get(WasiCall& call) { return listSizes(call, call.ctx().env()); }
Errno wasi_environ_get(WasiCall& call) { return listGet(call, call.ctx().env()); }

// The status becomes the process's exit status; 126 and above mean "could
// not run"/"killed by a signal" to shells, so like wasmtime they are refused.
Errno wasi_proc_exit(WasiCall& call) {
  uint32_t status = call.u32(0);
  if (status >= 126) {
    call.fail(Error::make(ErrorKind::Trap, "proc_exit with status " + std::to_string(status) +
                                               ", outside the range [0, 126) an exit status can carry"));
  } else {
    Error exit = Error::make(ErrorKind::Exit, "exit with status " + std::to_string(status));
    exit.exit_code = static_cast<int32_t>(status);
    call.fail(std::move(exit));
  }
  return esuccess;
}

// Raising a host signal would hit the runtime, not a guest process; like
// wasmtime, valid signals are refused with `notsup`.
Errno wasi_proc_raise(WasiCall& call) { return call.u32(0) > kSignalMax ? einval : enotsup; }

Errno wasi_sched_yield(WasiCall&) {
  ::sched_yield();
  return esuccess;
}

}  // namespace petrel::internal::wasi
