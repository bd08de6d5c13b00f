// The function translator's state and its emitting helpers, shared by
// translator.cpp (control, calls, memory, numeric instructions, the module
// entry points) and translator_simd.cpp (the SIMD instructions). Internal to
// src/exec: nothing outside the translator includes it.
#pragma once

#include <cstdint>
#include <vector>

#include "binary/instruction_reader.h"
#include "exec/compiled_code.h"
#include "exec/internal_code.h"
#include "exec/simd.h"
#include "runtime/value.h"
#include "validate/function_validator.h"

namespace petrel::internal::translation {

constexpr uint32_t kUnresolved = ~uint32_t{0};
// A stack entry whose value is a constant not yet written anywhere: the low
// bits index FunctionTranslator::consts_.
constexpr uint32_t kConstTag = 0x80000000u;

// A branch target. Forward targets collect the code positions that must be
// patched once the target is known (the end of a block or if).
struct Label {
  uint32_t target = kUnresolved;
  std::vector<uint32_t> fixups;
  uint32_t else_fixup = kUnresolved;  // `if`: the jump to the else branch
  // The br_table (its code position) that last branched here, and where its
  // entries for this label go: the stub of moves they share, or kUnresolved
  // when they jump to the label itself.
  uint32_t stub_table = kUnresolved;
  uint32_t stub = kUnresolved;
  bool is_function = false;           // branching here means returning
};

struct Move {
  uint32_t dst;
  uint32_t src;  // a slot, or a constant (kConstTag)
  bool wide = false;  // a v128: two slots each side
};

struct LazyConst {
  uint64_t bits;
  bool wide;  // i64/f64
};

// The last instruction emitted, when it was `i32.add` of a constant that a
// memory access could absorb into its address computation.
struct PendingAddImm {
  uint32_t pos = kUnresolved;  // code position of the NumI32AddImm
  uint32_t a = 0;              // its slot operand
  uint32_t imm = 0;
};

// The last instruction emitted, when it was a float multiply that a
// following add or subtract could absorb.
struct PendingMultiply {
  uint32_t pos = kUnresolved;
  uint32_t a = 0, b = 0;
  IOp mul = IOp::Unsupported;  // NumF32Mul, NumF64Mul, SimdF32x4Mul or SimdF64x2Mul
};

// The last instruction emitted, when it was a v128.load (memory 0) into a
// temporary that the SIMD operator consuming it could read from memory itself.
struct PendingLoad {
  uint32_t pos = kUnresolved;
  uint32_t addr = 0, addend = 0, offset = 0;
  uint32_t wasm_offset = 0;  // the load's: a trap in the fused instruction is the load's
};

// The last instruction emitted, when it was a test a branch could absorb.
struct PendingTest {
  uint32_t pos = kUnresolved;  // code position of the instruction
  bool is_eqz = false;         // i32.eqz: branch on its operand being zero
  Opcode compare = Opcode::Nop;
  uint32_t a = 0;
  uint32_t b = 0;              // slot, or the immediate
  bool b_is_imm = false;
};

// Translates one function. Operands live in frame slots: locals first, then
// the operand stack, each value in one slot or, a v128, in two (home_[i] is
// stack entry i's own slot, temp(i)). A value on the validator's stack may
// also still live in a local (after local.get), so `loc_` records, for each
// stack entry, the slot currently holding it; consumers read that slot
// directly and no copy is made unless the local changes first.
class FunctionTranslator {
 public:
  // Writes only out's code, source map and frame size: the rest of `out`
  // is set up by compileModule and may be read by other threads meanwhile.
  FunctionTranslator(const Module& m, uint32_t func_index, CompiledFunction& out, bool metering, bool interruptible)
      : m_(m), v_(m, func_index), out_(out), code_(out.code), metering_(metering), interruptible_(interruptible) {
    // Local i's slot: a v128 local takes two.
    uint32_t slot = 0;
    for (ValType t : v_.localTypes()) {
      local_slot_.push_back(slot);
      slot += slotCount(t);
    }
    num_locals_ = slot;
    last_ref_.assign(slot, kUnresolved);
    uint32_t result_slot = 0;
    for (ValType t : m.funcType(func_index).results) {
      result_slot_.push_back(result_slot);
      result_slot += slotCount(t);
    }
    // Sized once, then set: push_back would link vector<bool>'s insert path.
    mem64_ = std::vector<bool>(m.memories.size());
    for (size_t i = 0; i < m.memories.size(); ++i) mem64_[i] = m.memories[i].limits.is64;
  }

  Status run();

