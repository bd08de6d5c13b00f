#include "text/script_values.h"

#include "text/module_context.h"
#include "text/number_literal.h"
#include "text/parse_util.h"
#include "text/type_parser.h"

namespace petrel::internal::text {

namespace {

using wast::ScriptValue;

bool parseInt(TokenCursor& cur, unsigned bits, uint64_t& out) {
  const Token& t = cur.peek();
  if (t.kind != TokenKind::Nat && t.kind != TokenKind::Int) return cur.unexpected();
  LiteralStatus st = parseIntN(t.text, bits, out);
  if (st == LiteralStatus::OutOfRange) return cur.fail(t, "constant out of range");
  if (st != LiteralStatus::Ok) return cur.unexpected();
  cur.next();
  return true;
}


// 0 for a number, 1 for nan:canonical, 2 for nan:arithmetic.
int nanPattern(const TokenCursor& cur) {
  if (cur.isKeyword("nan:canonical")) return 1;
  if (cur.isKeyword("nan:arithmetic")) return 2;
  return 0;
}

bool parseV128(TokenCursor& cur, ScriptValue& out, bool result) {
  out.kind = ScriptValue::Kind::V128;
  unsigned lanes = 0, bits = 0;
  bool is_float = false;
  if (!parseV128Shape(cur, lanes, bits, is_float)) return false;
  if (is_float) out.lane_shape = static_cast<uint8_t>(bits / 8);
  for (unsigned i = 0; i < lanes; ++i) {
    uint64_t v = 0;
    int nan = is_float && result ? nanPattern(cur) : 0;
    if (nan) {
      out.lane_nan[i] = static_cast<uint8_t>(nan);
      cur.next();
    } else if (is_float ? !parseFloatLiteral(cur, bits == 64, v) : !parseInt(cur, bits, v)) {
      return false;
    }
    for (unsigned b = 0; b < bits / 8; ++b) out.v128[i * (bits / 8) + b] = static_cast<uint8_t>(v >> (8 * b));
  }
  return true;
}

bool abstractOf(std::string_view kw, AbsHeap& out) {
  if (kw == "ref.struct") out = AbsHeap::Struct;
  else if (kw == "ref.array") out = AbsHeap::Array;
  else if (kw == "ref.eq") out = AbsHeap::Eq;
  else if (kw == "ref.i31") out = AbsHeap::I31;
  else if (kw == "ref.any") out = AbsHeap::Any;
  else if (kw == "ref.exn") out = AbsHeap::Exn;
  else return false;
  return true;
}

}  // namespace

bool parseScriptValue(TokenCursor& cur, ScriptValue& out, bool result) {
  if (!cur.expect(TokenKind::LParen)) return false;
  const Token& kw = cur.peek();
  if (kw.kind != TokenKind::Keyword) return cur.unexpected();
  std::string_view k = kw.text;
  cur.next();
  AbsHeap abs;
  if (k == "i32.const" || k == "i64.const") {
    out.kind = k == "i32.const" ? ScriptValue::Kind::I32 : ScriptValue::Kind::I64;
    if (!parseInt(cur, k == "i32.const" ? 32 : 64, out.bits)) return false;
  } else if (k == "f32.const" || k == "f64.const") {
    bool f64 = k == "f64.const";
    out.kind = f64 ? ScriptValue::Kind::F64 : ScriptValue::Kind::F32;
    int nan = result ? nanPattern(cur) : 0;
    if (nan) {
      out.kind = nan == 1 ? ScriptValue::Kind::NanCanonical : ScriptValue::Kind::NanArithmetic;
      out.nan_type = f64 ? ValKind::F64 : ValKind::F32;
      cur.next();
    } else if (!parseFloatLiteral(cur, f64, out.bits)) {
      return false;
    }
  } else if (k == "v128.const") {
    if (!parseV128(cur, out, result)) return false;
  } else if (k == "ref.null") {
    if (cur.is(TokenKind::RParen)) {
      if (!result) return cur.unexpected();
      out.kind = ScriptValue::Kind::RefNullAny;
    } else {
      out.kind = ScriptValue::Kind::RefNull;
      ModuleContext no_types;
      if (!parseHeapType(cur, no_types, out.heap)) return false;
    }
  } else if (k == "ref.extern" || k == "ref.host") {
    bool host = k == "ref.host";
    if (cur.is(TokenKind::Nat)) {
      out.kind = host ? ScriptValue::Kind::RefHost : ScriptValue::Kind::RefExtern;
      if (!parseInt(cur, 32, out.bits)) return false;
    } else if (result && !host) {
      out.kind = ScriptValue::Kind::RefExternAny;
    } else {
      return cur.unexpected();
    }
  } else if (k == "ref.func" && result) {
    out.kind = ScriptValue::Kind::RefFunc;
    if (cur.is(TokenKind::Nat)) {
      out.has_index = true;
      if (!parseInt(cur, 32, out.bits)) return false;
    }
  } else if (result && abstractOf(k, abs)) {
    out.kind = ScriptValue::Kind::RefAbstract;
    out.heap = HeapType::abstract(abs);
  } else if (k == "either" && result) {
    out.kind = ScriptValue::Kind::Either;
    while (cur.is(TokenKind::LParen)) {
      ScriptValue alt;
      if (!parseScriptValue(cur, alt, true)) return false;
      out.alternatives.push_back(std::move(alt));
    }
  } else {
    return cur.fail(kw, "unexpected token");
  }
  return cur.expect(TokenKind::RParen);
}

}  // namespace petrel::internal::text
