// petrel serve's configuration: the server's settings and the routes that
// map requests to modules, read from a TOML file (or made for a single
// handler module). A mistake is an error naming file:line and the key; the
// server never starts, or reloads, on a config it does not fully understand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <petrel/result.h>

namespace petrel::serve {

struct DirGrant {
  std::string host;   // absolute, resolved against the config file's directory
  std::string guest;  // the name the guest opens it by
  bool writable = false;
};

struct RouteConfig {
  std::string name;  // unique; labels metrics and logs
  std::string path;  // starts with '/'
  bool prefix = false;               // matches path and everything beneath it
  std::vector<std::string> methods;  // empty: any method
  std::string module_path;           // absolute
  std::vector<std::string> env;      // NAME=VALUE, in the order given
  std::vector<DirGrant> dirs;
  uint64_t max_memory = uint64_t{64} << 20;  // bytes of linear memory
  uint64_t timeout_ns = 10'000'000'000;
  std::optional<uint64_t> fuel;
  uint32_t max_concurrency = 0;                 // 0: bounded only by the workers
  uint64_t max_response = uint64_t{16} << 20;  // bytes the guest may write to stdout
  int line = 0;                                 // where the route is defined (0: not from a file)
};

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  // A second listener for the host's own endpoints only (health,
  // readiness, metrics, dashboard, admin) on a thread of its own, so that
  // probes answer while every worker runs a guest. Empty: none.
  std::string admin_listen;
  uint32_t workers = 0;  // 0: one per core
  uint64_t max_body = uint64_t{1} << 20;
  uint64_t max_header = uint64_t{16} << 10;
  uint64_t header_timeout_ns = 10'000'000'000;
  uint64_t body_timeout_ns = 30'000'000'000;
  uint64_t idle_timeout_ns = 30'000'000'000;
  uint64_t drain_timeout_ns = 30'000'000'000;  // graceful shutdown waits this long for in-flight requests
  uint32_t max_connections = 10'000;
  std::string access_log = "-";  // a path, "-" for stdout, or "off"
  std::string admin_token;       // empty: the admin endpoints are disabled
  std::string admin_token_file;  // where admin_token came from, if a file
  bool watch = true;             // reload when the config or a module file changes
};

struct AppConfig {
  std::string source;  // the config file (absolute), or the single handler module
  bool single_handler = false;
  ServerConfig server;
  std::vector<RouteConfig> routes;
};

// Reads and checks a config file. Paths in it are relative to its directory.
Result<AppConfig> loadConfigFile(const std::string& path);
// The same from text; `source` names it in errors and anchors relative paths.
Result<AppConfig> parseConfig(std::string_view text, const std::string& source);
// `petrel serve handler.wasm`: one route "handler" on every path under "/".
Result<AppConfig> configForHandler(const std::string& module_path);

// Paths that the host keeps for itself (health, metrics, dashboard, admin).
bool isReservedPath(std::string_view path);

}  // namespace petrel::serve
