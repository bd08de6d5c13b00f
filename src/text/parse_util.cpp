#include "text/parse_util.h"

#include "text/number_literal.h"

namespace petrel::internal::text {

bool parseNat(TokenCursor& cur, uint64_t max, uint64_t& out) {
  const Token& t = cur.peek();
  if (t.kind != TokenKind::Nat) return cur.unexpected();
  LiteralStatus st = parseUnsigned(t.text, max, out);
  if (st == LiteralStatus::OutOfRange) return cur.fail(t, "constant out of range");
  if (st != LiteralStatus::Ok) return cur.unexpected();
  cur.next();
  return true;
}

bool parseU32(TokenCursor& cur, uint32_t& out) {
  uint64_t v = 0;
  if (!parseNat(cur, 0xffffffffu, v)) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

bool parseIndex(TokenCursor& cur, const NameMap& names, const char* unknown, uint32_t& out) {
  const Token& t = cur.peek();
  if (t.kind == TokenKind::Id) {
    auto it = names.find(t.value);
    if (it == names.end()) return cur.fail(t, std::string(unknown) + " $" + t.value);
    out = it->second;
    cur.next();
    return true;
  }
  return parseU32(cur, out);
}

bool parseIndex(TokenCursor& cur, ModuleContext& ctx, Space space, uint32_t& out) {
  return parseIndex(cur, ctx.namesOf(space), spaceUnknownName(space), out);
}

bool parseStrings(TokenCursor& cur, std::string& out, bool allow_empty) {
  if (!allow_empty && !cur.is(TokenKind::String)) return cur.unexpected();
  while (cur.is(TokenKind::String)) out += cur.next().value;
  return true;
}

bool parseName(TokenCursor& cur, std::string& out) {
  const Token& t = cur.peek();
  if (t.kind != TokenKind::String) return cur.unexpected();
  if (!isValidUtf8(t.value)) return cur.fail(t, "malformed UTF-8 encoding");
  out = t.value;
  cur.next();
  return true;
}

bool bindOptionalId(TokenCursor& cur, NameMap& names, uint32_t index, const char* duplicate) {
  if (!cur.is(TokenKind::Id)) return true;
  const Token& t = cur.next();
  if (!names.emplace(t.value, index).second) return cur.fail(t, std::string(duplicate) + " $" + t.value);
  return true;
}

bool parseFloatLiteral(TokenCursor& cur, bool f64, uint64_t& bits) {
  const Token& t = cur.peek();
  if (t.kind != TokenKind::Nat && t.kind != TokenKind::Int && t.kind != TokenKind::Float) return cur.unexpected();
  LiteralStatus st;
  if (f64) {
    st = parseF64(t.text, bits);
  } else {
    uint32_t b = 0;
    st = parseF32(t.text, b);
    bits = b;
  }
  if (st == LiteralStatus::OutOfRange) return cur.fail(t, "constant out of range");
  if (st != LiteralStatus::Ok) return cur.unexpected();
  cur.next();
  return true;
}

bool parseV128Shape(TokenCursor& cur, unsigned& lanes, unsigned& bits, bool& is_float) {
  const Token& shape = cur.peek();
  is_float = false;
  if (shape.kind != TokenKind::Keyword) return cur.unexpected();
  if (shape.text == "i8x16") lanes = 16, bits = 8;
  else if (shape.text == "i16x8") lanes = 8, bits = 16;
  else if (shape.text == "i32x4") lanes = 4, bits = 32;
  else if (shape.text == "i64x2") lanes = 2, bits = 64;
  else if (shape.text == "f32x4") lanes = 4, bits = 32, is_float = true;
  else if (shape.text == "f64x2") lanes = 2, bits = 64, is_float = true;
  else return cur.unexpected();
  cur.next();
  return true;
}

}  // namespace petrel::internal::text
