// How the CLI compiles modules (lazy or eager translation) and whether it
// reports what compilation cost: set by `--compile eager|lazy` and `--stats`
// (run, wast), or by the environment (PETREL_COMPILE=eager|lazy,
// PETREL_STATS=1) for commands and child processes without the flags.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "exec/compiled_code.h"
#include "exec/translator.h"

namespace petrel::internal::cli {

// False if `mode` is neither "eager" nor "lazy".
bool setCompileMode(const std::string& mode);
void setReportStats(bool on);

CompileMode compileMode();
bool reportStats();
uint64_t nowNanos();  // steady clock, for CompileOptions::clock_nanos

// The options every CLI compile starts from: the mode, and a clock when
// statistics are reported.
CompileOptions baseCompileOptions();

// Prints compile, instantiation and translation statistics of a run to
// stderr when it goes out of scope (so every exit path of `run` reports),
// if reporting is on.
class RunStatsReport {
 public:
  RunStatsReport() : start_(nowNanos()) {}
  ~RunStatsReport();
  void compiled(std::shared_ptr<const CompiledModule> module) {
    compile_done_ = nowNanos();
    module_ = std::move(module);
  }
  void instantiating() { instantiate_start_ = nowNanos(); }
  void instantiated() { instantiate_done_ = nowNanos(); }

 private:
  uint64_t start_, compile_done_ = 0, instantiate_start_ = 0, instantiate_done_ = 0;
  std::shared_ptr<const CompiledModule> module_;
};

}  // namespace petrel::internal::cli
