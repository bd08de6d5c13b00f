// The `spectest` module that spec scripts import from: the host module of
// the reference interpreter (its print functions, globals, table and
// memory), created once per Store.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/store.h"

namespace petrel::internal::cli {

class SpectestHost {
 public:
  // `verbose`: the print functions write their arguments to stdout.
  SpectestHost(Store& store, bool verbose);
  SpectestHost(const SpectestHost&) = delete;  // the host functions point at print_envs_
  SpectestHost& operator=(const SpectestHost&) = delete;

  std::optional<Extern> lookup(const std::string& name) const;

 private:
  // What a print function needs to show its arguments (only in verbose mode).
  struct PrintEnv {
    const FunctionInstance* self = nullptr;
    const char* name = nullptr;
    bool verbose = false;
  };
  static Status print(void* env, HostCallContext& ctx, const Slot* args, Slot* results);

  std::map<std::string, Extern> exports_;
  PrintEnv print_envs_[7];
};

}  // namespace petrel::internal::cli
