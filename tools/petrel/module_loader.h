// Loading a module file for the CLI: read it, turn text into binary when it
// is text, compile. Every failure is an Error value whose kind picks the
// exit status (see exit_status.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "exec/compiled_code.h"
#include "exec/translator.h"

namespace petrel::internal::cli {

// The whole file, or an Io error naming the OS failure.
Result<std::vector<uint8_t>> readFile(const std::string& path);
Status writeFile(const std::string& path, const std::vector<uint8_t>& bytes);

// A file is text unless it starts with the binary magic "\0asm"
// (spec 5.5.16); the extension alone does not decide, so a .wasm holding
// text still loads and a misnamed binary is never fed to the text parser.
bool looksLikeBinary(const std::vector<uint8_t>& bytes);

// The file's binary form: the bytes as read, or the text encoded.
Result<std::vector<uint8_t>> loadBinary(const std::string& path);

// The options every internal compile of the CLI starts from (validate, wast):
// the mode and, when statistics are reported, a clock (compile_flags.h).
CompileOptions baseCompileOptions();

// Reads, encodes if needed, and compiles (decode + validate + translate).
Result<std::shared_ptr<const CompiledModule>> loadModule(const std::string& path, const CompileOptions& options = {});

}  // namespace petrel::internal::cli
