#include "text/type_parser.h"

#include "text/parse_util.h"

namespace petrel::internal::text {

namespace {

struct AbsName {
  std::string_view heap;       // heap type keyword: "func"
  std::string_view shorthand;  // reference type shorthand: "funcref"
  AbsHeap abs;
};
// Abstract heap types and their `(ref null ht)` shorthands (spec 6.4.2-6.4.3).
constexpr AbsName kAbstract[] = {
    {"func", "funcref", AbsHeap::Func},        {"extern", "externref", AbsHeap::Extern},
    {"any", "anyref", AbsHeap::Any},           {"eq", "eqref", AbsHeap::Eq},
    {"i31", "i31ref", AbsHeap::I31},           {"struct", "structref", AbsHeap::Struct},
    {"array", "arrayref", AbsHeap::Array},     {"none", "nullref", AbsHeap::None},
    {"nofunc", "nullfuncref", AbsHeap::NoFunc}, {"noextern", "nullexternref", AbsHeap::NoExtern},
    {"exn", "exnref", AbsHeap::Exn},           {"noexn", "nullexnref", AbsHeap::NoExn},
};

bool shorthandRefType(std::string_view kw, ValType& out) {
  for (const AbsName& a : kAbstract) {
    if (a.shorthand == kw) {
      out = ValType::ref(HeapType::abstract(a.abs), true);
      return true;
    }
  }
  return false;
}

bool numType(std::string_view kw, ValType& out) {
  if (kw == "i32") out = ValType::i32();
  else if (kw == "i64") out = ValType::i64();
  else if (kw == "f32") out = ValType::f32();
  else if (kw == "f64") out = ValType::f64();
  else if (kw == "v128") out = ValType::v128();
  else return false;
  return true;
}

// `(param $x t)` or `(param t*)`; names are recorded as "" when absent.
bool parseParamClause(TokenCursor& cur, ModuleContext& ctx, std::vector<ValType>& types,
                      std::vector<std::string>* names, bool allow_names) {
  cur.next();  // (
  cur.next();  // param
  if (cur.is(TokenKind::Id)) {
    if (!allow_names) return cur.unexpected();
    std::string name = cur.next().value;
    ValType t;
    if (!parseValType(cur, ctx, t)) return false;
    types.push_back(t);
    if (names) names->push_back(std::move(name));
  } else {
    while (!cur.is(TokenKind::RParen)) {
      ValType t;
      if (!parseValType(cur, ctx, t)) return false;
      types.push_back(t);
      if (names) names->emplace_back();
    }
  }
  return cur.expect(TokenKind::RParen);
}

bool parseResultClause(TokenCursor& cur, ModuleContext& ctx, std::vector<ValType>& types) {
  cur.next();  // (
  cur.next();  // result
  while (!cur.is(TokenKind::RParen)) {
    ValType t;
    if (!parseValType(cur, ctx, t)) return false;
    types.push_back(t);
  }
  return cur.expect(TokenKind::RParen);
}

// storagetype: a value type or a packed i8/i16, optionally `(mut ...)`.
bool parseFieldType(TokenCursor& cur, ModuleContext& ctx, FieldType& out) {
  bool mut = cur.atField("mut");
  if (mut) {
    cur.next();
    cur.next();
  }
  out.mut = mut;
  if (cur.isKeyword("i8") || cur.isKeyword("i16")) {
    out.packed = cur.isKeyword("i8") ? FieldType::Packed::I8 : FieldType::Packed::I16;
    out.type = ValType::i32();
    cur.next();
  } else if (!parseValType(cur, ctx, out.type)) {
    return false;
  }
  return !mut || cur.expect(TokenKind::RParen);
}

// comptype (spec 6.4.7): (func ...), (struct (field ...)*), (array fieldtype).
bool parseCompType(TokenCursor& cur, ModuleContext& ctx, TypeDef& def) {
  if (!cur.expect(TokenKind::LParen)) return false;
  if (cur.isKeyword("func")) {
    cur.next();
    def.form = TypeDef::Form::Func;
    while (cur.atField("param")) {
      std::vector<std::string> names;  // bind nothing: names in type definitions are documentation
      if (!parseParamClause(cur, ctx, def.params, &names, true)) return false;
    }
    while (cur.atField("result"))
      if (!parseResultClause(cur, ctx, def.results)) return false;
  } else if (cur.isKeyword("struct")) {
    cur.next();
    def.form = TypeDef::Form::Struct;
    while (cur.atField("field")) {
      cur.next();
      cur.next();
      if (cur.is(TokenKind::Id)) {
        const Token& id = cur.next();
        auto index = static_cast<uint32_t>(def.fields.size());
        if (!def.field_names.emplace(id.value, index).second)
          return cur.fail(id, "duplicate field $" + id.value);
        FieldType f;
        if (!parseFieldType(cur, ctx, f)) return false;
        def.fields.push_back(f);
      } else {
        while (!cur.is(TokenKind::RParen)) {
          FieldType f;
          if (!parseFieldType(cur, ctx, f)) return false;
          def.fields.push_back(f);
        }
      }
      if (!cur.expect(TokenKind::RParen)) return false;
    }
  } else if (cur.isKeyword("array")) {
    cur.next();
    def.form = TypeDef::Form::Array;
    FieldType f;
    if (!parseFieldType(cur, ctx, f)) return false;
    def.fields.push_back(f);
  } else {
    return cur.unexpected();
  }
  return cur.expect(TokenKind::RParen);
}

// `(type $id? subtype)` where subtype is a comptype or
// `(sub final? typeidx* comptype)`.
bool parseTypeDef(TokenCursor& cur, ModuleContext& ctx, TypeDef& def) {
  if (!cur.expectLParenKeyword("type")) return false;
  if (cur.is(TokenKind::Id)) cur.next();  // bound by the module scan
  if (cur.atField("sub")) {
    cur.next();
    cur.next();
    def.final = false;
    if (cur.isKeyword("final")) {
      cur.next();
      def.final = true;
    }
    while (cur.atIndex()) {
      uint32_t super = 0;
      if (!parseIndex(cur, ctx, Space::Type, super)) return false;
      def.supers.push_back(super);
    }
    if (!parseCompType(cur, ctx, def)) return false;
    if (!cur.expect(TokenKind::RParen)) return false;
  } else if (!parseCompType(cur, ctx, def)) {
    return false;
  }
  return cur.expect(TokenKind::RParen);
}

void writeFieldType(ByteWriter& w, const FieldType& f) {
  if (f.packed == FieldType::Packed::I8) w.u8(0x78);
  else if (f.packed == FieldType::Packed::I16) w.u8(0x77);
  else writeValType(w, f.type);
  w.u8(f.mut ? 1 : 0);
}

void writeSubType(ByteWriter& w, const TypeDef& t) {
  if (!t.final || !t.supers.empty()) {
    w.u8(t.final ? typecode::SubFinal : typecode::Sub);
    w.u32(static_cast<uint32_t>(t.supers.size()));
    for (uint32_t s : t.supers) w.u32(s);
  }
  switch (t.form) {
    case TypeDef::Form::Func:
      w.u8(typecode::Func);
      w.u32(static_cast<uint32_t>(t.params.size()));
      for (const ValType& v : t.params) writeValType(w, v);
      w.u32(static_cast<uint32_t>(t.results.size()));
      for (const ValType& v : t.results) writeValType(w, v);
      break;
    case TypeDef::Form::Struct:
      w.u8(typecode::Struct);
      w.u32(static_cast<uint32_t>(t.fields.size()));
      for (const FieldType& f : t.fields) writeFieldType(w, f);
      break;
    case TypeDef::Form::Array:
      w.u8(typecode::Array);
      writeFieldType(w, t.fields.empty() ? FieldType{} : t.fields[0]);
      break;
  }
}

}  // namespace

bool atValType(const TokenCursor& cur) {
  if (cur.is(TokenKind::LParen)) return cur.isKeyword("ref", 1);
  if (!cur.is(TokenKind::Keyword)) return false;
  ValType t;
  return numType(cur.peek().text, t) || shorthandRefType(cur.peek().text, t);
}

bool parseHeapType(TokenCursor& cur, ModuleContext& ctx, HeapType& out) {
  if (cur.is(TokenKind::Keyword)) {
    for (const AbsName& a : kAbstract) {
      if (a.heap == cur.peek().text) {
        out = HeapType::abstract(a.abs);
        cur.next();
        return true;
      }
    }
    return cur.unexpected();
  }
  uint32_t index = 0;
  if (!cur.atIndex()) return cur.unexpected();
  if (!parseIndex(cur, ctx, Space::Type, index)) return false;
  out = HeapType::index(index);
  return true;
}

bool parseRefType(TokenCursor& cur, ModuleContext& ctx, ValType& out) {
  if (cur.is(TokenKind::Keyword) && shorthandRefType(cur.peek().text, out)) {
    cur.next();
    return true;
  }
  if (!cur.atField("ref")) return cur.unexpected();
  cur.next();
  cur.next();
  bool nullable = false;
  if (cur.isKeyword("null")) {
    cur.next();
    nullable = true;
  }
  HeapType h;
  if (!parseHeapType(cur, ctx, h)) return false;
  out = ValType::ref(h, nullable);
  return cur.expect(TokenKind::RParen);
}

bool parseValType(TokenCursor& cur, ModuleContext& ctx, ValType& out) {
  if (cur.is(TokenKind::Keyword) && numType(cur.peek().text, out)) {
    cur.next();
    return true;
  }
  return parseRefType(cur, ctx, out);
}

void writeHeapType(ByteWriter& w, HeapType h) {
  if (h.isAbstract()) w.u8(static_cast<uint8_t>(h.abs()));
  else w.s64(h.typeIndex());  // s33, always non-negative here
}

void writeValType(ByteWriter& w, const ValType& t) {
  switch (t.kind) {
    case ValKind::I32: w.u8(typecode::I32); return;
    case ValKind::I64: w.u8(typecode::I64); return;
    case ValKind::F32: w.u8(typecode::F32); return;
    case ValKind::F64: w.u8(typecode::F64); return;
    case ValKind::V128: w.u8(typecode::V128); return;
    case ValKind::Ref:
    case ValKind::Bot:
      break;
  }
  if (t.nullable && t.heap.isAbstract()) {
    w.u8(static_cast<uint8_t>(t.heap.abs()));  // shorthand, e.g. funcref = 0x70
    return;
  }
  w.u8(t.nullable ? typecode::RefNull : typecode::Ref);
  writeHeapType(w, t.heap);
}

bool parseTypeUse(TokenCursor& cur, ModuleContext& ctx, TypeUse& use, bool allow_param_names) {
  use.start_token = cur.pos();
  if (cur.atField("type")) {
    cur.next();
    cur.next();
    if (!parseIndex(cur, ctx, Space::Type, use.index)) return false;
    if (!cur.expect(TokenKind::RParen)) return false;
    use.has_index = true;
  }
  while (cur.atField("param"))
    if (!parseParamClause(cur, ctx, use.params, &use.param_names, allow_param_names)) return false;
  while (cur.atField("result"))
    if (!parseResultClause(cur, ctx, use.results)) return false;
  // Clauses out of order can never be valid after a type use; report them
  // before the type use is resolved.
  if (cur.atField("param") || cur.atField("type")) return cur.fail(cur.peek(1), "unexpected token");
  return true;
}

bool resolveTypeUse(TokenCursor& cur, ModuleContext& ctx, const TypeUse& use, uint32_t& index) {
  if (!use.has_index) {
    index = ctx.internFuncType(use.params, use.results);
    return true;
  }
  index = use.index;
  // An explicit type with an inline signature: they must agree. An empty
  // inline signature is no signature at all.
  if (use.params.empty() && use.results.empty()) return true;
  if (index >= ctx.types.size()) {
    size_t saved = cur.pos();
    cur.seek(use.start_token);
    cur.fail(cur.peek(), "unknown type");
    cur.seek(saved);
    return false;
  }
  if (ctx.types[index].form != TypeDef::Form::Func ||
      ctx.types[index].params != use.params || ctx.types[index].results != use.results) {
    size_t saved = cur.pos();
    cur.seek(use.start_token);
    cur.fail(cur.peek(), "inline function type");
    cur.seek(saved);
    return false;
  }
  return true;
}

uint32_t funcTypeParamCount(const ModuleContext& ctx, uint32_t index) {
  if (index >= ctx.types.size() || ctx.types[index].form != TypeDef::Form::Func) return 0;
  return static_cast<uint32_t>(ctx.types[index].params.size());
}

bool parseTypeField(TokenCursor& cur, ModuleContext& ctx, uint32_t first) {
  if (cur.atField("rec")) {
    cur.next();
    cur.next();
    uint32_t index = first;
    while (cur.atField("type"))
      if (!parseTypeDef(cur, ctx, ctx.types[index++])) return false;
    return cur.expect(TokenKind::RParen);
  }
  return parseTypeDef(cur, ctx, ctx.types[first]);
}

void writeTypeSection(ByteWriter& out, const ModuleContext& ctx) {
  if (ctx.groups.empty()) return;
  ByteWriter content;
  content.u32(static_cast<uint32_t>(ctx.groups.size()));
  for (const RecGroup& g : ctx.groups) {
    if (g.explicit_rec) {
      content.u8(typecode::Rec);
      content.u32(g.count);
    }
    for (uint32_t i = 0; i < g.count; ++i) writeSubType(content, ctx.types[g.first + i]);
  }
  writeSection(out, 1, content);
}

}  // namespace petrel::internal::text
