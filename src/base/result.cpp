#include "base/result.h"

#include <cstdarg>
#include <cstdio>

namespace petrel {

const char* errorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Malformed: return "malformed module";
    case ErrorKind::Invalid: return "invalid module";
    case ErrorKind::Unlinkable: return "link error";
    case ErrorKind::Uninstantiable: return "instantiation error";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::Exhaustion: return "resource exhausted";
    case ErrorKind::Io: return "i/o error";
    case ErrorKind::Exit: return "exit";
    case ErrorKind::Other: return "error";
  }
  return "error";
}

std::string Error::describe() const {
  // Traps already name the function and offset in their message.
  if (offset == kNoOffset || kind == ErrorKind::Trap || kind == ErrorKind::Exhaustion) return message;
  char buf[32];
  std::snprintf(buf, sizeof buf, " (at offset 0x%llx)", static_cast<unsigned long long>(offset));
  return message + buf;
}

namespace detail {

ErrorSlot::ErrorSlot(Error&& e) : error_(new Error(std::move(e))) {}
ErrorSlot::ErrorSlot(const Error& e) : error_(new Error(e)) {}

Error ErrorSlot::take() {
  if (!error_) return Error{};
  Error e = std::move(*error_);
  release(error_);
  error_ = nullptr;
  return e;
}

const Error& ErrorSlot::none() {
#if defined(__GNUC__) && !defined(__clang__)
  // Constant: in flash on a microcontroller, not in RAM with a guard. (Clang
  // cannot evaluate libstdc++ 12's std::string constructor at compile time.)
  static constexpr Error kNone{};
#else
  static const Error kNone{};
#endif
  return kNone;
}
Error* ErrorSlot::copy(const Error& e) { return new Error(e); }
void ErrorSlot::release(Error* e) { delete e; }

}  // namespace detail

}  // namespace petrel

namespace petrel::internal {

Error formatError(ErrorKind kind, uint64_t offset, const char* format, ...) {
  char buf[192];
  va_list ap;
  va_start(ap, format);
  int n = std::vsnprintf(buf, sizeof buf, format, ap);
  va_end(ap);
  std::string message;
  if (n >= static_cast<int>(sizeof buf)) {
    message.resize(static_cast<size_t>(n));
    va_start(ap, format);
    std::vsnprintf(message.data(), static_cast<size_t>(n) + 1, format, ap);
    va_end(ap);
  } else if (n > 0) {
    message.assign(buf, static_cast<size_t>(n));
  }
  return Error::make(kind, std::move(message), offset);
}

}  // namespace petrel::internal
