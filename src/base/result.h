// Errors as values. The core builds with -fno-exceptions, so every fallible
// operation returns a Result<T> (or a Status) instead of throwing.
#pragma once

#include <petrel/result.h>

namespace petrel::internal {

// The core and the public API share one error type (include/petrel/result.h),
// so errors cross the API boundary without conversion.
using petrel::Error;
using petrel::ErrorKind;
using petrel::errorKindName;
using petrel::kNoOffset;
using petrel::Result;
using petrel::Status;
using petrel::TraceFrame;

// An error whose message is printf-formatted: one small routine instead of
// std::string concatenation at every site that builds a message. Integers
// go through "%llu" and fmtU(), which gives what std::to_string gives.
[[gnu::format(printf, 3, 4)]] Error formatError(ErrorKind kind, uint64_t offset, const char* format, ...);
constexpr unsigned long long fmtU(uint64_t v) { return v; }

}  // namespace petrel::internal

#define PETREL_TRY(expr)                        \
  do {                                          \
    auto petrel_try_status_ = (expr);           \
    if (!petrel_try_status_.ok())               \
      return petrel_try_status_.forwardError(); \
  } while (0)
