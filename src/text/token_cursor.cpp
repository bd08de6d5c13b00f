#include <cinttypes>
#include "text/token_cursor.h"

#include <cstdio>

#include "ir/opcodes.h"
#include "text/number_literal.h"

namespace petrel::internal::text {

namespace {

// Structural keywords of modules (spec 6.4-6.6) and scripts, plus SIMD lane
// shapes and the NaN patterns of script results.
constexpr std::string_view kKeywords[] = {
    "module", "type", "func", "param", "result", "local", "import", "export", "table", "memory",
    "global", "elem", "data", "start", "offset", "item", "declare", "mut", "then", "else", "end",
    "rec", "sub", "final", "struct", "array", "field", "tag", "catch", "catch_ref", "catch_all",
    "catch_all_ref", "i8", "i16", "i32", "i64", "f32", "f64", "v128", "ref", "null", "funcref",
    "externref", "anyref", "eqref", "i31ref", "structref", "arrayref", "nullref", "nullfuncref",
    "nullexternref", "exnref", "nullexnref", "extern", "any", "eq", "i31", "none", "nofunc",
    "noextern", "exn", "noexn", "binary", "quote", "definition", "instance", "register", "invoke",
    "get", "assert_return", "assert_trap", "assert_exhaustion", "assert_exception",
    "assert_malformed", "assert_invalid", "assert_unlinkable", "assert_uninstantiable", "either",
    "nan:canonical", "nan:arithmetic", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2",
    "ref.extern", "ref.host", "ref.struct", "ref.array", "ref.any", "ref.eq", "ref.i31", "ref.exn",
    "script", "input", "output", "thread", "wait", "shared",
};

}  // namespace

bool isKnownKeyword(std::string_view text) {
  for (std::string_view k : kKeywords)
    if (k == text) return true;
  Opcode op;
  if (opcodeFromText(text, op)) return true;
  // memarg immediates: offset=<nat>, align=<nat>.
  for (std::string_view prefix : {std::string_view("offset="), std::string_view("align=")}) {
    if (text.substr(0, prefix.size()) == prefix)
      return classifyNumber(text.substr(prefix.size())) == NumberClass::Nat;
  }
  return false;
}

bool TokenCursor::expect(TokenKind kind) {
  if (!is(kind)) return unexpected();
  next();
  return true;
}

bool TokenCursor::expectKeyword(std::string_view kw) {
  if (!isKeyword(kw)) return unexpected();
  next();
  return true;
}

bool TokenCursor::skipGroup() {
  if (!expect(TokenKind::LParen)) return false;
  size_t depth = 1;
  while (depth > 0) {
    const Token& t = peek();
    if (t.kind == TokenKind::Eof || t.kind == TokenKind::Error) return unexpected();
    if (t.kind == TokenKind::LParen) ++depth;
    if (t.kind == TokenKind::RParen) --depth;
    next();
  }
  return true;
}

bool TokenCursor::fail(const Token& at, std::string_view message) {
  if (error_) return false;
  std::string msg(message);
  if (at.kind == TokenKind::Error) {
    msg = at.value;
  } else if (message == "unexpected token" || message == "unknown operator") {
    if (at.kind == TokenKind::Reserved || (at.kind == TokenKind::Keyword && !isKnownKeyword(at.text)))
      msg = "unknown operator";
    if (at.kind == TokenKind::Eof) {
      msg += " at end of input";
    } else {
      msg += ' ';
      msg.append(at.text);
    }
  }
  char position[32];
  std::snprintf(position, sizeof position, "%" PRIu32 ":%" PRIu32 ": ", at.line, at.col);
  std::string full(position);
  full.append(msg);
  error_ = Error::malformed(std::move(full));
  return false;
}

}  // namespace petrel::internal::text
