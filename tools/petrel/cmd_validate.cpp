// petrel validate FILE: decode and validate, print "ok" or the first error.
#include <cstdio>

#include "commands.h"
#include "diagnostics.h"
#include "module_loader.h"

namespace petrel::cli {

int validateCommand(const std::string& file) {
  auto compiled = loadModule(file);
  if (!compiled.ok()) return reportError(file, compiled.error());
  std::printf("ok\n");
  return kExitOk;
}

}  // namespace petrel::cli
