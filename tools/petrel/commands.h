// The subcommands. main.cpp parses the command line (CLI11 lives only
// there) and calls one of these; each returns the process exit status
// (diagnostics.h).
#pragma once

#include <string>
#include <vector>

namespace petrel::internal::cli {

struct RunOptions {
  std::string file;
  std::string invoke;  // export to call; empty: `_start`
  std::vector<std::string> args;  // the program's arguments, or --invoke's parameters
  std::vector<std::string> dirs;  // --dir HOST[::GUEST]
  std::vector<std::string> env;   // --env NAME[=VALUE]
  // Limits (empty: none). Sizes take K/M/G (powers of 1000) or Ki/Mi/Gi
  // suffixes; durations ms, s, m or h.
  std::string fuel;        // --fuel N: wasm instructions
  std::string timeout;     // --timeout DURATION
  std::string max_memory;  // --max-memory SIZE: linear memory, per memory and in total
  std::string max_stack;   // --max-stack SIZE: value stack
  std::vector<std::string> wasm_options;  // -W KEY=VALUE[,...] (wasmtime's spellings)
  std::vector<std::string> wasi_options;  // -S KEY[=VALUE][,...]
  // Hardware grants (docs/HARDWARE.md), as given.
  std::vector<std::string> i2c;   // --i2c BUS[:ADDR,...]
  std::vector<std::string> gpio;  // --gpio CHIP:LINES
  std::vector<std::string> spi;   // --spi B.C|PATH
  std::vector<std::string> uart;  // --uart PORT|PATH
  std::string hw;                 // --hw linux|sim
  std::string hw_log;             // --hw-log FILE|-
  std::string hw_button;          // --hw-button MS[+HOLD],...|none
};
int runCommand(const RunOptions& options);

int validateCommand(const std::string& file, bool stats, bool dump_code, bool custom_page_sizes);

// debug_names: write every name of the text to the name section, not only
// the functions' (WatOptions::all_names).
int wat2wasmCommand(const std::string& input, const std::string& output, bool debug_names = false);

// `output` empty or "-": standard output.
int wasm2watCommand(const std::string& input, const std::string& output);

struct WastOptions {
  std::string testsuite;           // suite root; empty: search (see wast_files.h)
  std::vector<std::string> paths;  // files or directories; empty: the default set
  std::string skip_list;           // empty: tests/spec/skip.txt of the source tree
  std::string emit_modules;        // if set: write each module of the scripts there instead of running
  bool verbose = false;
  bool isolate = true;             // run each file in a child process
  unsigned file_timeout_seconds = 300;
};
int wastCommand(const WastOptions& options);

struct ServeOptions {
  std::string target;      // app.toml, or a single handler module (.wasm/.wat)
  std::string listen;      // --listen ADDR:PORT (default: the config's, else 127.0.0.1:8080)
  std::string admin_listen;  // --admin-listen ADDR:PORT: the host's endpoints alone, on their own thread
  unsigned workers = 0;    // --workers N (0: the config's, else one per core)
  std::string access_log;  // --access-log PATH|-|off
  bool check = false;      // --check: load and compile everything, then exit
};
int serveCommand(const ServeOptions& options);

}  // namespace petrel::internal::cli
