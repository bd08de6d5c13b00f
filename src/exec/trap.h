// Why execution stopped abnormally (spec 4.4.x traps), with the messages the
// spec test suite expects.
#pragma once

#include <cstdint>

namespace petrel::internal {

enum class TrapKind : uint8_t {
  None,
  Unreachable,
  MemoryOutOfBounds,
  TableOutOfBounds,
  UndefinedElement,
  UninitializedElement,
  IndirectCallTypeMismatch,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversion,
  CallStackExhausted,
  NullFunctionReference,
  NullReference,
  Unsupported,
  OutOfFuel,
  Interrupted,  // the store's epoch deadline passed (Store::interrupt)
  TranslationFailed,  // internal error: a validated function could not be translated (lazy mode)
  HostError,  // a host function returned an error; its message is kept separately
};

const char* trapMessage(TrapKind kind);

}  // namespace petrel::internal
