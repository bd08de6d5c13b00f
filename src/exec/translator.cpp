#include "exec/translator.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "binary/instruction_reader.h"
#include "exec/internal_code.h"
#include "exec/function_translator.h"
#include "exec/interpreter.h"
#include "validate/body_validator.h"
#include "validate/function_validator.h"
#include "validate/module_validator.h"

namespace petrel::internal {

// The refusal of a GC instruction (not executed yet), by the two places
// that check: before translation and, should one get through, translation.
static Error gcNotImplemented(Opcode op, uint64_t offset) {
  return Error::make(ErrorKind::Other,
                     std::string("unsupported instruction ") + opcodeName(op).c_str() + " (GC is not implemented yet)",
                     offset);
}

namespace translation {

// Division by a constant cannot trap unless the constant is 0, or -1 for
// signed division (INT_MIN / -1 overflows); only then is the trap-free
// immediate form used.
static bool immediateIsSafe(Opcode op, uint64_t bits) {
  switch (op) {
    case Opcode::I32DivU: case Opcode::I32RemU: return static_cast<uint32_t>(bits) != 0;
    case Opcode::I32DivS: case Opcode::I32RemS:
      return static_cast<uint32_t>(bits) != 0 && static_cast<uint32_t>(bits) != 0xffffffffu;
    case Opcode::I64DivU: case Opcode::I64RemU: return bits != 0;
    case Opcode::I64DivS: case Opcode::I64RemS: return bits != 0 && bits != ~uint64_t{0};
    default: return true;
  }
}


// The multiply an add or subtract can absorb, and the fused instructions:
// product + c, product - c, c - product.
struct MultiplyFusion {
  IOp mul, mul_add, mul_sub, sub_mul;
  bool is_add;
};
static bool multiplyFusion(Opcode op, [[maybe_unused]] MultiplyFusion& out) {
  switch (op) {
#if PETREL_FEATURE_FUSION && PETREL_FEATURE_FLOAT
    case Opcode::F32Add: case Opcode::F32Sub:
      out = {IOp::NumF32Mul, IOp::F32MulAdd, IOp::F32MulSub, IOp::F32SubMul, op == Opcode::F32Add};
      return true;
    case Opcode::F64Add: case Opcode::F64Sub:
      out = {IOp::NumF64Mul, IOp::F64MulAdd, IOp::F64MulSub, IOp::F64SubMul, op == Opcode::F64Add};
      return true;
#endif
#if PETREL_FEATURE_SIMD
    case Opcode::F32x4Add: case Opcode::F32x4Sub:
      out = {IOp::SimdF32x4Mul, IOp::F32x4MulAdd, IOp::F32x4MulSub, IOp::F32x4SubMul, op == Opcode::F32x4Add};
      return true;
    case Opcode::F64x2Add: case Opcode::F64x2Sub:
      out = {IOp::SimdF64x2Mul, IOp::F64x2MulAdd, IOp::F64x2MulSub, IOp::F64x2SubMul, op == Opcode::F64x2Add};
      return true;
#endif
    default:
      return false;
  }
}

// A float add or subtract (scalar, f32x4 or f64x2) consuming the product
// just computed by the last instruction: replace both by one
// multiply-add/subtract instruction (still rounded twice).
bool FunctionTranslator::fuseMultiply(const Instruction& in, uint32_t h) {
  MultiplyFusion f;
  if (!multiplyFusion(in.op, f) || mul_.mul != f.mul) return false;
  bool product_first = isResultOf(mul_.pos, h - 2);
  bool product_second = isResultOf(mul_.pos, h - 1);
  if (product_first == product_second) return false;
  uint32_t other = loc_[product_first ? h - 1 : h - 2];
  if (isConst(other)) return false;
  IOp fused = f.is_add ? f.mul_add : product_first ? f.mul_sub : f.sub_mul;
  PendingMultiply m = mul_;
  dropLastInstruction(m.pos);
  op(fused);
  dstWord(temp(h - 2));
  word(m.a);
  word(m.b);
  word(other);
  pushResult(2);
  return true;
}

void FunctionTranslator::emitMoves(const std::vector<Move>& all_moves) {
  // Constants are written last: they read no slot, so no move can clobber them.
  std::vector<Move> moves;
  for (const Move& mv : all_moves)
    if (!isConst(mv.src)) moves.push_back(mv);
  emitSlotMoves(moves);
  for (const Move& mv : all_moves)
    if (isConst(mv.src)) emitConst(mv.dst, constOf(mv.src));
}

static uint32_t moveWidth(const Move& mv) { return mv.wide ? 2 : 1; }

// Whether some move reads a slot that an earlier move writes. Pairwise for a
// few moves; for many (a label can carry thousands of values) through the
// destinations sorted, which never overlap (movesTo gives each value its own
// slots), so the check costs m log m rather than m^2.
static bool movesConflict(const std::vector<Move>& moves) {
  auto overlaps = [](const Move& w, const Move& r) {
    return w.dst < r.src + moveWidth(r) && r.src < w.dst + moveWidth(w);
  };
  constexpr size_t kPairwise = 16;
  if (moves.size() <= kPairwise) {
    for (size_t j = 0; j < moves.size(); ++j)
      for (size_t k = j + 1; k < moves.size(); ++k)
        if (overlaps(moves[j], moves[k])) return true;
    return false;
  }
  std::vector<uint32_t> by_dst(moves.size());
  for (uint32_t i = 0; i < by_dst.size(); ++i) by_dst[i] = i;
  std::sort(by_dst.begin(), by_dst.end(), [&](uint32_t a, uint32_t b) { return moves[a].dst < moves[b].dst; });
  for (uint32_t k = 0; k < moves.size(); ++k) {
    const Move& r = moves[k];
    auto it = std::lower_bound(by_dst.begin(), by_dst.end(), r.src,
                               [&](uint32_t j, uint32_t src) { return moves[j].dst + moveWidth(moves[j]) <= src; });
    for (; it != by_dst.end() && moves[*it].dst < r.src + moveWidth(r); ++it)
      if (*it < k) return true;
  }
  return false;
}

void FunctionTranslator::emitSlotMoves(const std::vector<Move>& moves) {
  // Moves are a parallel assignment: if a destination is read by a later
  // move, go through scratch slots above the current stack top.
  auto width = moveWidth;
  if (!movesConflict(moves)) {
    for (const Move& mv : moves) emitCopy(mv.dst, mv.src, mv.wide);
    return;
  }
  std::vector<uint32_t> scratch;
  uint32_t free_slot = top();
  for (const Move& mv : moves) {
    scratch.push_back(free_slot);
    free_slot += width(mv);
  }
  max_slots_ = std::max(max_slots_, free_slot);
  for (size_t k = 0; k < moves.size(); ++k) emitCopy(scratch[k], moves[k].src, moves[k].wide);
  for (size_t k = 0; k < moves.size(); ++k) emitCopy(moves[k].dst, scratch[k], moves[k].wide);
}

void FunctionTranslator::emitBranch(ControlFrame& frame) {
  Label& label = labels_[frame.label];
  if (label.is_function) {
    op(IOp::Return);
  } else {
    op(IOp::Br);
    jumpWord(label);
  }
}

Status FunctionTranslator::run() {
  const FunctionBody& body = m_.bodies[out_.func_index - m_.num_imported_funcs];
  ByteReader r(m_.bytes.data() + body.code_offset, body.code_end - body.code_offset, body.code_offset);
  InstructionReader reader(r, &mem64_);
  v_.begin();
  newLabel(v_.frameAt(0));
  labels_[0].is_function = true;
  current_offset_ = static_cast<uint32_t>(body.code_offset);
  // The function entry: where a first call that finds no room for the
  // frame traps (the lazy-translation stub checks the real frame size).
  map_.push_back({0, current_offset_});
#if PETREL_FEATURE_SIMD
  hoistLoopConstants(body);
#endif
  const_base_ = num_locals_;
  num_locals_ += 2 * static_cast<uint32_t>(loop_consts_.size());  // temporaries start above them
  for (size_t i = 0; i < loop_consts_.size(); ++i) {
    uint32_t words[4];
    std::memcpy(words, loop_consts_[i].bytes, 16);
    op(IOp::ConstV128);
    word(const_base_ + 2 * static_cast<uint32_t>(i));
    for (uint32_t w : words) word(w);
  }
  startBlock();
  interruptCheck();
  Instruction in;
  while (!v_.done()) {
    if (r.atEnd()) return Error::malformed("unexpected end of section or function", r.offset());
    if (!reader.read(in)) return r.takeError();
    current_offset_ = static_cast<uint32_t>(in.offset);
    PETREL_TRY(translate(in));
    if (!v_.done()) max_slots_ = std::max(max_slots_, top());
  }
  if (!r.atEnd()) return Error::malformed("section size mismatch (operators after the end of the function)", r.offset());
  closeBlock();
  out_.frame_slots_.store(std::max(std::max(max_slots_, num_locals_) + 1, out_.num_results), std::memory_order_relaxed);
  code_.shrink_to_fit();
  for (const auto& [code_pos, wasm_offset] : map_) out_.source_map.add(code_pos, wasm_offset);
  out_.source_map.shrink();
  return Status::success();
}

Status FunctionTranslator::translate(const Instruction& in) {
  bool dead = dead_nesting_ > 0 || v_.unreachable();
  if (dead) {
    // Unreachable code is validated but not emitted.
    switch (in.op) {
      case Opcode::Block: case Opcode::Loop: case Opcode::If: case Opcode::TryTable:
        ++dead_nesting_;
        return applyAndSync(in);
      case Opcode::Else:
        if (dead_nesting_ > 0) return applyAndSync(in);
        break;
      case Opcode::End:
        if (dead_nesting_ > 0) {
          --dead_nesting_;
          return applyAndSync(in);
        }
        break;
      default:
        return applyAndSync(in);
    }
  }
  if (!dead) ++block_cost_;  // every reachable wasm instruction costs one unit of fuel

  // Modules using GC instructions are refused before translation
  // (compileValidatedModule, BodyFacts); kept so that translation can never
  // emit code it cannot run.
  uint8_t prefix = opcodeInfo(in.op).prefix;
  if (prefix == 0xfb) return gcNotImplemented(in.op, in.offset);
#if PETREL_FEATURE_SIMD
  if (prefix == 0xfd) return translateSimd(in);
#endif

  uint32_t h = v_.height();
  IOp num;
  unsigned n;
  if (numericInternalOp(in.op, num, n)) {
    if (h < n) return v_.apply(in);  // let the validator report the underflow
    PETREL_TRY(v_.apply(in));
    IOp with_imm;
    bool wide = false;
    if (n == 2 && isConst(loc_[h - 1]) && immediateInternalOp(in.op, with_imm, wide) &&
        immediateIsSafe(in.op, constOf(loc_[h - 1]).bits)) {
      // Constant second operand: encode it in the instruction.
      LazyConst c = constOf(loc_[h - 1]);
      uint32_t a = use(h - 2);
      op(with_imm);
      dstWord(temp(h - 2));
      word(a);
      word(static_cast<uint32_t>(c.bits));
      if (wide) word(static_cast<uint32_t>(c.bits >> 32));
      // Fused branches carry a sign-extended 32-bit immediate.
      Opcode cmp;
      bool fits32 = !wide || static_cast<int64_t>(c.bits) == static_cast<int32_t>(c.bits);
      if (fits32 && comparisonOf(with_imm, cmp))
        test_ = {pos() - (wide ? 5 : 4), false, cmp, a, static_cast<uint32_t>(c.bits), true};
#if PETREL_FEATURE_FUSION
      if (with_imm == IOp::NumI32AddImm) add_imm_ = {pos() - 4, a, static_cast<uint32_t>(c.bits)};
#endif
      pushResult(n);
      return Status::success();
    }
    if ((in.op == Opcode::F64Add || in.op == Opcode::F64Sub || in.op == Opcode::F32Add ||
         in.op == Opcode::F32Sub) &&
        fuseMultiply(in, h))
      return Status::success();
    uint32_t a = use(h - n);
    uint32_t b = n == 2 ? use(h - 1) : 0;
    op(num);
    uint32_t at = pos() - 1;
    dstWord(temp(h - n));
    word(a);
    if (n == 2) word(b);
    Opcode cmp;
    if (num == IOp::NumF64Mul || num == IOp::NumF32Mul) mul_ = {at, a, b, num};
    if (num == IOp::NumI32Eqz) test_ = {at, true, Opcode::I32Eqz, a, 0, false};
    else if (comparisonOf(num, cmp)) test_ = {at, false, cmp, a, b, false};
    pushResult(n);
    return Status::success();
  }

  switch (in.op) {
    case Opcode::I32Const:
    case Opcode::F32Const:
      PETREL_TRY(v_.apply(in));
      pushConst(static_cast<uint32_t>(in.bits), false);
      return Status::success();
    case Opcode::I64Const:
    case Opcode::F64Const:
      PETREL_TRY(v_.apply(in));
      pushConst(in.bits, true);
      return Status::success();
    case Opcode::LocalGet:
      PETREL_TRY(v_.apply(in));
      pushLoc(localSlot(in.index));
      return Status::success();
    case Opcode::LocalSet:
    case Opcode::LocalTee: {
      PETREL_TRY(v_.apply(in));  // checks the index and the operand
      uint32_t x = localSlot(in.index);
      bool wide = localIsWide(in.index);
      uint32_t src = loc_[h - 1];
      popLoc();
      uint32_t patch_pos = last_dst_pos_;
      bool emitted = materializeRefsTo(x);
      if (isConst(src)) {
        emitConst(x, constOf(src));
      } else if (src != x) {
        if (!emitted && patch_pos != kUnresolved && src == temp(h - 1) && code_[patch_pos] == src) {
          code_[patch_pos] = x;  // the producer writes the local directly
          forgetPending();  // nothing pending may refer to the retargeted instruction
        } else {
          emitCopy(x, src, wide);
        }
      }
      if (in.op == Opcode::LocalTee) pushLoc(x);
      return Status::success();
    }
    case Opcode::Drop:
      PETREL_TRY(v_.apply(in));
      popLoc();
      return Status::success();
    case Opcode::Select:
    case Opcode::SelectT: {
      if (h < 3) return v_.apply(in);
      uint32_t a = use(h - 3), b = use(h - 2), c = use(h - 1);
      bool wide = wide_[h - 3];
      PETREL_TRY(v_.apply(in));
      op(wide ? IOp::SelectV128 : IOp::Select);
      dstWord(temp(h - 3));
      word(a);
      word(b);
      word(c);
      pushResult(3);
      return Status::success();
    }
    case Opcode::GlobalGet:
      PETREL_TRY(v_.apply(in));
      op(m_.globals[in.index].type.type.kind == ValKind::V128 ? IOp::GlobalGetV128 : IOp::GlobalGet);
      dstWord(temp(h));
      word(in.index);
      pushTemp();
      return Status::success();
    case Opcode::GlobalSet: {
      PETREL_TRY(v_.apply(in));
      uint32_t src = use(h - 1);
      op(m_.globals[in.index].type.type.kind == ValKind::V128 ? IOp::GlobalSetV128 : IOp::GlobalSet);
      word(in.index);
      word(src);
      popLoc();
      return Status::success();
    }
    default:
      break;
  }

  switch (in.op) {
    case Opcode::Unreachable: case Opcode::Block: case Opcode::Loop: case Opcode::If: case Opcode::Else:
    case Opcode::End: case Opcode::Br: case Opcode::BrIf: case Opcode::BrTable: case Opcode::Return:
    case Opcode::BrOnNull: case Opcode::BrOnNonNull: case Opcode::TryTable: case Opcode::Throw:
    case Opcode::ThrowRef: case Opcode::Nop:
      return translateControl(in);
    case Opcode::Call: case Opcode::CallIndirect: case Opcode::CallRef: case Opcode::ReturnCall:
    case Opcode::ReturnCallIndirect: case Opcode::ReturnCallRef:
      return translateCall(in);
    default:
      break;
  }
  if (opcodeInfo(in.op).imm == ImmKind::MemArg) return translateMemory(in);
  return translateOther(in);
}

Status FunctionTranslator::translateControl(const Instruction& in) {
  uint32_t h = v_.height();
  switch (in.op) {
    case Opcode::Nop:
      return v_.apply(in);
    case Opcode::Unreachable:
    case Opcode::Throw:
    case Opcode::ThrowRef:
      PETREL_TRY(v_.apply(in));
      op(in.op == Opcode::Unreachable ? IOp::Unreachable : IOp::Unsupported);
      resetLocsAbove(v_.height());
      return Status::success();
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::TryTable: {
      materializeRange(0, h);
      PETREL_TRY(v_.apply(in));
      uint32_t l = newLabel(v_.frameAt(0));
      if (in.op == Opcode::Loop) {
        labels_[l].target = pos();
        markLabelBound();
        startBlock();  // every iteration passes here
        interruptCheck();
#if PETREL_FEATURE_SIMD
        ++open_loops_;
#endif
      }
      return Status::success();
    }
    case Opcode::If: {
      if (h < 1) return v_.apply(in);
      bool fuse = settledBelow(h - 1) && condIsPendingTest(h - 1);
      uint32_t cond = fuse ? 0 : use(h - 1);
      materializeRange(0, h - 1);
      PETREL_TRY(v_.apply(in));
      popLoc();
      if (fuse) {
        emitFusedBranch(/*invert=*/true);  // skip the then-branch when the test fails
      } else {
        op(IOp::BrIfEqz);
        word(cond);
      }
      uint32_t fixup = pos();
      word(0);
      uint32_t l = newLabel(v_.frameAt(0));
      labels_[l].else_fixup = fixup;
      startBlock();  // the then-arm
      return Status::success();
    }
    case Opcode::Else: {
      ControlFrame& f = v_.frameAt(0);
      uint32_t l = f.label;
      if (f.kind == Opcode::If && !v_.unreachable() && h >= f.height + f.results().size()) {
        emitMoves(resultMoves(f, h));
        op(IOp::Br);
        labels_[l].fixups.push_back(pos());
        word(0);
      }
      uint32_t frame_height = f.height;
      PETREL_TRY(v_.apply(in));
      if (labels_[l].else_fixup != kUnresolved) {
        bindHere(labels_[l].else_fixup);
        labels_[l].else_fixup = kUnresolved;
      }
      markLabelBound();
      startBlock();  // the else-arm
      resetLocsAbove(frame_height);
      return Status::success();
    }
    case Opcode::End: {
      ControlFrame& f = v_.frameAt(0);
      uint32_t l = f.label;
#if PETREL_FEATURE_SIMD
      if (f.kind == Opcode::Loop) --open_loops_;  // opened reachable: unreachable ones end in translate()
#endif
      uint32_t frame_height = f.height;
      bool live = !v_.unreachable();
      bool ok_shape = h >= f.height + f.results().size();
      if (labels_[l].is_function) {
        if (live && ok_shape) {
          std::vector<Move> moves = resultMoves(f, h);
          size_t result_count = f.results().size();
          PETREL_TRY(v_.apply(in));  // pops the frame: `f` is gone from here on
          // A single result just computed into its temporary: let the
          // instruction that computed it write the result slot instead
          // (nothing runs between it and the Return).
          if (moves.size() == 1 && result_count == 1 && last_dst_pos_ != kUnresolved &&
              moves[0].src == temp(h - 1) && code_[last_dst_pos_] == moves[0].src) {
            code_[last_dst_pos_] = moves[0].dst;
            moves.clear();
          }
          emitMoves(moves);
          op(IOp::Return);
          return Status::success();
        }
        return v_.apply(in);
      }
      if (live && ok_shape) emitMoves(resultMoves(f, h));
      PETREL_TRY(v_.apply(in));
      Label& label = labels_[l];
      label.target = pos();
      bool branched_to = !label.fixups.empty() || label.else_fixup != kUnresolved;
      for (uint32_t fix : label.fixups) code_[fix] = label.target;
      label.fixups.clear();
      if (label.else_fixup != kUnresolved) bindHere(label.else_fixup);
      label.else_fixup = kUnresolved;
      markLabelBound();
      if (branched_to || !live) startBlock();
      resetLocsAbove(frame_height);
      return Status::success();
    }
    case Opcode::Br: {
      if (in.index >= v_.frameCount()) return v_.apply(in);
      ControlFrame& f = v_.frameAt(in.index);
      if (h < f.labelTypes().size()) return v_.apply(in);
      std::vector<Move> moves = branchMoves(f, h);
      PETREL_TRY(v_.apply(in));
      emitMoves(moves);
      emitBranch(f);
      resetLocsAbove(v_.height());
      return Status::success();
    }
    case Opcode::BrIf: {
      if (in.index >= v_.frameCount() || h < 1) return v_.apply(in);
      ControlFrame& f = v_.frameAt(in.index);
      if (h - 1 < f.labelTypes().size()) return v_.apply(in);
      std::vector<Move> moves = branchMoves(f, h - 1);
      bool direct = moves.empty() && !labels_[f.label].is_function;
      bool fuse = direct && condIsPendingTest(h - 1);
      uint32_t cond = fuse ? 0 : use(h - 1);
      PETREL_TRY(v_.apply(in));
      popLoc();
      if (fuse) {
        emitFusedBranch(/*invert=*/false);
        jumpWord(labels_[f.label]);
      } else if (direct) {
        op(IOp::BrIfNez);
        word(cond);
        jumpWord(labels_[f.label]);
      } else {
        op(IOp::BrIfEqz);
        word(cond);
        uint32_t skip = pos();
        word(0);
        emitMoves(moves);
        emitBranch(f);
        bindHere(skip);
        markLabelBound();
      }
      startBlock();  // the fall-through path
      return Status::success();
    }
    case Opcode::BrTable: {
      if (h < 1) return v_.apply(in);
      const std::vector<uint32_t>& targets = *in.targets;
      for (uint32_t t : targets) {
        if (t >= v_.frameCount()) return v_.apply(in);
        if (h - 1 < v_.frameAt(t).labelTypes().size()) return v_.apply(in);
      }
      uint32_t index = use(h - 1);
      PETREL_TRY(v_.apply(in));
      op(IOp::BrTable);
      word(index);
      word(static_cast<uint32_t>(targets.size() - 1));
      uint32_t table = pos();
      for (size_t j = 0; j < targets.size(); ++j) word(0);
      for (size_t j = 0; j < targets.size(); ++j) {
        // The first entry for a label decides, for all of them, whether they
        // jump straight there or through one stub of moves; the label keeps
        // the answer. Moves and stubs per entry, or a search of the table's
        // stubs, would make a long table over deep nesting quadratic. (The
        // moves read the translator's own stack state, which the validator's
        // apply leaves alone, and the frames, which br_table keeps.)
        const ControlFrame& frame = v_.frameAt(targets[j]);
        Label& label = labels_[frame.label];
        if (label.stub_table != table) {
          label.stub_table = table;
          std::vector<Move> moves = branchMoves(frame, h - 1);
          if (moves.empty() && !label.is_function) {
            label.stub = kUnresolved;
          } else {
            label.stub = pos();
            emitMoves(moves);
            if (label.is_function) {
              op(IOp::Return);
            } else {
              op(IOp::Br);
              jumpWord(label);
            }
          }
        }
        if (label.stub != kUnresolved) code_[table + j] = label.stub;
        else if (label.target != kUnresolved) code_[table + j] = label.target;
        else label.fixups.push_back(table + static_cast<uint32_t>(j));
      }
      resetLocsAbove(v_.height());
      return Status::success();
    }
    case Opcode::Return: {
      ControlFrame& f = v_.frameAt(v_.frameCount() - 1);
      if (h < f.results().size()) return v_.apply(in);
      std::vector<Move> moves = branchMoves(f, h);
      PETREL_TRY(v_.apply(in));
      emitMoves(moves);
      op(IOp::Return);
      resetLocsAbove(v_.height());
      return Status::success();
    }
#if PETREL_FEATURE_GC
    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull: {
      if (in.index >= v_.frameCount() || h < 1) return v_.apply(in);
      ControlFrame& f = v_.frameAt(in.index);
      uint32_t arity = static_cast<uint32_t>(f.labelTypes().size());
      bool on_null = in.op == Opcode::BrOnNull;
      // br_on_null carries the values below the reference; br_on_non_null
      // carries them and the (non-null) reference itself.
      uint32_t value_top = on_null ? h - 1 : h;
      if (value_top < arity) return v_.apply(in);
      uint32_t ref = use(h - 1);
      std::vector<Move> moves = branchMoves(f, value_top);
      PETREL_TRY(v_.apply(in));
      if (moves.empty() && !labels_[f.label].is_function) {
        op(on_null ? IOp::BrOnNull : IOp::BrOnNonNull);
        word(ref);
        jumpWord(labels_[f.label]);
      } else {
        op(on_null ? IOp::BrOnNonNull : IOp::BrOnNull);
        word(ref);
        uint32_t skip = pos();
        word(0);
        emitMoves(moves);
        emitBranch(f);
        bindHere(skip);
        markLabelBound();
      }
      startBlock();  // the fall-through path
      if (!on_null) popLoc();
      return Status::success();
    }
#endif
    default:
      return v_.apply(in);
  }
}

Status FunctionTranslator::translateCall(const Instruction& in) {
  uint32_t h = v_.height();
  const FuncType* callee = nullptr;
  uint32_t extra = 0;  // operands above the arguments (table index or reference)
  switch (in.op) {
    case Opcode::Call:
    case Opcode::ReturnCall:
      if (in.index >= m_.func_types.size()) return v_.apply(in);
      callee = &m_.funcType(in.index);
      break;
    default:
      if (in.index >= m_.types.size() || m_.types[in.index].kind != CompositeKind::Func) return v_.apply(in);
      callee = &m_.types[in.index].func;
      extra = 1;
      break;
  }
  uint32_t n = static_cast<uint32_t>(callee->params.size());
  if (h < n + extra) return v_.apply(in);
  uint32_t first = h - extra - n;
  uint32_t operand = extra ? use(h - 1) : 0;
  // Arguments must sit in consecutive slots: the callee's frame starts there.
  materializeRange(first, first + n);
  PETREL_TRY(v_.apply(in));
  uint32_t base = temp(first);
  switch (in.op) {
    case Opcode::Call: op(IOp::Call); word(in.index); word(base); break;
    case Opcode::CallIndirect: op(IOp::CallIndirect); word(in.index); word(in.index2); word(base); word(operand); break;
#if PETREL_FEATURE_TAIL_CALL
    case Opcode::ReturnCall: op(IOp::ReturnCall); word(in.index); word(base); break;
    case Opcode::ReturnCallIndirect:
      op(IOp::ReturnCallIndirect); word(in.index); word(in.index2); word(base); word(operand); break;
#endif
#if PETREL_FEATURE_GC
    case Opcode::CallRef: op(IOp::CallRef); word(in.index); word(base); word(operand); break;
#endif
#if PETREL_FEATURE_GC && PETREL_FEATURE_TAIL_CALL
    case Opcode::ReturnCallRef: op(IOp::ReturnCallRef); word(in.index); word(base); word(operand); break;
#endif
    default: break;
  }
  truncateLocs(first);
  resetLocsAbove(first);
  // After a call returns, a new block: the callee may run out of fuel, and
  // the rest of this block must not have been charged by then.
  if (in.op == Opcode::Call || in.op == Opcode::CallIndirect || in.op == Opcode::CallRef) startBlock();
  return Status::success();
}

// The fast-path opcodes (memory 0 of a 32-bit memory) of a load or store:
// plain, with an added immediate, and (stores) with an immediate value.
struct FastMemoryOps {
  IOp plain = IOp::Unsupported;
  IOp add_imm = IOp::Unsupported;
  IOp value_imm = IOp::Unsupported;
};

static FastMemoryOps fastMemoryOps(Opcode op) {
  switch (op) {
#if PETREL_FEATURE_FUSION
#define LOAD(name, T, put) case Opcode::name: return {IOp::name, IOp::name##AddImm, IOp::Unsupported};
#define STORE(name, T, field) case Opcode::name: return {IOp::name, IOp::name##AddImm, IOp::name##Imm};
#else
#define LOAD(name, T, put) case Opcode::name: return {IOp::name, IOp::Unsupported, IOp::Unsupported};
#define STORE(name, T, field) case Opcode::name: return {IOp::name, IOp::Unsupported, IOp::Unsupported};
#endif
#include "exec/memory_ops.def"
#undef LOAD
#undef STORE
    default: return {};
  }
}

Status FunctionTranslator::translateMemory(const Instruction& in) {
  uint32_t h = v_.height();
  bool is_store = in.op >= Opcode::I32Store && in.op <= Opcode::I64Store32;
  uint32_t operands = is_store ? 2 : 1;
  if (h < operands) return v_.apply(in);
  const MemArg& ma = in.memarg;
  bool fast = ma.memory == 0 && !mem64_.empty() && !mem64_[0] && ma.offset <= 0xffffffffu;
  if (!fast) {
#if !PETREL_FEATURE_MULTI_MEMORY && !PETREL_FEATURE_MEMORY64
    // One 32-bit memory at most: only an invalid access gets here.
    PETREL_TRY(v_.apply(in));
    op(IOp::Unsupported);
    if (is_store) truncateLocs(h - 2);
    else pushResult(1);
    return Status::success();
#else
    uint32_t addr = use(h - operands);
    uint32_t value = is_store ? use(h - 1) : 0;
    PETREL_TRY(v_.apply(in));
    op(is_store ? IOp::StoreAny : IOp::LoadAny);
    word(accessCode(in.op));
    if (is_store) {
      word(addr);
      word(value);
    } else {
      word(temp(h - 1));
      word(addr);
    }
    word(ma.memory);
    word(static_cast<uint32_t>(ma.offset));
    word(static_cast<uint32_t>(ma.offset >> 32));
    if (is_store) truncateLocs(h - 2);
    else pushResult(1);
    return Status::success();
#endif
  }

  FastMemoryOps ops = fastMemoryOps(in.op);
  uint32_t offset = static_cast<uint32_t>(ma.offset);
  // A stored constant goes into the instruction.
  if (PETREL_FEATURE_FUSION && is_store && isConst(loc_[h - 1])) {
    LazyConst value = constOf(loc_[h - 1]);
    uint32_t addr = use(h - 2);
    PETREL_TRY(v_.apply(in));
    op(ops.value_imm);
    word(addr);
    word(static_cast<uint32_t>(value.bits));
    word(static_cast<uint32_t>(value.bits >> 32));
    word(offset);
    truncateLocs(h - 2);
    return Status::success();
  }
  // An address just computed as `x + constant` into a temporary: the access
  // adds the constant itself (with the same 32-bit wrap-around).
  bool fuse_add = isResultOf(add_imm_.pos, h - operands);
  PendingAddImm add = add_imm_;
  uint32_t addr = fuse_add ? add.a : use(h - operands);
  uint32_t value = is_store ? use(h - 1) : 0;
  PETREL_TRY(v_.apply(in));
  if (fuse_add) dropLastInstruction(add.pos);
  op(fuse_add ? ops.add_imm : ops.plain);
  if (fuse_add) word(add.imm);
  if (is_store) {
    word(addr);
    word(value);
  } else {
    dstWord(temp(h - 1));
    word(addr);
  }
  word(offset);
  if (is_store) truncateLocs(h - 2);
  else pushResult(1);
  return Status::success();
}

Status FunctionTranslator::translateOther(const Instruction& in) {
  uint32_t h = v_.height();
  // Operand count popped by each remaining instruction.
  uint32_t pops = 0;
  switch (in.op) {
    case Opcode::MemorySize: case Opcode::TableSize: case Opcode::RefNull: case Opcode::RefFunc:
    case Opcode::DataDrop: case Opcode::ElemDrop:
      pops = 0; break;
    case Opcode::MemoryGrow: case Opcode::TableGet: case Opcode::RefIsNull: case Opcode::RefAsNonNull:
      pops = 1; break;
    case Opcode::TableSet: case Opcode::TableGrow: case Opcode::RefEq:
      pops = 2; break;
    case Opcode::MemoryInit: case Opcode::MemoryCopy: case Opcode::MemoryFill: case Opcode::TableInit:
    case Opcode::TableCopy: case Opcode::TableFill:
      pops = 3; break;
    default:
      return v_.apply(in);
  }
  if (h < pops) return v_.apply(in);
  uint32_t s[3] = {0, 0, 0};
  for (uint32_t i = 0; i < pops; ++i) s[i] = use(h - pops + i);
  PETREL_TRY(v_.apply(in));
  uint32_t dst = temp(h - pops);
  switch (in.op) {
    case Opcode::MemorySize: op(IOp::MemorySize); dstWord(dst); word(in.index); break;
    case Opcode::MemoryGrow: op(IOp::MemoryGrow); dstWord(dst); word(in.index); word(s[0]); break;
#if PETREL_FEATURE_REFERENCE_TYPES
    case Opcode::TableSize: op(IOp::TableSize); dstWord(dst); word(in.index); break;
    case Opcode::TableGet: op(IOp::TableGet); dstWord(dst); word(in.index); word(s[0]); break;
    case Opcode::TableSet: op(IOp::TableSet); word(in.index); word(s[0]); word(s[1]); break;
    case Opcode::TableGrow: op(IOp::TableGrow); dstWord(dst); word(in.index); word(s[0]); word(s[1]); break;
    case Opcode::TableFill: op(IOp::TableFill); word(in.index); word(s[0]); word(s[1]); word(s[2]); break;
    case Opcode::RefNull: op(IOp::RefNull); dstWord(dst); break;
    case Opcode::RefFunc: op(IOp::RefFunc); dstWord(dst); word(in.index); break;
    case Opcode::RefIsNull: op(IOp::RefIsNull); dstWord(dst); word(s[0]); break;
#endif
#if PETREL_FEATURE_BULK_MEMORY
    case Opcode::TableCopy: op(IOp::TableCopy); word(in.index); word(in.index2); word(s[0]); word(s[1]); word(s[2]); break;
    case Opcode::TableInit: op(IOp::TableInit); word(in.index); word(in.index2); word(s[0]); word(s[1]); word(s[2]); break;
    case Opcode::ElemDrop: op(IOp::ElemDrop); word(in.index); break;
    case Opcode::MemoryInit: op(IOp::MemoryInit); word(in.index); word(in.index2); word(s[0]); word(s[1]); word(s[2]); break;
    case Opcode::DataDrop: op(IOp::DataDrop); word(in.index); break;
    case Opcode::MemoryCopy: op(IOp::MemoryCopy); word(in.index); word(in.index2); word(s[0]); word(s[1]); word(s[2]); break;
    case Opcode::MemoryFill: op(IOp::MemoryFill); word(in.index); word(s[0]); word(s[1]); word(s[2]); break;
#endif
#if PETREL_FEATURE_GC
    case Opcode::RefAsNonNull: op(IOp::RefAsNonNull); dstWord(dst); word(s[0]); break;
    case Opcode::RefEq: op(IOp::RefEq); dstWord(dst); word(s[0]); word(s[1]); break;
#endif
    default: break;
  }
  truncateLocs(h - pops);
  resetLocsAbove(h - pops);
  return Status::success();
}

}  // namespace translation

// Translates `fn` and publishes its code (see CompiledFunction::entry).
// Called with the module's translate_lock held, or before the module is
// shared. Cannot fail for a validated body short of an internal error.
static Status translateAndPublish(const CompiledModule& cm, CompiledFunction& fn) {
  uint64_t start = cm.clock_nanos ? cm.clock_nanos() : 0;
  Status s = translation::FunctionTranslator(cm.module, fn.func_index, fn, cm.fuel_metering, cm.interruptible).run();
  if (!s.ok()) {
    fn.code.clear();
    fn.source_map = SourceMap();
    return s;
  }
  threadCode(fn);
  fn.entry_.store(fn.code.data(), std::memory_order_release);
  cm.stats.functions_translated++;
  cm.stats.code_bytes += fn.code.size() * sizeof(CodeWord);
  cm.stats.source_map_bytes += fn.source_map.sizeBytes();
  if (cm.clock_nanos) cm.stats.nanos += cm.clock_nanos() - start;
  return Status::success();
}

const CodeWord* translateOnFirstCall(const CompiledFunction& fn) {
  const CompiledModule& cm = fn.owner();
  platform::LockGuard lock(cm.translate_lock);
  const CodeWord* entry = fn.entry_.load(std::memory_order_acquire);
  if (entry != translateStubCode()) return entry;  // another thread was first
  // The module is shared as const, but its functions' translation state is
  // the one part written after compile: the objects themselves are not const
  // (compileModule created them), and the lock orders the writers.
  CompiledFunction& out = const_cast<CompiledFunction&>(fn);
  if (!translateAndPublish(cm, out).ok()) return nullptr;
  return out.entry_.load(std::memory_order_relaxed);
}

void translateAllFunctions(const CompiledModule& module) {
  for (const CompiledFunction& fn : module.functions)
    if (!fn.translated()) (void)translateOnFirstCall(fn);
}

bool CompiledFunction::translated() const { return entry() != translateStubCode(); }

TranslationStats CompiledModule::translationStats() const {
  platform::LockGuard lock(translate_lock);
  return stats;
}

Result<std::shared_ptr<const CompiledModule>> compileValidatedModule(Module&& module, const CompileOptions& options) {
  PETREL_TRY(validateModuleStructure(module));
#if PETREL_FEATURE_VALIDATION
  // Every body is validated up front, translated or not: an invalid module
  // must be rejected before any of it runs (spec 4.5.4).
  BodyFacts facts;
  PETREL_TRY(validateFunctionBodies(module, &facts, options.parallel_validation));
  if (facts.hasPrefixed()) return gcNotImplemented(facts.first_prefixed_op, facts.first_prefixed_offset);
#else
  // Trusted modules only (base/features.h): each body is type-checked when
  // it is translated instead, and fails its first call if it is invalid.
  (void)options.parallel_validation;
#endif
  auto compiled = std::make_shared<CompiledModule>();
  compiled->module = std::move(module);
  compiled->fuel_metering = options.fuel_metering;
  compiled->interruptible = options.interruptible;
  compiled->clock_nanos = options.clock_nanos;
  const Module& m = compiled->module;
  // Constructed in place: a CompiledFunction holds atomics and never moves.
  compiled->functions = std::vector<CompiledFunction>(m.bodies.size());
  const CodeWord* stub = translateStubCode();
  for (uint32_t i = 0; i < m.bodies.size(); ++i) {
    CompiledFunction& fn = compiled->functions[i];
    uint32_t func_index = m.num_imported_funcs + i;
    const FuncType& ft = m.funcType(func_index);
    fn.func_index = func_index;
    fn.type_index = m.func_types[func_index];
    fn.num_params = slotCount(ft.params);
    fn.num_results = slotCount(ft.results);
    uint32_t locals = fn.num_params;  // the decoder bounds the count (kMaxLocals), so no overflow
    for (const LocalRun& run : m.bodies[i].locals) locals += run.count * slotCount(run.type);
    fn.num_locals = locals;
    fn.frame_slots_.store(std::max(locals, fn.num_results), std::memory_order_relaxed);
    fn.entry_.store(stub, std::memory_order_relaxed);
    fn.owner_ = compiled.get();
  }
  if (options.mode == CompileMode::Eager)
    for (CompiledFunction& fn : compiled->functions) PETREL_TRY(translateAndPublish(*compiled, fn));
  compiled->module.validated = true;
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

}  // namespace petrel::internal
