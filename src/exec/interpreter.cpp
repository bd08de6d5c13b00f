#include "exec/interpreter.h"

#include <cinttypes>
#include <cmath>
#include <cstring>
#include <string>

#include "exec/internal_code.h"
#include "exec/numeric.h"
#include "exec/simd.h"
#include "exec/translator.h"
#include "runtime/bulk_operations.h"
#include "runtime/instance.h"
#include "runtime/store.h"
#include "validate/type_registry.h"

#if PETREL_SIMD_SSE2
#include <tmmintrin.h>  // SSSE3 pshufb, used only where the CPU has it (shuffleBytesSsse3)
#endif

// Dispatch: computed goto (GCC/Clang "labels as values") when available,
// else a portable switch. PETREL_PORTABLE_DISPATCH forces the switch.
#if (defined(__GNUC__) || defined(__clang__)) && !defined(PETREL_PORTABLE_DISPATCH)
#define PETREL_COMPUTED_GOTO 1
#else
#define PETREL_COMPUTED_GOTO 0
#endif
// Handlers ending in code shared between them (see NEXT and PUT_RESULT in
// interpret): smaller, one more jump per instruction on some paths.
#define PETREL_SHARED_TAILS (PETREL_COMPUTED_GOTO && PETREL_SIZE_OVER_SPEED)

namespace petrel::internal {

namespace {

// Typed views of a slot, named as in numeric_ops.def.
inline uint32_t get_u32(const Slot& s) { return s.i32; }
inline int32_t get_i32(const Slot& s) { return static_cast<int32_t>(s.i32); }
inline uint64_t get_u64(const Slot& s) { return s.i64; }
inline int64_t get_i64(const Slot& s) { return static_cast<int64_t>(s.i64); }
inline float get_f32(const Slot& s) { return s.f32; }
inline double get_f64(const Slot& s) { return s.f64; }
// The bits a slot holds for a value: 32-bit values zero-extended.
inline uint32_t bits_u32(uint32_t v) { return v; }
inline uint32_t bits_i32(int32_t v) { return static_cast<uint32_t>(v); }
inline uint32_t bits_f32(float v) { return std::bit_cast<uint32_t>(v); }
inline uint64_t bits_u64(uint64_t v) { return v; }
inline uint64_t bits_i64(int64_t v) { return static_cast<uint64_t>(v); }
inline uint64_t bits_f64(double v) { return std::bit_cast<uint64_t>(v); }
inline void put_u32(Slot& s, uint32_t v) { s.i64 = bits_u32(v); }
inline void put_i32(Slot& s, int32_t v) { s.i64 = bits_i32(v); }
inline void put_u64(Slot& s, uint64_t v) { s.i64 = bits_u64(v); }
inline void put_i64(Slot& s, int64_t v) { s.i64 = bits_i64(v); }
inline void put_f32(Slot& s, float v) { s.i64 = bits_f32(v); }
inline void put_f64(Slot& s, double v) { s.f64 = v; }

template <class T>
inline T loadLE(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class T>
inline void storeLE(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof v);
}

#if PETREL_FEATURE_MULTI_MEMORY || PETREL_FEATURE_MEMORY64
// Generic load/store for LoadAny/StoreAny, keyed by the wasm opcode.
bool accessSize(Opcode op, unsigned& size) {
  switch (op) {
    case Opcode::I32Load8S: case Opcode::I32Load8U: case Opcode::I64Load8S: case Opcode::I64Load8U:
    case Opcode::I32Store8: case Opcode::I64Store8: size = 1; return true;
    case Opcode::I32Load16S: case Opcode::I32Load16U: case Opcode::I64Load16S: case Opcode::I64Load16U:
    case Opcode::I32Store16: case Opcode::I64Store16: size = 2; return true;
    case Opcode::I32Load: case Opcode::F32Load: case Opcode::I64Load32S: case Opcode::I64Load32U:
    case Opcode::I32Store: case Opcode::F32Store: case Opcode::I64Store32: size = 4; return true;
    default: size = 8; return true;
  }
}

void loadAny(Opcode op, const uint8_t* p, Slot& out) {
  switch (op) {
    case Opcode::I32Load: put_u32(out, loadLE<uint32_t>(p)); break;
    case Opcode::I64Load: put_u64(out, loadLE<uint64_t>(p)); break;
    case Opcode::F32Load: put_u32(out, loadLE<uint32_t>(p)); break;
    case Opcode::F64Load: put_u64(out, loadLE<uint64_t>(p)); break;
    case Opcode::I32Load8S: put_i32(out, static_cast<int8_t>(*p)); break;
    case Opcode::I32Load8U: put_u32(out, *p); break;
    case Opcode::I32Load16S: put_i32(out, loadLE<int16_t>(p)); break;
    case Opcode::I32Load16U: put_u32(out, loadLE<uint16_t>(p)); break;
    case Opcode::I64Load8S: put_i64(out, static_cast<int8_t>(*p)); break;
    case Opcode::I64Load8U: put_u64(out, *p); break;
    case Opcode::I64Load16S: put_i64(out, loadLE<int16_t>(p)); break;
    case Opcode::I64Load16U: put_u64(out, loadLE<uint16_t>(p)); break;
    case Opcode::I64Load32S: put_i64(out, loadLE<int32_t>(p)); break;
    case Opcode::I64Load32U: put_u64(out, loadLE<uint32_t>(p)); break;
    default: break;
  }
}

void storeAny(Opcode op, uint8_t* p, const Slot& v) {
  switch (op) {
    case Opcode::I32Store: case Opcode::F32Store: case Opcode::I64Store32: storeLE<uint32_t>(p, v.i32); break;
    case Opcode::I64Store: case Opcode::F64Store: storeLE<uint64_t>(p, v.i64); break;
    case Opcode::I32Store8: case Opcode::I64Store8: *p = static_cast<uint8_t>(v.i32); break;
    case Opcode::I32Store16: case Opcode::I64Store16: storeLE<uint16_t>(p, static_cast<uint16_t>(v.i32)); break;
    default: break;
  }
}
#endif

// Whether a memory or table has 64-bit addresses: never without memory64
// (the decoder refuses them, and an import must match its type exactly).
inline bool has64BitAddresses(const Limits& l) { return PETREL_FEATURE_MEMORY64 && l.is64; }
uint64_t readAddress(const Slot& s, bool is64) { return is64 ? s.i64 : s.i32; }

// The effective address of a memory-0 access whose address `x + addend` was
// folded in (the add wraps at 32 bits, as the i32.add it replaced), plus the
// offset. Cannot overflow 64 bits, so one compare checks the whole access.
inline uint64_t addendAddress(const Slot& x, uint32_t addend, uint32_t offset) {
  return uint64_t{static_cast<uint32_t>(x.i32 + addend)} + offset;
}

// A v128 in its two slots (the first holds the low 8 bytes).
inline simd::V128 getV128(const Slot* s) {
  simd::V128 v;
  std::memcpy(&v, s, sizeof v);
  return v;
}
inline void putV128(Slot* s, simd::V128 v) { std::memcpy(s, &v, sizeof v); }

#if PETREL_FEATURE_SIMD
#if PETREL_SIMD_SSE2 && (defined(__GNUC__) || defined(__clang__))
// The general i8x16.shuffle with SSSE3's pshufb, on CPUs that have it (all
// x86-64 CPUs since 2006 but the first ones; the build targets the SSE2
// baseline): each source picks its lanes, the other's lanes become zero.
__attribute__((target("ssse3"))) void shuffleBytesSsse3(Slot* dst, const Slot* a, const Slot* b,
                                                        const uint8_t* lanes) {
  __m128i l = _mm_loadu_si128(reinterpret_cast<const __m128i*>(lanes));
  __m128i from_b = _mm_cmpgt_epi8(l, _mm_set1_epi8(15));  // lanes 16..31
  __m128i pick_a = _mm_or_si128(l, _mm_and_si128(from_b, _mm_set1_epi8(static_cast<char>(0x80))));
  __m128i pick_b = _mm_sub_epi8(l, _mm_set1_epi8(16));      // lanes 0..15 go negative: zero
  __m128i va = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a));
  __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
  __m128i r = _mm_or_si128(_mm_shuffle_epi8(va, pick_a), _mm_shuffle_epi8(vb, pick_b));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), r);
}
bool hostHasSsse3() {
  static const bool has = __builtin_cpu_supports("ssse3");
  return has;
}
#define PETREL_SHUFFLE_SSSE3 1
#else
#define PETREL_SHUFFLE_SSSE3 0
#endif

