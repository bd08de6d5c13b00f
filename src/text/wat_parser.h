// WebAssembly text format (spec 6) to binary format. The text front end
// encodes to the binary format and the one binary decoder builds the Module,
// so text and binary modules can never diverge.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace petrel::internal {

// Parses a `.wat` source: either one `(module ...)` or a bare list of module
// fields. Errors are ErrorKind::Malformed with "line:col: message".
struct WatOptions {
  // The name section gets every name of the text (module $id, locals,
  // types, tables, memories, globals, segments, fields, tags), not only the
  // functions' (what wabt's --debug-names does): what wasm2wat output needs
  // to read back with its names.
  bool all_names = false;
};

Result<std::vector<uint8_t>> watToBinary(std::string_view source, const WatOptions& options = {});

}  // namespace petrel::internal
