// The interpreter: runs internal code (see translator.h) on an explicit
// value stack and call-frame stack, so wasm-to-wasm calls never grow the host
// stack and recursion depth is bounded by the store's limits.
#pragma once

#include <cstdint>
#include <memory>

#include "base/result.h"
#include "exec/compiled_code.h"
#include "runtime/objects.h"

namespace petrel::internal {

struct CallFrame {
  const CodeWord* return_pc;
  Slot* fp;
  const CompiledFunction* fn;
  Instance* instance;
};

// The memory a store's guests run on: one contiguous slot array for every
// frame's locals and operands, and the array of saved caller states.
struct ExecutionStack {
  ExecutionStack(uint32_t slot_count, uint32_t frame_count);

  std::unique_ptr<Slot[]> slot_storage;
  Slot* slots_end;
  Slot* top;  // first free slot; nested (host -> wasm) calls start here
  std::unique_ptr<CallFrame[]> frame_storage;
  CallFrame* frames_end;
  CallFrame* frame_top;
  uint32_t activations = 0;  // nesting of host -> wasm entries
  // Remaining fuel for metered code (see CompileOptions::fuel_metering).
  uint64_t fuel = ~uint64_t{0};
};

// Calls `func` with its arguments in io[0..params) and leaves its results in
// io[0..results). io must hold max(params, results) slots.
Status invokeFunction(Store& store, FunctionInstance* func, Slot* io);

// Replaces the opcodes of freshly translated code by the interpreter's own
// handler addresses (as offsets), so dispatch is one add and one jump
// ("direct threading"). A no-op with the portable switch dispatch.
void threadCode(CompiledFunction& fn);

// The code every function starts with until it is translated (lazy mode):
// one TranslateOnCall instruction. See CompiledFunction::entry.
const CodeWord* translateStubCode();

enum class IOp : uint32_t;
// For tools: the internal opcode of the instruction at `at` (threaded or
// not), and how many words the instruction takes with its operands.
IOp opcodeAt(const CodeWord* at);
uint32_t instructionWords(IOp op, const CodeWord* at);

}  // namespace petrel::internal
