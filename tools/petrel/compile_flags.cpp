#include "compile_flags.h"
#include "module_loader.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace petrel::internal::cli {

namespace {
std::optional<CompileMode> g_mode;
std::optional<bool> g_stats;
bool g_custom_page_sizes = false;

std::optional<CompileMode> parseMode(const char* s) {
  if (!s) return std::nullopt;
  if (std::strcmp(s, "eager") == 0) return CompileMode::Eager;
  if (std::strcmp(s, "lazy") == 0) return CompileMode::Lazy;
  return std::nullopt;
}

}  // namespace

bool setCompileMode(const std::string& mode) {
  g_mode = parseMode(mode.c_str());
  return g_mode.has_value();
}
void setReportStats(bool on) { g_stats = on; }
void setCustomPageSizes(bool on) { g_custom_page_sizes = on; }

bool lazyCompilation() {
  if (g_mode) return *g_mode == CompileMode::Lazy;
  return parseMode(std::getenv("PETREL_COMPILE")).value_or(CompileMode::Lazy) == CompileMode::Lazy;
}

bool reportStats() {
  if (g_stats) return *g_stats;
  const char* s = std::getenv("PETREL_STATS");
  return s && *s && std::strcmp(s, "0") != 0;
}

namespace {
uint64_t nowNanos() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}
}  // namespace

CompileOptions baseCompileOptions() {
  CompileOptions options;
  options.mode = lazyCompilation() ? CompileMode::Lazy : CompileMode::Eager;
  options.parallel_validation = true;
  if (reportStats()) options.clock_nanos = nowNanos;
  options.custom_page_sizes = g_custom_page_sizes;
  return options;
}

}  // namespace petrel::internal::cli
