#include "validate/body_validator.h"

#include "binary/instruction_reader.h"
#include "validate/function_validator.h"

#ifndef PETREL_NO_THREADS
#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "platform/parallel.h"
#endif

namespace petrel::internal {

namespace {
// opcodes.def lists the 0xfb (GC) and then the 0xfd (SIMD) rows last, so one
// compare finds them.
constexpr uint8_t kPrefixes[] = {
#define PETREL_OP(name, prefix, code, text, imm, sig) prefix,
#include "ir/opcodes.def"
#undef PETREL_OP
};
constexpr Opcode kFirstGcOrSimd = Opcode::StructNew;
constexpr bool prefixedRowsLast() {
  for (size_t i = 0; i < static_cast<size_t>(Opcode::Count); ++i)
    if ((kPrefixes[i] == 0xfb || kPrefixes[i] == 0xfd) != (i >= static_cast<size_t>(kFirstGcOrSimd))) return false;
  return true;
}
static_assert(prefixedRowsLast());

// One walker serves every body of a module: the validator's stacks, the
// reader and the instruction keep their storage from body to body.
struct BodyWalker {
  explicit BodyWalker(const Module& m) : m(m), r(nullptr, 0), reader(r, nullptr), v(m) {}

  Status validate(uint32_t func_index, BodyFacts* facts) {
    const FunctionBody& body = m.bodies[func_index - m.num_imported_funcs];
    r.reset(m.bytes.data() + body.code_offset, body.code_end - body.code_offset, body.code_offset);
    v.reset(func_index);
    v.begin();
    while (!v.done()) {
      v.fastRun(r);
      if (v.done()) break;
      // The same malformed-body checks, in the same order, as the translator's
      // loop (exec/translator.cpp), so both modes report identical errors.
      if (r.atEnd()) return Error::malformed("unexpected end of section or function", r.offset());
      if (!reader.read(in)) return r.takeError();
      if (!v.step(in)) [[unlikely]] return v.takeError();
      if (in.op >= kFirstGcOrSimd && facts && !facts->hasPrefixed()) [[unlikely]] {
        uint8_t prefix = opcodeInfo(in.op).prefix;
        if (prefix == 0xfb) {
          facts->first_prefixed_offset = in.offset;
          facts->first_prefixed_op = in.op;
        }
      }
    }
    if (!r.atEnd()) return Error::malformed("section size mismatch (operators after the end of the function)", r.offset());
    return Status::success();
  }

  const Module& m;
  ByteReader r;
  InstructionReader reader;
  Instruction in;
  FunctionValidator v;
};
}  // namespace

Status validateFunctionBody(const Module& m, uint32_t func_index, BodyFacts* facts) {
  BodyWalker walker(m);
  return walker.validate(func_index, facts);
}

#ifndef PETREL_NO_THREADS
namespace {

// Below this much code, starting threads costs more than it saves.
constexpr uint64_t kParallelMinBytes = 256 * 1024;
// Many more ranges than cores, so that cores finish together however uneven
// the functions are (parallelFor hands ranges out one at a time).
constexpr uint32_t kMaxRanges = 512;

// One range of functions, validated in order by one walker.
struct BodyRange {
  uint32_t first = 0, end = 0;  // defined-function indices
  Status status;
  BodyFacts facts;
};

// Room the pooled walkers' stacks get up front, on the calling thread (whose
// heap is warm): with it, a helper thread usually allocates nothing at all.
constexpr uint32_t kPoolStack = 1024, kPoolFrames = 64, kPoolLocals = 256;

struct ParallelBodies {
  const Module* m = nullptr;
  std::vector<BodyRange> ranges;
  // One walker per thread, kept from range to range (a walker per range
  // cost its allocations each time). At most walkers.size() ranges are in
  // work at once, so a free one is always found.
  std::vector<std::unique_ptr<BodyWalker>> walkers;
  std::unique_ptr<std::atomic<bool>[]> busy;

  static void run(void* ctx, uint32_t index) {
    auto* self = static_cast<ParallelBodies*>(ctx);
    BodyRange& range = self->ranges[index];
    size_t k = 0;
    while (self->busy[k].exchange(true, std::memory_order_acquire)) k = (k + 1) % self->walkers.size();
    BodyWalker& walker = *self->walkers[k];
    for (uint32_t i = range.first; i < range.end; ++i) {
      range.status = walker.validate(self->m->num_imported_funcs + i, &range.facts);
      if (!range.status.ok()) break;
    }
    self->busy[k].store(false, std::memory_order_release);
  }
};

Status validateInParallel(const Module& m, BodyFacts* facts, uint64_t code_bytes) {
  // Ranges of about equal code size, in function order.
  ParallelBodies work;
  work.m = &m;
  uint32_t count = std::min<uint32_t>(static_cast<uint32_t>(m.bodies.size()), kMaxRanges);
  uint64_t per_range = code_bytes / count + 1, filled = 0;
  BodyRange current;
  for (uint32_t i = 0; i < m.bodies.size(); ++i) {
    filled += m.bodies[i].code_end - m.bodies[i].code_offset;
    if (filled >= per_range * (work.ranges.size() + 1) || i + 1 == m.bodies.size()) {
      current.end = i + 1;
      work.ranges.push_back(std::move(current));
      current = BodyRange{};
      current.first = i + 1;
    }
  }
  uint32_t cores = std::max(1u, std::thread::hardware_concurrency());
  uint32_t threads = std::min(cores, static_cast<uint32_t>(work.ranges.size()));
  work.walkers.reserve(threads);
  for (uint32_t t = 0; t < threads; ++t) {
    work.walkers.push_back(std::make_unique<BodyWalker>(m));
    work.walkers.back()->v.reserve(kPoolStack, kPoolFrames, kPoolLocals);
  }
  work.busy = std::make_unique<std::atomic<bool>[]>(threads);
  for (uint32_t t = 0; t < threads; ++t) work.busy[t].store(false, std::memory_order_relaxed);
  platform::parallelFor(static_cast<uint32_t>(work.ranges.size()), &ParallelBodies::run, &work, threads);
  // What the sequential walk would have said: the first range's error, and
  // (without one) the first range's prefixed instruction.
  for (BodyRange& range : work.ranges)
    if (!range.status.ok()) return range.status.takeError();
  if (facts)
    for (const BodyRange& range : work.ranges)
      if (range.facts.hasPrefixed()) {
        if (!facts->hasPrefixed()) *facts = range.facts;
        break;
      }
  return Status::success();
}

}  // namespace
#endif  // !PETREL_NO_THREADS

Status validateFunctionBodies(const Module& m, BodyFacts* facts, bool parallel) {
#ifndef PETREL_NO_THREADS
  uint64_t code_bytes = 0;
  for (const FunctionBody& b : m.bodies) code_bytes += b.code_end - b.code_offset;
  if (parallel && code_bytes >= kParallelMinBytes && m.bodies.size() >= 2)
    return validateInParallel(m, facts, code_bytes);
#else
  (void)parallel;  // one thread: the walk below is all there is
#endif
  BodyWalker walker(m);
  for (uint32_t i = 0; i < m.bodies.size(); ++i) PETREL_TRY(walker.validate(m.num_imported_funcs + i, facts));
  return Status::success();
}

}  // namespace petrel::internal
