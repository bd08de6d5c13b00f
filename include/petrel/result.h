// Errors as values: every fallible call of Petrel, public or internal,
// returns a Result<T> or a Status. Petrel never throws (its core builds with
// -fno-exceptions so the same code runs on microcontrollers) and never
// aborts on bad input: a malformed module, a failed link, a trap and an
// exhausted limit are all an Error with a kind and a message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace petrel {

// What kind of failure. The spec distinguishes a module that is malformed
// (cannot be decoded/parsed) from one that is invalid (decodes but breaks a
// validation rule) and from link, instantiation and run-time failures.
enum class ErrorKind : uint8_t {
  Malformed,
  Invalid,
  Unlinkable,
  Uninstantiable,
  Trap,
  Exhaustion,  // a limit was reached: fuel, call stack, memory
  Io,
  Exit,  // the guest asked to exit (WASI proc_exit); Error::exit_code holds the status
  Other,
};

inline constexpr uint64_t kNoOffset = ~uint64_t{0};

// One frame of a trap's wasm call stack, innermost first.
struct TraceFrame {
  uint32_t func_index = 0;    // in the module's function index space
  std::string func_name;      // from the name section, else the export name, else empty
  uint64_t module_offset = 0; // byte offset of the instruction in the module binary
  uint64_t func_offset = 0;   // byte offset from the start of the function's body
  const void* instance = nullptr;  // identifies the instance (internal; see Instance::sameAs)
};

struct Error {
  ErrorKind kind = ErrorKind::Other;
  std::string message;
  // Traps: the message alone ("integer divide by zero", or what a host
  // function said), without the location that `message` ends with.
  std::string reason;
  uint64_t offset = kNoOffset;  // byte offset in the binary, when known
  int32_t exit_code = 0;        // ErrorKind::Exit only
  // For traps: the wasm call stack, innermost first, one "N: name @ 0xoffset" per line,
  // and the same as data.
  std::string backtrace;
  std::vector<TraceFrame> frames;

  static Error malformed(std::string msg, uint64_t off = kNoOffset) { return make(ErrorKind::Malformed, std::move(msg), off); }
  static Error invalid(std::string msg, uint64_t off = kNoOffset) { return make(ErrorKind::Invalid, std::move(msg), off); }
  static Error trap(std::string msg) { return make(ErrorKind::Trap, std::move(msg)); }
  // The trap's message without its location (the message itself otherwise).
  const std::string& what() const { return reason.empty() ? message : reason; }
  static Error make(ErrorKind k, std::string msg, uint64_t off = kNoOffset) {
    Error e;
    e.kind = k;
    e.message = std::move(msg);
    e.offset = off;
    return e;
  }
  // "message (at offset 0x1a)" when the offset is known.
  std::string describe() const;
  bool isTrap() const { return kind == ErrorKind::Trap || kind == ErrorKind::Exhaustion; }
};

// "malformed module", "trap", ...
const char* errorKindName(ErrorKind kind);

namespace detail {

// The error side of Result and Status: null on success, so the success path
// (every instruction the validator checks, every call) moves one pointer
// instead of constructing and destroying an Error with its strings.
class ErrorSlot {
 public:
  ErrorSlot() = default;
  // Out of line, like take() and the release of a held error: only failures
  // run them, and every site that fails would otherwise carry their code.
  explicit ErrorSlot(Error&& e);
  explicit ErrorSlot(const Error& e);
  ErrorSlot(ErrorSlot&& o) noexcept : error_(o.error_) { o.error_ = nullptr; }
  ErrorSlot(const ErrorSlot& o) : error_(o.error_ ? copy(*o.error_) : nullptr) {}
  ErrorSlot& operator=(ErrorSlot o) noexcept {
    std::swap(error_, o.error_);
    return *this;
  }
  ~ErrorSlot() {
    if (error_) release(error_);
  }

  bool failed() const { return error_ != nullptr; }
  const Error& get() const { return error_ ? *error_ : none(); }
  Error take();

 private:
  static const Error& none();
  static Error* copy(const Error& e);
  static void release(Error* e);
  Error* error_ = nullptr;
};

// An error handed on from one Result or Status to another as it is, without
// moving it out of its slot and into a new one (PETREL_TRY).
struct ForwardedError {
  ErrorSlot slot;
};

}  // namespace detail

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}
  Result(Error&& error) : error_(std::move(error)) {}
  Result(const Error& error) : error_(error) {}
  Result(detail::ForwardedError&& e) : error_(std::move(e.slot)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  // Only when ok().
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  // Only when !ok().
  const Error& error() const { return error_.get(); }
  Error takeError() { return error_.take(); }
  // The error, to return from a function whose Result or Status has another type.
  detail::ForwardedError forwardError() { return {std::move(error_)}; }

 private:
  std::optional<T> value_;
  detail::ErrorSlot error_;
};

// A Result with no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error&& error) : error_(std::move(error)) {}
  Status(const Error& error) : error_(error) {}
  Status(detail::ForwardedError&& e) : error_(std::move(e.slot)) {}
  static Status success() { return Status(); }
  bool ok() const { return !error_.failed(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_.get(); }
  Error takeError() { return error_.take(); }
  detail::ForwardedError forwardError() { return {std::move(error_)}; }

 private:
  detail::ErrorSlot error_;
};

}  // namespace petrel
