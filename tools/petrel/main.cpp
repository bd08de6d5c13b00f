// petrel: the command-line front end. Parses the command line (CLI11, this
// is the only file that includes it) and hands over to one subcommand.
#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "compile_flags.h"
#include "diagnostics.h"
#include "run_options.h"

using namespace petrel::internal::cli;

namespace {

// `petrel run` options that take a value (the rest are flags).
bool runOptionTakesValue(std::string_view a) {
  for (const char* o : {"--invoke", "--dir", "--env", "--fuel", "--timeout", "--max-memory", "--max-stack", "-W", "-S",
                        "--compile", "--i2c", "--gpio", "--spi", "--uart", "--hw", "--hw-log", "--hw-button"})
    if (a == o) return true;
  return false;
}

bool endsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

bool isFile(const char* path) {
  struct stat st;
  return ::stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

// Splits `petrel run` arguments as wasmtime does: Petrel's options, then the
// module, then everything else for the guest (options included; a `--`
// right after the module is dropped, and `--` before it ends the options).
// `args` starts at the first argument after `run`.
void splitRunArguments(const std::vector<std::string>& args, std::vector<std::string>& petrel_args,
                       std::vector<std::string>& guest_args) {
  size_t i = 0;
  while (i < args.size()) {
    const std::string& a = args[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() < 2 || a[0] != '-') break;  // the module
    petrel_args.push_back(a);
    ++i;
    if (runOptionTakesValue(a) && i < args.size()) petrel_args.push_back(args[i++]);
  }
  if (i < args.size()) petrel_args.push_back(args[i++]);  // the module
  if (i < args.size() && args[i] == "--") ++i;
  guest_args.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"petrel: a WebAssembly runtime", "petrel"};
  app.footer(kExitStatusHelp);
  app.require_subcommand(1);
  app.set_version_flag("--version", "petrel 0.1.0");

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand(
      "run", "Instantiate a module with WASI preview1 and run `_start` (or an exported function)");
  run_cmd->add_option("file", run.file, "Module (.wasm binary or .wat text)")->required();
  run_cmd->add_option("--invoke", run.invoke,
                      "Call this export instead of `_start` (after `_initialize`, for reactors), printing its "
                      "results");
  run_cmd->add_option("--dir", run.dirs,
                      "Grant the guest a host directory, as HOST or HOST::GUEST (the guest's name for it); "
                      "repeatable. Nothing else of the host's file system is visible")
      ->type_name("HOST[::GUEST]")
      ->allow_extra_args(false);
  run_cmd->add_option("--env", run.env,
                      "Give the guest an environment variable; NAME alone passes the host's value; repeatable. "
                      "The guest sees no other variables")
      ->type_name("NAME[=VALUE]")
      ->allow_extra_args(false);
  run_cmd->add_option("--fuel", run.fuel, "Stop the guest with a trap after N wasm instructions")->type_name("N");
  run_cmd->add_option("--timeout", run.timeout, "Stop the guest with a trap after this long (500ms, 2s, 1m)")
      ->type_name("DURATION");
  run_cmd->add_option("--max-memory", run.max_memory,
                      "Cap linear memory, per memory and in total (bytes; K/M/G or Ki/Mi/Gi suffixes)")
      ->type_name("SIZE");
  run_cmd->add_option("--max-stack", run.max_stack, "Cap the wasm value stack (bytes; K/M/G or Ki/Mi/Gi)")
      ->type_name("SIZE");
  run_cmd->add_option("-W", run.wasm_options,
                      "wasmtime's spellings, comma-separated, repeatable: fuel=N, timeout=DURATION, "
                      "max-memory-size=SIZE, max-wasm-stack=SIZE, "
                      "custom-page-sizes[=y|n] (memories of 1-byte pages, a proposal)")
      ->type_name("KEY=VALUE,...")
      ->allow_extra_args(false);
  run_cmd->add_option("-S", run.wasi_options,
                      "WASI options, comma-separated, repeatable: inherit-env[=y|n] (pass the whole host "
                      "environment)")
      ->type_name("KEY[=VALUE],...")
      ->allow_extra_args(false);
  // Hardware grants (docs/HARDWARE.md): nothing of petrel_hw is reachable without them.
  run_cmd->add_option("--i2c", run.i2c,
                      "Grant I2C bus BUS (/dev/i2c-BUS; the guest's bus BUS), only at the 7-bit addresses "
                      "listed (hex 0x48 or decimal), or at any; repeatable")
      ->type_name("BUS[:ADDR,...]")
      ->allow_extra_args(false);
  run_cmd->add_option("--gpio", run.gpio,
                      "Grant lines of GPIO chip CHIP (/dev/gpiochipCHIP; the guest's chip CHIP), e.g. 0:0-4 or "
                      "0:1,3,17; repeatable")
      ->type_name("CHIP:LINES")
      ->allow_extra_args(false);
  run_cmd->add_option("--spi", run.spi,
                      "Grant an SPI device: B.C is /dev/spidevB.C, or a path. The guest's device numbers are "
                      "the order of the --spi flags (0, 1, ...); repeatable")
      ->type_name("B.C|PATH")
      ->allow_extra_args(false);
  run_cmd->add_option("--uart", run.uart,
                      "Grant a UART: a tty path, or a port number N (/dev/ttySN; with --hw sim, simulated "
                      "UART N). The guest's port numbers are the order of the --uart flags; repeatable")
      ->type_name("PORT|PATH")
      ->allow_extra_args(false);
  run_cmd->add_option("--hw", run.hw,
                      "Hardware backend: linux (default: the host's devices) or sim (the simulated board: "
                      "sensor on I2C 0 at 0x48, flash on SPI 0.0, LEDs on GPIO 0:0-3, button on 0:4, "
                      "echo peer on UART 0, virtual time)")
      ->type_name("linux|sim");
  run_cmd->add_option("--hw-log", run.hw_log,
                      "With --hw sim: write the event log (every LED and button change, in virtual time) to "
                      "FILE, or - for stderr")
      ->type_name("FILE|-");
  run_cmd->add_option("--hw-button", run.hw_button,
                      "With --hw sim: when the button is pressed, in virtual ms, each held 100 ms or +HOLD; "
                      "none for never (default 250,750,1250,1750,2250)")
      ->type_name("MS[+HOLD],...");
  // Compilation mode and statistics (compile_flags.h): process-wide
  // settings, also read from PETREL_COMPILE / PETREL_STATS.
  auto add_compile_flags = [](CLI::App* cmd, bool with_stats) {
    cmd->add_option_function<std::string>("--compile", [](const std::string& mode) { setCompileMode(mode); },
                                          "lazy (default): translate each function on its first call; "
                                          "eager: translate every function before running")
        ->check(CLI::IsMember({"lazy", "eager"}))
        ->type_name("eager|lazy")
        ->allow_extra_args(false);
    if (with_stats)
      cmd->add_flag_function("--stats", [](int64_t n) { setReportStats(n > 0); },
                             "At exit, print to stderr compile and instantiation time and the functions "
                             "translated (also PETREL_STATS=1)");
  };
  add_compile_flags(run_cmd, true);
  run_cmd->footer(std::string("Everything after FILE goes to the guest: its arguments, or with --invoke the "
                              "function's (i32/i64 decimal or 0x hex, f32/f64 decimal, hex float, inf, -inf, nan, "
                              "v128 one 128-bit integer in decimal or 0x hex, lane 0 in its low bits). Results "
                              "print one a line as wasmtime prints them (v128 as that integer in decimal). "
                              "Petrel's own options come before FILE. `petrel FILE ARGS...` is short for "
                              "`petrel run FILE ARGS...`.\n") +
                  kExitStatusHelp +
                  "A WASI program's own status (proc_exit, or returning from main) is passed on as it is.\n");

  std::string validate_file;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Decode and validate a module; print \"ok\" or the error");
  validate_cmd->add_option("file", validate_file, "Module (.wasm binary or .wat text)")->required();
  bool validate_stats = false;
  validate_cmd->add_flag("--stats", validate_stats,
                         "Also print decode, validation and translation times and the size of the translated code "
                         "against the wasm");
  bool validate_dump = false;
  validate_cmd->add_flag("--dump-code", validate_dump, "Also print every function's internal code");
  std::vector<std::string> validate_wasm_options;
  validate_cmd->add_option("-W", validate_wasm_options,
                           "custom-page-sizes[=y|n]: accept memories of 1-byte pages (a proposal), as petrel run -W")
      ->type_name("KEY=VALUE,...")
      ->allow_extra_args(false);

