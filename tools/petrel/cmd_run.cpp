// petrel run [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... FILE [--] [ARGS...]
// petrel run [...] FILE --invoke NAME [ARGS...]
//
// Every module runs with WASI preview1 available: its imports must all be
// wasi_snapshot_preview1 functions (a module without imports needs none).
// Without --invoke, `_start` runs with ARGS as the program's arguments; with
// --invoke, a reactor's `_initialize` runs first, then NAME with ARGS as its
// parameters. proc_exit(n) ends petrel with status n.
#include <csignal>
#include <cstdio>
#include <memory>

#include "commands.h"
#include "diagnostics.h"
#include "module_loader.h"
#include "runtime/store.h"
#include "value_text.h"
#include "wasi/wasi_context.h"
#include "wasi/wasi_linker.h"

namespace petrel::internal::cli {

namespace {

// The exit status when running stopped early: a guest's proc_exit is its
// status (no error); anything else is reported.
int stopped(const std::string& file, const Error& error) {
  return error.kind == ErrorKind::Exit ? error.exit_code : reportError(file, error);
}

Result<std::unique_ptr<wasi::WasiContext>> makeWasiContext(const RunOptions& options) {
  wasi::WasiConfig config;
  // argv[0] is the program as named on the command line (as wasmtime does).
  config.args.push_back(options.file);
  if (options.invoke.empty()) config.args.insert(config.args.end(), options.args.begin(), options.args.end());
  for (const std::string& spec : options.dirs) {
    wasi::WasiPreopen p = wasi::parsePreopen(spec);
    if (p.host_path.empty() || p.guest_path.empty())
      return Error::make(ErrorKind::Other, "--dir \"" + spec + "\": expected HOST or HOST::GUEST");
    config.preopens.push_back(std::move(p));
  }
  for (const std::string& spec : options.env)
    if (!wasi::parseEnvOption(spec, config.env))
      return Error::make(ErrorKind::Other, "--env \"" + spec + "\": expected NAME=VALUE or NAME");
  return wasi::WasiContext::create(config);
}

}  // namespace

int runCommand(const RunOptions& options) {
  const std::string& file = options.file;
  auto compiled = loadModule(file);
  if (!compiled.ok()) return reportError(file, compiled.error());
  const Module& module = (*compiled)->module;

  auto wasi_ctx = makeWasiContext(options);
  if (!wasi_ctx.ok()) return reportFailure(wasi_ctx.error().message);
  // A guest writing to a closed pipe gets `pipe` from fd_write; the default
  // SIGPIPE would kill the runtime instead.
  std::signal(SIGPIPE, SIG_IGN);

  Store store;
  wasi::WasiHost wasi_host(store, **wasi_ctx);
  auto imports = wasi_host.resolveImports(module);
  if (!imports.ok()) return reportError(file, imports.error());

  auto instance = store.instantiate(*compiled, *imports);
  if (!instance.ok()) return stopped(file, instance.error());

  if (options.invoke.empty()) {
    auto start = (*instance)->exportByName("_start");
    FunctionInstance* func = start ? start->func() : nullptr;
    if (!func)
      return reportFailure(file + ": no exported function \"_start\" to run (a WASI command exports `_start`; "
                                  "use --invoke NAME to call another export)");
    if (!func->type->params.empty() || !func->type->results.empty())
      return reportFailure(file + ": \"_start\" has type " + wasi::describeFuncType(*func->type) +
                           ", expected () -> ()");
    auto results = store.call(func, {});
    if (!results.ok()) return stopped(file, results.error());
    return kExitOk;
  }

  // A WASI reactor initialises itself before any other export is called.
  if (auto init = (*instance)->exportByName("_initialize"); init && init->func() && options.invoke != "_initialize") {
    auto results = store.call(init->func(), {});
    if (!results.ok()) return stopped(file, results.error());
  }

  const std::string& name = options.invoke;
  auto ext = (*instance)->exportByName(name);
  FunctionInstance* func = ext ? ext->func() : nullptr;
  if (!func) return reportFailure(file + ": no exported function \"" + name + "\"");

  const FuncType& type = *func->type;
  if (options.args.size() != type.params.size())
    return reportFailure(file + ": \"" + name + "\" takes " + std::to_string(type.params.size()) +
                         " argument(s), " + std::to_string(options.args.size()) + " given");
  std::vector<Value> args;
  for (size_t i = 0; i < options.args.size(); ++i) {
    auto v = parseArgument(type.params[i], options.args[i]);
    if (!v)
      return reportFailure("argument " + std::to_string(i + 1) + " \"" + options.args[i] + "\" is not a valid " +
                           toString(type.params[i]));
    args.push_back(*v);
  }

  auto results = store.call(func, args);
  if (!results.ok()) return stopped(file, results.error());
  for (const Value& v : *results) std::printf("%s\n", formatResult(v).c_str());
  return kExitOk;
}

}  // namespace petrel::internal::cli
