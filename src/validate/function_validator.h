// Type checking of function bodies, following the spec's validation
// algorithm (spec appendix A.3): an operand stack of value types and a
// control stack of frames, with the stack-polymorphic rule after
// unconditional branches. The translator (exec/translator.cpp) drives it one
// instruction at a time and reads its state to emit code.
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "binary/instruction_reader.h"
#include "ir/module.h"

namespace petrel::internal {

struct ControlFrame {
  Opcode kind = Opcode::Block;  // Block (also the function body), Loop, If, Else, TryTable
  std::vector<ValType> params;
  std::vector<ValType> results;
  uint32_t height = 0;          // operand stack height below the frame's params
  uint32_t init_undo_height = 0;  // local-initialisation undo log height at entry
  bool unreachable = false;
  // Free for the translator: its label record for this frame.
  uint32_t label = 0;

  // Branching to a loop goes to its start and carries its params.
  const std::vector<ValType>& labelTypes() const { return kind == Opcode::Loop ? params : results; }
};

class FunctionValidator {
 public:
  FunctionValidator(const Module& module, uint32_t func_index);

  // Pushes the function's outermost frame; call once before the first instruction.
  void begin();
  // Checks one instruction and applies its effect on the stacks.
  Status apply(const Instruction& in);
  // True after the `end` that closes the function body.
  bool done() const { return frames_.empty(); }

  // --- State for the translator ---------------------------------------
  uint32_t height() const { return static_cast<uint32_t>(stack_.size()); }
  ValType typeFromTop(uint32_t depth) const { return stack_[stack_.size() - 1 - depth]; }
  uint32_t frameCount() const { return static_cast<uint32_t>(frames_.size()); }
  ControlFrame& frameAt(uint32_t depth) { return frames_[frames_.size() - 1 - depth]; }
  bool unreachable() const { return frames_.back().unreachable; }
  const std::vector<ValType>& localTypes() const { return locals_; }
  uint32_t numParams() const { return num_params_; }
  // Resolves a block type to (params, results); false if the index is bad.
  bool blockSignature(const BlockType& bt, std::vector<ValType>& params, std::vector<ValType>& results) const;

 private:
  Status fail(const Instruction& in, const char* message);
  Status failIndex(const Instruction& in, const char* what, uint32_t index);
  Status typeMismatch(const Instruction& in) { return fail(in, "type mismatch"); }

  void push(ValType t) { stack_.push_back(t); }
  bool pop(ValType& out);
  bool popExpect(ValType expected);
  bool popExpectAll(const std::vector<ValType>& types);
  bool popRef(ValType& out);  // any reference type (or bottom)
  void pushAll(const std::vector<ValType>& types) { for (ValType t : types) push(t); }
  void pushFrame(Opcode kind, std::vector<ValType> params, std::vector<ValType> results);
  void setUnreachable();
  bool isSubtype(ValType a, ValType b) const;
  ValType addressType(bool is64) const { return is64 ? ValType::i64() : ValType::i32(); }
  bool validHeapType(HeapType h) const;
  bool validValType(ValType t) const;

  Status applySimple(const Instruction& in, const char* signature);
  Status applyControl(const Instruction& in);
  Status applyMemory(const Instruction& in);
  Status applyTable(const Instruction& in);
  Status applyReference(const Instruction& in);
  Status applyCall(const Instruction& in);

  const Module& m_;
  uint32_t func_index_;
  const FuncType& type_;
  std::vector<ValType> locals_;
  uint32_t num_params_ = 0;
  std::vector<bool> local_initialized_;
  std::vector<uint32_t> init_undo_;  // locals initialised since some frame entry
  std::vector<ValType> stack_;
  std::vector<ControlFrame> frames_;
};

}  // namespace petrel::internal
