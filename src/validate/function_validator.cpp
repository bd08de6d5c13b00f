#include "validate/function_validator.h"

#include <cstdlib>
#include <cstring>
#include <string>

#include "validate/type_registry.h"

namespace petrel::internal {

namespace {
constexpr ValKind sigKind(char c) {
  switch (c) {
    case 'i': return ValKind::I32;
    case 'I': return ValKind::I64;
    case 'f': return ValKind::F32;
    case 'F': return ValKind::F64;
    default: return ValKind::V128;
  }
}

// Out-of-range writes (more than 3 params or 1 result) fail to compile.
// Instructions with lane immediates keep their signature but are not
// simple: the general path checks the lanes too (applyLanes).
constexpr SimpleSig parseSig(const char* s, ImmKind imm) {
  SimpleSig out;
  if (s[0] == '\0') return out;
  out.simple = imm == ImmKind::Lane || imm == ImmKind::Shuffle ? 0 : 1;
  int i = 0;
  for (; s[i] != ':'; ++i) out.params[out.num_params++] = sigKind(s[i]);
  for (++i; s[i] != '\0'; ++i) out.results[out.num_results++] = sigKind(s[i]);
  return out;
}
constexpr ValType kindType(ValKind k) { return ValType{k, false, {}}; }
}  // namespace

#if PETREL_SIZE_OVER_SPEED
namespace {
// Two bytes an opcode instead of a SimpleSig's eight, where flash counts
// (base/features.h): bit 0 simple, bits 1-2 the param count, bit 3 the
// result count, then three bits for each param kind and for the result's.
constexpr uint16_t packSig(const SimpleSig& s) {
  return static_cast<uint16_t>(s.simple | s.num_params << 1 | s.num_results << 3 |
                               static_cast<unsigned>(s.params[0]) << 4 | static_cast<unsigned>(s.params[1]) << 7 |
                               static_cast<unsigned>(s.params[2]) << 10 | static_cast<unsigned>(s.results[0]) << 13);
}
constexpr SimpleSig unpackSig(uint16_t bits) {
  SimpleSig s;
  s.simple = bits & 1;
  s.num_params = (bits >> 1) & 3;
  s.num_results = (bits >> 3) & 1;
  s.params[0] = static_cast<ValKind>((bits >> 4) & 7);
  s.params[1] = static_cast<ValKind>((bits >> 7) & 7);
  s.params[2] = static_cast<ValKind>((bits >> 10) & 7);
  s.results[0] = static_cast<ValKind>((bits >> 13) & 7);
  return s;
}
constexpr uint16_t kPackedSigs[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) packSig(parseSig(sig, ImmKind::imm)),
#include "ir/opcodes.def"
#undef PETREL_OP
};
static_assert(sizeof(kPackedSigs) / sizeof(kPackedSigs[0]) == static_cast<size_t>(Opcode::Count));
constexpr bool packsLosslessly() {
  for (uint16_t bits : kPackedSigs)
    if (packSig(unpackSig(bits)) != bits) return false;
  return static_cast<unsigned>(ValKind::V128) < 8;
}
static_assert(packsLosslessly());
SimpleSig simpleSig(Opcode op) { return unpackSig(kPackedSigs[static_cast<size_t>(op)]); }
}  // namespace
#else
constexpr SimpleSig kSimpleSigs[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) parseSig(sig, ImmKind::imm),
#include "ir/opcodes.def"
#undef PETREL_OP
};
static_assert(sizeof(kSimpleSigs) / sizeof(kSimpleSigs[0]) == static_cast<size_t>(Opcode::Count));
namespace {
const SimpleSig& simpleSig(Opcode op) { return kSimpleSigs[static_cast<size_t>(op)]; }
}  // namespace
#endif

// The table-driven fast path, left out where flash counts more than load
// speed (base/features.h): the general path then checks every instruction.
#if !PETREL_SIZE_OVER_SPEED
namespace {
// What fastRun() does with each single-byte opcode. One list, so that the
// enum and fastRun's table of case labels cannot disagree.
#define PETREL_FAST_KINDS(X)                                 \
  X(kFastNone) /* not handled: the general path */          \
  X(kFastSimple)  /* any other simple operator */           \
  X(kFastUnary)   /* a simple operator t1 -> t2 */           \
  X(kFastBinary)  /* a simple operator t1 t2 -> t3 */        \
  X(kFastConst32) /* i32.const: an s32 LEB */                \
  X(kFastConst64) /* i64.const: an s64 LEB */                \
  X(kFastConstF32)                                           \
  X(kFastConstF64)                                           \
  X(kFastLocalGet)                                           \
  X(kFastLocalSet)                                           \
  X(kFastLocalTee)                                           \
  X(kFastBlock)                                              \
  X(kFastLoop)                                               \
  X(kFastIf)                                                 \
  X(kFastElse)                                               \
  X(kFastEnd)                                                \
  X(kFastBr)                                                 \
  X(kFastBrIf)                                               \
  X(kFastNop)                                                \
  X(kFastDrop)                                               \
  X(kFastLoad)                                               \
  X(kFastStore)                                              \
  X(kFastCall)                                               \
  X(kFastGlobalGet)                                          \
  X(kFastGlobalSet)                                          \
  X(kFastUnreachable)                                        \
  X(kFastReturn)                                             \
  X(kFastSelect)
enum FastKind : uint8_t {
#define PETREL_FAST_KIND_ENUM(k) k,
  PETREL_FAST_KINDS(PETREL_FAST_KIND_ENUM)
#undef PETREL_FAST_KIND_ENUM
};

struct alignas(16) FastOp {
  FastKind kind = kFastNone;
  uint8_t natural_align = 0;       // loads and stores
  ValKind value = ValKind::I32;    // loads and stores: the value loaded or stored
  SimpleSig sig;
  // The type pushed (the simple operator's result, the value loaded),
  // whole: one 8-byte store instead of one per field.
  ValType result;
};
static_assert(sizeof(FastOp) <= 32);

struct OpRow {
  uint8_t prefix;
  uint32_t code;
  ImmKind imm;
  const char* sig;
  Opcode op;
};
constexpr OpRow kOpRows[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) {prefix, code, ImmKind::imm, sig, Opcode::name},
#include "ir/opcodes.def"
#undef PETREL_OP
};

struct FastTable {
  FastOp ops[256];
};

