// petrel run [OPTIONS] FILE [ARGS...]       (OPTIONS: --dir, --env, --invoke NAME,
//                                             --fuel, --timeout, --max-memory, --max-stack, -W, -S,
//                                             --i2c, --gpio, --spi, --uart, --hw, --hw-log, --hw-button)
// Everything after FILE belongs to the guest.
//
// A host on the public embedding API (include/petrel/), like any other:
// every module runs with WASI preview1 and petrel_hw linked (its imports must
// all be wasi_snapshot_preview1 or petrel_hw functions; hardware is reachable
// only as granted by --i2c, --gpio, --spi and --uart). Without --invoke, `_start` runs with
// ARGS as the program's arguments; with --invoke, a reactor's `_initialize`
// runs first, then NAME with ARGS as its parameters. proc_exit(n) ends
// petrel with status n.
#include <petrel/petrel.hpp>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "commands.h"
#include "compile_flags.h"
#include "diagnostics.h"
#include "module_loader.h"
#include "run_options.h"
#include "value_text.h"

namespace petrel::internal::cli {

namespace {

using petrel::Engine;
using petrel::Linker;
using petrel::Module;
using PublicStore = petrel::Store;

// Interrupts the store when the timeout passes, unless stopped first.
class Watchdog {
 public:
  Watchdog(PublicStore& store, std::chrono::nanoseconds timeout)
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

uint64_t nowNanos() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}
double ms(uint64_t nanos) { return static_cast<double>(nanos) / 1e6; }

// --stats / PETREL_STATS=1: compile, instantiation and translation costs of
// the run, printed to stderr when it goes out of scope (every exit path).
class RunStatsReport {
 public:
  ~RunStatsReport() {
    if (!reportStats() || !module_) return;
    petrel::ModuleStats s = module_->stats();
    std::fprintf(stderr,
                 "petrel stats: compile (%s: decode, validate%s) %.3f ms; instantiate %.3f ms; "
                 "functions translated %u / %u in %.3f ms (%llu bytes of code, %llu of source map)\n",
                 lazyCompilation() ? "lazy" : "eager", lazyCompilation() ? "" : ", translate",
                 ms(compile_done_ - start_), instantiate_done_ ? ms(instantiate_done_ - instantiate_start_) : 0.0,
                 s.functions_translated, s.functions, ms(s.translation_nanos),
                 static_cast<unsigned long long>(s.code_bytes), static_cast<unsigned long long>(s.source_map_bytes));
  }
  void compiled(const Module& module) {
    compile_done_ = nowNanos();
    module_ = module;
  }
  void instantiating() { instantiate_start_ = nowNanos(); }
  void instantiated() { instantiate_done_ = nowNanos(); }

