#include "run_options.h"

#include <cstdlib>
#include <vector>

#include "base/quantity.h"
#include "base/result.h"  // PETREL_TRY
#include "hw/hw_grant_parse.h"

namespace petrel::internal::cli {

namespace {

Status setFuel(RunLimits& limits, std::string_view value, std::string_view option) {
  uint64_t n;
  if (!parseUnsigned(value, n))
    return Error::make(ErrorKind::Other, std::string(option) + " \"" + std::string(value) + "\": expected a number");
  limits.fuel = n;
  return Status::success();
}
Status setTimeout(RunLimits& limits, std::string_view value, std::string_view option) {
  uint64_t d;
  if (!parseDuration(value, d))
    return Error::make(ErrorKind::Other, std::string(option) + " \"" + std::string(value) +
                                             "\": expected a duration such as 500ms, 2s or 1m");
  limits.timeout = std::chrono::nanoseconds(d);
  limits.timeout_text = std::string(value);
  return Status::success();
}
Status setSize(std::optional<uint64_t>& field, std::string_view value, std::string_view option) {
  uint64_t n;
  if (!parseByteSize(value, n))
    return Error::make(ErrorKind::Other, std::string(option) + " \"" + std::string(value) +
                                             "\": expected bytes, optionally with K, M, G, Ki, Mi or Gi");
  field = n;
  return Status::success();
}
// A yes/no option (`KEY`, `KEY=y|yes|true`, `KEY=n|no|false`), as wasmtime spells them.
Status setFlag(bool& field, std::string_view value, bool has_value, std::string_view option) {
  if (!has_value || value == "y" || value == "yes" || value == "true") field = true;
  else if (value == "n" || value == "no" || value == "false") field = false;
  else return Error::make(ErrorKind::Other, std::string(option) + "=\"" + std::string(value) + "\": expected y or n");
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

}  // namespace

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
    if (key == "custom-page-sizes") return setFlag(limits.custom_page_sizes, value, has, option);
    return Error::make(ErrorKind::Other, "-W: unknown option \"" + std::string(key) +
                                             "\" (known: fuel, timeout, max-memory-size, max-wasm-stack, "
                                             "custom-page-sizes)");
  }));
  PETREL_TRY(forEachKeyValue(options.wasi_options, [&](std::string_view key, std::string_view value, bool has) -> Status {
    if (key == "inherit-env") return setFlag(limits.inherit_env, value, has, "-S inherit-env");
    return Error::make(ErrorKind::Other, "-S: unknown option \"" + std::string(key) + "\" (known: inherit-env)");
  }));
  return limits;
}

Result<bool> parseCustomPageSizesOption(const std::vector<std::string>& wasm_options) {
  bool on = false;
  PETREL_TRY(forEachKeyValue(wasm_options, [&](std::string_view key, std::string_view value, bool has) -> Status {
    if (key == "custom-page-sizes") return setFlag(on, value, has, "-W custom-page-sizes");
    return Error::make(ErrorKind::Other, "-W: unknown option \"" + std::string(key) +
                                             "\" for validate (known: custom-page-sizes)");
  }));
  return on;
}

WasiDir parseDir(std::string_view spec) {
  size_t sep = spec.find("::");
  if (sep == std::string_view::npos) return WasiDir{std::string(spec), std::string(spec)};
  return WasiDir{std::string(spec.substr(0, sep)), std::string(spec.substr(sep + 2))};
}

// A later setting of a name replaces an earlier one: WasiConfig's env is
// merged in order (see Store::configureWasi).
bool parseEnvOption(std::string_view spec, std::vector<std::string>& env) {
  size_t eq = spec.find('=');
  std::string name(spec.substr(0, eq));
  if (name.empty()) return false;
  if (eq != std::string_view::npos) {
    env.emplace_back(spec);
    return true;
  }
  if (const char* value = std::getenv(name.c_str())) env.push_back(name + "=" + value);
  return true;
}

Result<WasiConfig> wasiConfigFor(const RunOptions& options, const RunLimits& limits) {
  WasiConfig config;
  config.args.push_back(options.file);
  if (options.invoke.empty()) config.args.insert(config.args.end(), options.args.begin(), options.args.end());
  for (const std::string& spec : options.dirs) {
    WasiDir dir = parseDir(spec);
    if (dir.host_path.empty() || dir.guest_path.empty())
      return Error::make(ErrorKind::Other, "--dir \"" + spec + "\": expected HOST or HOST::GUEST");
    config.dirs.push_back(std::move(dir));
  }
  config.inherit_env = limits.inherit_env;
  for (const std::string& spec : options.env)
    if (!parseEnvOption(spec, config.env))
      return Error::make(ErrorKind::Other, "--env \"" + spec + "\": expected NAME=VALUE or NAME");
  return config;
}

Result<std::optional<HwConfig>> hwConfigFor(const RunOptions& options) {
  if (options.i2c.empty() && options.gpio.empty() && options.spi.empty() && options.uart.empty() &&
      options.hw.empty() && options.hw_log.empty() && options.hw_button.empty())
    return std::optional<HwConfig>();
  HwConfig config;
  if (!options.hw.empty()) PETREL_TRY(hw::parseHwBackend(options.hw, config));
  for (const std::string& s : options.i2c) PETREL_TRY(hw::parseI2cGrant(s, config));
  for (const std::string& s : options.gpio) PETREL_TRY(hw::parseGpioGrant(s, config));
  for (const std::string& s : options.spi) PETREL_TRY(hw::parseSpiGrant(s, config));
  for (const std::string& s : options.uart) PETREL_TRY(hw::parseUartGrant(s, config));
  bool sim = config.backend == HwBackend::Simulated;
  if (!options.hw_button.empty()) {
    if (!sim) return Error::make(ErrorKind::Other, "--hw-button: only with --hw sim (the simulated board's button)");
    PETREL_TRY(hw::parseButtonSchedule(options.hw_button, config));
  }
  if (!options.hw_log.empty() && !sim)
    return Error::make(ErrorKind::Other, "--hw-log: only with --hw sim (the simulated board's event log)");
  return std::optional<HwConfig>(std::move(config));
}

}  // namespace petrel::internal::cli