constexpr FastTable makeFastTable() {
  FastTable t{};
  for (const OpRow& row : kOpRows) {
    if (row.prefix != 0 || row.code > 0xff || t.ops[row.code].kind != kFastNone) continue;
    if (!builtIn(row.op)) continue;  // the general path refuses it
    FastOp& f = t.ops[row.code];
    f.sig = parseSig(row.sig, ImmKind::None);
    f.natural_align = static_cast<uint8_t>(naturalAlignmentLog2(row.op));
    switch (row.op) {
      case Opcode::I32Const: f.kind = kFastConst32; break;
      case Opcode::I64Const: f.kind = kFastConst64; break;
      case Opcode::F32Const: f.kind = kFastConstF32; break;
      case Opcode::F64Const: f.kind = kFastConstF64; break;
      case Opcode::LocalGet: f.kind = kFastLocalGet; break;
      case Opcode::LocalSet: f.kind = kFastLocalSet; break;
      case Opcode::LocalTee: f.kind = kFastLocalTee; break;
      case Opcode::Block: f.kind = kFastBlock; break;
      case Opcode::Loop: f.kind = kFastLoop; break;
      case Opcode::If: f.kind = kFastIf; break;
      case Opcode::Else: f.kind = kFastElse; break;
      case Opcode::End: f.kind = kFastEnd; break;
      case Opcode::Br: f.kind = kFastBr; break;
      case Opcode::BrIf: f.kind = kFastBrIf; break;
      case Opcode::Nop: f.kind = kFastNop; break;
      case Opcode::Drop: f.kind = kFastDrop; break;
      case Opcode::Call: f.kind = kFastCall; break;
      case Opcode::GlobalGet: f.kind = kFastGlobalGet; break;
      case Opcode::GlobalSet: f.kind = kFastGlobalSet; break;
      case Opcode::Unreachable: f.kind = kFastUnreachable; break;
      case Opcode::Return: f.kind = kFastReturn; break;
      case Opcode::Select: f.kind = kFastSelect; break;
      case Opcode::I32Load: case Opcode::I32Load8S: case Opcode::I32Load8U: case Opcode::I32Load16S:
      case Opcode::I32Load16U:
        f.kind = kFastLoad, f.value = ValKind::I32;
        break;
      case Opcode::I64Load: case Opcode::I64Load8S: case Opcode::I64Load8U: case Opcode::I64Load16S:
      case Opcode::I64Load16U: case Opcode::I64Load32S: case Opcode::I64Load32U:
        f.kind = kFastLoad, f.value = ValKind::I64;
        break;
      case Opcode::F32Load: f.kind = kFastLoad, f.value = ValKind::F32; break;
      case Opcode::F64Load: f.kind = kFastLoad, f.value = ValKind::F64; break;
      case Opcode::I32Store: case Opcode::I32Store8: case Opcode::I32Store16:
        f.kind = kFastStore, f.value = ValKind::I32;
        break;
      case Opcode::I64Store: case Opcode::I64Store8: case Opcode::I64Store16: case Opcode::I64Store32:
        f.kind = kFastStore, f.value = ValKind::I64;
        break;
      case Opcode::F32Store: f.kind = kFastStore, f.value = ValKind::F32; break;
      case Opcode::F64Store: f.kind = kFastStore, f.value = ValKind::F64; break;
      default:
        if (row.imm == ImmKind::None && f.sig.simple && f.sig.num_results) f.result = kindType(f.sig.results[0]);
        if (row.imm == ImmKind::None && f.sig.simple)
          f.kind = f.sig.num_results != 1 ? kFastSimple
                   : f.sig.num_params == 1 ? kFastUnary
                   : f.sig.num_params == 2 ? kFastBinary
                                           : kFastSimple;
        break;
    }
    if (f.kind == kFastLoad) f.result = kindType(f.value);
  }
  return t;
}
constexpr FastTable kFast = makeFastTable();
static_assert(kFast.ops[0x6a].kind == kFastBinary && kFast.ops[0x45].kind == kFastUnary && kFast.ops[0x41].kind == kFastConst32 &&
              kFast.ops[0x0b].kind == kFastEnd && kFast.ops[0x28].kind == kFastLoad &&
              kFast.ops[0x3e].kind == kFastStore && kFast.ops[0x3e].value == ValKind::I64 &&
              kFast.ops[0x2d].natural_align == 0 && kFast.ops[0x29].natural_align == 3 &&
              kFast.ops[0x11].kind == kFastNone && kFast.ops[0x6a].result == ValType::i32() &&
              kFast.ops[0x29].result == ValType::i64() && kFast.ops[0xa7].result == ValType::i32());

// Length of the LEB128 at p (up to `max` bytes, at most end - p), or 0 if it
// does not end within them. Up to 4 bytes never reach the last byte of a
// 32-bit (or 64-bit) LEB, so a terminated one is well-formed.
inline size_t shortLebLength(const uint8_t* p, const uint8_t* end, size_t max) {
  size_t avail = static_cast<size_t>(end - p);
  if (max > avail) max = avail;
  for (size_t i = 0; i < max; ++i)
    if (p[i] < 0x80) return i + 1;
  return 0;
}

// Length of a well-formed LEB128 of a `bits`-bit integer at p, or 0 if it is
// malformed or runs past `end` (the general path then says why): the last
// permitted byte has no continuation and its unused bits are zero
// (unsigned) or copies of the sign bit (signed), as ByteReader::readLeb checks.
inline size_t lebLength(const uint8_t* p, const uint8_t* end, unsigned bits, bool is_signed) {
  const size_t max = (bits + 6) / 7;
  const size_t avail = static_cast<size_t>(end - p);
  const size_t free_bytes = max - 1 < avail ? max - 1 : avail;
  for (size_t i = 0; i < free_bytes; ++i)
    if (p[i] < 0x80) return i + 1;
  if (avail < max) return 0;
  uint8_t b = p[max - 1];
  if (b & 0x80) return 0;
  unsigned used = bits - 7 * static_cast<unsigned>(max - 1);
  uint8_t mask = static_cast<uint8_t>((1u << (7 - used)) - 1);
  uint8_t spare = static_cast<uint8_t>(b >> used) & mask;
  uint8_t expect = is_signed && ((b >> (used - 1)) & 1) ? mask : 0;
  return spare == expect ? max : 0;
}

inline uint64_t lebValue(const uint8_t* p, size_t len) {
  uint64_t v = 0;
  for (size_t i = 0; i < len; ++i) v |= static_cast<uint64_t>(p[i] & 0x7f) << (7 * i);
  return v;
}
inline uint32_t shortLebValue(const uint8_t* p, size_t len) { return static_cast<uint32_t>(lebValue(p, len)); }

// A u32 index after the opcode at p (toolchains often pad these to 5 bytes).
// (p is not the body's last byte: fastRun's cases read p[1] unchecked.)
inline bool indexAfter(const uint8_t* p, const uint8_t* end, size_t& len, uint32_t& index) {
  if (p[1] < 0x80) [[likely]] {
    len = 1;
    index = p[1];
    return true;
  }
  len = lebLength(p + 1, end, 32, false);
  index = static_cast<uint32_t>(lebValue(p + 1, len));
  return len != 0;
}

// The index after the opcode at p: one byte inline, else up to 4.
inline bool localIndex(const uint8_t* p, const uint8_t* end, size_t& len, uint32_t& index) {
  if (p[1] < 0x80) [[likely]] {
    len = 1;
    index = p[1];
    return true;
  }
  len = shortLebLength(p + 1, end, 4);
  index = shortLebValue(p + 1, len);
  return len != 0;
}

// All of `types` exactly (numeric or vector) at stack[from ..].
inline bool exactAt(const ValType* stack, TypeSpan types) {
  bool match = true;
  for (size_t i = 0; i < types.size(); ++i) match &= stack[i].kind == types[i].kind && types[i].kind != ValKind::Ref;
  return match;
}

