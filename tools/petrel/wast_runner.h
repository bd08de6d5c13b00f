// Runs the commands of one parsed spec script (text/wast_script.h) against
// a fresh Store and judges each one. Everything that can fail is an Error
// value, so one bad command never stops the rest of the script; a crash in
// the core is contained by the caller (wast_files.cpp runs each file in a
// child process).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "text/wast_script.h"

namespace petrel::internal::cli {

struct CommandOutcome {
  enum Kind : char { Pass = 'P', Fail = 'F', Skip = 'S' } kind = Pass;
  std::string detail;              // why it failed: "line 12: assert_return ...: expected X, got Y"
  std::vector<std::string> notes;  // verbose remarks (message mismatches, malformed-as-invalid)
};

// Commands on lines [first, last] are not run (counted as skipped).
struct LineRange {
  uint32_t first = 0;
  uint32_t last = 0;
};

// Calls `begin` before and `report` after each command, in order (so that a
// caller watching from another process knows which command was running if
// the process dies).
void runScript(const wast::Script& script, const std::vector<LineRange>& skipped_lines, bool verbose,
               const std::function<void(const wast::Command&)>& begin,
               const std::function<void(const CommandOutcome&)>& report);

// The script keyword of a command: "assert_return", "module", ...
const char* commandKeyword(wast::Command::Kind kind);

}  // namespace petrel::internal::cli
