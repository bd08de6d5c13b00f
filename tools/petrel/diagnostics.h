// Exit statuses and the one-line error format shared by every subcommand:
//   petrel: error: FILE: <what failed>: <message> (at offset 0x..)
#pragma once

#include <string_view>

#include "base/result.h"

namespace petrel::internal::cli {

// Documented in README.md and `petrel --help` (kExitStatusHelp).
enum ExitStatus : int {
  kExitOk = 0,
  kExitUsage = 1,      // bad command line, unreadable or unwritable file
  kExitBadModule = 2,  // malformed or invalid module
  kExitLink = 3,       // unresolved import, link or instantiation failure
  kExitTrap = 4,       // the guest trapped or exhausted a resource
};

extern const char* const kExitStatusHelp;

int exitStatusFor(ErrorKind kind);

// Prints the error on stderr and returns the exit status for its kind.
int reportError(std::string_view file, const Error& error);
// For failures not tied to a module error; returns `status`.
int reportFailure(std::string_view message, int status = kExitUsage);

}  // namespace petrel::internal::cli
