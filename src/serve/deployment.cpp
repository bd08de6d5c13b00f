#include "serve/deployment.h"

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <iterator>

#include "serve/metrics.h"
#include "serve/wagi_handler.h"

namespace petrel::serve {

FileIdentity FileIdentity::of(const std::string& path) {
  FileIdentity id;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return id;
  id.exists = true;
  id.size = static_cast<uint64_t>(st.st_size);
  id.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  id.inode = static_cast<uint64_t>(st.st_ino);
  return id;
}

const DeployedRoute* Deployment::find(const std::string& name) const {
  for (const auto& r : routes)
    if (r->config.name == name) return r.get();
  return nullptr;
}

namespace {

std::string routeWhere(const AppConfig& config, const RouteConfig& r) {
  std::string where = config.source;
  if (r.line) where += ":" + std::to_string(r.line);
  return where + ": route \"" + r.name + "\": ";
}

Result<Module> compileFile(const Engine& engine, const std::string& path, double& ms) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::make(ErrorKind::Io, "cannot read module \"" + path + "\"");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto t0 = std::chrono::steady_clock::now();
  auto module = Module::compile(engine, std::move(bytes));
  ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!module.ok()) {
    Error e = module.takeError();
    e.message = "module \"" + path + "\": " + e.describe();
    return e;
  }
  return module;
}

// The handler for a route's module: pre-linked against WASI, so that an
// import Petrel cannot satisfy fails the deploy, not a request.
Status attachHandler(DeployContext& ctx, DeployedRoute& r) {
  auto pre = ctx.linker.instantiatePre(*r.module);
  if (!pre.ok()) return pre.takeError();
  r.handler = std::make_unique<WagiHandler>(std::move(*pre), r.config, ctx.epoch_tick_ns);
  return Status::success();
}

// A route of the next deployment taking `old`'s module as it is.
void carryOver(DeployedRoute& r, const DeployedRoute& old) {
  r.module = old.module;
  r.version = old.version;
  r.uploaded = old.uploaded;
  r.compile_ms = old.compile_ms;
}

void finish(Deployment& d) {
  std::vector<const RouteConfig*> configs;
  for (const auto& r : d.routes) configs.push_back(&r->config);
  d.router = Router(configs);
}

}  // namespace

Result<std::shared_ptr<const Deployment>> buildDeployment(DeployContext& ctx, AppConfig config,
                                                          const Deployment* previous) {
  auto d = std::make_shared<Deployment>();
  d->generation = previous ? previous->generation + 1 : 1;
  if (!config.single_handler) d->config_file = FileIdentity::of(config.source);
  auto shared_config = std::make_shared<const AppConfig>(std::move(config));
  d->config = shared_config;
  for (const RouteConfig& rc : shared_config->routes) {
    auto r = std::make_unique<DeployedRoute>();
    r->config = rc;
    r->stats = &ctx.metrics->route(rc.name);
    r->file = FileIdentity::of(rc.module_path);
    if (!r->file.exists)
      return Error::make(ErrorKind::Io, routeWhere(*shared_config, rc) + "module \"" + rc.module_path +
                                            "\" does not exist");
    const DeployedRoute* old = previous ? previous->find(rc.name) : nullptr;
    bool same_file = old && old->config.module_path == rc.module_path && old->file == r->file;
    if (same_file) {
      // Unchanged file (or an upload made since it last changed): keep it.
      carryOver(*r, *old);
    } else {
      auto module = compileFile(ctx.engine, rc.module_path, r->compile_ms);
      if (!module.ok()) return Error::make(ErrorKind::Invalid, routeWhere(*shared_config, rc) + module.error().message);
      r->module = std::move(*module);
      r->version = old ? old->version + 1 : 1;
    }
    if (Status s = attachHandler(ctx, *r); !s.ok())
      return Error::make(ErrorKind::Uninstantiable, routeWhere(*shared_config, rc) + "module \"" + rc.module_path +
                                                        "\": " + s.error().message);
    d->routes.push_back(std::move(r));
  }
  finish(*d);
  return std::shared_ptr<const Deployment>(std::move(d));
}

Result<std::shared_ptr<const Deployment>> deployUpload(DeployContext& ctx, const Deployment& previous,
                                                       const std::string& name, std::vector<uint8_t>&& wasm) {
  if (!previous.find(name)) return Error::make(ErrorKind::Other, "no route named \"" + name + "\"");
  auto t0 = std::chrono::steady_clock::now();
  auto module = Module::compile(ctx.engine, std::move(wasm));
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!module.ok()) return Error::make(ErrorKind::Invalid, "uploaded module: " + module.error().describe());
  auto d = std::make_shared<Deployment>();
  d->generation = previous.generation + 1;
  d->config = previous.config;
  d->config_file = previous.config_file;
  for (const auto& old : previous.routes) {
    auto r = std::make_unique<DeployedRoute>();
    r->config = old->config;
    r->stats = old->stats;
    r->file = old->file;
    carryOver(*r, *old);
    if (old->config.name == name) {
      r->module = *module;
      r->version = old->version + 1;
      r->uploaded = true;
      r->compile_ms = ms;
      // Kept until the route's file changes: a later edit of the file wins.
      r->file = FileIdentity::of(old->config.module_path);
    }
    if (Status s = attachHandler(ctx, *r); !s.ok())
      return Error::make(ErrorKind::Uninstantiable, "route \"" + r->config.name + "\": " + s.error().message);
    d->routes.push_back(std::move(r));
  }
  finish(*d);
  return std::shared_ptr<const Deployment>(std::move(d));
}

}  // namespace petrel::serve