 private:
  uint64_t start_ = nowNanos(), compile_done_ = 0, instantiate_start_ = 0, instantiate_done_ = 0;
  std::optional<Module> module_;
};

}  // namespace

int runCommand(const RunOptions& options) {
  const std::string& file = options.file;
  auto limits = parseRunLimits(options);
  if (!limits.ok()) return reportFailure(limits.error().message);
  auto wasi = wasiConfigFor(options, *limits);
  if (!wasi.ok()) return reportFailure(wasi.error().message);
  auto hw = hwConfigFor(options);
  if (!hw.ok()) return reportFailure(hw.error().message);
  // --hw-log: the simulated board's event log, a line per LED or button change.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> hw_log(nullptr, std::fclose);
  if (*hw && !options.hw_log.empty()) {
    std::FILE* out = stderr;
    if (options.hw_log != "-") {
      hw_log.reset(std::fopen(options.hw_log.c_str(), "w"));
      if (!hw_log) return reportFailure("--hw-log \"" + options.hw_log + "\": cannot open for writing");
      out = hw_log.get();
    }
    (*hw)->event_log = [out](std::string_view line) {
      std::fwrite(line.data(), 1, line.size(), out);
      std::fputc('\n', out);
    };
  }

  RunStatsReport stats;
  petrel::Config config;
  config.consume_fuel = limits->fuel.has_value();
  config.epoch_interruption = limits->timeout.has_value();
  config.lazy_compilation = lazyCompilation();  // --compile eager|lazy
  config.collect_stats = reportStats();
  config.custom_page_sizes = limits->custom_page_sizes;
  Engine engine(config);
  auto bytes = readFile(file);
  if (!bytes.ok()) return reportError(file, bytes.error());
  auto module = Module::compile(engine, std::move(*bytes));  // binary or text; kept, not copied
  if (!module.ok()) return reportError(file, module.error());
  stats.compiled(*module);

  petrel::StoreLimits store_limits;
  if (limits->max_memory) {
    store_limits.max_memory_bytes = *limits->max_memory;
    store_limits.max_instance_memory_bytes = *limits->max_memory;
    store_limits.max_store_memory_bytes = *limits->max_memory;
  }
  if (limits->max_stack) store_limits.max_stack_bytes = *limits->max_stack;
  PublicStore store(engine, store_limits);
  if (limits->fuel) (void)store.setFuel(*limits->fuel);
  Status wasi_status = store.configureWasi(*wasi);
  if (!wasi_status.ok()) return reportFailure(wasi_status.error().message);
  if (*hw) {
    Status hw_status = store.configureHardware(**hw);
    if (!hw_status.ok()) return reportFailure(hw_status.error().message);
  }
  // A guest writing to a closed pipe gets `pipe` from fd_write; the default
  // SIGPIPE would kill the runtime instead.
  std::signal(SIGPIPE, SIG_IGN);

  // The timeout covers everything the guest runs: start function, _initialize, the call.
  std::optional<Watchdog> watchdog;
  if (limits->timeout) watchdog.emplace(store, *limits->timeout);
  // A guest's proc_exit is its status (no error); anything else is reported.
  auto stopped = [&](Error error) {
    if (error.kind == ErrorKind::Exit) return static_cast<int>(error.exit_code);
    constexpr std::string_view kInterrupted = "interrupted";
    if (watchdog && watchdog->fired() && error.kind == ErrorKind::Trap && error.message.rfind(kInterrupted, 0) == 0)
      error.message.insert(kInterrupted.size(), " (timeout of " + limits->timeout_text + " exceeded)");
    return reportError(file, error);
  };

  Linker linker(engine);
  (void)linker.defineWasi();
  (void)linker.defineHardware();  // petrel_hw: nothing reachable unless granted (--i2c, --gpio, --spi, --uart)
  stats.instantiating();
  auto instance = linker.instantiate(store, *module);
  stats.instantiated();
  if (!instance.ok()) return stopped(instance.takeError());

  if (options.invoke.empty()) {
    std::optional<petrel::Func> start = instance->func("_start");
    if (!start)
      return reportFailure(file + ": no exported function \"_start\" to run (a WASI command exports `_start`; "
                                  "use --invoke NAME to call another export)");
    auto run = start->typed<void()>();
    if (!run.ok())
      return reportFailure(file + ": \"_start\" has type " + start->type().toString() + ", expected () -> ()");
    Status s = (*run)();
    if (!s.ok()) return stopped(s.takeError());
    return kExitOk;
  }

  // A WASI reactor initialises itself before any other export is called.
  if (std::optional<petrel::Func> init = instance->func("_initialize"); init && options.invoke != "_initialize") {
    auto r = init->call({});
    if (!r.ok()) return stopped(r.takeError());
  }

  const std::string& name = options.invoke;
  std::optional<petrel::Func> func = instance->func(name);
  if (!func) return reportFailure(file + ": no exported function \"" + name + "\"");
  petrel::FuncType type = func->type();
  if (options.args.size() != type.params.size())
    return reportFailure(file + ": \"" + name + "\" takes " + std::to_string(type.params.size()) +
                         " argument(s), " + std::to_string(options.args.size()) + " given");
  std::vector<petrel::Value> args;
  for (size_t i = 0; i < options.args.size(); ++i) {
    auto v = parseArgument(type.params[i], options.args[i]);
    if (!v)
      return reportFailure("argument " + std::to_string(i + 1) + " \"" + options.args[i] + "\" is not a valid " +
                           type.params[i].toString());
    args.push_back(*v);
  }
  auto results = func->call(args);
  if (!results.ok()) return stopped(results.takeError());
  for (const petrel::Value& v : *results) std::printf("%s\n", formatResult(v).c_str());
  return kExitOk;
}

}  // namespace petrel::internal::cli
