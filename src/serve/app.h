// The application behind the HTTP server: routing a request to its route's
// handler or to one of the host's own endpoints (health, readiness,
// metrics, dashboard, admin), the current deployment and its hot
// replacement, and the bookkeeping of every request (metrics, access log,
// recent errors). The server calls handle() on its worker threads.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "serve/access_log.h"
#include "serve/config.h"
#include "serve/deployment.h"
#include "serve/handler.h"
#include "serve/metrics.h"

namespace petrel::serve {

class EpochTicker;  // app.cpp

class App {
 public:
  // How often the epoch advances: a route's timeout is kept to within this.
  static constexpr uint64_t kEpochTickNs = 5'000'000;

  // Compiles every route's module. Errors name the config line and module.
  static Result<std::unique_ptr<App>> create(AppConfig config);
  ~App();

  const ServerConfig& server() const { return server_; }
  Engine& engine() { return ctx_.engine; }
  Metrics& metrics() { return metrics_; }
  Log& log() { return log_; }

  std::string newRequestId();
  // Answers one request (request.request_id set by the caller).
  Response handle(const Request& request);
  // A request the server refused before routing (413, 431, 400, 408).
  Response reject(const Request& request, Rejection why, unsigned status, const std::string& message);

  // The largest body a request may send: max_body, or max_upload for an
  // admin upload that carries the admin token (checked before the body is
  // read, so an unauthenticated client cannot send a large one).
  uint64_t bodyLimit(std::string_view path, std::string_view authorization) const;
  static constexpr uint64_t kMaxUpload = uint64_t{256} << 20;

  // Reloads the config file (and every changed module). On error the
  // current deployment keeps serving; the error says why.
  Status reload(const std::string& why);
  // Reloads when the config file or a module file changed since the
  // current deployment was built (the watcher calls this every second).
  void reloadIfChanged();

  void setDraining() { draining_.store(true); }
  bool draining() const { return draining_.load(); }
  double uptimeSeconds() const;

 private:
  explicit App(AppConfig config);
  Response builtin(const Request& request);
  Response admin(const Request& request);
  bool authorized(std::string_view authorization) const;
  Response stats() const;
  Response routeRequest(const Request& request, const Deployment& d);
  void account(const Request& request, RouteStats& stats, const DeployedRoute* route, const Response& response,
               const HandlerOutcome* outcome, uint64_t started_ns);
  void install(std::shared_ptr<const Deployment> d, const std::string& why);

  ServerConfig server_;
  std::string config_path_;  // empty for a single handler
  DeployContext ctx_;
  Metrics metrics_;
  Log log_;
  // The deployment serving now. A mutex rather than
  // std::atomic<std::shared_ptr>: libstdc++ 12's lock bit is invisible to
  // ThreadSanitizer, and an uncontended lock costs ~20 ns per request.
  std::shared_ptr<const Deployment> current() const;
  mutable std::mutex current_mutex_;
  std::shared_ptr<const Deployment> current_;
  std::mutex deploy_mutex_;  // one reload or upload at a time
  std::atomic<bool> draining_{false};
  std::atomic<uint64_t> next_id_{0};
  uint64_t id_salt_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  // Advances the engine's epoch (route timeouts) on a thread of its own,
  // whatever the listeners' workers are doing.
  struct EpochTickerDeleter {
    void operator()(EpochTicker* t) const;
  };
  std::unique_ptr<EpochTicker, EpochTickerDeleter> ticker_;
};

}  // namespace petrel::serve
