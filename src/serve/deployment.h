// A deployment: the routes of one config with their modules compiled and
// pre-linked, ready to serve. It is immutable; a reload or an upload builds
// a new one beside it and the server switches over atomically, while
// requests already running finish on the one they started with. Modules
// whose files did not change are reused, not recompiled.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include <petrel/petrel.hpp>

#include "serve/config.h"
#include "serve/handler.h"
#include "serve/router.h"

namespace petrel::serve {

class Metrics;
struct RouteStats;

// What a file was when it was read: a change of any of these is a change.
struct FileIdentity {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t inode = 0;
  bool exists = false;
  bool operator==(const FileIdentity&) const = default;
  static FileIdentity of(const std::string& path);
};

struct DeployedRoute {
  RouteConfig config;
  RouteStats* stats = nullptr;  // kept by Metrics for the server's life
  std::unique_ptr<RequestHandler> handler;
  std::optional<Module> module;
  FileIdentity file;   // of config.module_path when this module was taken
  uint64_t version = 1;  // goes up each time the route's module changes
  bool uploaded = false;  // through the admin endpoint, not read from the file
  double compile_ms = 0;
};

struct Deployment {
  std::shared_ptr<const AppConfig> config;
  std::vector<std::unique_ptr<DeployedRoute>> routes;
  Router router{{}};
  uint64_t generation = 1;
  FileIdentity config_file;

  const DeployedRoute* find(const std::string& name) const;
};

struct DeployContext {
  Engine engine;
  Linker linker;  // WASI defined
  Metrics* metrics = nullptr;
  uint64_t epoch_tick_ns = 0;
};

// Builds a deployment of `config`, reusing what `previous` (may be null)
// compiled from unchanged files and keeping uploaded modules whose route's
// file has not changed since. Errors name the config line and the module.
Result<std::shared_ptr<const Deployment>> buildDeployment(DeployContext& ctx, AppConfig config,
                                                          const Deployment* previous);

// `previous` with route `name`'s module replaced by `wasm` (a hot deploy
// through the admin endpoint).
Result<std::shared_ptr<const Deployment>> deployUpload(DeployContext& ctx, const Deployment& previous,
                                                       const std::string& name, std::vector<uint8_t>&& wasm);

}  // namespace petrel::serve
