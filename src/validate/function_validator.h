// Type checking of function bodies, following the spec's validation
// algorithm (spec appendix A.3): an operand stack of value types and a
// control stack of frames, with the stack-polymorphic rule after
// unconditional branches. The translator (exec/translator.cpp) drives it one
// instruction at a time and reads its state to emit code.
//
// It runs up front over every body of every module, so the common path
// allocates nothing: one validator is reset per function and keeps its
// stacks, a frame's label types are a span into the module's types (or its
// own single result), and simple operators are checked from a compact
// per-opcode table with an exact-kind fast path before any subtype walk.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/features.h"
#include "base/result.h"
#include "binary/instruction_reader.h"
#include "ir/module.h"

namespace petrel::internal {

using TypeSpan = std::span<const ValType>;

// The "params:results" signature of a simple operator (opcodes.def), one
// record per opcode (kSimpleSigs, built at compile time; packed into two
// bytes under PETREL_SIZE_OVER_SPEED, where only the general path reads it).
struct SimpleSig {
  uint8_t simple = 0;  // 0: the validator handles the instruction by hand
  uint8_t num_params = 0;
  uint8_t num_results = 0;
  ValKind params[3] = {};
  ValKind results[1] = {};
  uint8_t unused = 0;
};
#if !PETREL_SIZE_OVER_SPEED
extern const SimpleSig kSimpleSigs[];
#endif

// The validator's stacks (operand types, control frames): their storage is
// kept from function to function, and pushes check capacity without the
// vector's bookkeeping. fastRun() keeps data/size/capacity in locals for its
// loop (stores through a ValType* could otherwise alias them) and writes them
// back before it leaves.
template <class T, uint32_t kMinCapacity>
class FlatStack {
 public:
  FlatStack() = default;
  FlatStack(const FlatStack&) = delete;  // data_ points into buf_
  FlatStack& operator=(const FlatStack&) = delete;
  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }
  void pop_back() { --size_; }
  void push_back(T t) {  // by value: t may live in this stack
    if (size_ == capacity_) [[unlikely]] grow(1);
    data_[size_++] = t;
  }
  void append(std::span<const T> items) {
    if (items.size() > capacity_ - size_) [[unlikely]] grow(items.size());
    for (size_t i = 0; i < items.size(); ++i) data_[size_ + i] = items[i];
    size_ += static_cast<uint32_t>(items.size());
  }
  void shrink(uint32_t n) { size_ = n; }  // n <= size()
  void clear() { size_ = 0; }

 private:
  friend class FunctionValidator;
  // Room for `extra` more beyond size_ (buf_ keeps the first size_).
  void grow(size_t extra) {
    size_t want = size_ + extra;
    size_t cap = buf_.size() < kMinCapacity ? kMinCapacity : buf_.size() * 2;
    buf_.resize(cap < want ? want : cap);
    data_ = buf_.data();
    capacity_ = static_cast<uint32_t>(buf_.size());
  }
  std::vector<T> buf_;  // the storage; data_ and capacity_ mirror it
  T* data_ = nullptr;
  uint32_t size_ = 0;
  uint32_t capacity_ = 0;
};

// The operand stack.
using TypeStack = FlatStack<ValType, 32>;

struct ControlFrame {
  Opcode kind = Opcode::Block;  // Block (also the function body), Loop, If, Else, TryTable
  bool unreachable = false;
  uint32_t height = 0;          // operand stack height below the frame's params
  uint32_t init_undo_height = 0;  // local-initialisation undo log height at entry
  // Free for the translator: its label record for this frame.
  uint32_t label = 0;
  // The block type: params and results live in the module's types, except a
  // single-value block type's result, which is `single` (results_ptr null).
  const ValType* params_ptr = nullptr;
  const ValType* results_ptr = nullptr;
  uint32_t num_params = 0;
  uint32_t num_results = 0;
  ValType single;

  TypeSpan params() const { return {params_ptr, num_params}; }
  TypeSpan results() const { return {results_ptr ? results_ptr : &single, num_results}; }
  // Branching to a loop goes to its start and carries its params.
  TypeSpan labelTypes() const { return kind == Opcode::Loop ? params() : results(); }
};

using FrameStack = FlatStack<ControlFrame, 16>;

