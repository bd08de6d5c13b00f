// Instructions in the text format (spec 6.5): plain and folded forms,
// structured control with labels, and every immediate kind of the opcode
// table, encoded straight to the binary format (spec 5.4).
#pragma once

#include "ir/opcodes.h"
#include "text/binary_writer.h"
#include "text/module_context.h"
#include "text/token_cursor.h"

namespace petrel::internal::text {

class InstructionParser {
 public:
  // `func` is null for constant expressions (no locals, no labels).
  InstructionParser(TokenCursor& cur, ModuleContext& ctx, FuncContext* func)
      : cur_(cur), ctx_(ctx), func_(func ? func : &const_expr_context_) {}

  // Parses instructions up to a closing `)` (not consumed) and appends
  // their encoding to `out`, without the final `end`.
  bool parseSequence(ByteWriter& out);
  // Parses exactly one folded instruction `(...)` (the abbreviated offset and
  // element item forms, spec 6.6.9-6.6.10).
  bool parseOneFolded(ByteWriter& out) { return parseFolded(out); }

 private:
  bool parseInstr(ByteWriter& out);
  bool parsePlain(ByteWriter& out);
  // One folded instruction, counted against kMaxFoldedDepth.
  bool parseFolded(ByteWriter& out);
  bool parseFoldedInstr(ByteWriter& out);
  bool parseFoldedBlock(Opcode op, ByteWriter& out);
  bool parseFoldedIf(ByteWriter& out);
  // Label, block type and (try_table) catch clauses up to the body.
  bool parseBlockHeader(Opcode op, std::string& label, ByteWriter& out);
  bool parseEndLabel(const std::string& label);
  bool parseImmediates(Opcode& op, ByteWriter& imm);

  bool parseBlockType(ByteWriter& out);
  bool parseCatchClauses(ByteWriter& out);
  bool parseLabel(uint32_t& depth);
  bool parseLocal(uint32_t& index);
  bool parseOptionalIndex(Space space, uint32_t& index);
  bool parseMemArg(Opcode op, ByteWriter& imm);
  bool parseLaneIndex(ByteWriter& imm);
  bool parseV128Const(ByteWriter& imm);
  bool parseFieldIndex(uint32_t type_index, uint32_t& field);
  bool parseIntImmediate(unsigned bits, uint64_t& value);
  bool parseFloatImmediate(bool f64, uint64_t& bits);

  // Folded instructions recurse on the host stack, up to about 250 bytes per
  // level (a folded block, Release build): deeper nesting is refused with an
  // error rather than overflowing it; 2.5 MB at the limit leaves room on an
  // 8 MB thread stack for sanitizer builds. Plain blocks nest without limit
  // (see parseSequence).
  static constexpr uint32_t kMaxFoldedDepth = 10000;

  TokenCursor& cur_;
  ModuleContext& ctx_;
  FuncContext* func_;
  FuncContext const_expr_context_;
  uint32_t folded_depth_ = 0;
};

void writeOpcode(ByteWriter& w, Opcode op);

}  // namespace petrel::internal::text
