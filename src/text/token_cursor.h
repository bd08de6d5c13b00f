// A read position in a token vector plus the parser's error state. Every
// parsing stage (types, instructions, module fields, scripts) works through
// one cursor, so the first error wins and is reported with its position.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "text/lexer.h"

namespace petrel::internal::text {

class TokenCursor {
 public:
  explicit TokenCursor(const std::vector<Token>& tokens, size_t pos = 0) : tokens_(tokens), pos_(pos) {}

  // Tokens at and after the cursor; past the end the final Eof/Error repeats.
  const Token& peek(size_t k = 0) const {
    size_t i = pos_ + k;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& next() {
    const Token& t = peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return t;
  }
  size_t pos() const { return pos_; }
  void seek(size_t pos) { pos_ = pos; }

  bool is(TokenKind kind, size_t k = 0) const { return peek(k).kind == kind; }
  bool isKeyword(std::string_view kw, size_t k = 0) const {
    return peek(k).kind == TokenKind::Keyword && peek(k).text == kw;
  }
  // Is the cursor at `(` followed by keyword `kw`?
  bool atField(std::string_view kw) const { return is(TokenKind::LParen) && isKeyword(kw, 1); }
  // An index/name: a Nat or an Id.
  bool atIndex(size_t k = 0) const { return is(TokenKind::Nat, k) || is(TokenKind::Id, k); }

  bool expect(TokenKind kind);  // consumes the token or fails "unexpected token"
  bool expectKeyword(std::string_view kw);
  bool expectLParenKeyword(std::string_view kw) { return expect(TokenKind::LParen) && expectKeyword(kw); }
  // Skips a balanced parenthesised group starting at `(`.
  bool skipGroup();

  // Records an error at `at` (first error wins) and returns false. A token
  // that is no valid token at all turns "unexpected token" into "unknown
  // operator"; a lexical error token reports its own message.
  bool fail(const Token& at, std::string_view message);
  bool failHere(std::string_view message) { return fail(peek(), message); }
  bool unexpected() { return failHere("unexpected token"); }

  bool failed() const { return error_.has_value(); }
  Error takeError() { return std::move(*error_); }

 private:
  const std::vector<Token>& tokens_;
  size_t pos_;
  std::optional<Error> error_;
};

// Is `text` a keyword the text format (or the script format) knows? Used to
// tell "unexpected token" (a real keyword in the wrong place) from "unknown
// operator" (a keyword that names nothing).
bool isKnownKeyword(std::string_view text);

}  // namespace petrel::internal::text
