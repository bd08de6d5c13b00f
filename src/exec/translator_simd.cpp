// Translation of the SIMD instructions (0xfd prefix): the computing
// operators of simd_ops.def, shuffles, constants and the SIMD loads and
// stores, with the fusions docs/ARCHITECTURE.md lists under "SIMD: v128 in
// two slots". Part of FunctionTranslator (function_translator.h).
#include <cstring>

#include "exec/function_translator.h"

#if PETREL_FEATURE_SIMD  // base/features.h: builds without SIMD have none of this

namespace petrel::internal::translation {

namespace {

// The value of a splat of the constant `bits` (as the translator keeps it).
bool splatOfConstant(Opcode op, uint64_t bits, simd::V128& out) {
  switch (op) {
    case Opcode::I8x16Splat: out = simd::I8x16Splat(static_cast<uint32_t>(bits)); return true;
    case Opcode::I16x8Splat: out = simd::I16x8Splat(static_cast<uint32_t>(bits)); return true;
    case Opcode::I32x4Splat: out = simd::I32x4Splat(static_cast<uint32_t>(bits)); return true;
    case Opcode::F32x4Splat: out = simd::F32x4Splat(static_cast<uint32_t>(bits)); return true;
    case Opcode::I64x2Splat: out = simd::I64x2Splat(bits); return true;
    case Opcode::F64x2Splat: out = simd::F64x2Splat(bits); return true;
    default: return false;
  }
}

// Operators whose operands may be swapped (to fuse a load into either).
bool commutes(Opcode op) {
  switch (op) {
    case Opcode::I8x16Eq: case Opcode::I8x16Add: case Opcode::I16x8Add: case Opcode::I16x8Mul: case Opcode::I32x4Add:
    case Opcode::I32x4Mul: case Opcode::I64x2Add: case Opcode::F32x4Add: case Opcode::F32x4Mul: case Opcode::F64x2Add:
    case Opcode::F64x2Mul: case Opcode::V128And: case Opcode::V128Or: case Opcode::V128Xor:
      return true;
    default:
      return false;
  }
}

// The cheapest instruction for an i8x16.shuffle's lane pattern: a byte-wise
// shift across a:b (what compilers emit to slide a window), a permutation of
// whole 32-bit lanes, or the general byte shuffle. `packed` is its operand.
IOp shuffleOp(const uint8_t lanes[16], uint32_t& packed) {
  bool concat = true;
  for (unsigned i = 1; i < 16; ++i) concat = concat && lanes[i] == lanes[0] + i;
  if (concat) {
    packed = lanes[0];
    return IOp::SimdShuffleConcat;
  }
  bool words = true;
  packed = 0;
  for (unsigned j = 0; j < 4; ++j) {
    uint8_t first = lanes[4 * j];
    words = words && first % 4 == 0;
    for (unsigned k = 1; k < 4; ++k) words = words && lanes[4 * j + k] == first + k;
    packed |= static_cast<uint32_t>(first / 4) << (8 * j);
  }
  return words ? IOp::SimdShuffle32 : IOp::SimdShuffle;
}

}  // namespace

void FunctionTranslator::hoistLoopConstants(const FunctionBody& body) {
  const uint8_t* code = m_.bytes.data() + body.code_offset;
  size_t size = body.code_end - body.code_offset;
  if (!std::memchr(code, 0xfd, size)) return;  // no SIMD instruction at all
  ByteReader r(code, size, body.code_offset);
  InstructionReader reader(r, &mem64_);
  std::vector<bool> is_loop{false};  // the open blocks; the function body first
  uint32_t loops = 0;
  Opcode prev = Opcode::Nop;
  uint64_t prev_bits = 0;
  Instruction in;
  while (!is_loop.empty() && !r.atEnd() && reader.read(in)) {
    switch (in.op) {
      case Opcode::Block: case Opcode::If: case Opcode::TryTable: is_loop.push_back(false); break;
      case Opcode::Loop: is_loop.push_back(true); ++loops; break;
      case Opcode::End:
        if (is_loop.back()) --loops;
        is_loop.pop_back();
        break;
      default: break;
    }
    simd::V128 v;
    if (loops > 0 && in.op == Opcode::V128Const) addLoopConstant(simd::fromBytes(in.v128));
    bool after_const = prev == Opcode::I32Const || prev == Opcode::I64Const || prev == Opcode::F32Const ||
                       prev == Opcode::F64Const;
    if (loops > 0 && after_const && splatOfConstant(in.op, prev_bits, v)) addLoopConstant(v);
    prev = in.op;
    prev_bits = in.op == Opcode::I32Const || in.op == Opcode::F32Const ? static_cast<uint32_t>(in.bits) : in.bits;
  }
}

Status FunctionTranslator::pushV128Constant(const simd::V128& v) {
  if (!loop_consts_.empty() && insideLoop())
    for (size_t i = 0; i < loop_consts_.size(); ++i)
      if (loop_consts_[i] == v) {
        pushLoc(const_base_ + 2 * static_cast<uint32_t>(i));
        return Status::success();
      }
  uint32_t words[4];
  std::memcpy(words, v.bytes, 16);
  op(IOp::ConstV128);
  dstWord(top());
  for (uint32_t w : words) word(w);
  pushTemp();
  return Status::success();
}

// The operands of each instruction's wasm signature: its letters before
// the ':' ("VV:V", "Vi:V", ...).
constexpr uint8_t signatureParams(const char* sig) {
  uint8_t n = 0;
  while (sig[n] != '\0' && sig[n] != ':') ++n;
  return n;
}
constexpr uint8_t kSignatureParams[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) signatureParams(sig),
#include "ir/opcodes.def"
#undef PETREL_OP
};