// Reads a one-byte value type code of a numeric or vector type, or a 0x40 empty block type.
// (Types this build leaves out, base/features.h, go to the general path, which reports them.)
inline bool simpleBlockType(uint8_t b, ControlFrame& f) {
  if (b == 0x40) return true;
  if (typecode::builtIn(b)) {
    f.single = ValType{static_cast<ValKind>(0x7f - b), false, {}};
    f.num_results = 1;
    return true;
  }
  return false;
}
}  // namespace

#endif  // !PETREL_SIZE_OVER_SPEED

FunctionValidator::FunctionValidator(const Module& module) : m_(module) {}

#if !PETREL_SIZE_OVER_SPEED

void FunctionValidator::fastRun(ByteReader& r) {
  const uint8_t* const start = r.cursor();
  const uint8_t* p = start;
  const uint8_t* const end = p + r.remaining();
  // A body's last byte is the `end` of its expression (the decoder checks
  // it; without it, everything takes the general path). So every other
  // opcode has at least one byte after it, which the cases read without a
  // bounds check, and after a one-byte instruction other than `end` there
  // is always another.
  if (p == end || end[-1] != 0x0b) return;
  // Every case either consumes one whole, valid instruction, or leaves
  // (at `out`) with nothing changed, so that the general path decodes and
  // checks it and reports what is wrong exactly as it always has.
  // The caller checks !done(); only `end` can make it so.
  //
  // The hot state lives in locals for the loop: a store of a ValType (it
  // holds a uint32_t) could alias the stacks' sizes, so the compiler would
  // otherwise reload them after every push. `out` writes them back; nothing
  // called from the loop reads them, except grow(), which gets them first.
  ValType* base = stack_.data_;
  uint32_t n = stack_.size_;
  uint32_t cap = stack_.capacity_;
  uint32_t fh = frame_height_;  // frames[nf - 1].height
  ControlFrame* frames = frames_.data_;
  uint32_t nf = frames_.size_;
  const bool all_init = all_locals_initialized_;
  const ValType* const locals = locals_.data();
  // Without every local always set, local.get/set/tee take the general path.
  const uint32_t nlocals = all_init ? static_cast<uint32_t>(locals_.size()) : 0;
  const bool have_memory = !m_.memories.empty();
  const ValKind addr = have_memory && m_.memories[0].limits.is64 ? ValKind::I64 : ValKind::I32;
  const bool memory64 = addr == ValKind::I64;
#define FAST_RESERVE(k)                  \
  if (cap - n < (k)) [[unlikely]] {      \
    stack_.size_ = n;                    \
    stack_.grow(k);                      \
    base = stack_.data_;                 \
    cap = stack_.capacity_;              \
  }
#define FAST_PUSH(t)  \
  FAST_RESERVE(1u)    \
  base[n++] = (t)
  // Dispatch: computed goto where the compiler has it, straight from the
  // opcode byte, so that each case ends in an indirect jump of its own (they
  // predict far better than one shared jump after a bounds-checked switch);
  // a plain switch otherwise.
#if (defined(__GNUC__) || defined(__clang__)) && !defined(PETREL_PORTABLE_DISPATCH)
  static const void* const kCases[] = {
#define PETREL_FAST_KIND_LABEL(k) &&case_##k,
      PETREL_FAST_KINDS(PETREL_FAST_KIND_LABEL)
#undef PETREL_FAST_KIND_LABEL
  };
  struct Dispatch {
    const void* target[256];
  };
  static const Dispatch kDispatch = [] {
    Dispatch d{};
    for (size_t i = 0; i < 256; ++i) d.target[i] = kCases[kFast.ops[i].kind];
    return d;
  }();
#define FAST_CASE(k) case_##k:
#define FAST_NEXT() goto next
#define FAST_NEXT1() goto next1  // after a one-byte instruction other than `end`
  uint8_t op;
next:
  if (p >= end) goto out;
next1:
  op = *p;
  goto* kDispatch.target[op];
  {
#else
#define FAST_CASE(k) case k:
#define FAST_NEXT() break
#define FAST_NEXT1() break
  while (p < end) {
    const uint8_t op = *p;
    switch (kFast.ops[op].kind) {
#endif
      FAST_CASE(kFastNone)
        goto out;
      FAST_CASE(kFastUnary) {
        const FastOp& o = kFast.ops[op];
        if (n <= fh || base[n - 1].kind != o.sig.params[0]) goto out;
        base[n - 1] = o.result;
        p += 1;
        FAST_NEXT1();
      }
      FAST_CASE(kFastBinary) {
        const FastOp& o = kFast.ops[op];
        if (n < fh + 2 || base[n - 2].kind != o.sig.params[0] || base[n - 1].kind != o.sig.params[1]) goto out;
        base[n - 2] = o.result;
        n -= 1;
        p += 1;
        FAST_NEXT1();
      }
      FAST_CASE(kFastSimple) {
        const FastOp& o = kFast.ops[op];
        uint32_t np = o.sig.num_params;
        if (n < fh + np) goto out;
        ValType* top = base + (n - np);
        bool match = true;
        for (uint32_t i = 0; i < np; ++i) match &= top[i].kind == o.sig.params[i];
        if (!match) goto out;
        if (o.sig.num_results) {
          if (np) {
            top[0] = kindType(o.sig.results[0]);
            n = n - np + 1;
          } else {
            FAST_PUSH(kindType(o.sig.results[0]));
          }
        } else {
          n -= np;
        }
        p += 1;
        FAST_NEXT1();
      }
      FAST_CASE(kFastConst32) {
        size_t len = p[1] < 0x80 ? 1 : lebLength(p + 1, end, 32, true);
        if (!len) goto out;
        FAST_PUSH(ValType::i32());
        p += 1 + len;
        FAST_NEXT();
      }
      FAST_CASE(kFastConst64) {
        size_t len = p[1] < 0x80 ? 1 : lebLength(p + 1, end, 64, true);
        if (!len) goto out;
        FAST_PUSH(ValType::i64());
        p += 1 + len;
        FAST_NEXT();
      }
      FAST_CASE(kFastConstF32)
        if (end - p < 5) goto out;
        FAST_PUSH(ValType::f32());
        p += 5;
        FAST_NEXT();
      FAST_CASE(kFastConstF64)
        if (end - p < 9) goto out;
        FAST_PUSH(ValType::f64());
        p += 9;
        FAST_NEXT();
      FAST_CASE(kFastLocalGet) {
        size_t len;
        uint32_t index;
        if (!localIndex(p, end, len, index) || index >= nlocals) goto out;
        FAST_PUSH(locals[index]);
        p += 1 + len;
        FAST_NEXT();
      }
      FAST_CASE(kFastLocalSet)
      FAST_CASE(kFastLocalTee) {
        size_t len;
        uint32_t index;
        if (!localIndex(p, end, len, index) || index >= nlocals) goto out;
        ValType t = locals[index];
        if (n <= fh || base[n - 1].kind != t.kind || t.kind == ValKind::Ref) goto out;
        if (op == 0x21) n -= 1;  // local.set
        else base[n - 1] = t;
        p += 1 + len;
        FAST_NEXT();
      }
      FAST_CASE(kFastBlock)
      FAST_CASE(kFastLoop)
      FAST_CASE(kFastIf) {
        ControlFrame f;
        if (!simpleBlockType(p[1], f)) goto out;
        if (op == 0x04) {  // if
          if (n <= fh || base[n - 1].kind != ValKind::I32) goto out;
          n -= 1;
          f.kind = Opcode::If;
        } else {
          f.kind = op == 0x02 ? Opcode::Block : Opcode::Loop;
        }
        // As pushFrame(f): a simple block type has no params.
        f.height = n;
        f.init_undo_height = all_init ? 0 : static_cast<uint32_t>(init_undo_.size());
        if (nf == frames_.capacity_) [[unlikely]] {
          frames_.size_ = nf;
          frames_.grow(1);
          frames = frames_.data_;
        }
        frames[nf++] = f;
        fh = n;
        p += 2;
        FAST_NEXT();
      }
      FAST_CASE(kFastElse) {
        ControlFrame& f = frames[nf - 1];
        if (f.kind != Opcode::If || n != f.height + f.num_results || !exactAt(base + f.height, f.results()))
          goto out;
        f.kind = Opcode::Else;
        f.unreachable = false;
        if (!all_init) undoLocalInits(f.init_undo_height);
        n = f.height;
        // The fast path's frames have no params; the general path's may.
        if (f.num_params) {
          FAST_RESERVE(f.num_params);
          for (uint32_t i = 0; i < f.num_params; ++i) base[n + i] = f.params_ptr[i];
          n += f.num_params;
        }
        p += 1;
        FAST_NEXT1();
      }
      FAST_CASE(kFastEnd) {
        const ControlFrame& f = frames[nf - 1];
        const uint32_t nr = f.num_results;
        if (n != f.height + nr) goto out;
        // An `if` without `else` needs params = results: leave that to the general path.
        if (nr) {
          if (f.kind == Opcode::If || !exactAt(base + f.height, f.results())) goto out;
        } else if (f.kind == Opcode::If && f.num_params) {
          goto out;
        }
        // The results are already where the frame's end leaves them.
        if (!all_init) undoLocalInits(f.init_undo_height);
        nf -= 1;
        p += 1;
        if (nf == 0) {
          fh = 0;
          goto out;
        }
        fh = frames[nf - 1].height;
        FAST_NEXT();
      }
      FAST_CASE(kFastBr) {
        uint32_t depth = p[1];
        if (depth >= 0x80 || depth >= nf) goto out;
        TypeSpan types = frames[nf - 1 - depth].labelTypes();
        if (n < fh + types.size() || !exactAt(base + (n - types.size()), types)) goto out;
        n = fh;  // setUnreachable()
        frames[nf - 1].unreachable = true;
        p += 2;
        FAST_NEXT();
      }
      FAST_CASE(kFastBrIf) {
        uint32_t depth = p[1];
        if (depth >= 0x80 || depth >= nf) goto out;
        if (n <= fh || base[n - 1].kind != ValKind::I32) goto out;
        TypeSpan types = frames[nf - 1 - depth].labelTypes();
        if (n - 1 < fh + types.size() || !exactAt(base + (n - 1 - types.size()), types)) goto out;
        n -= 1;  // the label's values stay
        p += 2;
        FAST_NEXT();
      }
      FAST_CASE(kFastNop)
        p += 1;
        FAST_NEXT1();
      FAST_CASE(kFastGlobalGet)
      FAST_CASE(kFastGlobalSet) {
        size_t len;
        uint32_t index;
        if (!indexAfter(p, end, len, index) || index >= m_.globals.size()) goto out;
        const GlobalType& g = m_.globals[index].type;
        if (op == 0x23) {  // global.get
          FAST_PUSH(g.type);
        } else {
          if (!g.mutable_ || n <= fh || base[n - 1].kind != g.type.kind || g.type.kind == ValKind::Ref) goto out;
          n -= 1;
        }
        p += 1 + len;
        FAST_NEXT();
      }
      FAST_CASE(kFastUnreachable)
        n = fh;  // setUnreachable()
        frames[nf - 1].unreachable = true;
        p += 1;
        FAST_NEXT1();
      FAST_CASE(kFastReturn) {
        TypeSpan results = type_->results;
        if (n < fh + results.size() || !exactAt(base + (n - results.size()), results)) goto out;
        n = fh;  // setUnreachable()
        frames[nf - 1].unreachable = true;
        p += 1;
        FAST_NEXT1();
      }
      FAST_CASE(kFastSelect) {
        // Two operands of one numeric or vector type under an i32.
        if (n < fh + 3) goto out;
        const ValType* top = base + (n - 3);
        if (top[2].kind != ValKind::I32 || top[0].kind != top[1].kind || top[0].kind == ValKind::Ref ||
            top[0].kind == ValKind::Bot)
          goto out;
        n -= 2;
        p += 1;
        FAST_NEXT1();
      }
      FAST_CASE(kFastLoad)
      FAST_CASE(kFastStore) {
        // memarg: a one-byte alignment with no memory index (memory 0), then
        // a u64 offset, which must fit a 32-bit memory. An alignment byte
        // that passes is not the body's last byte, so p[2] is there.
        const FastOp& o = kFast.ops[op];
        if (p[1] > o.natural_align || !have_memory) goto out;
        size_t len = p[2] < 0x80 ? 1 : lebLength(p + 2, end, 64, false);
        if (!len) goto out;
        if (!memory64 && len > 4 && lebValue(p + 2, len) > 0xffffffffu) goto out;
        if (o.kind == kFastLoad) {
          if (n <= fh || base[n - 1].kind != addr) goto out;
          base[n - 1] = o.result;
        } else {
          if (n < fh + 2 || base[n - 2].kind != addr || base[n - 1].kind != o.value) goto out;
          n -= 2;
        }
        p += 2 + len;
        FAST_NEXT();
      }
      FAST_CASE(kFastCall) {
        size_t len;
        uint32_t callee;
        if (!indexAfter(p, end, len, callee) || callee >= m_.func_types.size()) goto out;
        const FuncType& ft = m_.funcType(callee);
        TypeSpan params = ft.params;
        if (n < fh + params.size() || !exactAt(base + (n - params.size()), params)) goto out;
        n -= static_cast<uint32_t>(params.size());
        uint32_t nr = static_cast<uint32_t>(ft.results.size());
        FAST_RESERVE(nr);
        for (uint32_t i = 0; i < nr; ++i) base[n + i] = ft.results[i];
        n += nr;
        p += 1 + len;
        FAST_NEXT();
      }
      FAST_CASE(kFastDrop)
        if (n <= fh) goto out;
        n -= 1;
        p += 1;
        FAST_NEXT1();
#if (defined(__GNUC__) || defined(__clang__)) && !defined(PETREL_PORTABLE_DISPATCH)
  }
#else
    }
  }
#endif
#undef FAST_CASE
#undef FAST_NEXT
#undef FAST_NEXT1
#undef FAST_PUSH
#undef FAST_RESERVE
out:
  stack_.size_ = n;
  frames_.size_ = nf;
  frame_height_ = fh;
  r.advance(static_cast<size_t>(p - start));
}
#endif  // !PETREL_SIZE_OVER_SPEED

