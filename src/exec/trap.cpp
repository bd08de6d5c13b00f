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
#if PETREL_FEATURE_VALIDATION
    case TrapKind::TranslationFailed: return "internal error: function could not be translated";
#else
    // A build for trusted modules only: bodies are checked as they are
    // translated, so an invalid one ends up here (base/features.h).
    case TrapKind::TranslationFailed: return "invalid function: could not be translated";
#endif
    case TrapKind::HostError: return "host function failed";
  }
  return "trap";
}

}  // namespace petrel::internal