  WastOptions wast;
  CLI::App* wast_cmd = app.add_subcommand("wast", "Run WebAssembly spec test scripts (.wast)");
  wast_cmd->add_option("paths", wast.paths,
                       "Scripts or folders of scripts, relative to the working directory or the suite root "
                       "(default: core, core/bulk-memory, core/multi-memory, core/memory64, core/simd, "
                       "core/relaxed-simd, proposals/custom-page-sizes)");
  wast_cmd->add_option("--testsuite", wast.testsuite,
                       "Suite root holding core/ (default: $PETREL_TESTSUITE, ../shared/testsuite, "
                       "third_party/spec/test)");
  wast_cmd->add_option("--skip-list", wast.skip_list, "Skip list (default: tests/spec/skip.txt in the source tree)");
  wast_cmd->add_flag("-v,--verbose", wast.verbose, "Show message mismatches, warnings and spectest prints");
  wast_cmd->add_flag("!--no-isolate", wast.isolate, "Run every file in this process (for debuggers)");
  wast_cmd->add_option("--timeout", wast.file_timeout_seconds, "Seconds allowed per file (isolated runs)");
  wast_cmd->add_option("--emit-modules", wast.emit_modules,
                       "Write every module of the scripts into this folder (.wasm, .wat for quoted text) "
                       "instead of running them");
  add_compile_flags(wast_cmd, false);
  wast_cmd->footer("Prints one line per file and a final line `N passed, N failed, N skipped`; exits 1 if any "
                   "command failed.");

