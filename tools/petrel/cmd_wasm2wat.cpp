// petrel wasm2wat FILE [-o OUT]: a module back to the text format. Any
// module the decoder accepts prints; it need not validate, so the command
// also serves to look at modules that fail to.
#include <cstdio>

#include "binary/decoder.h"
#include "commands.h"
#include "diagnostics.h"
#include "module_loader.h"
#include "text/wat_printer.h"

namespace petrel::internal::cli {

int wasm2watCommand(const std::string& input, const std::string& output) {
  auto binary = loadBinary(input);
  if (!binary.ok()) return reportError(input, binary.error());
  // Prints proposals Petrel knows too (a printer refuses only what it cannot show).
  auto module = decodeModule(binary->data(), binary->size(), DecodeOptions{.custom_page_sizes = true});
  if (!module.ok()) return reportError(input, module.error());
  auto text = moduleToWat(*module);
  if (!text.ok()) return reportError(input, text.error());
  if (output.empty() || output == "-") {
    if (std::fwrite(text->data(), 1, text->size(), stdout) != text->size() || std::fflush(stdout) != 0)
      return reportFailure("cannot write the text to standard output");
    return kExitOk;
  }
  auto written = writeFile(output, std::vector<uint8_t>(text->begin(), text->end()));
  if (!written.ok()) return reportError(output, written.error());
  return kExitOk;
}

}  // namespace petrel::internal::cli
