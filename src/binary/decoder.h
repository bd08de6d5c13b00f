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

// Proposals beyond Wasm 3.0 that an embedder opts into. Each changes what
// is well-formed, so it is off unless asked for: with it off, the binary is
// read exactly as Wasm 3.0 says.
struct DecodeOptions {
  // custom-page-sizes: bit 3 of a memory's limits flags announces a page
  // size exponent (0: 1-byte pages, 16: the usual 64 KiB; the validator
  // refuses others). For memories smaller than 64 KiB on small devices.
  bool custom_page_sizes = false;
};

Result<Module> decodeModule(const uint8_t* data, size_t size, const DecodeOptions& options = {});
// The same, keeping `bytes` as the module's own copy (no second copy of a
// large binary: a module keeps its bytes, which bodies refer into).
Result<Module> decodeModule(std::vector<uint8_t>&& bytes, const DecodeOptions& options = {});
// The same without any copy: the module reads `data` where it is (a module
// in a firmware's flash), so those bytes must outlive it, unchanged.
Result<Module> decodeModuleInPlace(const uint8_t* data, size_t size, const DecodeOptions& options = {});

}  // namespace petrel::internal
