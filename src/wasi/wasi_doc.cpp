#include "wasi/wasi_doc.h"

#include "wasi/wasi_abi.h"
#include "wasi/wasi_linker.h"

namespace petrel::internal::wasi {

std::string wasiFunctionTableMarkdown() {
  std::string md = "| function | parameters (core wasm) | result | what Petrel does |\n| --- | --- | --- | --- |\n";
  for (const WasiFunctionInfo& f : wasiFunctions()) {
    std::string params;
    for (size_t i = 0; i < f.params.size(); ++i)
      params += std::string(i ? ", " : "") + f.param_names[i] + ": " + toString(f.params[i]);
    md += std::string("| `") + f.name + "` | " + params + " | " + (f.noreturn ? "does not return" : "errno") + " | " +
          f.summary + " |\n";
  }
  return md;
}

std::string wasiErrnoTableMarkdown() {
  std::string md = "| value | errno | meaning |\n| --- | --- | --- |\n";
#define WASI_ERRNO(name, value, description) \
  md += "| " #value " | `" #name "` | " description " |\n";
#include "wasi/wasi_errno.def"
#undef WASI_ERRNO
  return md;
}

}  // namespace petrel::internal::wasi