void FunctionValidator::reset(uint32_t func_index) {
  func_index_ = func_index;
  type_ = &m_.funcType(func_index);
  const FunctionBody& body = m_.bodies[func_index - m_.num_imported_funcs];
  const TypeSpan params = type_->params;
  num_params_ = static_cast<uint32_t>(params.size());
  // The decoder bounds the declared locals (kMaxLocals): no overflow.
  size_t total = params.size();
  bool all_init = true;
  for (const LocalRun& run : body.locals) {
    total += run.count;
    all_init &= run.type.isDefaultable();
  }
  all_locals_initialized_ = all_init;
  locals_.resize(total);
  ValType* out = locals_.data();
  for (size_t i = 0; i < params.size(); ++i) *out++ = params[i];
  for (const LocalRun& r : body.locals) {
    const LocalRun run = r;  // a copy: the stores below could alias it
    for (uint32_t i = 0; i < run.count; ++i) *out++ = run.type;
  }
  if (!all_init) {
    local_initialized_.resize(locals_.size());
    for (size_t i = 0; i < locals_.size(); ++i)
      local_initialized_[i] = i < num_params_ || locals_[i].isDefaultable();
  }
  init_undo_.clear();
  stack_.clear();
  frames_.clear();
  frame_height_ = 0;
}