// i8x16.shuffle and its special forms, through the 32 bytes of a:b.
inline void shuffleBytes(Slot* dst, const Slot* a, const Slot* b, const uint8_t* lanes) {
#if PETREL_SHUFFLE_SSSE3
  if (hostHasSsse3()) return shuffleBytesSsse3(dst, a, b, lanes);
#endif
  uint8_t both[32], out[16];
  std::memcpy(both, a, 16);
  std::memcpy(both + 16, b, 16);
  for (unsigned i = 0; i < 16; ++i) out[i] = both[lanes[i] & 31];
  std::memcpy(dst, out, 16);
}
inline void shuffleConcat(Slot* dst, const Slot* a, const Slot* b, uint32_t k) {
  uint8_t both[32];
  std::memcpy(both, a, 16);
  std::memcpy(both + 16, b, 16);
  std::memcpy(dst, both + (k < 16 ? k : 16), 16);  // k <= 16 (the translator checks)
}
inline void shuffle32(Slot* dst, const Slot* a, const Slot* b, uint32_t lanes) {
  uint32_t both[8], out[4];
  std::memcpy(both, a, 16);
  std::memcpy(both + 4, b, 16);
  for (unsigned i = 0; i < 4; ++i) out[i] = both[(lanes >> (8 * i)) & 7];
  std::memcpy(dst, out, 16);
}

// v128.load32_zero / load64_zero: x in the low lanes, zeros above.
template <class T>
inline simd::V128 zeroExtendedV128(T x) {
  uint8_t bytes[16] = {};
  std::memcpy(bytes, &x, sizeof x);
  return simd::fromBytes(bytes);
}

// Bytes accessed by a SIMD load or store (its natural alignment).
inline uint32_t simdAccessBytes(Opcode op) { return 1u << naturalAlignmentLog2(op); }

// A SIMD access on a memory other than memory 0 of 32 bits (SimdMemAny), at host
// address `p` (bounds already checked): operands as SimdMemAny's. The same
// semantics as the memory-0 instructions, from the same list.
void simdAccess(Opcode op, uint8_t* p, Slot* fp, uint32_t vec, uint32_t dst, uint32_t lane) {
  switch (op) {
    case Opcode::V128Load: putV128(fp + dst, simd::fromBytes(p)); break;
    case Opcode::V128Store: std::memcpy(p, fp + vec, 16); break;
#define SIMD_LOAD(name, T, expr)  \
  case Opcode::name: {            \
    T x = loadLE<T>(p);           \
    putV128(fp + dst, expr);      \
    break;                        \
  }
#define SIMD_LOAD_LANE(name, T, replace) \
  case Opcode::name: putV128(fp + dst, simd::replace(getV128(fp + vec), loadLE<T>(p), lane)); break;
#define SIMD_STORE_LANE(name, T, extract) \
  case Opcode::name: storeLE<T>(p, static_cast<T>(simd::extract(getV128(fp + vec), lane))); break;
#include "exec/simd_memory_ops.def"
    default: break;
  }
}

#endif  // PETREL_FEATURE_SIMD

#if PETREL_FEATURE_MULTI_MEMORY || PETREL_FEATURE_MEMORY64
// The host address a LoadAny/StoreAny at `pc` accesses (operands: access,
// value/address slots, memory, offset lo, offset hi), or null when any byte
// of it is out of bounds. Overflow-safe for 64-bit addresses and offsets.
uint8_t* anyMemoryAddress(Instance* inst, const CodeWord* pc, const Slot& address) {
  const MemoryInstance* mem = inst->memories[pc[4]];
  uint64_t offset = uint64_t{pc[5]} | (uint64_t{pc[6]} << 32);
  uint64_t addr = readAddress(address, has64BitAddresses(mem->type.limits));
  unsigned size;
  accessSize(static_cast<Opcode>(pc[1]), size);
  uint64_t limit = mem->size_bytes;
  if (addr > limit || offset > limit - addr || size > limit - addr - offset) return nullptr;
  return mem->data + addr + offset;
}
#endif

// Declared locals start at zero. Most functions have a handful, and a plain
// loop would become a call to memset, which costs more than the stores.
inline void zeroLocals(Slot* p, uint32_t n) {
  switch (n) {
    case 4: p[3].bits = 0; [[fallthrough]];
    case 3: p[2].bits = 0; [[fallthrough]];
    case 2: p[1].bits = 0; [[fallthrough]];
    case 1: p[0].bits = 0; [[fallthrough]];
    case 0: return;
    default: std::memset(p, 0, n * sizeof(Slot));
  }
}

std::string functionLabel(const CompiledFunction* fn, const Instance* inst) {
  std::string_view name = inst->module().functionName(fn->func_index);
  if (!name.empty()) return std::string(name);
  // Without a name section, an export name still says which function it is.
  for (const Export& e : inst->module().exports)
    if (e.kind == ExternKind::Func && e.index == fn->func_index) return "<export \"" + e.name + "\">";
  char buf[24];
  std::snprintf(buf, sizeof buf, "#%" PRIu32, fn->func_index);
  return buf;
}

