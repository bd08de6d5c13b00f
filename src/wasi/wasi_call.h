// One call of a WASI function: its arguments, the caller's memory, the
// context, and the checks every function makes on descriptors, paths and
// buffers. Implementations (wasi_*.cpp) are `Errno wasi_NAME(WasiCall&)`,
// declared here from wasi_functions.def.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "runtime/objects.h"
#include "runtime/value.h"
#include "runtime/guest_memory.h"
#include "wasi/path_resolver.h"
#include "wasi/wasi_abi.h"
#include "wasi/wasi_context.h"

namespace petrel::internal::wasi {

// Host iovecs for a guest (c)iovec array, held inline when there are few.
class IovecList {
 public:
  iovec* data() { return heap_.empty() ? inline_ : heap_.data(); }
  int count() const { return count_; }
  uint64_t totalBytes() const { return total_; }
  void reset(uint32_t n);
  void set(uint32_t i, void* base, uint32_t len);

 private:
  static constexpr uint32_t kInline = 16;
  iovec inline_[kInline];
  std::vector<iovec> heap_;
  int count_ = 0;
  uint64_t total_ = 0;
};

class WasiCall {
 public:
  WasiCall(WasiContext& ctx, HostCallContext& host, const Slot* args) : ctx_(ctx), host_(host), args_(args) {}

  WasiContext& ctx() { return ctx_; }
  uint32_t u32(int i) const { return args_[i].i32; }
  uint64_t u64(int i) const { return args_[i].i64; }

  GuestMemory& memory() {
    if (!memory_) memory_ = ctx_.memoryOf(host_.caller);
    return *memory_;
  }

  // Whether the calling store was interrupted (Store::interrupt, an epoch
  // deadline): calls that block check it while they wait.
  bool interrupted() const;

  // Ends the call with an Error instead of an errno (proc_exit, traps).
  void fail(Error error) { error_ = std::move(error); }
  std::optional<Error>& error() { return error_; }

  // Descriptor checks. Operations that make no sense on the descriptor (file
  // operations on a directory, reading what was opened write-only) fail with
  // `badf`, as POSIX and wasmtime do; a right the guest dropped (or never
  // had) fails with `notcapable`.
  Errno anyFd(uint32_t fd, uint64_t right, FdEntry*& out);
  Errno fileFd(uint32_t fd, uint64_t right, FdEntry*& out);
  Errno dirFd(uint32_t fd, uint64_t right, FdEntry*& out);  // not a directory: `notdir`

  // A guest path: in bounds (`fault`) and acceptable (checkGuestPath).
  Errno loadPath(uint32_t ptr, uint32_t len, std::string& out);
  // Resolves a path argument beneath a directory descriptor holding `right`.
  // A lookup (open, stat, set_times, readlink, link source) follows a final
  // symlink when `follow_final` or when the path ends in '/' (as POSIX
  // lookups do); calls that create or remove never follow it.
  enum Use { kLookup, kCreateOrRemove };
  Errno resolve(uint32_t dirfd, uint64_t right, uint32_t ptr, uint32_t len, Use use, bool follow_final,
                ResolvedPath& out);

  // A guest (c)iovec array as host iovecs; every buffer is bounds-checked.
  // Arrays longer than IOV_MAX are cut (a short read or write, as POSIX allows).
  Errno loadIovecs(uint32_t iovs, uint32_t count, IovecList& out);

  // Stores into guest memory, `fault` when out of bounds.
  template <class T>
  Errno store(uint32_t ptr, T value) {
    return memory().store(ptr, value) ? esuccess : efault;
  }

 private:
  WasiContext& ctx_;
  HostCallContext& host_;
  const Slot* args_;
  std::optional<GuestMemory> memory_;
  std::optional<Error> error_;
};

#define I32(name)
#define I64(name)
#define WASI_FUNCTION(name, result, summary, ...) Errno wasi_##name(WasiCall& call);
#include "wasi/wasi_functions.def"
#undef WASI_FUNCTION
#undef I32
#undef I64

}  // namespace petrel::internal::wasi
