// Unit tests for the text-format tokenizer (src/text/lexer.cpp).
#include "text/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace petrel::internal::text {
namespace {

std::vector<TokenKind> kinds(std::string_view src) {
  std::vector<TokenKind> out;
  for (const Token& t : tokenize(src)) out.push_back(t.kind);
  return out;
}

TEST(TextLexer, TokenKinds) {
  using K = TokenKind;
  EXPECT_EQ(kinds("(func $f i32.add 12 -3 1.5 inf nan:0x1 \"s\")"),
            (std::vector<K>{K::LParen, K::Keyword, K::Id, K::Keyword, K::Nat, K::Int, K::Float, K::Float,
                            K::Float, K::String, K::RParen, K::Eof}));
  // Runs that form no valid token are Reserved, not errors.
  EXPECT_EQ(kinds("0x 1x a\"b\" $\"l\"0 ,"),
            (std::vector<K>{K::Reserved, K::Reserved, K::Reserved, K::Reserved, K::Reserved, K::Eof}));
  // Parentheses and comments delimit tokens.
  EXPECT_EQ(kinds("nop(nop)nop;;c\nnop(;c;)nop"),
            (std::vector<K>{K::Keyword, K::LParen, K::Keyword, K::RParen, K::Keyword, K::Keyword, K::Keyword,
                            K::Eof}));
}

TEST(TextLexer, Strings) {
  auto toks = tokenize(R"("a\t\n\"\\\41\u{48}\u{1F600}")");
  ASSERT_EQ(toks[0].kind, TokenKind::String);
  EXPECT_EQ(toks[0].value, "a\t\n\"\\AH\xF0\x9F\x98\x80");
  // Byte escapes need not form UTF-8.
  EXPECT_EQ(tokenize(R"("\ff\00")")[0].value, std::string("\xff\0", 2));
}

TEST(TextLexer, Identifiers) {
  auto toks = tokenize(R"($abc $"abc" $"a b" $a$b)");
  EXPECT_EQ(toks[0].value, "abc");
  EXPECT_EQ(toks[1].value, "abc");  // $"abc" names the same thing as $abc
  EXPECT_EQ(toks[2].value, "a b");
  EXPECT_EQ(toks[3].value, "a$b");
}

TEST(TextLexer, CommentsAndAnnotations) {
  using K = TokenKind;
  EXPECT_EQ(kinds("(; a (; nested ;) b ;) x ;; to end\ry"), (std::vector<K>{K::Keyword, K::Keyword, K::Eof}));
  EXPECT_EQ(kinds("(@x 0x \"(\" (a (b)) ) y"), (std::vector<K>{K::Keyword, K::Eof}));
  EXPECT_EQ(kinds("((@a) module)"), (std::vector<K>{K::LParen, K::Keyword, K::RParen, K::Eof}));
}

TEST(TextLexer, ErrorsAreLastToken) {
  auto toks = tokenize("(func) \"open");
  ASSERT_EQ(toks.back().kind, TokenKind::Error);
  EXPECT_EQ(toks.back().value, "unclosed string");
  EXPECT_EQ(toks[0].kind, TokenKind::LParen);
  EXPECT_EQ(tokenize("x \x07").back().value, "illegal character");
  EXPECT_EQ(tokenize("x \xc3\x9f").back().value, "illegal character");  // valid UTF-8, not allowed
  EXPECT_EQ(tokenize("x \xc3").back().value, "malformed UTF-8 encoding");
  EXPECT_EQ(tokenize("$").back().value, "empty identifier");
  EXPECT_EQ(tokenize("(@\"\")").back().value, "empty annotation id");
}

TEST(TextLexer, Positions) {
  auto toks = tokenize("a\n  bc");
  EXPECT_EQ(toks[1].line, 2u);
  EXPECT_EQ(toks[1].col, 3u);
  EXPECT_EQ(toks[1].text, "bc");
}

TEST(TextLexer, Utf8Validation) {
  EXPECT_TRUE(isValidUtf8("abc\xc3\x9f\xe2\x82\xac\xf0\x9f\x98\x80"));
  EXPECT_FALSE(isValidUtf8("\xc0\x80"));          // overlong
  EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(isValidUtf8("\x80"));
}

}  // namespace
}  // namespace petrel::internal::text
