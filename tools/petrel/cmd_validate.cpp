// petrel validate FILE: decode and validate, print "ok" or the first error.
#include <algorithm>
#include <cstdio>

#include "commands.h"
#include "exec/disassembler.h"
#include "diagnostics.h"
#include "module_loader.h"

namespace petrel::internal::cli {

int validateCommand(const std::string& file, bool stats, bool dump_code) {
  auto compiled = loadModule(file);
  if (!compiled.ok()) return reportError(file, compiled.error());
  std::printf("ok\n");
  if (stats) {
    // Sizes of what translation produced, against the wasm it came from.
    const CompiledModule& cm = *compiled.value();
    size_t wasm_bytes = 0, code_bytes = 0, map_bytes = 0, frame_slots = 0;
    for (const FunctionBody& body : cm.module.bodies) wasm_bytes += body.code_end - body.body_offset;
    for (const CompiledFunction& fn : cm.functions) {
      code_bytes += fn.code.size() * sizeof(CodeWord);
      map_bytes += fn.source_map.size() * sizeof(fn.source_map[0]);
      frame_slots = std::max<size_t>(frame_slots, fn.frame_slots);
    }
    std::printf("functions: %zu defined, %u imported\n", cm.functions.size(), cm.module.num_imported_funcs);
    std::printf("wasm function bodies: %zu bytes\n", wasm_bytes);
    std::printf("internal code: %zu bytes (%.2fx the bodies)\n", code_bytes,
                wasm_bytes ? static_cast<double>(code_bytes) / static_cast<double>(wasm_bytes) : 0.0);
    std::printf("trap source map: %zu bytes\n", map_bytes);
    std::printf("largest frame: %zu slots\n", frame_slots);
  }
  if (dump_code)
    for (const CompiledFunction& fn : compiled.value()->functions) std::fputs(disassemble(fn).c_str(), stdout);
  return kExitOk;
}

}  // namespace petrel::internal::cli