void FunctionValidator::reserve(uint32_t types, uint32_t frames, uint32_t locals) {
  if (stack_.capacity_ < types) stack_.grow(types - stack_.size_);
  if (frames_.capacity_ < frames) frames_.grow(frames - frames_.size_);
  locals_.reserve(locals);
}

Status FunctionValidator::apply(const Instruction& in) {
  if (frames_.empty()) [[unlikely]]
    return formatError(ErrorKind::Invalid, in.offset, "operator after end of function in function %llu",
                       fmtU(func_index_));
  if (step(in)) [[likely]] return Status::success();
  return takeError();
}

bool FunctionValidator::failWith(Error e) {
  error_ = std::move(e);
  return false;
}

bool FunctionValidator::fail(const Instruction& in, const char* message) {
  return failWith(formatError(ErrorKind::Invalid, in.offset, "%s in function %llu", message, fmtU(func_index_)));
}

bool FunctionValidator::failIndex(const Instruction& in, const char* what, uint32_t index) {
  return failWith(
      formatError(ErrorKind::Invalid, in.offset, "%s %llu in function %llu", what, fmtU(index), fmtU(func_index_)));
}

bool FunctionValidator::isRefSubtype(ValType a, ValType b) const {
  return isSubtypeCanonical(canonicalize(m_.canonical_type_ids, a), canonicalize(m_.canonical_type_ids, b));
}

bool FunctionValidator::validHeapType(HeapType h) const { return !h.isIndex() || h.typeIndex() < m_.types.size(); }
bool FunctionValidator::validValType(ValType t) const { return t.kind != ValKind::Ref || validHeapType(t.heap); }

bool FunctionValidator::popAtFrameBottom(ValType& out) {
  // The stack is at the current frame's height: only unreachable code may
  // pop further, and gets the bottom type.
  if (frames_.back().unreachable) {
    out = ValType::bot();
    return true;
  }
  return false;
}

bool FunctionValidator::popExpectSlow(ValType expected) {
  ValType actual;
  if (!pop(actual)) return false;
  return isSubtype(actual, expected);
}

bool FunctionValidator::popExpectAllSlow(TypeSpan types) {
  for (size_t i = types.size(); i-- > 0;)
    if (!popExpect(types[i])) return false;
  return true;
}

bool FunctionValidator::popRef(ValType& out) {
  if (!pop(out)) return false;
  if (out.kind == ValKind::Bot) {
    out = ValType::ref(HeapType::abstract(AbsHeap::None), true);
    out.kind = ValKind::Bot;
    return true;
  }
  return out.kind == ValKind::Ref;
}


void FunctionValidator::setUnreachable() {
  ControlFrame& f = frames_.back();
  stack_.shrink(f.height);
  f.unreachable = true;
}

void FunctionValidator::undoLocalInitsSlow(uint32_t undo_height) {
  for (size_t i = undo_height; i < init_undo_.size(); ++i) local_initialized_[init_undo_[i]] = 0;
  init_undo_.resize(undo_height);
}

bool FunctionValidator::blockSignatureSlow(const BlockType& bt, ControlFrame& f) const {
  f.params_ptr = nullptr;
  f.num_params = 0;
  f.results_ptr = nullptr;
  f.num_results = 0;
  switch (bt.kind) {
    case BlockType::Kind::Empty: return true;
    case BlockType::Kind::Value:
      if (!validValType(bt.value)) return false;
      f.single = bt.value;
      f.num_results = 1;
      return true;
    case BlockType::Kind::TypeIndex: {
      if (bt.type_index >= m_.types.size() || m_.types[bt.type_index].kind != CompositeKind::Func) return false;
      const FuncType& ft = m_.types[bt.type_index].func;
      f.params_ptr = ft.params.data();
      f.num_params = static_cast<uint32_t>(ft.params.size());
      f.results_ptr = ft.results.data();
      f.num_results = static_cast<uint32_t>(ft.results.size());
      return true;
    }
  }
  return false;
}

bool FunctionValidator::applySimpleSlow(const Instruction& in) {
  const SimpleSig& sig = simpleSig(in.op);
  for (size_t i = sig.num_params; i-- > 0;)
    if (!popExpect(kindType(sig.params[i]))) return typeMismatch(in);
  if (sig.num_results) push(kindType(sig.results[0]));
  return true;
}

