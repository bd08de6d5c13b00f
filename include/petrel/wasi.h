// What a WASI preview1 guest is given: arguments, environment, stdio and
// preopened directories. Nothing else of the host is visible: a guest can
// never reach a path outside the directories granted here (see docs/WASI.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace petrel {

struct WasiDir {
  std::string host_path;   // a directory on the host
  std::string guest_path;  // the name the guest opens it by ("/data", ".")
  // Nothing beneath it can be created, written, renamed, linked, removed
  // or retimed: such calls fail with `notcapable` (`perm` for O_TRUNC).
  bool read_only = false;
};

struct WasiConfig {
  std::vector<std::string> args;  // args[0] is the program name
  std::vector<std::string> env;   // "NAME=VALUE"
  bool inherit_env = false;       // also pass every variable of the host's environment
  std::vector<WasiDir> dirs;
  // Host descriptors that the guest sees as fds 0, 1, 2 (the guest's
  // fd_close never closes them).
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  // In-memory stdio, for hosts that run a guest per request (petrel serve
  // hands a WAGI guest its request body and takes its response this way):
  // with stdin_bytes set, fd 0 reads those bytes, then end of file; with
  // stdout_buffer / stderr_buffer set, fd 1 / fd 2 append to that string,
  // up to max_output_bytes each (a write of which nothing fits fails with
  // `fbig`). Each replaces its descriptor above and costs no system call.
  // The guest sees a pipe: no seeking, no flags to change. The bytes and
  // the buffers belong to the caller and must outlive the store.
  std::optional<std::string_view> stdin_bytes;
  std::string* stdout_buffer = nullptr;
  std::string* stderr_buffer = nullptr;
  size_t max_output_bytes = size_t{64} << 20;
};

}  // namespace petrel
