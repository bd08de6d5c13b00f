#include "exec/disassembler.h"

#include <cinttypes>
#include <cstdio>
#include <utility>
#include <vector>

#include "exec/internal_code.h"
#include "exec/interpreter.h"
#include "exec/translator.h"

namespace petrel::internal {

namespace {
const char* const kOpNames[] = {
#define PETREL_INTERNAL_OP(name, words) #name,
#include "exec/internal_op_list.inc"
#undef PETREL_INTERNAL_OP
};
}  // namespace

std::string disassemble(const CompiledFunction& fn) {
  std::string out;
  char line[96];
  // A lazily compiled function is translated here if it has not run yet:
  // the listing shows the code it will run.
  if (!fn.translated() && !translateOnFirstCall(fn)) {
    out += "  (translation failed)\n";
    return out;
  }
  std::snprintf(line, sizeof line, "func %" PRIu32 ": %" PRIu32 " params, %" PRIu32 " locals, frame %" PRIu32 " slots\n",
                fn.func_index, fn.num_params, fn.num_locals, fn.frameSlots());
  out += line;
  std::vector<std::pair<uint32_t, uint32_t>> entries;
  fn.source_map.forEach([&](uint32_t pos, uint32_t off) { entries.push_back({pos, off}); });
  size_t map = 0;
  for (uint32_t pos = 0; pos < fn.code.size();) {
    const CodeWord* at = &fn.code[pos];
    IOp op = opcodeAt(at);
    if (op == IOp::Count) {
      out += "  <unknown instruction>\n";
      break;
    }
    while (map < entries.size() && entries[map].first < pos) ++map;
    if (map < entries.size() && entries[map].first == pos) {
      std::snprintf(line, sizeof line, "  ;; wasm @0x%" PRIx32 "\n", entries[map].second);
      out += line;
    }
    std::snprintf(line, sizeof line, "  %5" PRIu32 ": %-20s", pos, kOpNames[static_cast<uint32_t>(op)]);
    out += line;
    uint32_t words = instructionWords(op, at);
    for (uint32_t i = 1; i < words && pos + i < fn.code.size(); ++i) {
      std::snprintf(line, sizeof line, " %" PRId32, static_cast<int32_t>(at[i]));
      out += line;
    }
    out += '\n';
    pos += words;
  }
  return out;
}

}  // namespace petrel::internal
