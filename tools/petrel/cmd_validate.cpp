// petrel validate FILE: decode and validate, print "ok" or the first error.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include "binary/decoder.h"
#include "commands.h"
#include "diagnostics.h"
#include "exec/disassembler.h"
#include "exec/translator.h"
#include "module_loader.h"

namespace petrel::internal::cli {

namespace {
uint64_t nowNanos() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}
double ms(uint64_t nanos) { return static_cast<double>(nanos) / 1e6; }
}  // namespace

int validateCommand(const std::string& file, bool stats, bool dump_code, bool custom_page_sizes) {
  auto binary = loadBinary(file);
  if (!binary.ok()) return reportError(file, binary.error());
  // Validation is all a lazily compiled module does up front; the translation
  // that --stats and --dump-code need is done (and timed) separately.
  uint64_t t0 = nowNanos();
  // The module takes the file's buffer: no copy of it.
  Result<Module> decoded = decodeModule(std::move(binary.value()), DecodeOptions{.custom_page_sizes = custom_page_sizes});
  if (!decoded.ok()) return reportError(file, decoded.error());
  uint64_t t1 = nowNanos();
  CompileOptions options;
  options.mode = CompileMode::Lazy;
  options.custom_page_sizes = custom_page_sizes;
  options.clock_nanos = nowNanos;
  options.parallel_validation = true;  // as `petrel run` and the embedding API do
  auto compiled = compileValidatedModule(std::move(decoded.value()), options);
  uint64_t t2 = nowNanos();
  if (!compiled.ok()) return reportError(file, compiled.error());
  std::printf("ok\n");
  const CompiledModule& cm = *compiled.value();
  if (stats || dump_code) translateAllFunctions(cm);
  if (stats) {
    // Sizes of what translation produced, against the wasm it came from.
    size_t wasm_bytes = 0, frame_slots = 0, map_entries = 0;
    for (const FunctionBody& body : cm.module.bodies) wasm_bytes += body.code_end - body.body_offset;
    for (const CompiledFunction& fn : cm.functions) {
      frame_slots = std::max<size_t>(frame_slots, fn.frameSlots());
      map_entries += fn.source_map.entries();
    }
    TranslationStats ts = cm.translationStats();
    std::printf("functions: %zu defined, %u imported\n", cm.functions.size(), cm.module.num_imported_funcs);
    std::printf("wasm function bodies: %zu bytes\n", wasm_bytes);
    std::printf("decode: %.3f ms\n", ms(t1 - t0));
    std::printf("validation (all that lazy compilation does up front): %.3f ms\n", ms(t2 - t1));
    std::printf("translation of every function (eager compilation adds this): %.3f ms\n", ms(ts.nanos));
    std::printf("internal code: %llu bytes (%.2fx the bodies)\n", static_cast<unsigned long long>(ts.code_bytes),
                wasm_bytes ? static_cast<double>(ts.code_bytes) / static_cast<double>(wasm_bytes) : 0.0);
    std::printf("trap source map: %llu bytes (%zu entries)\n", static_cast<unsigned long long>(ts.source_map_bytes),
                map_entries);
    std::printf("largest frame: %zu slots\n", frame_slots);
  }
  if (dump_code)
    for (const CompiledFunction& fn : cm.functions) std::fputs(disassemble(fn).c_str(), stdout);
  return kExitOk;
}

}  // namespace petrel::internal::cli