class FunctionValidator {
 public:
  // Call reset() before begin().
  explicit FunctionValidator(const Module& module);
  FunctionValidator(const Module& module, uint32_t func_index) : FunctionValidator(module) { reset(func_index); }

  // Prepares for the body of defined function `func_index`, keeping the storage of the previous one.
  void reset(uint32_t func_index);
  // Room for this many operand types, frames and locals before anything
  // allocates (a validator made on one thread to be used on another).
  void reserve(uint32_t types, uint32_t frames, uint32_t locals);
  // Pushes the function's outermost frame; call once before the first instruction.
  void begin() {
    ControlFrame f;
    f.kind = Opcode::Block;
    f.results_ptr = type_->results.data();
    f.num_results = static_cast<uint32_t>(type_->results.size());
    pushFrame(f);
  }
  // Checks one instruction and applies its effect on the stacks.
  Status apply(const Instruction& in);
  // The same, for the validation-only walk: false on error, then takeError().
  // The common instructions are checked inline. Only while !done().
  bool step(const Instruction& in) {
#if PETREL_SIZE_OVER_SPEED
    // The general path checks the same, more slowly (base/features.h).
    return stepSlow(in);
#else
    const SimpleSig& sig = kSimpleSigs[static_cast<size_t>(in.op)];
    if (sig.simple) {
      // The operands are all there with exactly the expected (numeric or
      // vector) types. Anything else (bottom types in unreachable code,
      // underflow, mismatches) takes the general path.
      uint32_t n = stack_.size();
      uint32_t np = sig.num_params;
      if (n >= frame_height_ + np) [[likely]] {
        ValType* top = stack_.data() + (n - np);
        bool match = true;
        for (uint32_t i = 0; i < np; ++i) match &= top[i].kind == sig.params[i];
        if (match) [[likely]] {
          if (sig.num_results) {
            if (np) {
              top[0] = ValType{sig.results[0], false, {}};
              stack_.shrink(n - np + 1);
            } else {
              stack_.push_back(ValType{sig.results[0], false, {}});
            }
          } else {
            stack_.shrink(n - np);
          }
          return true;
        }
      }
      return stepSlow(in);
    }
    switch (in.op) {
      case Opcode::LocalGet:
        if (in.index < locals_.size() && all_locals_initialized_) {
          stack_.push_back(locals_[in.index]);
          return true;
        }
        break;
      case Opcode::LocalSet:
      case Opcode::LocalTee:
        if (in.index < locals_.size() && all_locals_initialized_ && stack_.size() > frame_height_) {
          ValType t = locals_[in.index];
          if (stack_.back().kind == t.kind && t.kind != ValKind::Ref) {
            if (in.op == Opcode::LocalSet) stack_.pop_back();
            else stack_.data()[stack_.size() - 1] = t;
            return true;
          }
        }
        break;
      case Opcode::Block: case Opcode::Loop: case Opcode::If: case Opcode::Else: case Opcode::End:
      case Opcode::Br: case Opcode::BrIf: case Opcode::Return:
        return applyControl(in);
      default:
        break;
    }
    return stepSlow(in);
#endif
  }
  Error takeError() { return std::move(error_); }
  // The validation-only walk's fast path: decodes and checks straight from
  // the bytes as many of the common instructions (simple operators, locals,
  // constants, blocks with simple types, end, br, br_if) as it can, stopping
  // before the first one it does not handle or that is not plainly valid,
  // which the general path (InstructionReader + step) then takes. Accepts
  // exactly what the general path accepts. Under PETREL_SIZE_OVER_SPEED it
  // does nothing: the general path takes every instruction.
#if PETREL_SIZE_OVER_SPEED
  void fastRun(ByteReader&) {}
#else
  void fastRun(ByteReader& r);
#endif
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

 private:
  // Record the error and return false.
  bool failWith(Error e);
  bool fail(const Instruction& in, const char* message);
  bool failIndex(const Instruction& in, const char* what, uint32_t index);
  bool typeMismatch(const Instruction& in) { return fail(in, "type mismatch"); }
  bool stepSlow(const Instruction& in);

