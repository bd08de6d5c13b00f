#include "exec/trap.h"

namespace petrel::internal {

const char* trapMessage(TrapKind kind) {
  switch (kind) {
    case TrapKind::None: return "no trap";
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapKind::TableOutOfBounds: return "out of bounds table access";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversion: return "invalid conversion to integer";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::NullFunctionReference: return "null function reference";
    case TrapKind::NullReference: return "null reference";
    case TrapKind::OutOfFuel: return "all fuel consumed";
    case TrapKind::Interrupted: return "interrupted";
    case TrapKind::Unsupported: return "unsupported instruction (feature not implemented)";
    case TrapKind::TranslationFailed: return "internal error: function could not be translated";
    case TrapKind::HostError: return "host function failed";
  }
  return "trap";
}

}  // namespace petrel::internal
