// petrel serve [--listen ADDR:PORT] [--workers N] [--access-log P] CONFIG.toml|HANDLER.wasm
//
// The serverless HTTP host (src/serve/): loads the config (or makes one
// route for a single handler module), compiles every module once, then
// serves until SIGTERM/SIGINT, when it finishes the requests in flight.
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include "commands.h"
#include "diagnostics.h"
#include "serve/app.h"
#include "serve/config.h"
#include "serve/http_server.h"

namespace petrel::internal::cli {

namespace {

bool endsWith(const std::string& s, const char* tail) {
  std::string t(tail);
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

}  // namespace

int serveCommand(const ServeOptions& options) {
  using namespace petrel::serve;
  bool module = endsWith(options.target, ".wasm") || endsWith(options.target, ".wat");
  auto config = module ? configForHandler(options.target) : loadConfigFile(options.target);
  if (!config.ok()) return reportFailure(config.error().message);
  if (!options.listen.empty()) config->server.listen = options.listen;
  if (!options.admin_listen.empty()) config->server.admin_listen = options.admin_listen;
  if (!options.access_log.empty()) config->server.access_log = options.access_log;
  if (options.workers) config->server.workers = options.workers;
  if (!config->server.workers) config->server.workers = std::max(1u, std::thread::hardware_concurrency());

  auto app = App::create(std::move(*config));
  if (!app.ok()) return reportFailure(app.error().message);
  if (options.check) {
    std::printf("ok\n");
    return kExitOk;
  }
  HttpServer server(**app);
  if (Status s = server.listen((*app)->server().listen); !s.ok()) return reportFailure(s.error().message);
  // The admin listener, when asked for: one thread of its own, stopped
  // once the main listener has drained.
  std::optional<HttpServer> admin;
  std::thread admin_thread;
  if (const std::string& where = (*app)->server().admin_listen; !where.empty()) {
    admin.emplace(**app, /*host_endpoints_only=*/true);
    if (Status s = admin->listen(where); !s.ok()) return reportFailure(s.error().message);
    (*app)->log().event("info", "host endpoints on http://" + admin->address() + "/",
                        {{"address", admin->address()}});
    admin_thread = std::thread([&admin] { admin->run(1, /*handle_signals=*/false); });
  }
  (*app)->log().event("info", "listening on http://" + server.address() + "/",
                      {{"workers", (*app)->server().workers}, {"address", server.address()}});
  server.run((*app)->server().workers, /*handle_signals=*/true);
  if (admin) {
    admin->stop();
    admin_thread.join();
  }
  return kExitOk;
}

}  // namespace petrel::internal::cli
