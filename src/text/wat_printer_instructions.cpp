// Text printer: instructions, flat (spec 6.5), one per line, with the
// mnemonics of the one opcode table (ir/opcodes.def).
#include <cstdio>

#include "text/wat_printer_impl.h"

namespace petrel::internal::text {

namespace {

bool opensBlock(Opcode op) {
  return op == Opcode::Block || op == Opcode::Loop || op == Opcode::If || op == Opcode::TryTable;
}

std::string laneHex(const uint8_t* bytes) {
  // v128 lanes as i32x4 hex words: exact and short.
  std::string s = " i32x4";
  for (int lane = 0; lane < 4; ++lane) {
    uint32_t v = 0;
    for (int b = 3; b >= 0; --b) v = (v << 8) | bytes[lane * 4 + b];
    char buf[16];
    std::snprintf(buf, sizeof buf, " 0x%08x", static_cast<unsigned>(v));
    s += buf;
  }
  return s;
}

}  // namespace

// memarg (spec 6.5.6): memory index unless 0, offset unless 0, alignment
// unless natural.
std::string WatPrinter::memArg(const Instruction& in) const {
  std::string s;
  if (in.memarg.memory != 0) s += " " + ref(NameSpace::Memory, in.memarg.memory);
  if (in.memarg.offset != 0) s += " offset=" + std::to_string(in.memarg.offset);
  if (in.memarg.align_log2 != naturalAlignmentLog2(in.op))
    s += " align=" + std::to_string(uint64_t{1} << in.memarg.align_log2);
  return s;
}

std::string WatPrinter::instruction(const Instruction& in, const uint32_t* func) const {
  const OpcodeInfo& info = opcodeInfo(in.op);
  std::string s = info.name();
  // An index that the text format lets one leave out when it is 0 (tables
  // and memories of the Wasm 1.0 instructions); named ones are printed.
  auto optional = [&](NameSpace space, uint32_t index) {
    const auto& names = names_[static_cast<size_t>(space)];
    bool named = index < names.size() && !names[index].empty();
    return index == 0 && !named ? std::string() : " " + ref(space, index);
  };
  switch (info.imm) {
    case ImmKind::None:
      break;
    case ImmKind::BlockType:
      s += blockType(in.block);
      break;
    case ImmKind::Label:
      s += " " + std::to_string(in.index);
      break;
    case ImmKind::BrTable:
      for (uint32_t target : *in.targets) s += " " + std::to_string(target);
      break;
    case ImmKind::Func:
      s += " " + ref(NameSpace::Func, in.index);
      break;
    case ImmKind::CallIndirect:
      s += optional(NameSpace::Table, in.index2) + " " + typeUse(in.index);
      break;
    case ImmKind::Type:
      s += " " + ref(NameSpace::Type, in.index);
      break;
    case ImmKind::Local:
      s += " " + (func ? localRef(*func, in.index) : std::to_string(in.index));
      break;
    case ImmKind::Global:
      s += " " + ref(NameSpace::Global, in.index);
      break;
    case ImmKind::Table:
      s += optional(NameSpace::Table, in.index);
      break;
    case ImmKind::MemArg:
      s += memArg(in);
      break;
    case ImmKind::Mem:
      s += optional(NameSpace::Memory, in.index);
      break;
    case ImmKind::I32:
      s += " " + std::to_string(static_cast<int32_t>(static_cast<uint32_t>(in.bits)));
      break;
    case ImmKind::I64:
      s += " " + std::to_string(static_cast<int64_t>(in.bits));
      break;
    case ImmKind::F32:
      s += " " + f32Text(static_cast<uint32_t>(in.bits));
      break;
    case ImmKind::F64:
      s += " " + f64Text(in.bits);
      break;
    case ImmKind::HeapType:
      // ref.test/ref.cast print a reference type whose nullability picks
      // the opcode; ref.null takes the bare heap type.
      if (in.op == Opcode::RefNull) s += " " + heapType(in.heap);
      else s += " " + refType(in.heap, in.op == Opcode::RefTestNull || in.op == Opcode::RefCastNull);
      break;
    case ImmKind::SelectT:
      s += " (result";
      for (const ValType& t : *in.select_types) s += " " + valType(t);
      s += ")";
      break;
    case ImmKind::MemInit:
      s += " " + ref(NameSpace::Memory, in.index2) + " " + ref(NameSpace::Data, in.index);
      break;
    case ImmKind::Data:
      s += " " + ref(NameSpace::Data, in.index);
      break;
    case ImmKind::MemCopy:
      s += " " + ref(NameSpace::Memory, in.index) + " " + ref(NameSpace::Memory, in.index2);
      break;
    case ImmKind::TableInit:
      s += " " + ref(NameSpace::Table, in.index2) + " " + ref(NameSpace::Elem, in.index);
      break;
    case ImmKind::Elem:
      s += " " + ref(NameSpace::Elem, in.index);
      break;
    case ImmKind::TableCopy:
      s += " " + ref(NameSpace::Table, in.index) + " " + ref(NameSpace::Table, in.index2);
      break;
    case ImmKind::Tag:
      s += " " + ref(NameSpace::Tag, in.index);
      break;
    case ImmKind::TryTable: {
      s += blockType(in.block);
      static const char* const kCatch[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
      for (const CatchClause& c : *in.catches) {
        s += std::string(" (") + kCatch[c.kind & 3];
        if (c.kind < 2) s += " " + ref(NameSpace::Tag, c.tag);
        s += " " + std::to_string(c.label) + ")";
      }
      break;
    }
    case ImmKind::TypeField:
      s += " " + ref(NameSpace::Type, in.index) + " " + fieldRef(in.index, in.index2);
      break;
    case ImmKind::TypeCount:
      s += " " + ref(NameSpace::Type, in.index) + " " + std::to_string(in.index2);
      break;
    case ImmKind::TypeData:
      s += " " + ref(NameSpace::Type, in.index) + " " + ref(NameSpace::Data, in.index2);
      break;
    case ImmKind::TypeElem:
      s += " " + ref(NameSpace::Type, in.index) + " " + ref(NameSpace::Elem, in.index2);
      break;
    case ImmKind::TypeType:
      s += " " + ref(NameSpace::Type, in.index) + " " + ref(NameSpace::Type, in.index2);
      break;
    case ImmKind::BrOnCast:
      s += " " + std::to_string(in.index) + " " + refType(in.heap, in.cast_flags & 1) + " " +
           refType(in.heap2, (in.cast_flags & 2) != 0);
      break;
    case ImmKind::V128Const:
      s += laneHex(in.v128);
      break;
    case ImmKind::Shuffle:
      for (uint8_t lane : in.v128) s += " " + std::to_string(lane);
      break;
    case ImmKind::Lane:
      s += " " + std::to_string(in.lane);
      break;
    case ImmKind::MemArgLane:
      s += memArg(in) + " " + std::to_string(in.lane);
      break;
  }
  return s;
}

bool WatPrinter::printBody(uint32_t func_index, const FunctionBody& body) {
  ByteReader r(m_.bytes.data() + body.code_offset, static_cast<size_t>(body.code_end - body.code_offset),
               body.code_offset);
  InstructionReader reader(r, nullptr);
  Instruction in;
  int depth = 0;
  for (;;) {
    if (!reader.read(in)) return failed(r.takeError());
    if (in.op == Opcode::End) {
      if (depth == 0) break;  // the function's own `end` is the closing `)`
      --depth;
      line(2 + depth, "end");
      continue;
    }
    if (in.op == Opcode::Else) {
      line(1 + depth, "else");
      continue;
    }
    line(2 + depth, instruction(in, &func_index));
    if (opensBlock(in.op)) ++depth;
  }
  if (!r.atEnd()) return failed(Error::malformed("instructions after the function's end", r.offset()));
  return true;
}

bool WatPrinter::constExpr(const ConstExpr& e, std::string& out) {
  ByteReader r(e.code.data(), e.code.size(), e.offset);
  InstructionReader reader(r, nullptr);
  Instruction in;
  int depth = 0;
  out.clear();
  for (;;) {
    if (!reader.read(in)) return failed(r.takeError());
    if (in.op == Opcode::End && depth-- == 0) break;
    if (!out.empty()) out += ' ';
    out += instruction(in, nullptr);
    if (opensBlock(in.op)) ++depth;
  }
  return true;
}

}  // namespace petrel::internal::text
