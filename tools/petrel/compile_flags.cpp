#include "compile_flags.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace petrel::internal::cli {

namespace {
std::optional<CompileMode> g_mode;
std::optional<bool> g_stats;

std::optional<CompileMode> parseMode(const char* s) {
  if (!s) return std::nullopt;
  if (std::strcmp(s, "eager") == 0) return CompileMode::Eager;
  if (std::strcmp(s, "lazy") == 0) return CompileMode::Lazy;
  return std::nullopt;
}

double ms(uint64_t nanos) { return static_cast<double>(nanos) / 1e6; }
}  // namespace

bool setCompileMode(const std::string& mode) {
  g_mode = parseMode(mode.c_str());
  return g_mode.has_value();
}
void setReportStats(bool on) { g_stats = on; }

CompileMode compileMode() {
  if (g_mode) return *g_mode;
  return parseMode(std::getenv("PETREL_COMPILE")).value_or(CompileMode::Lazy);
}

bool reportStats() {
  if (g_stats) return *g_stats;
  const char* s = std::getenv("PETREL_STATS");
  return s && *s && std::strcmp(s, "0") != 0;
}

uint64_t nowNanos() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

CompileOptions baseCompileOptions() {
  CompileOptions options;
  options.mode = compileMode();
  if (reportStats()) options.clock_nanos = nowNanos;
  return options;
}

RunStatsReport::~RunStatsReport() {
  if (!reportStats() || !module_) return;
  TranslationStats ts = module_->translationStats();
  std::fprintf(stderr,
               "petrel stats: compile (%s: decode, validate%s) %.3f ms; instantiate %.3f ms; "
               "functions translated %u / %zu in %.3f ms (%llu bytes of code, %llu of source map)\n",
               compileMode() == CompileMode::Eager ? "eager" : "lazy",
               compileMode() == CompileMode::Eager ? ", translate" : "", ms(compile_done_ - start_),
               instantiate_done_ ? ms(instantiate_done_ - instantiate_start_) : 0.0, ts.functions_translated,
               module_->functions.size(), ms(ts.nanos), static_cast<unsigned long long>(ts.code_bytes),
               static_cast<unsigned long long>(ts.source_map_bytes));
}

}  // namespace petrel::internal::cli
