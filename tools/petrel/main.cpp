// petrel: the command-line front end. Parses the command line (CLI11, this
// is the only file that includes it) and hands over to one subcommand.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "diagnostics.h"

using namespace petrel::internal::cli;

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
  run_cmd->add_option("args", run.args,
                      "The program's arguments (after `--` when they look like options); with --invoke, the "
                      "function's: i32/i64 decimal or 0x hex, f32/f64 decimal, hex float, inf, -inf, nan");
  run_cmd->footer(std::string(kExitStatusHelp) +
                  "A WASI program's own status (proc_exit, or returning from main) is passed on as it is.\n");
  // Options come before FILE (or before `--`); from the first argument CLI11
  // does not know on, everything goes to `remaining()`, i.e. to the guest.
  run_cmd->prefix_command();

  std::string validate_file;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Decode and validate a module; print \"ok\" or the error");
  validate_cmd->add_option("file", validate_file, "Module (.wasm binary or .wat text)")->required();
  bool validate_stats = false;
  validate_cmd->add_flag("--stats", validate_stats, "Also print the size of the translated code against the wasm");
  bool validate_dump = false;
  validate_cmd->add_flag("--dump-code", validate_dump, "Also print every function's internal code");

  WastOptions wast;
  CLI::App* wast_cmd = app.add_subcommand("wast", "Run WebAssembly spec test scripts (.wast)");
  wast_cmd->add_option("paths", wast.paths,
                       "Scripts or folders of scripts, relative to the working directory or the suite root "
                       "(default: core, core/bulk-memory, core/multi-memory, core/memory64)");
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

  // `petrel run ... -- ARGS`: the first `--` after `run` ends Petrel's
  // options; everything after it goes to the guest untouched.
  std::vector<std::string> guest_args;
  int parsed_argc = argc;
  if (argc > 1 && std::string(argv[1]) == "run") {
    for (int i = 2; i < argc; ++i) {
      if (std::string(argv[i]) == "--") {
        guest_args.assign(argv + i + 1, argv + argc);
        parsed_argc = i;
        break;
      }
    }
  }

  try {
    app.parse(parsed_argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and version are "errors" that exit 0; real ones print one line.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "petrel: error: %s (see petrel --help)\n", e.what());
    return kExitUsage;
  }

  if (*run_cmd) {
    std::vector<std::string> rest = run_cmd->remaining();
    run.args.insert(run.args.end(), rest.begin(), rest.end());
    run.args.insert(run.args.end(), guest_args.begin(), guest_args.end());
    return runCommand(run);
  }
  if (*validate_cmd) return validateCommand(validate_file, validate_stats, validate_dump);
  if (*wast_cmd) return wastCommand(wast);
  if (*wat_cmd) return wat2wasmCommand(wat_in, wat_out, wat_debug_names);
  if (*w2w_cmd) return wasm2watCommand(w2w_in, w2w_out);
  return kExitUsage;
}
