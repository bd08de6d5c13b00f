// petrel run [OPTIONS] FILE [ARGS...]       (OPTIONS: --dir, --env, --invoke NAME,
//                                             --fuel, --timeout, --max-memory, --max-stack, -W, -S)
// Everything after FILE belongs to the guest.
//
// Every module runs with WASI preview1 available: its imports must all be
// wasi_snapshot_preview1 functions (a module without imports needs none).
// Without --invoke, `_start` runs with ARGS as the program's arguments; with
// --invoke, a reactor's `_initialize` runs first, then NAME with ARGS as its
// parameters. proc_exit(n) ends petrel with status n.
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "commands.h"
#include "compile_flags.h"
#include "diagnostics.h"
#include "module_loader.h"
#include "exec/trap.h"
#include "runtime/store.h"
#include "value_text.h"
#include "wasi/wasi_context.h"
#include "wasi/wasi_linker.h"

namespace petrel::internal::cli {

extern "C" char** environ;

namespace {

// What the limit options ask for, parsed.
struct RunLimits {
  std::optional<uint64_t> fuel;
  std::optional<std::chrono::nanoseconds> timeout;
  std::string timeout_text;  // as given, for the trap message
  std::optional<uint64_t> max_memory;
  std::optional<uint64_t> max_stack;
  bool inherit_env = false;
};

bool parseUnsigned(std::string_view text, uint64_t& out) {
  if (text.empty()) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (~uint64_t{0} - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

// Bytes: N, or N with K/M/G (powers of 1000) or Ki/Mi/Gi (powers of 1024), an optional trailing B.
bool parseSize(std::string_view text, uint64_t& out) {
  if (!text.empty() && (text.back() == 'B' || text.back() == 'b')) text.remove_suffix(1);
  uint64_t scale = 1;
  bool binary = text.size() >= 2 && (text.back() == 'i' || text.back() == 'I');
  if (binary) text.remove_suffix(1);
  if (!text.empty()) {
    uint64_t base = binary ? 1024 : 1000;
    switch (text.back()) {
      case 'k': case 'K': scale = base; break;
      case 'm': case 'M': scale = base * base; break;
      case 'g': case 'G': scale = base * base * base; break;
      default: if (binary) return false;
    }
    if (scale != 1) text.remove_suffix(1);
  }
  uint64_t n;
  if (!parseUnsigned(text, n) || n > ~uint64_t{0} / scale) return false;
  out = n * scale;
  return true;
}

// A duration: a decimal number with ns, us, ms, s, m or h (bare numbers are seconds).
bool parseDuration(std::string_view text, std::chrono::nanoseconds& out) {
  size_t unit_at = text.size();
  while (unit_at > 0 && ((text[unit_at - 1] >= 'a' && text[unit_at - 1] <= 'z'))) --unit_at;
  std::string number(text.substr(0, unit_at));
  std::string_view unit = text.substr(unit_at);
  if (number.empty()) return false;
  char* end = nullptr;
  double v = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !(v >= 0)) return false;
  double ns_per_unit;
  if (unit == "ns") ns_per_unit = 1;
  else if (unit == "us") ns_per_unit = 1e3;
  else if (unit == "ms") ns_per_unit = 1e6;
  else if (unit == "s" || unit.empty()) ns_per_unit = 1e9;
  else if (unit == "m") ns_per_unit = 60e9;
  else if (unit == "h") ns_per_unit = 3600e9;
  else return false;
  double ns = v * ns_per_unit;
  if (ns > 9e18) return false;
  out = std::chrono::nanoseconds(static_cast<int64_t>(ns));
  return true;
}

Status setFuel(RunLimits& limits, std::string_view value, std::string_view option) {
  uint64_t n;
  if (!parseUnsigned(value, n))
    return Error::make(ErrorKind::Other, std::string(option) + " \"" + std::string(value) + "\": expected a number");
  limits.fuel = n;
  return Status::success();
}
Status setTimeout(RunLimits& limits, std::string_view value, std::string_view option) {
  std::chrono::nanoseconds d;
  if (!parseDuration(value, d))
    return Error::make(ErrorKind::Other, std::string(option) + " \"" + std::string(value) +
                                             "\": expected a duration such as 500ms, 2s or 1m");
  limits.timeout = d;
  limits.timeout_text = std::string(value);
  return Status::success();
}
Status setSize(std::optional<uint64_t>& field, std::string_view value, std::string_view option) {
  uint64_t n;
  if (!parseSize(value, n))
    return Error::make(ErrorKind::Other, std::string(option) + " \"" + std::string(value) +
                                             "\": expected bytes, optionally with K, M, G, Ki, Mi or Gi");
  field = n;
  return Status::success();
}

// Calls `each(key, value, has_value)` for every item of comma-separated lists.
template <class F>
Status forEachKeyValue(const std::vector<std::string>& lists, F each) {
  for (const std::string& list : lists) {
    std::string_view rest = list;
    while (true) {
      size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      if (!item.empty()) {
        size_t eq = item.find('=');
        bool has_value = eq != std::string_view::npos;
        PETREL_TRY(each(item.substr(0, eq), has_value ? item.substr(eq + 1) : std::string_view{}, has_value));
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return Status::success();
}

Result<RunLimits> parseRunLimits(const RunOptions& options) {
  RunLimits limits;
  if (!options.fuel.empty()) PETREL_TRY(setFuel(limits, options.fuel, "--fuel"));
  if (!options.timeout.empty()) PETREL_TRY(setTimeout(limits, options.timeout, "--timeout"));
  if (!options.max_memory.empty()) PETREL_TRY(setSize(limits.max_memory, options.max_memory, "--max-memory"));
  if (!options.max_stack.empty()) PETREL_TRY(setSize(limits.max_stack, options.max_stack, "--max-stack"));
  PETREL_TRY(forEachKeyValue(options.wasm_options, [&](std::string_view key, std::string_view value, bool has) -> Status {
    std::string option = "-W " + std::string(key);
    if (!has && (key == "fuel" || key == "timeout" || key == "max-memory-size" || key == "max-wasm-stack"))
      return Error::make(ErrorKind::Other, option + ": expected " + std::string(key) + "=VALUE");
    if (key == "fuel") return setFuel(limits, value, option);
    if (key == "timeout") return setTimeout(limits, value, option);
    if (key == "max-memory-size") return setSize(limits.max_memory, value, option);
    if (key == "max-wasm-stack") return setSize(limits.max_stack, value, option);
    return Error::make(ErrorKind::Other, "-W: unknown option \"" + std::string(key) +
                                             "\" (known: fuel, timeout, max-memory-size, max-wasm-stack)");
  }));
  PETREL_TRY(forEachKeyValue(options.wasi_options, [&](std::string_view key, std::string_view value, bool has) -> Status {
    if (key == "inherit-env") {
      if (!has || value == "y" || value == "yes" || value == "true") limits.inherit_env = true;
      else if (value == "n" || value == "no" || value == "false") limits.inherit_env = false;
      else return Error::make(ErrorKind::Other, "-S inherit-env=\"" + std::string(value) + "\": expected y or n");
      return Status::success();
    }
    return Error::make(ErrorKind::Other, "-S: unknown option \"" + std::string(key) + "\" (known: inherit-env)");
  }));
  return limits;
}

// Interrupts the store when the timeout passes, unless stopped first.
class Watchdog {
 public:
  Watchdog(Store& store, std::chrono::nanoseconds timeout)
      : thread_([this, &store, timeout] {
          std::unique_lock<std::mutex> lock(mutex_);
          if (!cv_.wait_for(lock, timeout, [this] { return done_; })) {
            fired_ = true;
            store.interrupt();
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  bool fired() {
    std::lock_guard<std::mutex> lock(mutex_);
    return fired_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  bool fired_ = false;
  std::thread thread_;  // last: starts once the rest is initialised
};

// The exit status when running stopped early: a guest's proc_exit is its
// status (no error); anything else is reported.
int stoppedWith(const std::string& file, const Error& error) {
  return error.kind == ErrorKind::Exit ? error.exit_code : reportError(file, error);
}

Result<std::unique_ptr<wasi::WasiContext>> makeWasiContext(const RunOptions& options, const RunLimits& limits) {
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
  if (limits.inherit_env)
    for (char** e = environ; e && *e; ++e) wasi::parseEnvOption(*e, config.env);
  for (const std::string& spec : options.env)
    if (!wasi::parseEnvOption(spec, config.env))
      return Error::make(ErrorKind::Other, "--env \"" + spec + "\": expected NAME=VALUE or NAME");
  return wasi::WasiContext::create(config);
}

}  // namespace

int runCommand(const RunOptions& options) {
  const std::string& file = options.file;
  auto limits = parseRunLimits(options);
  if (!limits.ok()) return reportFailure(limits.error().message);
  RunStatsReport stats;  // --stats / PETREL_STATS=1: printed at every exit below
  CompileOptions compile_options = baseCompileOptions();  // --compile eager|lazy
  compile_options.fuel_metering = limits->fuel.has_value();
  compile_options.interruptible = limits->timeout.has_value();
  auto compiled = loadModule(file, compile_options);
  if (!compiled.ok()) return reportError(file, compiled.error());
  stats.compiled(*compiled);
  const Module& module = (*compiled)->module;

  auto wasi_ctx = makeWasiContext(options, *limits);
  if (!wasi_ctx.ok()) return reportFailure(wasi_ctx.error().message);
  // A guest writing to a closed pipe gets `pipe` from fd_write; the default
  // SIGPIPE would kill the runtime instead.
  std::signal(SIGPIPE, SIG_IGN);

  StoreLimits store_limits;
  if (limits->max_memory) {
    store_limits.max_memory_bytes = *limits->max_memory;
    store_limits.max_store_memory_bytes = *limits->max_memory;
  }
  if (limits->max_stack) store_limits.setValueStackBytes(*limits->max_stack);
  Store store(store_limits);
  if (limits->fuel) store.setFuel(*limits->fuel);
  // The timeout covers everything the guest runs: start function, _initialize, the call.
  std::optional<Watchdog> watchdog;
  if (limits->timeout) watchdog.emplace(store, *limits->timeout);
  auto stopped = [&](const std::string& file, Error error) {
    if (watchdog && watchdog->fired() && error.kind == ErrorKind::Trap &&
        error.message.rfind(trapMessage(TrapKind::Interrupted), 0) == 0)
      error.message.insert(std::string_view(trapMessage(TrapKind::Interrupted)).size(),
                           " (timeout of " + limits->timeout_text + " exceeded)");
    return stoppedWith(file, error);
  };
  wasi::WasiHost wasi_host(store, **wasi_ctx);
  auto imports = wasi_host.resolveImports(module);
  if (!imports.ok()) return reportError(file, imports.error());

  stats.instantiating();
  auto instance = store.instantiate(*compiled, *imports);
  stats.instantiated();
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