// SIMD instructions that compute (simd_ops.def), i8x16.shuffle and
// v128.const: the operands of the wasm signature, then the immediates.
Status FunctionTranslator::translateSimd(const Instruction& in) {
  uint32_t h = v_.height();
  const OpcodeInfo& info = opcodeInfo(in.op);
  if (in.op == Opcode::V128Const) {
    PETREL_TRY(v_.apply(in));
    return pushV128Constant(simd::fromBytes(in.v128));
  }
  if (info.imm == ImmKind::MemArg || info.imm == ImmKind::MemArgLane) return translateSimdMemory(in);
  simd::V128 splat;
  if (h >= 1 && isConst(loc_[h - 1]) && splatOfConstant(in.op, constOf(loc_[h - 1]).bits, splat)) {
    // A splat of a constant is a constant.
    PETREL_TRY(v_.apply(in));
    popLoc();
    return pushV128Constant(splat);
  }
  IOp iop = IOp::SimdShuffle;
  if (in.op != Opcode::I8x16Shuffle && !simdInternalOp(in.op, iop)) return v_.apply(in);
  uint32_t n = kSignatureParams[static_cast<size_t>(in.op)];
  if (h < n) return v_.apply(in);  // let the validator report the underflow
  // From here the operands are in loc_[h - n ..] and the validator has moved on.
  PETREL_TRY(v_.apply(in));
  if (isSimdShift(in.op) && isConst(loc_[h - 1])) {
    // A constant shift count: an immediate.
    uint32_t count = static_cast<uint32_t>(constOf(loc_[h - 1]).bits);
    uint32_t a = use(h - 2);
    op(simdShiftImmediateOp(iop));
    dstWord(temp(h - 2));
    word(a);
    word(count);
    pushResult(2);
    return Status::success();
  }
  if (n == 2 && fuseMultiply(in, h)) return Status::success();
  IOp load_form;
  if (n == 2 && simdLoadFormOp(in.op, load_form)) {
    // The operand just loaded by v128.load into a temporary: read it from memory here.
    bool first = isResultOf(load_.pos, h - 2), second = isResultOf(load_.pos, h - 1);
    if (first != second && (second || commutes(in.op))) {
      uint32_t other = second ? loc_[h - 2] : loc_[h - 1];
      PendingLoad load = load_;
      dropLastInstruction(load.pos);
      uint32_t here = current_offset_;
      current_offset_ = load.wasm_offset;  // a trap is the load's
      op(load_form);
      current_offset_ = here;
      dstWord(temp(h - 2));
      word(other);
      word(load.addr);
      word(load.addend);
      word(load.offset);
      pushResult(2);
      return Status::success();
    }
  }
  uint32_t operands[3] = {0, 0, 0};
  for (uint32_t i = 0; i < n; ++i) operands[i] = use(h - n + i);
  uint32_t packed = 0;
  if (in.op == Opcode::I8x16Shuffle) iop = shuffleOp(in.v128, packed);
  uint32_t at = pos();
  op(iop);
  dstWord(temp(h - n));
  for (uint32_t i = 0; i < n; ++i) word(operands[i]);
  if (info.imm == ImmKind::Lane) word(in.lane);
  if (iop == IOp::SimdF32x4Mul || iop == IOp::SimdF64x2Mul) mul_ = {at, operands[0], operands[1], iop};
  if (iop == IOp::SimdShuffle) {
    uint32_t lanes[4];
    std::memcpy(lanes, in.v128, 16);
    for (uint32_t w : lanes) word(w);
  } else if (iop == IOp::SimdShuffleConcat || iop == IOp::SimdShuffle32) {
    word(packed);
  }
  pushResult(n);
  return Status::success();
}