 private:
  // Stack entry i's own slot; i may be the height, then it is the first free slot.
  uint32_t temp(uint32_t i) const { return i < home_.size() ? home_[i] : top(); }
  // The first slot above the operand stack.
  uint32_t top() const { return home_.empty() ? num_locals_ : home_.back() + (wide_.back() ? 2 : 1); }
  uint32_t localSlot(uint32_t index) const { return local_slot_[index]; }
  bool localIsWide(uint32_t index) const { return v_.localTypes()[index].kind == ValKind::V128; }
  // Pushes stack entry loc_.size(), held in `loc`; its type is the
  // validator's (every push follows the validator's apply).
  void pushLoc(uint32_t loc) {
    uint32_t i = static_cast<uint32_t>(loc_.size());
    uint32_t home = top();
    loc_.push_back(loc);
    home_.push_back(home);
    wide_.push_back(v_.typeFromTop(v_.height() - 1 - i).kind == ValKind::V128);
    bool is_local = loc < last_ref_.size();
    ref_local_.push_back(is_local ? loc : kUnresolved);
    ref_next_.push_back(is_local ? last_ref_[loc] : kUnresolved);
    if (is_local) last_ref_[loc] = i;
  }
  void pushTemp() { pushLoc(top()); }
  void truncateLocs(uint32_t n) {
    if (loc_.size() <= n) return;
    for (uint32_t i = static_cast<uint32_t>(loc_.size()); i-- > n;) {
      uint32_t local = ref_local_[i];
      if (local != kUnresolved && last_ref_[local] == i) last_ref_[local] = ref_next_[i];
    }
    loc_.resize(n);
    home_.resize(n);
    wide_.resize(n);
    ref_local_.resize(n);
    ref_next_.resize(n);
    settled_ = std::min(settled_, n);
  }
  void popLoc() { truncateLocs(static_cast<uint32_t>(loc_.size()) - 1); }
  void emitCopy(uint32_t dst, uint32_t src, bool wide) {
    op(wide ? IOp::Copy128 : IOp::Copy);
    word(dst);
    word(src);
  }
  uint32_t pos() const { return static_cast<uint32_t>(code_.size()); }
  // No instruction emitted so far may be fused with the next one.
  void forgetPending() {
    last_dst_pos_ = kUnresolved;
    test_.pos = kUnresolved;
    add_imm_.pos = kUnresolved;
    mul_.pos = kUnresolved;
    load_.pos = kUnresolved;
  }
  void op(IOp o) {
    // Only an instruction that can trap or call can be where a trap or a
    // backtrace frame points (see SourceMap).
    if (mayTrapOrCall(o) && (map_.empty() || map_.back().second != current_offset_))
      map_.push_back({pos(), current_offset_});
    code_.push_back(static_cast<CodeWord>(o));
    forgetPending();
  }
  // Removes the last instruction (at `at`), which a fused one replaces.
  void dropLastInstruction(uint32_t at) {
    code_.resize(at);
    while (map_.size() > 1 && map_.back().first >= at) map_.pop_back();
    forgetPending();
  }
  // Removes the pending test instruction so a branch can take its place.
  void dropPendingTest() { dropLastInstruction(test_.pos); }
  // Can the condition at stack index `i` be fused into the branch consuming it?
  bool condIsPendingTest(uint32_t i) const { return isResultOf(test_.pos, i); }
  // Whether stack entry i is the temporary the pending instruction at `pos`
  // (kUnresolved: none) just wrote as its first operand: the one condition
  // every fusion checks before replacing that instruction.
  bool isResultOf(uint32_t pos, uint32_t i) const {
    return pos != kUnresolved && !isConst(loc_[i]) && loc_[i] >= num_locals_ && loc_[i] == code_[pos + 1];
  }
  // Emits a branch taken when the pending test holds (or fails, if `invert`).
  void emitFusedBranch(bool invert) {
    PendingTest t = test_;
    dropPendingTest();
    if (t.is_eqz) {
      op(invert ? IOp::BrIfNez : IOp::BrIfEqz);
      word(t.a);
    } else {
      IOp fused;
      compareBranchOp(t.compare, invert, t.b_is_imm, fused);
      op(fused);
      word(t.a);
      word(t.b);
    }
  }
  static bool isConst(uint32_t loc) { return (loc & kConstTag) != 0; }
  const LazyConst& constOf(uint32_t loc) const { return consts_[loc & ~kConstTag]; }
  void pushConst(uint64_t bits, bool wide) {
    pushLoc(kConstTag | static_cast<uint32_t>(consts_.size()));
    consts_.push_back({bits, wide});
  }
  void emitConst(uint32_t dst, const LazyConst& c) {
    op(c.wide ? IOp::Const64 : IOp::Const32);
    word(dst);
    word(static_cast<uint32_t>(c.bits));
    if (c.wide) word(static_cast<uint32_t>(c.bits >> 32));
  }
  // The slot holding stack entry i, writing a pending constant there first.
  uint32_t use(uint32_t i) {
    if (isConst(loc_[i])) materialize(i);
    return loc_[i];
  }
  void word(uint32_t w) { code_.push_back(w); }
  // Writes `dst` and remembers it so a following local.set can retarget it.
  void dstWord(uint32_t dst) {
    last_dst_pos_ = pos();
    word(dst);
  }
  void bindHere(uint32_t fixup_pos) { code_[fixup_pos] = pos(); }
  void jumpWord(Label& label) {
    if (label.target != kUnresolved) {
      word(label.target);
    } else {
      label.fixups.push_back(pos());
      word(0);
    }
  }
  void markLabelBound() {
    forgetPending();
  }
  bool fuseMultiply(const Instruction& in, uint32_t h);