// Appends the active wasm frames, innermost first, to the error's trace:
// one line each in `backtrace` and one TraceFrame each in `frames`. A trap
// that passed through a host function already holds the inner frames.
void appendBacktrace(Error& error, const CompiledFunction* fn, const Instance* inst, const CodeWord* pc,
                     const CallFrame* frame_ptr, const CallFrame* entry_frame) {
  std::string& trace = error.backtrace;
  char buf[48];
  constexpr size_t kMaxFrames = 64;
  while (true) {
    if (error.frames.size() == kMaxFrames) {
      trace += "  ...\n";
      break;
    }
    uint64_t offset = fn->wasmOffsetAt(static_cast<uint32_t>(pc - fn->entry()));
    TraceFrame frame;
    frame.func_index = fn->func_index;
    frame.func_name = functionLabel(fn, inst);
    frame.module_offset = offset;
    const Module& m = inst->module();
    uint64_t body_start = m.bodies[fn->func_index - m.num_imported_funcs].body_offset;
    frame.func_offset = offset >= body_start ? offset - body_start : 0;
    frame.instance = inst;
    std::snprintf(buf, sizeof buf, "  %zu: ", error.frames.size());
    trace += buf;
    trace += frame.func_name;
    std::snprintf(buf, sizeof buf, " @ 0x%llx\n", static_cast<unsigned long long>(offset));
    trace += buf;
    error.frames.push_back(std::move(frame));
    if (frame_ptr == entry_frame) break;
    --frame_ptr;
    fn = frame_ptr->fn;
    inst = frame_ptr->instance;
    pc = frame_ptr->return_pc - 1;  // inside the call instruction
  }
}

// " (in function f at offset 0x2a)", as a trap message ends.
std::string describeLocation(const CompiledFunction* fn, const Instance* inst, uint64_t wasm_offset) {
  char buf[40];
  std::snprintf(buf, sizeof buf, " at offset 0x%llx)", static_cast<unsigned long long>(wasm_offset));
  return " (in function " + functionLabel(fn, inst) + buf;
}
}  // namespace

ExecutionStack::ExecutionStack(uint32_t slot_count, uint32_t frame_count)
    : slot_storage(new Slot[slot_count]), frame_storage(new CallFrame[frame_count]) {
  slots_end = slot_storage.get() + slot_count;
  top = slot_storage.get();
  frames_end = frame_storage.get() + frame_count;
  frame_top = frame_storage.get();
}

