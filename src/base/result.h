// Errors as values. The core builds with -fno-exceptions, so every fallible
// operation returns a Result<T> (or a Status) instead of throwing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace petrel::internal {

// What kind of failure: the spec test runner distinguishes a module that is
// malformed (cannot be decoded/parsed) from one that is invalid (decodes but
// breaks a validation rule) and from link, instantiation and runtime failures.
enum class ErrorKind : uint8_t {
  Malformed,
  Invalid,
  Unlinkable,
  Uninstantiable,
  Trap,
  Exhaustion,  // call stack or other resource exhausted
  Io,
  Exit,  // the guest asked to exit (WASI proc_exit); Error::exit_code holds the status
  Other,
};

constexpr uint64_t kNoOffset = ~uint64_t{0};

struct Error {
  ErrorKind kind = ErrorKind::Other;
  std::string message;
  uint64_t offset = kNoOffset;  // byte offset in the binary, when known
  int32_t exit_code = 0;        // ErrorKind::Exit only
  // For traps: the wasm call stack, innermost first, one "name @ 0xoffset" per line.
  std::string backtrace;

  static Error malformed(std::string msg, uint64_t off = kNoOffset) { return make(ErrorKind::Malformed, std::move(msg), off); }
  static Error invalid(std::string msg, uint64_t off = kNoOffset) { return make(ErrorKind::Invalid, std::move(msg), off); }
  static Error make(ErrorKind k, std::string msg, uint64_t off = kNoOffset) {
    Error e;
    e.kind = k;
    e.message = std::move(msg);
    e.offset = off;
    return e;
  }
  // "message at offset 0x1a" when the offset is known.
  std::string describe() const;
};

const char* errorKindName(ErrorKind kind);

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}
  Result(Error error) : error_(std::move(error)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  T* operator->() { return &*value_; }
  const Error& error() const { return error_; }
  Error takeError() { return std::move(error_); }

 private:
  std::optional<T> value_;
  Error error_;
};

// A Result with no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : failed_(true), error_(std::move(error)) {}
  static Status success() { return Status(); }
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }
  Error takeError() { return std::move(error_); }

 private:
  bool failed_ = false;
  Error error_;
};

}  // namespace petrel::internal

#define PETREL_TRY(expr)                         \
  do {                                           \
    auto petrel_try_status_ = (expr);            \
    if (!petrel_try_status_.ok())                \
      return petrel_try_status_.takeError();     \
  } while (0)