  // Fuel metering: a FuelCheck heads every straight-line block; its cost
  // operand is patched in when the next block starts (or the function
  // ends), once the block's wasm instructions have been counted. A block
  // starts wherever control can arrive other than by falling through
  // (function entry, loop head, a label that branches reach, an else arm)
  // and after every conditional branch and call, so that the instructions a
  // block is charged for are exactly the ones it executes unless it traps.
  void startBlock() {
    if (!metering_) return;
    closeBlock();
    op(IOp::FuelCheck);
    block_cost_pos_ = pos();
    word(0);
    block_cost_ = 0;
  }
  void closeBlock() {
    if (block_cost_pos_ != kUnresolved) code_[block_cost_pos_] = block_cost_;
    block_cost_pos_ = kUnresolved;
  }
  // Interruptible code: at function entry and loop heads (every unbounded
  // execution passes through one of them).
  void interruptCheck() {
    if (interruptible_) op(IOp::InterruptCheck);
  }

  void materialize(uint32_t i) {
    if (isConst(loc_[i])) {
      emitConst(temp(i), constOf(loc_[i]));
      loc_[i] = temp(i);
    } else if (loc_[i] != temp(i)) {
      emitCopy(temp(i), loc_[i], wide_[i]);
      loc_[i] = temp(i);
    }
  }
  // Entries below settled_ are known to be in their own slots, so a block
  // boundary (which materializes the whole stack) starts there: rescanning
  // a deep stack at every block would make translation quadratic.
  void materializeRange(uint32_t from, uint32_t to) {
    bool extends = from <= settled_;
    for (uint32_t i = extends ? std::max(from, settled_) : from; i < to; ++i) materialize(i);
    if (extends && to > settled_) settled_ = to;
  }
  // Whether entries [0, n) are all in their own slots.
  bool settledBelow(uint32_t n) {
    while (settled_ < n && loc_[settled_] == temp(settled_)) ++settled_;
    return settled_ >= n;
  }
  // Before local `local` changes: the entries still reading it get their own
  // copy. They are found through the chain of entries pushed from it (a
  // scan of the whole stack at every local.set would be quadratic); an
  // entry materialized since then is skipped, and the chain is done with.
  bool materializeRefsTo(uint32_t local) {
    bool emitted = false;
    for (uint32_t i = last_ref_[local]; i != kUnresolved; i = ref_next_[i])
      if (loc_[i] == local) {
        materialize(i);
        emitted = true;
      }
    last_ref_[local] = kUnresolved;
    return emitted;
  }
  void resetLocsAbove(uint32_t h) {
    truncateLocs(h);
    while (loc_.size() < v_.height()) pushTemp();
  }
  void pushResult(uint32_t popped) {
    truncateLocs(static_cast<uint32_t>(loc_.size()) - popped);
    pushTemp();
  }