bool FunctionValidator::stepSlow(const Instruction& in) {
  if (frames_.empty()) [[unlikely]] return fail(in, "operator after end of function");
  if (simpleSig(in.op).simple) return applySimpleSlow(in);
#if PETREL_FEATURE_SIMD
  ImmKind imm = opcodeInfo(in.op).imm;
  if (imm == ImmKind::Lane || imm == ImmKind::Shuffle) return applyLanes(in);
#endif

  switch (in.op) {
    case Opcode::Unreachable: setUnreachable(); return true;
    case Opcode::Nop: return true;
    case Opcode::Drop: {
      ValType t;
      if (!pop(t)) return typeMismatch(in);
      return true;
    }
    case Opcode::Select: {
      ValType t1, t2;
      if (!popExpect(ValType::i32())) return typeMismatch(in);
      if (!pop(t1) || !pop(t2)) return typeMismatch(in);
      // Untyped select only takes numeric and vector operands (spec 3.3.4).
      if (t1.kind == ValKind::Ref || t2.kind == ValKind::Ref) return typeMismatch(in);
      if (t1.kind != ValKind::Bot && t2.kind != ValKind::Bot && t1.kind != t2.kind) return typeMismatch(in);
      push(t1.kind == ValKind::Bot ? t2 : t1);
      return true;
    }
    case Opcode::SelectT: {
      if (in.select_types->size() != 1) return fail(in, "invalid result arity");
      ValType t = (*in.select_types)[0];
      if (!validValType(t)) return fail(in, "unknown type");
      if (!popExpect(ValType::i32()) || !popExpect(t) || !popExpect(t)) return typeMismatch(in);
      push(t);
      return true;
    }
    case Opcode::LocalGet: {
      if (in.index >= locals_.size()) return failIndex(in, "unknown local", in.index);
      if (!all_locals_initialized_ && !local_initialized_[in.index]) return fail(in, "uninitialized local");
      push(locals_[in.index]);
      return true;
    }
    case Opcode::LocalSet:
    case Opcode::LocalTee: {
      if (in.index >= locals_.size()) return failIndex(in, "unknown local", in.index);
      if (!popExpect(locals_[in.index])) return typeMismatch(in);
      if (!all_locals_initialized_ && !local_initialized_[in.index]) {
        local_initialized_[in.index] = 1;
        init_undo_.push_back(in.index);
      }
      if (in.op == Opcode::LocalTee) push(locals_[in.index]);
      return true;
    }
    case Opcode::GlobalGet: {
      if (in.index >= m_.globals.size()) return failIndex(in, "unknown global", in.index);
      push(m_.globals[in.index].type.type);
      return true;
    }
    case Opcode::GlobalSet: {
      if (in.index >= m_.globals.size()) return failIndex(in, "unknown global", in.index);
      if (!m_.globals[in.index].type.mutable_) return fail(in, "immutable global");
      if (!popExpect(m_.globals[in.index].type.type)) return typeMismatch(in);
      return true;
    }
    case Opcode::Block: case Opcode::Loop: case Opcode::If: case Opcode::Else: case Opcode::End:
    case Opcode::Br: case Opcode::BrIf: case Opcode::BrTable: case Opcode::Return:
    case Opcode::BrOnNull: case Opcode::BrOnNonNull: case Opcode::TryTable: case Opcode::Throw:
    case Opcode::ThrowRef:
      return applyControl(in);
    case Opcode::Call: case Opcode::CallIndirect: case Opcode::ReturnCall: case Opcode::ReturnCallIndirect:
    case Opcode::CallRef: case Opcode::ReturnCallRef:
      return applyCall(in);
    case Opcode::RefNull: case Opcode::RefIsNull: case Opcode::RefFunc: case Opcode::RefEq:
    case Opcode::RefAsNonNull:
      return applyReference(in);
    case Opcode::TableGet: case Opcode::TableSet: case Opcode::TableInit: case Opcode::ElemDrop:
    case Opcode::TableCopy: case Opcode::TableGrow: case Opcode::TableSize: case Opcode::TableFill:
      return applyTable(in);
    default:
      return applyMemory(in);
  }
}

bool FunctionValidator::applyControl(const Instruction& in) {
  switch (in.op) {
    case Opcode::Block: case Opcode::Loop: case Opcode::If: case Opcode::TryTable: {
      ControlFrame f;
      f.kind = in.op;
      if (!blockSignature(in.block, f)) return fail(in, "unknown type");
      if (in.op == Opcode::If && !popExpect(ValType::i32())) return typeMismatch(in);
      if (!popExpectAll(f.params())) return typeMismatch(in);
      if (PETREL_FEATURE_EXCEPTIONS && in.op == Opcode::TryTable) {
        // Exception handling is validated but not yet executed.
        for (const CatchClause& c : *in.catches) {
          if (c.label >= frames_.size()) return fail(in, "unknown label");
          if (c.kind < 2 && c.tag >= m_.tags.size()) return fail(in, "unknown tag");
        }
      }
      pushFrame(f);
      return true;
    }
    case Opcode::Else: {
      ControlFrame& f = frames_.back();
      if (f.kind != Opcode::If) return fail(in, "else without if");
      if (!popExpectAll(f.results()) || stack_.size() != f.height) return typeMismatch(in);
      f.kind = Opcode::Else;
      f.unreachable = false;
      undoLocalInits(f.init_undo_height);
      pushAll(f.params());
      return true;
    }
    case Opcode::End: {
      // A copy: a single result lives in the frame, which is popped.
      const ControlFrame f = frames_.back();
      TypeSpan results = f.results();
      if (!popExpectAll(results) || stack_.size() != f.height) return typeMismatch(in);
      // An `if` without `else` behaves as if the else branch passed its
      // params through, so params must match results.
      if (f.kind == Opcode::If) {
        TypeSpan params = f.params();
        if (params.size() != results.size()) return typeMismatch(in);
        for (size_t i = 0; i < params.size(); ++i)
          if (!isSubtype(params[i], results[i])) return typeMismatch(in);
      }
      undoLocalInits(f.init_undo_height);
      frames_.pop_back();
      frame_height_ = frames_.empty() ? 0 : frames_.back().height;
      pushAll(results);
      return true;
    }
    case Opcode::Br: {
      if (in.index >= frames_.size()) return fail(in, "unknown label");
      if (!popExpectAll(frameAt(in.index).labelTypes())) return typeMismatch(in);
      setUnreachable();
      return true;
    }
    case Opcode::BrIf: {
      if (in.index >= frames_.size()) return fail(in, "unknown label");
      if (!popExpect(ValType::i32())) return typeMismatch(in);
      TypeSpan types = frameAt(in.index).labelTypes();  // frames do not change here
      if (!popExpectAll(types)) return typeMismatch(in);
      pushAll(types);
      return true;
    }
    case Opcode::BrTable: {
      if (!popExpect(ValType::i32())) return typeMismatch(in);
      const std::vector<uint32_t>& targets = *in.targets;
      uint32_t def = targets.back();
      if (def >= frames_.size()) return fail(in, "unknown label");
      size_t arity = frameAt(def).labelTypes().size();
      for (uint32_t t : targets) {
        if (t >= frames_.size()) return fail(in, "unknown label");
        TypeSpan types = frameAt(t).labelTypes();
        if (types.size() != arity) return typeMismatch(in);
        // Check the operands against this label without consuming them.
        std::vector<ValType>& popped = scratch_;
        popped.resize(types.size());
        for (size_t i = types.size(); i-- > 0;) {
          if (!pop(popped[i]) || !isSubtype(popped[i], types[i])) return typeMismatch(in);
        }
        for (ValType p : popped) push(p);
      }
      setUnreachable();
      return true;
    }
    case Opcode::Return: {
      if (!popExpectAll(type_->results)) return typeMismatch(in);
      setUnreachable();
      return true;
    }
    // Instructions of the features a build leaves out never get here: the
    // instruction reader refuses them by name.
#if PETREL_FEATURE_GC
    case Opcode::BrOnNull: {
      if (in.index >= frames_.size()) return fail(in, "unknown label");
      ValType r;
      if (!popRef(r)) return typeMismatch(in);
      TypeSpan types = frameAt(in.index).labelTypes();
      if (!popExpectAll(types)) return typeMismatch(in);
      pushAll(types);
      if (r.kind == ValKind::Bot) push(ValType::bot());
      else push(ValType::ref(r.heap, false));
      return true;
    }
    case Opcode::BrOnNonNull: {
      if (in.index >= frames_.size()) return fail(in, "unknown label");
      TypeSpan types = frameAt(in.index).labelTypes();
      if (types.empty() || types.back().kind != ValKind::Ref) return typeMismatch(in);
      ValType r;
      if (!popRef(r)) return typeMismatch(in);
      ValType nonnull = r.kind == ValKind::Bot ? ValType::bot() : ValType::ref(r.heap, false);
      if (!isSubtype(nonnull, types.back())) return typeMismatch(in);
      types = types.first(types.size() - 1);
      if (!popExpectAll(types)) return typeMismatch(in);
      pushAll(types);
      return true;
    }
#endif
#if PETREL_FEATURE_EXCEPTIONS
    case Opcode::Throw: {
      if (in.index >= m_.tags.size()) return fail(in, "unknown tag");
      const SubType& st = m_.types[m_.tags[in.index].type_index];
      if (!popExpectAll(st.func.params)) return typeMismatch(in);
      setUnreachable();
      return true;
    }
    case Opcode::ThrowRef: {
      if (!popExpect(ValType::ref(HeapType::abstract(AbsHeap::Exn), true))) return typeMismatch(in);
      setUnreachable();
      return true;
    }
#endif
    default:
      return fail(in, "illegal opcode");
  }
}

