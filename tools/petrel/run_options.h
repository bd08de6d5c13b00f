// `petrel run`'s options that need more than CLI11: limits (--fuel,
// --timeout, --max-memory, --max-stack, wasmtime's -W KEY=VALUE,... and
// -S KEY[=VALUE],...), --dir and --env, turned into what the embedding API
// takes. Every malformed value is an error naming the option.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <petrel/hw.h>
#include <petrel/result.h>
#include <petrel/wasi.h>

#include "commands.h"

namespace petrel::internal::cli {

struct RunLimits {
  std::optional<uint64_t> fuel;
  std::optional<std::chrono::nanoseconds> timeout;
  std::string timeout_text;  // as given, for the trap message
  std::optional<uint64_t> max_memory;
  std::optional<uint64_t> max_stack;
  bool inherit_env = false;
  bool custom_page_sizes = false;  // -W custom-page-sizes
};

Result<RunLimits> parseRunLimits(const RunOptions& options);
// The -W options of a command that only decodes and validates (petrel
// validate): custom-page-sizes[=y|n]; the others limit a run and are refused.
Result<bool> parseCustomPageSizesOption(const std::vector<std::string>& wasm_options);

// `HOST[::GUEST]` (wasmtime's --dir syntax); the guest name defaults to HOST.
WasiDir parseDir(std::string_view spec);
// `NAME=VALUE`, or `NAME` alone for the host's value of NAME (left out when
// unset). False when NAME is empty.
bool parseEnvOption(std::string_view spec, std::vector<std::string>& env);

// The guest's WASI view: argv[0] is the program as named on the command
// line, then its arguments (none for --invoke).
Result<WasiConfig> wasiConfigFor(const RunOptions& options, const RunLimits& limits);

// The hardware grants and backend (--i2c, --gpio, --spi, --uart, --hw,
// --hw-button), or nothing when no hardware option was given.
Result<std::optional<HwConfig>> hwConfigFor(const RunOptions& options);

}  // namespace petrel::internal::cli
