#include "diagnostics.h"

#include <cstdio>
#include <string>

namespace petrel::internal::cli {

const char* const kExitStatusHelp =
    "Exit status:\n"
    "  0  success\n"
    "  1  usage or I/O error\n"
    "  2  malformed or invalid module\n"
    "  3  unresolved import, link or instantiation failure\n"
    "  4  trap (or resource exhaustion) while running the guest\n";

int exitStatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Malformed:
    case ErrorKind::Invalid: return kExitBadModule;
    case ErrorKind::Unlinkable:
    case ErrorKind::Uninstantiable: return kExitLink;
    case ErrorKind::Trap:
    case ErrorKind::Exhaustion: return kExitTrap;
    case ErrorKind::Io:
    case ErrorKind::Other: return kExitUsage;
    case ErrorKind::Exit: return kExitOk;  // callers use Error::exit_code (not an error)
  }
  return kExitUsage;
}

// Keeps the report on one line whatever the message holds.
static std::string oneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

int reportError(std::string_view file, const Error& error) {
  std::string what = error.kind == ErrorKind::Other ? std::string() : std::string(errorKindName(error.kind)) + ": ";
  std::fprintf(stderr, "petrel: error: %.*s: %s%s\n", static_cast<int>(file.size()), file.data(), what.c_str(),
               oneLine(error.describe()).c_str());
  // A trap is followed by the wasm call stack, innermost frame first.
  if (!error.backtrace.empty()) std::fprintf(stderr, "wasm backtrace:\n%s", error.backtrace.c_str());
  return exitStatusFor(error.kind);
}

int reportFailure(std::string_view message, int status) {
  std::fprintf(stderr, "petrel: error: %s\n", oneLine(std::string(message)).c_str());
  return status;
}

}  // namespace petrel::internal::cli
