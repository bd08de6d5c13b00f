// libFuzzer harness: arbitrary text through the WAT parser and, when it
// produced a binary, through decode + validate + translate. Either step may
// reject the input (text can spell malformed binaries with `(module binary
// ...)` and invalid modules anywhere); neither may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/store.h"
#include "text/wat_parser.h"

using namespace petrel::internal;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto binary = watToBinary(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!binary.ok()) return 0;
  auto compiled = compileModule(binary->data(), binary->size());
  (void)compiled;
  return 0;
}
