// Binary format (spec 5) to Module. Checks everything the binary grammar
// requires (assert_malformed); semantic rules are the validator's job. Function
// bodies are kept as byte ranges and decoded instruction by instruction by the
// validator/translator, which reports malformed instructions itself.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "ir/module.h"

namespace petrel::internal {

Result<Module> decodeModule(const uint8_t* data, size_t size);
// The same, keeping `bytes` as the module's own copy (no second copy of a
// large binary: a module keeps its bytes, which bodies refer into).
Result<Module> decodeModule(std::vector<uint8_t>&& bytes);
// The same without any copy: the module reads `data` where it is (a module
// in a firmware's flash), so those bytes must outlive it, unchanged.
Result<Module> decodeModuleInPlace(const uint8_t* data, size_t size);

}  // namespace petrel::internal
