// Tokenizer for the WebAssembly text format (spec 6.2, "Lexical Format").
// Used for both .wat modules and .wast scripts.
//
// The whole source is split into tokens up front. Errors are not reported
// here: a lexical error becomes a final Token::Error carrying its message, and
// malformed-but-delimited character runs become Token::Reserved. The parser
// reports either one only when it reaches it, so errors come out in source
// order, as with the reference interpreter's lazy lexer (e.g. a syntax error
// before an illegal character wins).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace petrel::internal::text {

enum class TokenKind : uint8_t {
  LParen,
  RParen,
  Keyword,   // starts with a-z: "func", "i32.add", "offset=4", "nan:canonical"
  Id,        // $name or $"name"; `value` holds the name without '$'
  String,    // "..."; `value` holds the decoded bytes
  Nat,       // unsigned integer literal: 12, 0xff
  Int,       // signed integer literal: +1, -0x10
  Float,     // any other number: 1.5, 1e3, 0x1p-2, inf, -nan, nan:0x1
  Reserved,  // a run of token characters that forms no valid token ("0x", "a\"b\"")
  Error,     // a lexical error; `value` holds the message. Always last.
  Eof,
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  uint32_t line = 1;
  uint32_t col = 1;
  uint32_t offset = 0;       // byte offset of the first character
  std::string_view text;     // the raw characters
  std::string value;         // decoded Id name / String bytes / Error message
};

// Splits `source` into tokens; comments, white space and annotations
// `(@id ...)` (spec 6.2.5 and the annotations proposal) are dropped. The
// result always ends with an Eof or an Error token.
std::vector<Token> tokenize(std::string_view source);

// Is `bytes` well-formed UTF-8 (no overlongs, surrogates or values > 0x10ffff)?
bool isValidUtf8(std::string_view bytes);

}  // namespace petrel::internal::text