  // Moves that put the values a branch to `frame` carries (the top of the
  // stack below value_top) where the label expects them.
  std::vector<Move> branchMoves(const ControlFrame& frame, uint32_t value_top) const {
    return movesTo(frame, value_top, static_cast<uint32_t>(frame.labelTypes().size()));
  }
  // The same for the frame's results, when control falls through its end.
  std::vector<Move> resultMoves(const ControlFrame& frame, uint32_t value_top) const {
    return movesTo(frame, value_top, static_cast<uint32_t>(frame.results().size()));
  }
  // The i-th value carried to `frame`'s label goes to the slot the label's
  // code expects: the function's result slots, or the frame's stack slots.
  std::vector<Move> movesTo(const ControlFrame& frame, uint32_t value_top, uint32_t n) const {
    std::vector<Move> moves;
    bool to_function = labels_[frame.label].is_function;
    uint32_t dst = to_function ? 0 : temp(frame.height);
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t e = value_top - n + i;
      uint32_t src = loc_[e];
      if (to_function) dst = result_slot_[i];
      if (src != dst) moves.push_back({dst, src, wide_[e] != 0});
      dst += wide_[e] ? 2 : 1;
    }
    return moves;
  }
  void emitMoves(const std::vector<Move>& moves);
  void emitSlotMoves(const std::vector<Move>& moves);
  void emitBranch(ControlFrame& frame);  // Br to the label, or Return

  Status translate(const Instruction& in);
  Status translateControl(const Instruction& in);
  Status translateCall(const Instruction& in);
  Status translateMemory(const Instruction& in);
  Status translateOther(const Instruction& in);
  Status translateSimd(const Instruction& in);
  Status translateSimdMemory(const Instruction& in);
  // v128 constants inside loops live in slots of their own after the locals,
  // written once at function entry, so a loop does not rebuild them every
  // iteration: v128.const, and splats of a constant, found by a scan of the
  // body before translation.
  void hoistLoopConstants(const FunctionBody& body);
  void addLoopConstant(const simd::V128& v) {
    for (const simd::V128& c : loop_consts_)
      if (c == v) return;
    if (loop_consts_.size() < kMaxLoopConstants) loop_consts_.push_back(v);
  }
  bool insideLoop() const { return open_loops_ > 0; }
  // Pushes a v128 constant: its hoisted slot inside a loop, else a ConstV128.
  Status pushV128Constant(const simd::V128& v);
  Status applyAndSync(const Instruction& in) {
    PETREL_TRY(v_.apply(in));
    resetLocsAbove(std::min<uint32_t>(static_cast<uint32_t>(loc_.size()), v_.height()));
    return Status::success();
  }
  uint32_t newLabel(ControlFrame& frame) {
    frame.label = static_cast<uint32_t>(labels_.size());
    labels_.emplace_back();
    return frame.label;
  }

  const Module& m_;
  FunctionValidator v_;
  CompiledFunction& out_;
  std::vector<CodeWord>& code_;
  std::vector<uint32_t> loc_;
  std::vector<uint32_t> home_;       // stack entry i's own slot (temp(i))
  std::vector<uint8_t> wide_;        // stack entry i is a v128 (two slots)
  // Entry i's local slot when it was pushed from one (else kUnresolved), and
  // the next lower entry pushed from the same local; last_ref_[slot] is the
  // highest such entry: materializeRefsTo's chains.
  std::vector<uint32_t> ref_local_;
  std::vector<uint32_t> ref_next_;
  std::vector<uint32_t> last_ref_;
  uint32_t settled_ = 0;             // see materializeRange
  uint32_t open_loops_ = 0;          // reachable loops around the instruction (SIMD builds)
  std::vector<uint32_t> local_slot_;   // local index -> its first slot
  std::vector<uint32_t> result_slot_;  // function result i -> its first slot
  uint32_t max_slots_ = 0;             // highest slot used + 1, above the locals too
  static constexpr size_t kMaxLoopConstants = 16;
  std::vector<simd::V128> loop_consts_;  // hoisted constants: constant i is in slots const_base_ + 2i, +1
  uint32_t const_base_ = 0;
  // (code position, wasm offset) of the instructions that can trap or call,
  // encoded into out_.source_map when the function is done.
  std::vector<std::pair<uint32_t, uint32_t>> map_;
  std::vector<Label> labels_;
  std::vector<bool> mem64_;
  uint32_t num_locals_ = 0;  // slots, not locals: a v128 local takes two
  uint32_t dead_nesting_ = 0;
  uint32_t last_dst_pos_ = kUnresolved;
  uint32_t current_offset_ = 0;
  bool metering_ = false;
  bool interruptible_ = false;
  uint32_t block_cost_pos_ = kUnresolved;  // operand of the current block's FuelCheck
  uint32_t block_cost_ = 0;                // wasm instructions in the current block so far
  std::vector<LazyConst> consts_;
  PendingTest test_;
  PendingAddImm add_imm_;
  PendingMultiply mul_;
  PendingLoad load_;
};

}  // namespace petrel::internal::translation