bool FunctionValidator::applyCall(const Instruction& in) {
  const FuncType* callee = nullptr;
  switch (in.op) {
    // (As in applyControl, only the instructions this build has.)
    case Opcode::Call:
#if PETREL_FEATURE_TAIL_CALL
    case Opcode::ReturnCall:
#endif
      if (in.index >= m_.func_types.size()) return failIndex(in, "unknown function", in.index);
      callee = &m_.funcType(in.index);
      break;
    case Opcode::CallIndirect:
#if PETREL_FEATURE_TAIL_CALL
    case Opcode::ReturnCallIndirect:
#endif
    {
      if (in.index2 >= m_.tables.size()) return failIndex(in, "unknown table", in.index2);
      if (in.index >= m_.types.size() || m_.types[in.index].kind != CompositeKind::Func) return fail(in, "unknown type");
      const TableType& tt = m_.tables[in.index2].type;
      if (!isSubtype(tt.elem, ValType::funcref())) return typeMismatch(in);
      if (!popExpect(addressType(tt.limits.is64))) return typeMismatch(in);
      callee = &m_.types[in.index].func;
      break;
    }
#if PETREL_FEATURE_GC
    case Opcode::CallRef:
    case Opcode::ReturnCallRef:
      if (in.index >= m_.types.size() || m_.types[in.index].kind != CompositeKind::Func) return fail(in, "unknown type");
      if (!popExpect(ValType::ref(HeapType::index(in.index), true))) return typeMismatch(in);
      callee = &m_.types[in.index].func;
      break;
#endif
    default:
      return fail(in, "illegal opcode");
  }
  if (!popExpectAll(callee->params)) return typeMismatch(in);
  bool tail = PETREL_FEATURE_TAIL_CALL &&
              (in.op == Opcode::ReturnCall || in.op == Opcode::ReturnCallIndirect || in.op == Opcode::ReturnCallRef);
  if (tail) {
    // A tail call returns the callee's results as the caller's (spec 3.3.8).
    if (callee->results.size() != type_->results.size()) return typeMismatch(in);
    for (size_t i = 0; i < callee->results.size(); ++i)
      if (!isSubtype(callee->results[i], type_->results[i])) return typeMismatch(in);
    setUnreachable();
  } else {
    pushAll(callee->results);
  }
  return true;
}

bool FunctionValidator::applyReference(const Instruction& in) {
  switch (in.op) {
    case Opcode::RefNull:
      if (!validHeapType(in.heap)) return fail(in, "unknown type");
      push(ValType::ref(in.heap, true));
      return true;
    case Opcode::RefIsNull: {
      ValType r;
      if (!popRef(r)) return typeMismatch(in);
      push(ValType::i32());
      return true;
    }
#if PETREL_FEATURE_GC  // (as in applyControl)
    case Opcode::RefAsNonNull: {
      ValType r;
      if (!popRef(r)) return typeMismatch(in);
      push(r.kind == ValKind::Bot ? ValType::bot() : ValType::ref(r.heap, false));
      return true;
    }
#endif
    case Opcode::RefFunc:
#if !PETREL_FEATURE_REFERENCE_TYPES
      return fail(in, featureRefusal(Feature::ReferenceTypes, "reference types instruction ref.func").c_str());
#endif
      if (in.index >= m_.func_types.size()) return failIndex(in, "unknown function", in.index);
      if (in.index >= m_.declared_func_refs.size() || !m_.declared_func_refs[in.index])
        return fail(in, "undeclared function reference");
      push(ValType::ref(HeapType::index(m_.func_types[in.index]), false));
      return true;
#if PETREL_FEATURE_GC
    case Opcode::RefEq: {
      ValType eq = ValType::ref(HeapType::abstract(AbsHeap::Eq), true);
      if (!popExpect(eq) || !popExpect(eq)) return typeMismatch(in);
      push(ValType::i32());
      return true;
    }
#endif
    default:
      return fail(in, "illegal opcode");
  }
}

bool FunctionValidator::applyTable(const Instruction& in) {
  if (in.op == Opcode::ElemDrop) {
    if (in.index >= m_.elems.size()) return failIndex(in, "unknown elem segment", in.index);
    return true;
  }
  // The others name a table first (table.init second), checked first.
  const uint32_t index = in.op == Opcode::TableInit ? in.index2 : in.index;
  if (index >= m_.tables.size()) return failIndex(in, "unknown table", index);
  const TableType& t = m_.tables[index].type;
  const ValType at = addressType(t.limits.is64);
  switch (in.op) {
    case Opcode::TableGet:
      if (!popExpect(at)) return typeMismatch(in);
      push(t.elem);
      return true;
    case Opcode::TableSet:
      if (!popExpect(t.elem) || !popExpect(at)) return typeMismatch(in);
      return true;
    case Opcode::TableSize:
      push(at);
      return true;
    case Opcode::TableGrow:
      if (!popExpect(at) || !popExpect(t.elem)) return typeMismatch(in);
      push(at);
      return true;
    case Opcode::TableFill:
      if (!popExpect(at) || !popExpect(t.elem) || !popExpect(at)) return typeMismatch(in);
      return true;
    case Opcode::TableCopy: {
      if (in.index2 >= m_.tables.size()) return failIndex(in, "unknown table", in.index2);
      const TableType& src = m_.tables[in.index2].type;
      if (!isSubtype(src.elem, t.elem)) return typeMismatch(in);
      // The length is i64 only when both tables are 64-bit.
      ValType len = addressType(t.limits.is64 && src.limits.is64);
      if (!popExpect(len) || !popExpect(addressType(src.limits.is64)) || !popExpect(at)) return typeMismatch(in);
      return true;
    }
    case Opcode::TableInit:
      if (in.index >= m_.elems.size()) return failIndex(in, "unknown elem segment", in.index);
      if (!isSubtype(m_.elems[in.index].type, t.elem)) return typeMismatch(in);
      if (!popExpect(ValType::i32()) || !popExpect(ValType::i32()) || !popExpect(at)) return typeMismatch(in);
      return true;
    default:
      return fail(in, "illegal opcode");
  }
}

