// `petrel serve` in a CLI configured without it (-DPETREL_SERVE=OFF, as the
// aarch64 cross build is: its sysroot has no Boost): in place of
// cmd_serve.cpp, it says so. CMakeLists.txt picks one of the two.
#include "commands.h"
#include "diagnostics.h"

namespace petrel::internal::cli {

int serveCommand(const ServeOptions&) {
  return reportFailure("petrel serve is not built in (configured with -DPETREL_SERVE=OFF)");
}

}  // namespace petrel::internal::cli