namespace {

// The numeric handlers of the types this build has (base/features.h: floats
// may be left out): PETREL_IF_TYPES(a, b, yes, no) is `yes` when both of a
// numeric_ops.def row's types are built in, else `no`.
#define PETREL_IF_TYPE_u32(yes, no) yes
#define PETREL_IF_TYPE_i32(yes, no) yes
#define PETREL_IF_TYPE_u64(yes, no) yes
#define PETREL_IF_TYPE_i64(yes, no) yes
#if PETREL_FEATURE_FLOAT
#define PETREL_IF_TYPE_f32(yes, no) yes
#define PETREL_IF_TYPE_f64(yes, no) yes
#else
#define PETREL_IF_TYPE_f32(yes, no) no
#define PETREL_IF_TYPE_f64(yes, no) no
#endif
#define PETREL_IF_TYPES(a, b, yes, no) PETREL_IF_TYPE_##a(PETREL_IF_TYPE_##b(yes, no), no)
#define PETREL_NO_HANDLER(...)

// The interpreter proper. Called with dispatch_out set, it only reports its
// handler table (see threadCode); otherwise it runs `func`.
Status interpret(Store* store_ptr, FunctionInstance* func, Slot* io, const void* const** dispatch_out) {
#if PETREL_COMPUTED_GOTO
  static const void* const kDispatch[] = {
#define PETREL_INTERNAL_OP(name, words) &&L_##name,
#define PETREL_NUMERIC_OP(name, words, tin, tout) PETREL_IF_TYPES(tin, tout, &&L_##name, &&L_Unsupported),
#include "exec/internal_op_list.inc"
#undef PETREL_NUMERIC_OP
#undef PETREL_INTERNAL_OP
  };
  static_assert(sizeof(kDispatch) / sizeof(kDispatch[0]) == static_cast<size_t>(IOp::Count));
  if (dispatch_out) {
    *dispatch_out = kDispatch;
    return Status::success();
  }
  // Threaded code holds each handler's distance from the first handler.
  const char* const dispatch_base = static_cast<const char*>(kDispatch[0]);
#else
  (void)dispatch_out;
#endif
  Store& store = *store_ptr;
  if (func->kind == FunctionInstance::Kind::Host) {
    HostCallContext ctx{&store, nullptr};
    size_t n = std::max(slotCount(func->type->params), slotCount(func->type->results));
    std::vector<Slot> args(io, io + slotCount(func->type->params));
    args.resize(n);
    Status st = func->callback(func->env, ctx, args.data(), io);
    return st;
  }

  ExecutionStack& st = store.stack();
  // Host -> wasm entries recurse on the host stack (this function's frame
  // and the host function's): bounded separately from the wasm call depth.
  if (st.activations >= store.limits().max_activations)
    return Error::make(ErrorKind::Exhaustion, "call stack exhausted (host/wasm nesting exceeds " +
                                                  std::to_string(store.limits().max_activations) + " activations)");
  const CompiledFunction* fn = func->code;
  Slot* fp = st.top;
  if (fp + std::max<uint32_t>(fn->frameSlots(), fn->num_results) > st.slots_end || st.frame_top >= st.frames_end)
    return Error::make(ErrorKind::Exhaustion, "call stack exhausted");

  Slot* const saved_top = st.top;
  CallFrame* const entry_frame = st.frame_top;
  ++st.activations;
  std::memcpy(fp, io, fn->num_params * sizeof(Slot));
  zeroLocals(fp + fn->num_params, fn->num_locals - fn->num_params);

  Instance* inst = func->instance;
  const CodeWord* code_base = fn->entry();
  const CodeWord* pc = code_base;
  CallFrame* frame_ptr = entry_frame;
  Slot* const stack_end = st.slots_end;
  CallFrame* const frames_end = st.frames_end;
  const std::atomic<EpochTicks>* const epoch_ticks = &store.epochCounter().ticks();
  const std::atomic<EpochTicks>* const epoch_deadline = &store.epochDeadline();
  uint8_t* mem_base = nullptr;
  uint64_t mem_size = 0;
  TrapKind trap = TrapKind::None;
  Error host_error;
  std::string trap_detail;  // appended to the trap message (e.g. the element index)
  uint64_t access_ea;   // a memory-0 access's effective address
  uint64_t store_bits;  // the value a store writes
#if PETREL_SHARED_TAILS
  uint32_t result32 = 0;  // PUT_RESULT's value, for the shared tails
  uint64_t result64 = 0;
#endif

  // memory0 is never null (an empty memory stands in when there is none).
#define RELOAD_MEMORY()                  \
  do {                                   \
    const MemoryInstance* m0 = inst->memory0; \
    mem_base = m0->data;                 \
    mem_size = m0->size_bytes;           \
  } while (0)
#define TRAP(kind)  \
  do {              \
    trap = (kind);  \
    goto trap_exit; \
  } while (0)

  RELOAD_MEMORY();

#if PETREL_COMPUTED_GOTO
#define CASE(name) L_##name:
#define DISPATCH() goto*(dispatch_base + static_cast<int32_t>(*pc))
#if PETREL_SHARED_TAILS
  // Handlers end in one shared dispatch rather than in a copy each: a few
  // bytes less per handler for one more jump. (The shared tails below,
  // which most handlers end in, keep a copy.)
#define NEXT() goto next_instruction
next_instruction:
  DISPATCH();
#else
#define NEXT() DISPATCH()
  NEXT();
#endif
#else
#define CASE(name) case IOp::name:
#define NEXT() goto dispatch
dispatch:
  switch (static_cast<IOp>(*pc)) {
#endif

  // PUT_RESULT(t, value, words): store a handler's result of type t (as in
  // numeric_ops.def) in slot pc[1] and step over its `words`. Under
  // PETREL_SIZE_OVER_SPEED the handlers share one tail per width and step,
  // which stores and dispatches: each keeps only its computation.
#if PETREL_SHARED_TAILS
#define PUT_RESULT(t, value, words) PUT_RESULT_##t(value, words)
#define PUT_RESULT32(bits, words) \
  do {                            \
    result32 = (bits);            \
    goto store32_##words;         \
  } while (0)
#define PUT_RESULT64(bits, words) \
  do {                            \
    result64 = (bits);            \
    goto store64_##words;         \
  } while (0)
#define PUT_RESULT_u32(v, words) PUT_RESULT32(bits_u32(v), words)
#define PUT_RESULT_i32(v, words) PUT_RESULT32(bits_i32(v), words)
#define PUT_RESULT_f32(v, words) PUT_RESULT32(bits_f32(v), words)
#define PUT_RESULT_u64(v, words) PUT_RESULT64(bits_u64(v), words)
#define PUT_RESULT_i64(v, words) PUT_RESULT64(bits_i64(v), words)
#define PUT_RESULT_f64(v, words) PUT_RESULT64(bits_f64(v), words)
#define STORE_TAIL(width, words)                   \
  store##width##_##words : __attribute__((unused)); \
  fp[pc[1]].i64 = result##width;                   \
  pc += words;                                     \
  DISPATCH();
  STORE_TAIL(32, 3)
  STORE_TAIL(32, 4)
  STORE_TAIL(32, 5)
  STORE_TAIL(64, 3)
  STORE_TAIL(64, 4)
  STORE_TAIL(64, 5)
#undef STORE_TAIL
#else
#define PUT_RESULT(t, value, words) \
  do {                              \
    put_##t(fp[pc[1]], value);      \
    pc += words;                    \
    NEXT();                         \
  } while (0)
#endif

  // BRANCH_IF(cond, at, words): continue at the target operand pc[at] names
  // when cond holds, else step over the instruction's `words`. Shared, as
  // PUT_RESULT's, under PETREL_SIZE_OVER_SPEED.
#if PETREL_SHARED_TAILS
#define BRANCH_IF(cond, at, words) \
  do {                             \
    if (cond) goto branch_##at;    \
    pc += words;                   \
    NEXT();                        \
  } while (0)
branch_2: __attribute__((unused));  // (branch_3: only superinstructions)
  pc = code_base + pc[2];
  DISPATCH();
branch_3: __attribute__((unused));
  pc = code_base + pc[3];
  DISPATCH();
#else
#define BRANCH_IF(cond, at, words)       \
  do {                                   \
    if (cond) pc = code_base + pc[at];   \
    else pc += words;                    \
    NEXT();                              \
  } while (0)
#endif

  // ---- Numeric instructions, generated from numeric_ops.def ----
#define BINARY_HANDLER(name, tin, tout, expr)            \
  CASE(Num##name) {                              \
    auto a = get_##tin(fp[pc[2]]);               \
    auto b = get_##tin(fp[pc[3]]);               \
    PUT_RESULT(tout, expr, 4);                   \
  }
#define UNARY_HANDLER(name, tin, tout, expr)             \
  CASE(Num##name) {                              \
    auto a = get_##tin(fp[pc[2]]);               \
    PUT_RESULT(tout, expr, 3);                   \
  }
#define BINARY_TRAP_HANDLER(name, tin, tout, expr)       \
  CASE(Num##name) {                              \
    auto a = get_##tin(fp[pc[2]]);               \
    auto b = get_##tin(fp[pc[3]]);               \
    auto r = expr;                               \
    if (trap != TrapKind::None) goto trap_exit;  \
    PUT_RESULT(tout, r, 4);                      \
  }
#define UNARY_TRAP_HANDLER(name, tin, tout, expr)        \
  CASE(Num##name) {                              \
    auto a = get_##tin(fp[pc[2]]);               \
    auto r = expr;                               \
    if (trap != TrapKind::None) goto trap_exit;  \
    PUT_RESULT(tout, r, 3);                      \
  }
#define BINARY(name, tin, tout, expr) PETREL_IF_TYPES(tin, tout, BINARY_HANDLER, PETREL_NO_HANDLER)(name, tin, tout, expr)
#define UNARY(name, tin, tout, expr) PETREL_IF_TYPES(tin, tout, UNARY_HANDLER, PETREL_NO_HANDLER)(name, tin, tout, expr)
#define BINARY_TRAP(name, tin, tout, expr) \
  PETREL_IF_TYPES(tin, tout, BINARY_TRAP_HANDLER, PETREL_NO_HANDLER)(name, tin, tout, expr)
#define UNARY_TRAP(name, tin, tout, expr) \
  PETREL_IF_TYPES(tin, tout, UNARY_TRAP_HANDLER, PETREL_NO_HANDLER)(name, tin, tout, expr)
#include "exec/numeric_ops.def"
#undef BINARY
#undef UNARY
#undef BINARY_TRAP
#undef UNARY_TRAP
#undef BINARY_HANDLER
#undef UNARY_HANDLER
#undef BINARY_TRAP_HANDLER
#undef UNARY_TRAP_HANDLER

  // ---- SIMD (the v128 instructions; semantics in simd.h) ----
#include "exec/interpreter_simd.inc"

#if PETREL_FEATURE_FUSION
  // ---- Fused instructions, generated from fused_ops.def ----
#define BINARY_IMM32(name, t, expr)                      \
  CASE(Num##name##Imm) {                                 \
    auto a = get_##t(fp[pc[2]]);                         \
    auto b = static_cast<decltype(a)>(pc[3]);            \
    PUT_RESULT(t, expr, 4);                              \
  }
#define BINARY_IMM64(name, t, expr)                                          \
  CASE(Num##name##Imm) {                                                     \
    auto a = get_##t(fp[pc[2]]);                                             \
    auto b = static_cast<decltype(a)>(uint64_t{pc[3]} | (uint64_t{pc[4]} << 32)); \
    PUT_RESULT(t, expr, 5);                                                  \
  }
#define COMPARE_BRANCH(name, t, expr, inverse)                         \
  CASE(BrIf##name) {                                                   \
    auto a = get_##t(fp[pc[1]]);                                       \
    auto b = get_##t(fp[pc[2]]);                                       \
    BRANCH_IF(expr, 3, 4);                                             \
  }                                                                    \
  CASE(BrIf##name##Imm) {                                              \
    auto a = get_##t(fp[pc[1]]);                                       \
    /* the immediate is a sign-extended 32-bit value */                \
    auto b = static_cast<decltype(a)>(static_cast<int32_t>(pc[2]));    \
    BRANCH_IF(expr, 3, 4);                                             \
  }
#include "exec/fused_ops.def"
#undef BINARY_IMM32
#undef BINARY_IMM64
#undef COMPARE_BRANCH
#endif  // PETREL_FEATURE_FUSION

  // ---- Memory 0, 32-bit addresses, generated from memory_ops.def ----
  // A 32-bit address plus a 32-bit offset cannot overflow 64 bits, so one
  // compare against the memory size checks the whole access. The forms of an
  // access compute `access_ea` (and a store's `store_bits`), then step pc so
  // that their operands are the plain form's (they lead with the addend, or
  // the value words precede the offset) and finish as the plain form does:
  // under PETREL_SIZE_OVER_SPEED by jumping into it, else with a copy.
#if PETREL_SHARED_TAILS
#define FINISH_AS(label, finish) goto label;
#define FINISH_HERE(label) label: __attribute__((unused));
#else
#define FINISH_AS(label, finish) finish
#define FINISH_HERE(label)
#endif
#define LOAD_FINISH(T, t)                                                    \
  if (access_ea + sizeof(T) > mem_size) TRAP(TrapKind::MemoryOutOfBounds);   \
  PUT_RESULT(t, loadLE<T>(mem_base + access_ea), 4);
#define STORE_FINISH(T)                                                      \
  if (access_ea + sizeof(T) > mem_size) TRAP(TrapKind::MemoryOutOfBounds);   \
  storeLE<T>(mem_base + access_ea, static_cast<T>(store_bits));              \
  pc += 4;                                                                   \
  NEXT();
#define LOAD_PLAIN(name, T, t)                                              \
  CASE(name) {                                                              \
    access_ea = uint64_t{fp[pc[2]].i32} + pc[3];                            \
    FINISH_HERE(name##_finish)                                              \
    LOAD_FINISH(T, t)                                                       \
  }
#define STORE_PLAIN(name, T, field)                                         \
  CASE(name) {                                                              \
    access_ea = uint64_t{fp[pc[1]].i32} + pc[3];                            \
    FINISH_HERE(name##_finish)                                              \
    store_bits = fp[pc[2]].field;                                           \
    FINISH_HERE(name##_store)                                               \
    STORE_FINISH(T)                                                         \
  }
#if PETREL_FEATURE_FUSION
// With superinstructions: also the address `x + constant` folded in, and
// (stores) a constant value.
#define LOAD(name, T, t)                                                    \
  LOAD_PLAIN(name, T, t)                                                    \
  CASE(name##AddImm) {                                                      \
    access_ea = addendAddress(fp[pc[3]], pc[1], pc[4]);                     \
    ++pc;                                                                   \
    FINISH_AS(name##_finish, LOAD_FINISH(T, t))                             \
  }
#define STORE(name, T, field)                                               \
  STORE_PLAIN(name, T, field)                                               \
  CASE(name##AddImm) {                                                      \
    access_ea = addendAddress(fp[pc[2]], pc[1], pc[4]);                     \
    ++pc;                                                                   \
    FINISH_AS(name##_finish, store_bits = fp[pc[2]].field; STORE_FINISH(T)) \
  }                                                                         \
  CASE(name##Imm) {                                                         \
    access_ea = uint64_t{fp[pc[1]].i32} + pc[4];                            \
    store_bits = uint64_t{pc[2]} | (uint64_t{pc[3]} << 32);                 \
    ++pc;                                                                   \
    FINISH_AS(name##_store, STORE_FINISH(T))                                \
  }
#else
#define LOAD LOAD_PLAIN
#define STORE STORE_PLAIN
#endif
#include "exec/memory_ops.def"
#undef LOAD
#undef STORE
#undef LOAD_PLAIN
#undef STORE_PLAIN
#undef LOAD_FINISH
#undef STORE_FINISH
#undef FINISH_AS
#undef FINISH_HERE

#if PETREL_FEATURE_MULTI_MEMORY || PETREL_FEATURE_MEMORY64
  CASE(LoadAny) {
    uint8_t* p = anyMemoryAddress(inst, pc, fp[pc[3]]);
    if (!p) TRAP(TrapKind::MemoryOutOfBounds);
    loadAny(static_cast<Opcode>(pc[1]), p, fp[pc[2]]);
    pc += 7;
    NEXT();
  }
  CASE(StoreAny) {
    uint8_t* p = anyMemoryAddress(inst, pc, fp[pc[2]]);
    if (!p) TRAP(TrapKind::MemoryOutOfBounds);
    storeAny(static_cast<Opcode>(pc[1]), p, fp[pc[3]]);
    pc += 7;
    NEXT();
  }
#endif
  CASE(MemorySize) {
    MemoryInstance* mem = inst->memories[pc[2]];
    put_u64(fp[pc[1]], mem->pages());
    pc += 3;
    NEXT();
  }
  CASE(MemoryGrow) {
    MemoryInstance* mem = inst->memories[pc[2]];
    bool is64 = has64BitAddresses(mem->type.limits);
    uint64_t delta = readAddress(fp[pc[3]], is64);
    int64_t old = mem->grow(delta);
    if (is64) put_u64(fp[pc[1]], static_cast<uint64_t>(old));
    else put_u32(fp[pc[1]], static_cast<uint32_t>(old));
    RELOAD_MEMORY();
    pc += 4;
    NEXT();
  }
#if PETREL_FEATURE_BULK_MEMORY
  CASE(MemoryInit) {
    MemoryInstance* mem = inst->memories[pc[2]];
    TrapKind t = memoryInit(*inst, pc[1], *mem, readAddress(fp[pc[3]], has64BitAddresses(mem->type.limits)), fp[pc[4]].i32,
                            fp[pc[5]].i32);
    if (t != TrapKind::None) TRAP(t);
    pc += 6;
    NEXT();
  }
  CASE(DataDrop) {
    inst->data_dropped[pc[1]] = true;
    pc += 2;
    NEXT();
  }
  CASE(MemoryCopy) {
    MemoryInstance* dst = inst->memories[pc[1]];
    MemoryInstance* src = inst->memories[pc[2]];
    bool len64 = has64BitAddresses(dst->type.limits) && has64BitAddresses(src->type.limits);
    TrapKind t = memoryCopy(*dst, *src, readAddress(fp[pc[3]], has64BitAddresses(dst->type.limits)),
                            readAddress(fp[pc[4]], has64BitAddresses(src->type.limits)), readAddress(fp[pc[5]], len64));
    if (t != TrapKind::None) TRAP(t);
    pc += 6;
    NEXT();
  }
  CASE(MemoryFill) {
    MemoryInstance* mem = inst->memories[pc[1]];
    bool is64 = has64BitAddresses(mem->type.limits);
    TrapKind t = memoryFill(*mem, readAddress(fp[pc[2]], is64), static_cast<uint8_t>(fp[pc[3]].i32),
                            readAddress(fp[pc[4]], is64));
    if (t != TrapKind::None) TRAP(t);
    pc += 5;
    NEXT();
  }
#endif

  // ---- Tables ----
#if PETREL_FEATURE_REFERENCE_TYPES
  CASE(TableGet) {
    TableInstance* t = inst->tables[pc[2]];
    uint64_t i = readAddress(fp[pc[3]], has64BitAddresses(t->type.limits));
    if (i >= t->size()) TRAP(TrapKind::TableOutOfBounds);
    fp[pc[1]].ref = t->elements[i];
    pc += 4;
    NEXT();
  }
  CASE(TableSet) {
    TableInstance* t = inst->tables[pc[1]];
    uint64_t i = readAddress(fp[pc[2]], has64BitAddresses(t->type.limits));
    if (i >= t->size()) TRAP(TrapKind::TableOutOfBounds);
    t->elements[i] = fp[pc[3]].ref;
    pc += 4;
    NEXT();
  }
  CASE(TableSize) {
    put_u64(fp[pc[1]], inst->tables[pc[2]]->size());
    pc += 3;
    NEXT();
  }
  CASE(TableGrow) {
    TableInstance* t = inst->tables[pc[2]];
    bool is64 = has64BitAddresses(t->type.limits);
    int64_t old = t->grow(readAddress(fp[pc[4]], is64), fp[pc[3]].ref);
    if (is64) put_u64(fp[pc[1]], static_cast<uint64_t>(old));
    else put_u32(fp[pc[1]], static_cast<uint32_t>(old));
    pc += 5;
    NEXT();
  }
  CASE(TableFill) {
    TableInstance* t = inst->tables[pc[1]];
    bool is64 = has64BitAddresses(t->type.limits);
    TrapKind k = tableFill(*t, readAddress(fp[pc[2]], is64), fp[pc[3]].ref, readAddress(fp[pc[4]], is64));
    if (k != TrapKind::None) TRAP(k);
    pc += 5;
    NEXT();
  }
#endif
#if PETREL_FEATURE_BULK_MEMORY
  CASE(TableCopy) {
    TableInstance* dst = inst->tables[pc[1]];
    TableInstance* src = inst->tables[pc[2]];
    bool len64 = has64BitAddresses(dst->type.limits) && has64BitAddresses(src->type.limits);
    TrapKind k = tableCopy(*dst, *src, readAddress(fp[pc[3]], has64BitAddresses(dst->type.limits)),
                           readAddress(fp[pc[4]], has64BitAddresses(src->type.limits)), readAddress(fp[pc[5]], len64));
    if (k != TrapKind::None) TRAP(k);
    pc += 6;
    NEXT();
  }
  CASE(TableInit) {
    TableInstance* t = inst->tables[pc[2]];
    TrapKind k = tableInit(*inst, pc[1], *t, readAddress(fp[pc[3]], has64BitAddresses(t->type.limits)), fp[pc[4]].i32,
                           fp[pc[5]].i32);
    if (k != TrapKind::None) TRAP(k);
    pc += 6;
    NEXT();
  }
  CASE(ElemDrop) {
    inst->elem_segments[pc[1]].clear();
    inst->elem_segments[pc[1]].shrink_to_fit();
    pc += 2;
    NEXT();
  }
#endif

#if PETREL_FEATURE_FUSION && PETREL_FEATURE_FLOAT
  // ---- Multiply feeding add/subtract ----
#define MULTIPLY_ADD(name, t, expr)          \
  CASE(name) {                               \
    auto a = get_##t(fp[pc[2]]);             \
    auto b = get_##t(fp[pc[3]]);             \
    auto c = get_##t(fp[pc[4]]);             \
    auto product = a * b;                    \
    PUT_RESULT(t, expr, 5);                  \
  }
  MULTIPLY_ADD(F32MulAdd, f32, product + c)
  MULTIPLY_ADD(F32MulSub, f32, product - c)
  MULTIPLY_ADD(F32SubMul, f32, c - product)
  MULTIPLY_ADD(F64MulAdd, f64, product + c)
  MULTIPLY_ADD(F64MulSub, f64, product - c)
  MULTIPLY_ADD(F64SubMul, f64, c - product)
#undef MULTIPLY_ADD
#endif  // PETREL_FEATURE_FUSION

  // ---- Data movement ----
  CASE(Copy) {
    fp[pc[1]] = fp[pc[2]];
    pc += 3;
    NEXT();
  }
  CASE(Const32) {
    fp[pc[1]].i64 = pc[2];
    pc += 3;
    NEXT();
  }
  CASE(Const64) {
    fp[pc[1]].i64 = uint64_t{pc[2]} | (uint64_t{pc[3]} << 32);
    pc += 4;
    NEXT();
  }
  CASE(Select) {
    fp[pc[1]] = fp[pc[4]].i32 ? fp[pc[2]] : fp[pc[3]];
    pc += 5;
    NEXT();
  }
  CASE(GlobalGet) {
    fp[pc[1]] = inst->globals[pc[2]]->value;
    pc += 3;
    NEXT();
  }
  CASE(GlobalSet) {
    inst->globals[pc[1]]->value = fp[pc[2]];
    pc += 3;
    NEXT();
  }

  // ---- References ----
#if PETREL_FEATURE_REFERENCE_TYPES
  CASE(RefNull) {
    fp[pc[1]].bits = 0;
    fp[pc[1]].ref = nullptr;
    pc += 2;
    NEXT();
  }
  CASE(RefIsNull) {
    put_u32(fp[pc[1]], fp[pc[2]].ref == nullptr);
    pc += 3;
    NEXT();
  }
  CASE(RefFunc) {
    fp[pc[1]].bits = 0;
    fp[pc[1]].ref = inst->functions[pc[2]];
    pc += 3;
    NEXT();
  }
#endif
#if PETREL_FEATURE_GC
  CASE(RefAsNonNull) {
    if (!fp[pc[2]].ref) TRAP(TrapKind::NullReference);
    fp[pc[1]] = fp[pc[2]];
    pc += 3;
    NEXT();
  }
  CASE(RefEq) {
    put_u32(fp[pc[1]], fp[pc[2]].ref == fp[pc[3]].ref);
    pc += 4;
    NEXT();
  }
#endif

  // ---- Control ----
  CASE(Unreachable) { TRAP(TrapKind::Unreachable); }
  CASE(FuelCheck) {
    // The block's whole cost up front: a block that does not fit does not
    // start, so at most the budget ever executes.
    uint64_t cost = pc[1];
    if (st.fuel < cost) TRAP(TrapKind::OutOfFuel);
    st.fuel -= cost;
    pc += 2;
    NEXT();
  }
  CASE(InterruptCheck) {
    if (epoch_ticks->load(std::memory_order_relaxed) >= epoch_deadline->load(std::memory_order_relaxed))
      TRAP(TrapKind::Interrupted);
    pc += 1;
    NEXT();
  }
#if !PETREL_FEATURE_SIMD
  // The moves of v128 values are in every build's instruction set (see
  // internal_ops.def), but without SIMD no such value reaches them.
  CASE(Copy128) CASE(ConstV128) CASE(SelectV128) CASE(GlobalGetV128) CASE(GlobalSetV128)
#endif
  CASE(Unsupported) { TRAP(TrapKind::Unsupported); }
  CASE(TranslateOnCall) {
    // The first call of a function not translated yet (lazy mode): the call
    // sequence has set up the frame for its locals; translate (or find that
    // another thread did), then continue at the real code, whose frame may
    // be larger. Later calls go straight to that code (CompiledFunction::entry).
    const CodeWord* code = translateOnFirstCall(*fn);
    if (!code) TRAP(TrapKind::TranslationFailed);
    code_base = code;
    pc = code;
    if (fp + fn->frameSlots() > stack_end) TRAP(TrapKind::CallStackExhausted);
    NEXT();
  }
  CASE(Br) {
    pc = code_base + pc[1];
    NEXT();
  }
  CASE(BrIfNez) {
    BRANCH_IF(fp[pc[1]].i32, 2, 3);
  }
  CASE(BrIfEqz) {
    BRANCH_IF(!fp[pc[1]].i32, 2, 3);
  }
  CASE(BrTable) {
    uint32_t i = fp[pc[1]].i32;
    uint32_t count = pc[2];
    if (i > count) i = count;
    pc = code_base + pc[3 + i];
    NEXT();
  }
#if PETREL_FEATURE_GC
  CASE(BrOnNull) {
    BRANCH_IF(!fp[pc[1]].ref, 2, 3);
  }
  CASE(BrOnNonNull) {
    BRANCH_IF(fp[pc[1]].ref, 2, 3);
  }
#endif
  CASE(Return) {
    if (frame_ptr == entry_frame) goto finished;
    --frame_ptr;
    pc = frame_ptr->return_pc;
    fp = frame_ptr->fp;
    fn = frame_ptr->fn;
    code_base = fn->entry();
    inst = frame_ptr->instance;
    RELOAD_MEMORY();  // the callee may have grown memory
    NEXT();
  }

  {
    // Shared call sequence. `callee` is the function, `args` where its
    // arguments are, `resume` where to continue after it returns.
    FunctionInstance* callee;
    Slot* args;
    const CodeWord* resume;
    bool tail;

    CASE(Call) {
      callee = inst->functions[pc[1]];
      args = fp + pc[2];
      resume = pc + 3;
      tail = false;
      goto do_call;
    }
#if PETREL_FEATURE_TAIL_CALL
    CASE(ReturnCall) {
      callee = inst->functions[pc[1]];
      args = fp + pc[2];
      resume = nullptr;
      tail = true;
      goto do_call;
    }
#endif
    CASE(CallIndirect) {
      tail = false;
      resume = pc + 5;
      goto do_indirect;
    }
#if PETREL_FEATURE_TAIL_CALL
    CASE(ReturnCallIndirect) {
      resume = nullptr;
      tail = true;
      goto do_indirect;
    }
#endif
#if PETREL_FEATURE_GC
    CASE(CallRef) {
      tail = false;
      resume = pc + 4;
      goto do_ref;
    }
#endif
#if PETREL_FEATURE_GC && PETREL_FEATURE_TAIL_CALL
    CASE(ReturnCallRef) {
      resume = nullptr;
      tail = true;
      goto do_ref;
    }
#endif

  do_indirect : {
    TableInstance* t = inst->tables[pc[2]];
    uint64_t i = readAddress(fp[pc[4]], has64BitAddresses(t->type.limits));
    if (i >= t->size()) TRAP(TrapKind::UndefinedElement);
    callee = static_cast<FunctionInstance*>(t->elements[i]);
    if (!callee) {
      char index[24];  // printf, already linked for traces, rather than another to_chars instantiation
      std::snprintf(index, sizeof index, " %llu", static_cast<unsigned long long>(i));
      trap_detail = index;
      TRAP(TrapKind::UninitializedElement);
    }
    uint32_t expected = inst->type_ids[pc[1]];
    if (callee->type_id != expected && !TypeRegistry::global().isSubtype(callee->type_id, expected))
      TRAP(TrapKind::IndirectCallTypeMismatch);
    args = fp + pc[3];
    goto do_call;
  }
#if PETREL_FEATURE_GC
  do_ref : {
    callee = static_cast<FunctionInstance*>(fp[pc[3]].ref);
    if (!callee) TRAP(TrapKind::NullFunctionReference);
    args = fp + pc[2];
    goto do_call;
  }
#endif

  do_call:
    if (callee->kind == FunctionInstance::Kind::Host) {
      // Nested wasm calls made by the host start above this frame.
      st.top = fp + fn->frameSlots();
      uint32_t param_cells = slotCount(callee->type->params);
      if (args + param_cells > st.top) st.top = args + std::max(param_cells, slotCount(callee->type->results));
      st.frame_top = frame_ptr;
      bool host_failed = false;
      {
        // Scoped so that no object with a destructor is live across the
        // computed gotos below (clang rejects jumping out of its scope).
        HostCallContext ctx{&store, inst};
        Status s = callee->callback(callee->env, ctx, args, args);
        if (!s.ok()) {
          host_error = s.takeError();
          host_failed = true;
        }
      }
      st.top = saved_top;
      st.frame_top = entry_frame;
      if (host_failed) TRAP(TrapKind::HostError);
      RELOAD_MEMORY();
      if (tail) {
        std::memmove(fp, args, slotCount(callee->type->results) * sizeof(Slot));
        pc = code_base;  // any position: Return does not read pc
        goto L_Return_dispatch;
      }
      pc = resume;
      NEXT();
    }
    {
      const CompiledFunction* cf = callee->code;
      if (tail) {
        // The callee replaces the current frame: arguments move down to slot 0.
        if (fp + cf->frameSlots() > stack_end) TRAP(TrapKind::CallStackExhausted);
        std::memmove(fp, args, cf->num_params * sizeof(Slot));
      } else {
        if (args + cf->frameSlots() > stack_end || frame_ptr + 1 >= frames_end) TRAP(TrapKind::CallStackExhausted);
        frame_ptr->return_pc = resume;
        frame_ptr->fp = fp;
        frame_ptr->fn = fn;
        frame_ptr->instance = inst;
        ++frame_ptr;
        fp = args;
      }
      zeroLocals(fp + cf->num_params, cf->num_locals - cf->num_params);
      fn = cf;
      code_base = cf->entry();
      pc = code_base;
      if (callee->instance != inst) {
        inst = callee->instance;
        RELOAD_MEMORY();
      }
      NEXT();
    }
  }

L_Return_dispatch:
  // Return from the current frame after a tail call to a host function.
  if (frame_ptr == entry_frame) goto finished;
  --frame_ptr;
  pc = frame_ptr->return_pc;
  fp = frame_ptr->fp;
  fn = frame_ptr->fn;
  code_base = fn->entry();
  inst = frame_ptr->instance;
  RELOAD_MEMORY();
  NEXT();

#if !PETREL_COMPUTED_GOTO
  default:
    TRAP(TrapKind::Unsupported);
  }
#endif

finished:
  std::memcpy(io, fp, fn->num_results * sizeof(Slot));
  st.top = saved_top;
  st.frame_top = entry_frame;
  --st.activations;
  return Status::success();

trap_exit : {
  st.top = saved_top;
  st.frame_top = entry_frame;
  --st.activations;
  uint64_t offset = fn->wasmOffsetAt(static_cast<uint32_t>(pc - code_base));
  if (trap == TrapKind::HostError) {
    if (host_error.kind == ErrorKind::Trap) {
      // The innermost wasm location names where it happened; outer
      // activations only extend the trace.
      if (host_error.frames.empty()) {
        host_error.reason = host_error.message;
        host_error.message += describeLocation(fn, inst, offset);
      }
      appendBacktrace(host_error, fn, inst, pc, frame_ptr, entry_frame);
    }
    return host_error;
  }
  ErrorKind kind = trap == TrapKind::CallStackExhausted || trap == TrapKind::OutOfFuel ? ErrorKind::Exhaustion
                                                                                        : ErrorKind::Trap;
  std::string reason = std::string(trapMessage(trap)) + trap_detail;
  Error error = Error::make(kind, reason + describeLocation(fn, inst, offset), offset);
  error.reason = std::move(reason);
  appendBacktrace(error, fn, inst, pc, frame_ptr, entry_frame);
  return error;
}
#undef CASE
#undef NEXT
#undef TRAP
#if PETREL_COMPUTED_GOTO
#undef DISPATCH
#endif
#undef PUT_RESULT
#undef BRANCH_IF
#if PETREL_SHARED_TAILS
#undef PUT_RESULT32
#undef PUT_RESULT64
#undef PUT_RESULT_u32
#undef PUT_RESULT_i32
#undef PUT_RESULT_f32
#undef PUT_RESULT_u64
#undef PUT_RESULT_i64
#undef PUT_RESULT_f64
#endif
#undef RELOAD_MEMORY
}

// Words taken by each internal instruction's operands, two instructions to a
// byte (none takes more than 15).
constexpr size_t kIOpCount = static_cast<size_t>(IOp::Count);
struct OperandWordTable {
  uint8_t nibbles[(kIOpCount + 1) / 2] = {};
};
constexpr OperandWordTable makeOperandWordTable() {
  OperandWordTable t;
  size_t i = 0;
#define PETREL_INTERNAL_OP(name, words)                              \
  static_assert(words < 16, #name " has too many operands for a nibble"); \
  t.nibbles[i / 2] |= static_cast<uint8_t>(words << (i % 2 * 4));   \
  ++i;
#include "exec/internal_op_list.inc"
#undef PETREL_INTERNAL_OP
  return t;
}
constexpr OperandWordTable kOperandWords = makeOperandWordTable();
uint32_t operandWords(IOp op) {
  size_t i = static_cast<size_t>(op);
  return i < kIOpCount ? (kOperandWords.nibbles[i / 2] >> (i % 2 * 4)) & 15u : 0;
}

#if PETREL_COMPUTED_GOTO
const void* const* dispatchTable() {
  static const void* const* table = [] {
    const void* const* t = nullptr;
    (void)interpret(nullptr, nullptr, nullptr, &t);
    return t;
  }();
  return table;
}
#endif

}  // namespace

Status invokeFunction(Store& store, FunctionInstance* func, Slot* io) { return interpret(&store, func, io, nullptr); }

const CodeWord* translateStubCode() {
  // One instruction, shared by every untranslated function of every module:
  // the handler finds the function to translate in the frame (`fn`), not in
  // the code. Threaded like any code, once.
  static const CodeWord stub = [] {
#if PETREL_COMPUTED_GOTO
    const void* const* table = dispatchTable();
    const char* base = static_cast<const char*>(table[0]);
    return static_cast<CodeWord>(static_cast<int32_t>(
        static_cast<const char*>(table[static_cast<uint32_t>(IOp::TranslateOnCall)]) - base));
#else
    return static_cast<CodeWord>(IOp::TranslateOnCall);
#endif
  }();
  return &stub;
}

void threadCode(CompiledFunction& fn) {
#if PETREL_COMPUTED_GOTO
  const void* const* table = dispatchTable();
  const char* base = static_cast<const char*>(table[0]);
  std::vector<CodeWord>& code = fn.code;
  for (size_t pos = 0; pos < code.size();) {
    IOp op = static_cast<IOp>(code[pos]);
    uint32_t words = operandWords(op);
    if (op == IOp::BrTable) words += code[pos + 2] + 1;  // the targets
    code[pos] = static_cast<CodeWord>(static_cast<int32_t>(static_cast<const char*>(table[code[pos]]) - base));
    pos += 1 + words;
  }
#else
  (void)fn;
#endif
}

uint32_t instructionWords(IOp op, const CodeWord* at) {
  uint32_t words = 1 + operandWords(op);
  if (op == IOp::BrTable) words += at[2] + 1;
  return words;
}

IOp opcodeAt(const CodeWord* at) {
#if PETREL_COMPUTED_GOTO
  // Threaded code holds handler offsets: find the handler with that offset.
  const void* const* table = dispatchTable();
  const char* base = static_cast<const char*>(table[0]);
  for (uint32_t op = 0; op < static_cast<uint32_t>(IOp::Count); ++op)
    if (static_cast<const char*>(table[op]) - base == static_cast<int32_t>(*at)) return static_cast<IOp>(op);
  return IOp::Count;
#else
  return static_cast<IOp>(*at);
#endif
}

}  // namespace petrel::internal
