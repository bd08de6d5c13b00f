// The binary format back to the text format (`petrel wasm2wat`). The output
// is meant to be read and to be fed back to watToBinary: parsing it gives an
// equivalent module (same types, index spaces, segments and instructions)
// that prints as exactly the same text again.
#pragma once

#include <string>

#include "base/result.h"
#include "ir/module.h"

namespace petrel::internal {

// Prints a decoded module as one `(module ...)`, instructions flat (one per
// line, indented by block depth), with the names of the `name` section
// where there are any. Fails only when a function body or constant
// expression does not decode (modules that validated always print).
Result<std::string> moduleToWat(const Module& module);

}  // namespace petrel::internal
