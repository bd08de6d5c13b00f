// For tests of the core: a module from WAT text, compiled, or a test
// failure (and null) saying why.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "runtime/store.h"
#include "text/wat_parser.h"

namespace petrel::internal {

inline std::shared_ptr<const CompiledModule> compileText(const std::string& wat, const CompileOptions& options = {}) {
  Result<std::vector<uint8_t>> bin = watToBinary(wat);
  if (!bin) {
    ADD_FAILURE() << bin.error().describe();
    return nullptr;
  }
  auto compiled = compileModule(bin->data(), bin->size(), options);
  if (!compiled) {
    ADD_FAILURE() << compiled.error().describe();
    return nullptr;
  }
  return compiled.value();
}

}  // namespace petrel::internal