  void push(ValType t) { stack_.push_back(t); }
  bool pop(ValType& out) {
    if (stack_.size() > frame_height_) [[likely]] {
      out = stack_.back();
      stack_.pop_back();
      return true;
    }
    return popAtFrameBottom(out);
  }
  bool popAtFrameBottom(ValType& out);
  // Exact match of a numeric or vector type first: no subtype walk.
  bool popExpect(ValType expected) {
    if (stack_.size() > frame_height_) [[likely]] {
      ValType actual = stack_.back();
      if (actual.kind == expected.kind && actual.kind != ValKind::Ref) [[likely]] {
        stack_.pop_back();
        return true;
      }
    }
    return popExpectSlow(expected);
  }
  bool popExpectSlow(ValType expected);
  // All of `types` (the last on top), exactly matched first.
  bool popExpectAll(TypeSpan types) {
    uint32_t n = stack_.size();
    size_t k = types.size();
    if (n >= frame_height_ + k) [[likely]] {
      const ValType* top = stack_.data() + (n - k);
      bool match = true;
      for (size_t i = 0; i < k; ++i) match &= top[i].kind == types[i].kind && types[i].kind != ValKind::Ref;
      if (match) [[likely]] {
        stack_.shrink(static_cast<uint32_t>(n - k));
        return true;
      }
    }
    return popExpectAllSlow(types);
  }
  bool popExpectAllSlow(TypeSpan types);
  bool popRef(ValType& out);  // any reference type (or bottom)
  void pushAll(TypeSpan types) { stack_.append(types); }
  // f: kind and types set; the rest is filled in.
  void pushFrame(ControlFrame& f) {
    f.height = stack_.size();
    f.init_undo_height = static_cast<uint32_t>(init_undo_.size());
    f.unreachable = false;
    f.label = 0;
    frames_.push_back(f);
    frame_height_ = f.height;
    if (f.num_params) pushAll(f.params());
  }
  void setUnreachable();
  bool isSubtype(ValType a, ValType b) const {
    if (a.kind == ValKind::Bot) return true;
    if (a.kind != b.kind) return false;
    if (a.kind != ValKind::Ref) return true;
    return isRefSubtype(a, b);
  }
  bool isRefSubtype(ValType a, ValType b) const;
  // Without memory64 the decoder refuses 64-bit memories and tables.
  ValType addressType(bool is64) const { return PETREL_FEATURE_MEMORY64 && is64 ? ValType::i64() : ValType::i32(); }
  bool validHeapType(HeapType h) const;
  bool validValType(ValType t) const;
  // Resolves a block type into f's params/results; false if the index is bad.
  bool blockSignature(const BlockType& bt, ControlFrame& f) const {
    if (bt.kind == BlockType::Kind::Empty) return true;  // f's types are empty already
    if (bt.kind == BlockType::Kind::Value && bt.value.kind != ValKind::Ref) {
      f.single = bt.value;
      f.num_results = 1;
      return true;
    }
    return blockSignatureSlow(bt, f);
  }
  bool blockSignatureSlow(const BlockType& bt, ControlFrame& f) const;
  void undoLocalInits(uint32_t undo_height) {
    if (init_undo_.size() > undo_height) [[unlikely]] undoLocalInitsSlow(undo_height);
  }
  void undoLocalInitsSlow(uint32_t undo_height);

  bool applySimpleSlow(const Instruction& in);
  bool applyControl(const Instruction& in);
  bool applyMemory(const Instruction& in);
  bool applyTable(const Instruction& in);
  bool applyReference(const Instruction& in);
#if PETREL_FEATURE_SIMD
  bool applyLanes(const Instruction& in);
#endif
  bool applyCall(const Instruction& in);

  const Module& m_;
  uint32_t func_index_ = 0;
  const FuncType* type_ = nullptr;
  std::vector<ValType> locals_;
  uint32_t num_params_ = 0;
  // Only kept when the function has a non-defaultable local; otherwise every local is always set.
  bool all_locals_initialized_ = true;
  std::vector<uint8_t> local_initialized_;
  std::vector<uint32_t> init_undo_;  // locals initialised since some frame entry
  TypeStack stack_;
  FrameStack frames_;
  uint32_t frame_height_ = 0;        // frames_.back().height (0 when there is no frame)
  std::vector<ValType> scratch_;     // br_table: the operands checked against each label
  Error error_;                      // the first error, for takeError()
};

}  // namespace petrel::internal
