// What a WASI program sees of the host: its arguments, the environment it
// was given, its descriptor table (stdio and the preopened directories)
// and, per call, the memory of the instance that called.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "wasi/fd_table.h"
#include "runtime/guest_memory.h"

namespace petrel::internal {
class Instance;
struct MemoryInstance;
}  // namespace petrel::internal

namespace petrel::internal::wasi {

// A host directory granted to the guest under a guest name.
struct WasiPreopen {
  std::string host_path;
  std::string guest_path;
  bool read_only = false;  // no rights that create, change or remove anything beneath it
};

struct WasiConfig {
  std::vector<std::string> args;  // args[0] is the program name
  std::vector<std::string> env;   // NAME=VALUE; nothing of the host's environment unless listed
  std::vector<WasiPreopen> preopens;
  // Host descriptors for guest fds 0, 1, 2 (not closed by the guest's fd_close).
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  // In-memory stdio, each used instead of its descriptor when set: fd 0
  // reads stdin_data, fds 1 and 2 append to their sink (up to output_limit
  // bytes each).
  bool stdin_in_memory = false;
  const char* stdin_data = nullptr;
  size_t stdin_size = 0;
  std::string* stdout_sink = nullptr;
  std::string* stderr_sink = nullptr;
  size_t output_limit = SIZE_MAX;
};


class WasiContext {
 public:
  // Opens the preopened directories: fds 3, 4, ... in order. An Io error
  // names a directory that cannot be opened.
  static Result<std::unique_ptr<WasiContext>> create(WasiConfig&& config);
  // Gives the host's stdio back its file status flags: fd_fdstat_set_flags
  // on fds 0-2 changes descriptions shared with the shell.
  ~WasiContext();
  WasiContext(const WasiContext&) = delete;
  WasiContext& operator=(const WasiContext&) = delete;

  const std::vector<std::string>& args() const { return args_; }
  const std::vector<std::string>& env() const { return env_; }
  // The descriptor table. Fds 0-2 are described (fstat, fcntl, isatty) on
  // first use, not at creation: a store per request that never touches
  // stdio then costs no system calls for it (docs/PERFORMANCE.md).
  FdTable& fds() {
    if (!stdio_described_) describeStdio();
    return fds_;
  }
  // fd_fdstat_set_flags changed a host descriptor's file status flags: the
  // destructor then puts stdio's back.
  void noteHostFlagsChanged() { host_flags_changed_ = true; }

  // The calling instance's exported "memory" (preview1 modules export it);
  // an empty memory, where every access faults, when there is none.
  GuestMemory memoryOf(Instance* caller);

 private:
  WasiContext() = default;
  std::vector<std::string> args_;
  std::vector<std::string> env_;
  FdTable fds_;
  int stdio_fds_[3] = {-1, -1, -1};
  MemoryStream memory_stdio_[3];
  bool stdio_in_memory_[3] = {false, false, false};
  int stdio_flags_[3] = {-1, -1, -1};  // F_GETFL when described
  bool stdio_described_ = false;
  bool host_flags_changed_ = false;
  void describeStdio();
  Instance* memory_owner_ = nullptr;  // cache: the last caller and its memory
  MemoryInstance* memory_ = nullptr;
};

}  // namespace petrel::internal::wasi
