#include "exec/disassembler.h"

#include <cinttypes>
#include <cstdio>

#include "exec/internal_code.h"
#include "exec/interpreter.h"

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
  std::snprintf(line, sizeof line, "func %" PRIu32 ": %" PRIu32 " params, %" PRIu32 " locals, frame %" PRIu32 " slots\n",
                fn.func_index, fn.num_params, fn.num_locals, fn.frame_slots);
  out += line;
  size_t map = 0;
  for (uint32_t pos = 0; pos < fn.code.size();) {
    const CodeWord* at = &fn.code[pos];
    IOp op = opcodeAt(at);
    if (op == IOp::Count) {
      out += "  <unknown instruction>\n";
      break;
    }
    while (map < fn.source_map.size() && fn.source_map[map].first < pos) ++map;
    if (map < fn.source_map.size() && fn.source_map[map].first == pos) {
      std::snprintf(line, sizeof line, "  ;; wasm @0x%" PRIx32 "\n", fn.source_map[map].second);
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
