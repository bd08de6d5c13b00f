#include "base/result.h"

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

}  // namespace petrel
