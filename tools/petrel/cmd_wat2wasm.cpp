// petrel wat2wasm IN [-o OUT]: the text front end on its own.
#include "commands.h"
#include "diagnostics.h"
#include "module_loader.h"
#include "text/wat_parser.h"

namespace petrel::internal::cli {

int wat2wasmCommand(const std::string& input, const std::string& output, bool debug_names) {
  auto text = readFile(input);
  if (!text.ok()) return reportError(input, text.error());
  WatOptions options;
  options.all_names = debug_names;
  auto binary = watToBinary(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()), options);
  if (!binary.ok()) return reportError(input, binary.error());
  std::string out = output;
  if (out.empty()) {
    auto dot = input.rfind('.');
    auto slash = input.rfind('/');
    out = (dot != std::string::npos && (slash == std::string::npos || dot > slash) ? input.substr(0, dot) : input) +
          ".wasm";
  }
  auto written = writeFile(out, *binary);
  if (!written.ok()) return reportError(out, written.error());
  return kExitOk;
}

}  // namespace petrel::internal::cli