// The SIMD loads and stores: plain v128.load/store on memory 0 get their own
// instructions; the rest share one per memory kind, keyed by the opcode.
Status FunctionTranslator::translateSimdMemory(const Instruction& in) {
  uint32_t h = v_.height();
  bool lane = opcodeInfo(in.op).imm == ImmKind::MemArgLane;
  bool is_store = in.op == Opcode::V128Store || (in.op >= Opcode::V128Store8Lane && in.op <= Opcode::V128Store64Lane);
  uint32_t operands = is_store || lane ? 2 : 1;  // address, then the vector
  if (h < operands) return v_.apply(in);
  const MemArg& ma = in.memarg;
  bool fast = ma.memory == 0 && !mem64_.empty() && !mem64_[0] && ma.offset <= 0xffffffffu;
  // An address just computed as `x + constant` into a temporary: the access
  // adds the constant itself, wrapping as the add did (as translateMemory).
  bool fuse_add = fast && isResultOf(add_imm_.pos, h - operands);
  PendingAddImm add = add_imm_;
  uint32_t addr = fuse_add ? add.a : use(h - operands);
  uint32_t vec = operands == 2 ? use(h - 1) : 0;  // a v128: never a pending constant, so emits nothing
  uint32_t addend = fuse_add ? add.imm : 0;
  PETREL_TRY(v_.apply(in));
  if (fuse_add) dropLastInstruction(add.pos);
  uint32_t dst = temp(h - operands);
  uint32_t offset = static_cast<uint32_t>(ma.offset);
  IOp m0;
  if (fast && in.op == Opcode::V128Load) {
    uint32_t at = pos();
    op(IOp::V128LoadM0);
    dstWord(dst);
    word(addr);
    word(addend);
    word(offset);
    load_ = {at, addr, addend, offset, current_offset_};
  } else if (fast && in.op == Opcode::V128Store) {
    op(IOp::V128StoreM0);
    word(addr);
    word(vec);
    word(addend);
    word(offset);
  } else if (fast && simdMemoryM0Op(in.op, m0)) {
    // Operands as simd_memory_ops.def lists them for each form.
    op(m0);
    if (!is_store) dstWord(dst);
    word(addr);
    if (lane) word(vec);
    word(addend);
    word(offset);
    if (lane) word(in.lane);
  } else {
    op(IOp::SimdMemAny);
    word(accessCode(in.op));
    word(addr);
    word(vec);
    if (is_store) word(0);
    else dstWord(dst);
    word(ma.memory);
    word(static_cast<uint32_t>(ma.offset));
    word(static_cast<uint32_t>(ma.offset >> 32));
    word(in.lane);
  }
  if (is_store) truncateLocs(h - 2);
  else pushResult(operands);
  return Status::success();
}

}  // namespace petrel::internal::translation

#endif  // PETREL_FEATURE_SIMD
