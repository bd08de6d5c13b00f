#include "validate/body_validator.h"

#include "binary/instruction_reader.h"
#include "validate/function_validator.h"

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
        if (prefix == 0xfd || prefix == 0xfb) {
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

Status validateFunctionBodies(const Module& m, BodyFacts* facts) {
  BodyWalker walker(m);
  for (uint32_t i = 0; i < m.bodies.size(); ++i) PETREL_TRY(walker.validate(m.num_imported_funcs + i, facts));
  return Status::success();
}

}  // namespace petrel::internal
