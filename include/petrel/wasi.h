// What a WASI preview1 guest is given: arguments, environment, stdio and
// preopened directories. Nothing else of the host is visible: a guest can
// never reach a path outside the directories granted here (see docs/WASI.md).
#pragma once

#include <string>
#include <vector>

namespace petrel {

struct WasiDir {
  std::string host_path;   // a directory on the host
  std::string guest_path;  // the name the guest opens it by ("/data", ".")
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
};

}  // namespace petrel
