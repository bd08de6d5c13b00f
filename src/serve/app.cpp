#include "serve/app.h"

#include <algorithm>
#include <cstdlib>
#include <condition_variable>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "serve/dashboard_assets.h"
#include "serve/router.h"

namespace petrel::serve {

namespace {

using json = nlohmann::json;

uint64_t nowNs() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
}

DeployContext makeContext() {
  Config config;
  // Routes may set fuel and timeouts, and a reload may add them: the
  // engine always compiles both checks in (see docs/SERVE.md for the cost).
  config.consume_fuel = true;
  config.epoch_interruption = true;
  config.lazy_compilation = true;
  config.pooling.enabled = true;
  config.pooling.max_memories = 4096;
  Engine engine(config);
  Linker linker(engine);
  (void)linker.defineWasi();
  return DeployContext{engine, std::move(linker), nullptr, App::kEpochTickNs};
}

Response text(unsigned status, std::string body, const char* type = "text/plain; charset=utf-8") {
  Response r;
  r.status = status;
  r.headers.emplace_back("content-type", type);
  r.body = std::move(body);
  return r;
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

// Advances the engine's epoch every App::kEpochTickNs, so that epoch
// deadlines (route timeouts) pass while guests run. A thread of its own:
// the workers may all be busy running guests.
class EpochTicker {
 public:
  explicit EpochTicker(Engine engine)
      : thread_([this, engine] {
          std::unique_lock<std::mutex> lock(mutex_);
          while (!cv_.wait_for(lock, std::chrono::nanoseconds(App::kEpochTickNs), [this] { return done_; })) engine.incrementEpoch();
        }) {}
  ~EpochTicker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts once the rest is initialised
};


App::App(AppConfig config) : server_(config.server), ctx_(makeContext()) {
  ctx_.metrics = &metrics_;
  if (!config.single_handler) config_path_ = config.source;
  if (const char* token = std::getenv("PETREL_ADMIN_TOKEN"); token && *token && server_.admin_token.empty())
    server_.admin_token = token;
  std::random_device rd;
  id_salt_ = (static_cast<uint64_t>(rd()) << 32) ^ rd();
}

App::~App() { log_.flush(); }

void App::EpochTickerDeleter::operator()(EpochTicker* t) const { delete t; }

Result<std::unique_ptr<App>> App::create(AppConfig config) {
  std::unique_ptr<App> app(new App(config));
  if (!app->log_.openAccess(app->server_.access_log))
    return Error::make(ErrorKind::Io, "cannot open the access log \"" + app->server_.access_log + "\"");
  auto d = buildDeployment(app->ctx_, std::move(config), nullptr);
  if (!d.ok()) return d.takeError();
  app->install(std::move(*d), "start");
  app->ticker_.reset(new EpochTicker(app->ctx_.engine));
  return app;
}

std::shared_ptr<const Deployment> App::current() const {
  std::lock_guard<std::mutex> lock(current_mutex_);
  return current_;
}

double App::uptimeSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

std::string App::newRequestId() {
  // Unique within the process and unlikely to repeat across restarts.
  uint64_t n = next_id_.fetch_add(1, std::memory_order_relaxed);
  uint64_t x = (n + id_salt_) * 0x9E3779B97F4A7C15ull;
  x ^= x >> 31;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, x >>= 4) id[static_cast<size_t>(i)] = kHex[x & 15];
  return id;
}

void App::install(std::shared_ptr<const Deployment> d, const std::string& why) {
  json routes = json::array();
  for (const auto& r : d->routes)
    routes.push_back({{"route", r->config.name},
                      {"module", r->config.module_path},
                      {"version", r->version},
                      {"compile_ms", r->compile_ms}});
  uint64_t generation = d->generation;
  {
    std::lock_guard<std::mutex> lock(current_mutex_);
    current_ = std::move(d);
  }
  metrics_.deploys.fetch_add(1);
  log_.event("info", "deployed (" + why + ")", {{"generation", generation}, {"routes", routes}});
}

Status App::reload(const std::string& why) {
  std::lock_guard<std::mutex> lock(deploy_mutex_);
  std::shared_ptr<const Deployment> now = current();
  auto refuse = [&](Error e) {
    metrics_.deploy_failures.fetch_add(1);
    log_.event("error", "reload failed (" + why + "); still serving generation " + std::to_string(now->generation) +
                            ": " + e.message);
    return e;
  };
  // A single handler has no config file: only its module can change.
  // [server] settings (listen address, workers, limits) are read at start only.
  AppConfig config = *now->config;
  if (!config_path_.empty()) {
    auto loaded = loadConfigFile(config_path_);
    if (!loaded.ok()) return refuse(loaded.takeError());
    config = std::move(*loaded);
  }
  auto d = buildDeployment(ctx_, std::move(config), now.get());
  if (!d.ok()) return refuse(d.takeError());
  install(std::move(*d), why);
  return Status::success();
}

void App::reloadIfChanged() {
  std::shared_ptr<const Deployment> d = current();
  bool changed = !config_path_.empty() && FileIdentity::of(config_path_) != d->config_file;
  for (const auto& r : d->routes)
    if (!changed && FileIdentity::of(r->config.module_path) != r->file) changed = true;
  if (changed) (void)reload("a watched file changed");
}

Response App::reject(const Request& request, Rejection why, unsigned status, const std::string& message) {
  metrics_.reject(why);
  RouteStats& stats = metrics_.unmatched();
  Response r = text(status, message + "\n");
  r.close = true;
  account(request, stats, nullptr, r, nullptr, nowNs());
  return r;
}

Response App::handle(const Request& request) {
  if (isReservedPath(request.path)) return builtin(request);
  // Held for the whole request: a deploy meanwhile does not pull the
  // module out from under it.
  std::shared_ptr<const Deployment> d = current();
  return routeRequest(request, *d);
}

Response App::routeRequest(const Request& request, const Deployment& d) {
  uint64_t started = nowNs();
  Router::Match m = d.router.match(request.path, request.method);
  if (m.route == Router::kNoRoute) {
    Response r = m.method_not_allowed ? text(405, "method not allowed\n") : text(404, "not found\n");
    if (m.method_not_allowed) r.headers.emplace_back("allow", m.allowed);
    account(request, metrics_.unmatched(), nullptr, r, nullptr, started);
    return r;
  }
  const DeployedRoute& route = *d.routes[m.route];
  RouteStats& stats = *route.stats;
  int64_t in_flight = stats.in_flight.fetch_add(1, std::memory_order_relaxed) + 1;
  struct Leave {
    RouteStats& s;
    ~Leave() { s.in_flight.fetch_sub(1, std::memory_order_relaxed); }
  } leave{stats};
  if (route.config.max_concurrency && in_flight > static_cast<int64_t>(route.config.max_concurrency)) {
    stats.rejected_concurrency.fetch_add(1, std::memory_order_relaxed);
    Response r = text(503, "busy: route \"" + route.config.name + "\" is at its limit of " +
                               std::to_string(route.config.max_concurrency) + " requests at once\n");
    r.headers.emplace_back("retry-after", "1");
    account(request, stats, &route, r, nullptr, started);
    return r;
  }
  RouteMatch match;
  match.route = &route.config;
  std::string_view path = request.path;
  if (route.config.prefix) {
    std::string_view prefix = route.config.path;
    if (prefix.size() > 1 && prefix.back() == '/') prefix.remove_suffix(1);
    if (prefix == "/") prefix = "";
    match.script_name = prefix;
    match.path_info = path.substr(prefix.size());
  } else {
    match.script_name = path;
  }
  HandlerOutcome outcome = route.handler->handle(request, match);
  Response r;
  using Failure = HandlerOutcome::Failure;
  switch (outcome.failure) {
    case Failure::None: r = std::move(outcome.response); break;
    case Failure::Timeout:
      r = text(504, "gateway timeout: the handler ran past its timeout (request id " + request.request_id + ")\n");
      break;
    default: r = text(500, "internal server error (request id " + request.request_id + ")\n"); break;
  }
  account(request, stats, &route, r, &outcome, started);
  return r;
}

void App::account(const Request& request, RouteStats& stats, const DeployedRoute* route, const Response& response,
                  const HandlerOutcome* outcome, uint64_t started_ns) {
  uint64_t duration = nowNs() - started_ns;
  metrics_.recordRequest(stats, response.status, duration);
  using Failure = HandlerOutcome::Failure;
  if (outcome) {
    stats.instantiation.record(static_cast<uint64_t>(outcome->instantiate_us * 1000.0));
    stats.fuel_consumed.fetch_add(outcome->fuel_consumed, std::memory_order_relaxed);
    if (outcome->memory_limit_hit) stats.memory_limit_hits.fetch_add(1, std::memory_order_relaxed);
    switch (outcome->failure) {
      case Failure::Trap:
      case Failure::Exhaustion: stats.traps.fetch_add(1, std::memory_order_relaxed); break;
      case Failure::Timeout: stats.timeouts.fetch_add(1, std::memory_order_relaxed); break;
      case Failure::Fuel: stats.fuel_exhausted.fetch_add(1, std::memory_order_relaxed); break;
      case Failure::BadResponse: stats.bad_responses.fetch_add(1, std::memory_order_relaxed); break;
      default: break;
    }
  }
  if (log_.accessEnabled()) {
    AccessRecord a;
    a.request_id = request.request_id;
    a.remote = request.remote_addr;
    a.method = request.method;
    a.path = request.path;
    a.route = stats.name;
    a.status = response.status;
    a.duration_ns = duration;
    a.bytes_in = request.body.size();
    a.bytes_out = response.body.size();
    if (route) a.version = route->version;
    if (outcome) {
      a.ran_guest = true;
      a.instantiate_us = outcome->instantiate_us;
      a.fuel = outcome->fuel_consumed;
      if (outcome->failure != Failure::None) a.error = failureName(outcome->failure);
    }
    log_.access(a);
  }
  if (!outcome) return;
  if (!outcome->guest_stderr.empty()) {
    std::string s = outcome->guest_stderr.substr(0, 4096);
    log_.event("info", "guest stderr", {{"request_id", request.request_id}, {"route", stats.name}, {"stderr", s}});
  }
  if (outcome->failure == Failure::None) return;
  const char* kind = failureName(outcome->failure);
  log_.event("error", std::string(kind) + " in route \"" + stats.name + "\": " + outcome->message,
             {{"request_id", request.request_id},
              {"route", stats.name},
              {"kind", kind},
              {"status", response.status},
              {"backtrace", outcome->backtrace}});
  RecentError e;
  e.time = utcTimestamp();
  e.request_id = request.request_id;
  e.route = stats.name;
  e.method = std::string(request.method);
  e.path = std::string(request.path);
  e.status = response.status;
  e.kind = kind;
  e.message = outcome->message;
  e.backtrace = outcome->backtrace;
  metrics_.recordError(std::move(e));
}

Response App::builtin(const Request& request) {
  uint64_t started = nowNs();
  std::string_view path = request.path;
  bool get = request.method == "GET" || request.method == "HEAD";
  Response r;
  if (path.rfind("/_petrel/admin/", 0) == 0) {
    r = admin(request);
  } else if (!get) {
    r = text(405, "method not allowed\n");
    r.headers.emplace_back("allow", "GET, HEAD");
  } else if (path == "/_petrel/health") {
    r = text(200, "ok\n");
  } else if (path == "/_petrel/ready") {
    r = draining() ? text(503, "draining\n") : text(200, "ready\n");
  } else if (path == "/metrics") {
    r = text(200, metrics_.prometheus(uptimeSeconds()), "text/plain; version=0.0.4; charset=utf-8");
  } else if (path == "/_petrel/api/stats") {
    r = stats();
  } else if (path == "/_petrel/dashboard" || path == "/_petrel") {
    r = text(301, "moved to /_petrel/dashboard/\n");
    r.headers.emplace_back("location", "/_petrel/dashboard/");
  } else if (path.rfind("/_petrel/dashboard/", 0) == 0) {
    std::string_view name = path.substr(std::string_view("/_petrel/dashboard/").size());
    if (name.empty()) name = "index.html";
    r = text(404, "not found\n");
    for (size_t i = 0; i < kDashboardAssetCount; ++i)
      if (kDashboardAssets[i].name == name) {
        r = text(200, std::string(kDashboardAssets[i].body), std::string(kDashboardAssets[i].content_type).c_str());
        r.headers.emplace_back("cache-control", "no-cache");
        r.headers.emplace_back("content-security-policy",
                               "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'");
      }
  } else {
    r = text(404, "not found\n");
  }
  // The host's own endpoints count under route "" with the unmatched
  // requests, but are not access-logged: probes and scrapes would drown
  // the log.
  metrics_.recordRequest(metrics_.unmatched(), r.status, nowNs() - started);
  return r;
}

bool App::authorized(std::string_view auth) const {
  constexpr std::string_view kBearer = "Bearer ";
  return !server_.admin_token.empty() && auth.size() > kBearer.size() && auth.substr(0, kBearer.size()) == kBearer &&
         constantTimeEquals(auth.substr(kBearer.size()), server_.admin_token);
}

uint64_t App::bodyLimit(std::string_view path, std::string_view authorization) const {
  if (path.rfind("/_petrel/admin/", 0) == 0 && authorized(authorization)) return std::max(kMaxUpload, server_.max_body);
  return server_.max_body;
}

Response App::admin(const Request& request) {
  if (server_.admin_token.empty())
    return text(403, "the admin endpoints are off: set PETREL_ADMIN_TOKEN or [server] admin_token_file\n");
  if (!authorized(request.header("authorization"))) {
    Response r = text(401, "unauthorized\n");
    r.headers.emplace_back("www-authenticate", "Bearer");
    log_.event("warn", "admin request refused (bad or missing token)",
               {{"request_id", request.request_id}, {"remote", request.remote_addr}, {"path", request.path}});
    return r;
  }
  std::string_view path = request.path;
  if (path == "/_petrel/admin/reload") {
    if (request.method != "POST") {
      Response r = text(405, "method not allowed\n");
      r.headers.emplace_back("allow", "POST");
      return r;
    }
    Status s = reload("admin request " + request.request_id);
    if (!s.ok()) return text(400, "reload failed, still serving the previous deployment: " + s.error().message + "\n");
    return text(200, "reloaded: generation " + std::to_string(current()->generation) + "\n");
  }
  constexpr std::string_view kRoutes = "/_petrel/admin/routes/", kModule = "/module";
  if (path.rfind(kRoutes, 0) == 0 && path.size() > kRoutes.size() + kModule.size() &&
      path.substr(path.size() - kModule.size()) == kModule) {
    if (request.method != "PUT") {
      Response r = text(405, "method not allowed\n");
      r.headers.emplace_back("allow", "PUT");
      return r;
    }
    std::string name(path.substr(kRoutes.size(), path.size() - kRoutes.size() - kModule.size()));
    std::vector<uint8_t> wasm(request.body.begin(), request.body.end());
    std::lock_guard<std::mutex> lock(deploy_mutex_);
    std::shared_ptr<const Deployment> now = current();
    if (!now->find(name)) return text(404, "no route named \"" + name + "\"\n");
    auto d = deployUpload(ctx_, *now, name, std::move(wasm));
    if (!d.ok()) {
      metrics_.deploy_failures.fetch_add(1);
      log_.event("error", "upload for route \"" + name + "\" refused: " + d.error().message,
                 {{"request_id", request.request_id}});
      return text(400, "deploy failed, still serving the previous version: " + d.error().message + "\n");
    }
    uint64_t version = (*d)->find(name)->version;
    install(std::move(*d), "upload for route \"" + name + "\", request " + request.request_id);
    return text(200, "deployed route \"" + name + "\" version " + std::to_string(version) + "\n");
  }
  return text(404, "no such admin endpoint\n");
}

Response App::stats() const {
  std::shared_ptr<const Deployment> d = current();
  json routes = json::array();
  uint64_t total = 0, errors = 0;
  int64_t in_flight = 0;
  for (const auto& r : d->routes) {
    const RouteStats& s = *r->stats;
    json methods = json::array();
    for (const std::string& m : r->config.methods) methods.push_back(m);
    uint64_t inst_count = s.instantiation.count();
    routes.push_back({{"name", r->config.name},
                      {"match", r->config.prefix ? "prefix" : "exact"},
                      {"path", r->config.path},
                      {"methods", methods},
                      {"module", r->uploaded ? "(uploaded)" : r->config.module_path},
                      {"version", r->version},
                      {"requests", s.requests.load()},
                      {"errors", s.errors.load()},
                      {"traps", s.traps.load()},
                      {"timeouts", s.timeouts.load()},
                      {"in_flight", s.in_flight.load()},
                      {"p50_ms", s.latency.quantileMs(0.5)},
                      {"p99_ms", s.latency.quantileMs(0.99)},
                      {"instantiate_us",
                       inst_count ? static_cast<double>(s.instantiation.sumNs()) / 1000.0 / inst_count : 0.0}});
    total += s.requests.load();
    errors += s.errors.load();
    in_flight += s.in_flight.load();
  }
  json rate = json::array();
  for (const Metrics::Second& s : metrics_.lastSeconds(60))
    rate.push_back({{"t", s.t}, {"requests", s.requests}, {"errors", s.errors}, {"p50_ms", s.p50_ms},
                    {"p99_ms", s.p99_ms}});
  json recent = json::array();
  for (const RecentError& e : metrics_.recentErrors())
    recent.push_back({{"time", e.time},
                      {"request_id", e.request_id},
                      {"route", e.route},
                      {"method", e.method},
                      {"path", e.path},
                      {"status", e.status},
                      {"kind", e.kind},
                      {"message", e.message},
                      {"backtrace", e.backtrace}});
  json body = {{"version", PETREL_VERSION_STRING},
               {"uptime_s", uptimeSeconds()},
               {"workers", server_.workers},
               {"draining", draining()},
               {"generation", d->generation},
               {"totals", {{"requests", total}, {"errors", errors}, {"in_flight", in_flight}}},
               {"routes", routes},
               {"rate", rate},
               {"recent_errors", recent}};
  Response r = text(200, body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
  r.headers.emplace_back("cache-control", "no-store");
  return r;
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (equalsIgnoringCase(n, name)) return v;
  return {};
}

}  // namespace petrel::serve
