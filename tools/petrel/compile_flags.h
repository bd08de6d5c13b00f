// How the CLI compiles modules (lazy or eager translation) and whether it
// reports what compilation cost: set by `--compile eager|lazy` and `--stats`
// (run, wast), or by the environment (PETREL_COMPILE=eager|lazy,
// PETREL_STATS=1) for commands and child processes without the flags.
#pragma once

#include <string>

namespace petrel::internal::cli {

// False if `mode` is neither "eager" nor "lazy".
bool setCompileMode(const std::string& mode);
void setReportStats(bool on);

bool lazyCompilation();
bool reportStats();

// Proposals beyond Wasm 3.0 that baseCompileOptions accepts (off by default:
// each makes some malformed modules well-formed). `petrel wast` turns one on
// for the proposal's own test files.
void setCustomPageSizes(bool on);

}  // namespace petrel::internal::cli