#if PETREL_FEATURE_SIMD
// Lanes in the vector shape of a lane access instruction (from its opcode:
// builds without the mnemonics cannot read the shape from the name).
static uint32_t laneCountOf(Opcode op) {
  switch (op) {
    case Opcode::I16x8ExtractLaneS: case Opcode::I16x8ExtractLaneU: case Opcode::I16x8ReplaceLane: return 8;
    case Opcode::I32x4ExtractLane: case Opcode::I32x4ReplaceLane: case Opcode::F32x4ExtractLane:
    case Opcode::F32x4ReplaceLane: return 4;
    case Opcode::I64x2ExtractLane: case Opcode::I64x2ReplaceLane: case Opcode::F64x2ExtractLane:
    case Opcode::F64x2ReplaceLane: return 2;
    default: return 16;  // i8x16
  }
}

// Lane access (extract/replace) and i8x16.shuffle: the lane immediates must
// name lanes that exist (spec 3.3.3), then the signature applies.
bool FunctionValidator::applyLanes(const Instruction& in) {
  if (in.op == Opcode::I8x16Shuffle) {
    for (uint8_t lane : in.v128)
      if (lane >= 32) return fail(in, "invalid lane index");
  } else if (in.lane >= laneCountOf(in.op)) {
    return fail(in, "invalid lane index");
  }
  return applySimpleSlow(in);
}
#endif  // PETREL_FEATURE_SIMD

bool FunctionValidator::applyMemory(const Instruction& in) {
  auto memory = [&](uint32_t i) -> const MemoryType* { return i < m_.memories.size() ? &m_.memories[i] : nullptr; };
  const OpcodeInfo& info = opcodeInfo(in.op);
  if (info.imm == ImmKind::MemArg) {
    const MemoryType* mem = memory(in.memarg.memory);
    if (!mem) return failIndex(in, "unknown memory", in.memarg.memory);
    if (in.memarg.align_log2 > naturalAlignmentLog2(in.op)) return fail(in, "alignment must not be larger than natural");
    if (!mem->limits.is64 && in.memarg.offset > 0xffffffffu) return fail(in, "offset out of range");
    ValType addr = addressType(mem->limits.is64);
    ValType value;
    bool is_store = true;
    switch (in.op) {
      case Opcode::I32Load: case Opcode::I32Load8S: case Opcode::I32Load8U: case Opcode::I32Load16S:
      case Opcode::I32Load16U:
        is_store = false; value = ValType::i32(); break;
      case Opcode::I64Load: case Opcode::I64Load8S: case Opcode::I64Load8U: case Opcode::I64Load16S:
      case Opcode::I64Load16U: case Opcode::I64Load32S: case Opcode::I64Load32U:
        is_store = false; value = ValType::i64(); break;
      case Opcode::F32Load: is_store = false; value = ValType::f32(); break;
      case Opcode::F64Load: is_store = false; value = ValType::f64(); break;
      case Opcode::I32Store: case Opcode::I32Store8: case Opcode::I32Store16: value = ValType::i32(); break;
      case Opcode::I64Store: case Opcode::I64Store8: case Opcode::I64Store16: case Opcode::I64Store32:
        value = ValType::i64(); break;
      case Opcode::F32Store: value = ValType::f32(); break;
      case Opcode::F64Store: value = ValType::f64(); break;
#if PETREL_FEATURE_SIMD
      case Opcode::V128Load: case Opcode::V128Load8x8S: case Opcode::V128Load8x8U: case Opcode::V128Load16x4S:
      case Opcode::V128Load16x4U: case Opcode::V128Load32x2S: case Opcode::V128Load32x2U:
      case Opcode::V128Load8Splat: case Opcode::V128Load16Splat: case Opcode::V128Load32Splat:
      case Opcode::V128Load64Splat: case Opcode::V128Load32Zero: case Opcode::V128Load64Zero:
        is_store = false; value = ValType::v128(); break;
      case Opcode::V128Store: value = ValType::v128(); break;
#endif
      default: return fail(in, "illegal opcode");
    }
    if (is_store) {
      if (!popExpect(value) || !popExpect(addr)) return typeMismatch(in);
    } else {
      if (!popExpect(addr)) return typeMismatch(in);
      push(value);
    }
    return true;
  }
#if PETREL_FEATURE_SIMD
  if (info.imm == ImmKind::MemArgLane) {
    // v128.loadN_lane / v128.storeN_lane: address, vector (spec 3.3.7).
    const MemoryType* mem = memory(in.memarg.memory);
    if (!mem) return failIndex(in, "unknown memory", in.memarg.memory);
    unsigned align = naturalAlignmentLog2(in.op);
    if (in.memarg.align_log2 > align) return fail(in, "alignment must not be larger than natural");
    if (!mem->limits.is64 && in.memarg.offset > 0xffffffffu) return fail(in, "offset out of range");
    if (in.lane >= (16u >> align)) return fail(in, "invalid lane index");
    if (!popExpect(ValType::v128()) || !popExpect(addressType(mem->limits.is64))) return typeMismatch(in);
    bool is_load = in.op >= Opcode::V128Load8Lane && in.op <= Opcode::V128Load64Lane;
    if (is_load) push(ValType::v128());
    return true;
  }
#endif
  switch (in.op) {
    case Opcode::MemorySize: {
      const MemoryType* mem = memory(in.index);
      if (!mem) return failIndex(in, "unknown memory", in.index);
      push(addressType(mem->limits.is64));
      return true;
    }
    case Opcode::MemoryGrow: {
      const MemoryType* mem = memory(in.index);
      if (!mem) return failIndex(in, "unknown memory", in.index);
      ValType addr = addressType(mem->limits.is64);
      if (!popExpect(addr)) return typeMismatch(in);
      push(addr);
      return true;
    }
    case Opcode::MemoryFill: {
      const MemoryType* mem = memory(in.index);
      if (!mem) return failIndex(in, "unknown memory", in.index);
      ValType addr = addressType(mem->limits.is64);
      if (!popExpect(addr) || !popExpect(ValType::i32()) || !popExpect(addr)) return typeMismatch(in);
      return true;
    }
    case Opcode::MemoryCopy: {
      const MemoryType* dst = memory(in.index);
      const MemoryType* src = memory(in.index2);
      if (!dst || !src) return failIndex(in, "unknown memory", dst ? in.index2 : in.index);
      ValType len = addressType(dst->limits.is64 && src->limits.is64);
      if (!popExpect(len) || !popExpect(addressType(src->limits.is64)) || !popExpect(addressType(dst->limits.is64)))
        return typeMismatch(in);
      return true;
    }
    case Opcode::MemoryInit: {
      // A binary-format rule (spec 5.5.16), hence malformed rather than invalid.
      if (!m_.data_count) return failWith(Error::malformed("data count section required", in.offset));
      const MemoryType* mem = memory(in.index2);
      if (!mem) return failIndex(in, "unknown memory", in.index2);
      if (in.index >= *m_.data_count) return failIndex(in, "unknown data segment", in.index);
      if (!popExpect(ValType::i32()) || !popExpect(ValType::i32()) || !popExpect(addressType(mem->limits.is64)))
        return typeMismatch(in);
      return true;
    }
    case Opcode::DataDrop:
      if (!m_.data_count) return failWith(Error::malformed("data count section required", in.offset));
      if (in.index >= *m_.data_count) return failIndex(in, "unknown data segment", in.index);
      return true;
    default:
      return fail(in, "illegal opcode");
  }
}

}  // namespace petrel::internal