  std::string wat_in, wat_out;
  CLI::App* wat_cmd = app.add_subcommand("wat2wasm", "Translate a text module to the binary format");
  wat_cmd->add_option("input", wat_in, "Text module (.wat)")->required();
  wat_cmd->add_option("-o,--output", wat_out, "Output file (default: input with .wasm)");
  bool wat_debug_names = false;
  wat_cmd->add_flag("--debug-names", wat_debug_names,
                    "Write all names (locals, types, ...) to the name section, not only functions'");

  std::string w2w_in, w2w_out;
  CLI::App* w2w_cmd = app.add_subcommand("wasm2wat", "Print a module in the text format");
  w2w_cmd->add_option("input", w2w_in, "Module (.wasm, or .wat)")->required();
  w2w_cmd->add_option("-o,--output", w2w_out, "Output file (default: standard output)");

  ServeOptions serve;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve", "Serve HTTP: each request runs a fresh instance of its route's module (WAGI: CGI over WASI)");
  serve_cmd->add_option("target", serve.target, "Config file (app.toml), or one handler module for every path")
      ->required();
  serve_cmd->add_option("--listen", serve.listen, "Address to listen on (default 127.0.0.1:8080)")
      ->type_name("ADDR:PORT");
  serve_cmd->add_option("--admin-listen", serve.admin_listen,
                        "Also serve the host's endpoints (health, metrics, dashboard, admin) here, on a thread "
                        "of their own, so probes answer while every worker runs a guest")
      ->type_name("ADDR:PORT");
  serve_cmd->add_option("--workers", serve.workers, "Worker threads (default: one per core)")->type_name("N");
  serve_cmd->add_option("--access-log", serve.access_log, "Access log as JSON lines: a file, - (stdout) or off")
      ->type_name("PATH|-|off");
  serve_cmd->add_flag("--check", serve.check, "Load the config and compile every module, then exit");
  serve_cmd->footer("See docs/SERVE.md for the config file, the endpoints and the guest interface.");

  // `petrel FILE ARGS...` is `petrel run FILE ARGS...` when FILE is not a
  // subcommand and looks like a module (or names an existing file).
  std::vector<std::string> args(argv + 1, argv + argc);
  auto is_subcommand = [&app](const std::string& name) {
    try {
      return app.get_subcommand(name) != nullptr;
    } catch (const CLI::OptionNotFound&) {
      return false;
    }
  };
  if (!args.empty() && !args[0].empty() && args[0][0] != '-' && !is_subcommand(args[0]) &&
      (endsWith(args[0], ".wasm") || endsWith(args[0], ".wat") || isFile(args[0].c_str())))
    args.insert(args.begin(), "run");
  // CLI11 sees `run`'s options and the module only; the guest's arguments
  // are set aside untouched.
  std::vector<std::string> guest_args;
  if (!args.empty() && args[0] == "run") {
    std::vector<std::string> petrel_args;
    splitRunArguments(std::vector<std::string>(args.begin() + 1, args.end()), petrel_args, guest_args);
    args.resize(1);
    args.insert(args.end(), petrel_args.begin(), petrel_args.end());
  }
  std::vector<char*> parse_argv{argv[0]};
  for (std::string& a : args) parse_argv.push_back(a.data());

  try {
    app.parse(static_cast<int>(parse_argv.size()), parse_argv.data());
  } catch (const CLI::ParseError& e) {
    // Help and version are "errors" that exit 0; real ones print one line.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "petrel: error: %s (see petrel --help)\n", e.what());
    return kExitUsage;
  }

  if (*run_cmd) {
    run.args = std::move(guest_args);
    return runCommand(run);
  }
  if (*validate_cmd) {
    auto custom_page_sizes = parseCustomPageSizesOption(validate_wasm_options);
    if (!custom_page_sizes.ok()) return reportFailure(custom_page_sizes.error().message);
    return validateCommand(validate_file, validate_stats, validate_dump, *custom_page_sizes);
  }
  if (*wast_cmd) return wastCommand(wast);
  if (*wat_cmd) return wat2wasmCommand(wat_in, wat_out, wat_debug_names);
  if (*w2w_cmd) return wasm2watCommand(w2w_in, w2w_out);
  if (*serve_cmd) return serveCommand(serve);
  return kExitUsage;
}
