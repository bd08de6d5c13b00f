// Text listing of a function's internal code, for looking at what the
// translator produced (`petrel validate --dump-code`).
#pragma once

#include <string>

#include "exec/compiled_code.h"

namespace petrel::internal {

// One instruction per line: code position, opcode name, operand words; the
// wasm offset it came from where it changes.
std::string disassemble(const CompiledFunction& fn);

}  // namespace petrel::internal
