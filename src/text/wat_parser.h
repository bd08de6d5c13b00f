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
Result<std::vector<uint8_t>> watToBinary(std::string_view source);

}  // namespace petrel::internal
