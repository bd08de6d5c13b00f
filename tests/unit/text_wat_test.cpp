// Unit tests for watToBinary (src/text/): exact binary output for small
// modules (the expected bytes match wat2wasm where it supports the feature)
// and the malformed-text errors the spec suite expects.
#include "text/wat_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

namespace petrel::internal {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes kHeader = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

Bytes withHeader(std::initializer_list<uint8_t> rest) {
  Bytes out = kHeader;
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

Bytes encode(const char* text) {
  auto r = watToBinary(text);
  EXPECT_TRUE(r.ok()) << text << "\n" << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : Bytes{};
}

// The error message, or "" when the text was accepted.
std::string errorOf(const char* text) {
  auto r = watToBinary(text);
  if (r.ok()) return "";
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  return r.error().message;
}

#define EXPECT_TEXT_ERROR(text, fragment)                                      \
  do {                                                                         \
    std::string msg_ = errorOf(text);                                          \
    EXPECT_NE(msg_.find(fragment), std::string::npos) << text << " -> " << msg_; \
  } while (0)

TEST(TextWat, EmptyModule) {
  EXPECT_EQ(encode("(module)"), kHeader);
  EXPECT_EQ(encode(""), kHeader);
  EXPECT_EQ(encode("(module $m)"), kHeader);
}

TEST(TextWat, FunctionWithExport) {
  EXPECT_EQ(encode("(module (func (export \"f\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))"),
            withHeader({0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01,
                        0x01, 0x66, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b}));
  // Plain and folded forms encode identically; bare fields are a module.
  EXPECT_EQ(encode("(func (export \"f\") (param $p i32) (result i32) local.get $p i32.const 1 i32.add)"),
            encode("(module (func (export \"f\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))"));
}

TEST(TextWat, MemoryStore) {
  EXPECT_EQ(encode("(module (memory 1) (func (i32.store offset=4 (i32.const 0) (i32.const 42))))"),
            withHeader({0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01,
                        0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0x00, 0x41, 0x2a, 0x36, 0x02, 0x04, 0x0b}));
}

TEST(TextWat, TableElemCallIndirect) {
  EXPECT_EQ(encode("(module (type $t (func)) (table 2 funcref) (func $f) (elem (i32.const 0) $f $f)"
                   " (func (call_indirect (type $t) (i32.const 1))))"),
            withHeader({0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00, 0x04, 0x04, 0x01,
                        0x70, 0x00, 0x02, 0x09, 0x08, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x00, 0x00, 0x0a,
                        0x0c, 0x02, 0x02, 0x00, 0x0b, 0x07, 0x00, 0x41, 0x01, 0x11, 0x00, 0x00, 0x0b,
                        // name section: function 0 is "f"
                        0x00, 0x0b, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x04, 0x01, 0x00, 0x01, 0x66}));
}

TEST(TextWat, LabelsAndBlocks) {
  EXPECT_EQ(encode("(module (func (block $l (br $l)) (loop $x (br_if $x (i32.const 0)))"
                   " (if (i32.const 1) (then nop) (else nop))))"),
            withHeader({0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x18, 0x01, 0x16,
                        0x00, 0x02, 0x40, 0x0c, 0x00, 0x0b, 0x03, 0x40, 0x41, 0x00, 0x0d, 0x00, 0x0b, 0x41,
                        0x01, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0b, 0x0b}));
  // Plain syntax with matching end labels; shadowed labels resolve innermost.
  EXPECT_EQ(encode("(func block $a block $a br $a end $a br 0 end)"),
            withHeader({0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0e, 0x01, 0x0c,
                        0x00, 0x02, 0x40, 0x02, 0x40, 0x0c, 0x00, 0x0b, 0x0c, 0x00, 0x0b, 0x0b}));
}

TEST(TextWat, GlobalsAndLocals) {
  EXPECT_EQ(encode("(module (global $g (mut i64) (i64.const -1)) (func (result i64) (global.get $g)))"),
            withHeader({0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7e, 0x03, 0x02, 0x01, 0x00, 0x06, 0x06, 0x01,
                        0x7e, 0x01, 0x42, 0x7f, 0x0b, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x23, 0x00, 0x0b}));
  EXPECT_EQ(encode("(module (func (param $x f32) (local $y f64) (local.set $y (f64.promote_f32 (local.get $x)))))"),
            withHeader({0x01, 0x05, 0x01, 0x60, 0x01, 0x7d, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0b, 0x01,
                        0x09, 0x01, 0x01, 0x7c, 0x20, 0x00, 0xbb, 0x21, 0x01, 0x0b}));
}

TEST(TextWat, LocalsAfterTypeUseParams) {
  // With only (type $t), locals are numbered after the type's parameters.
  Bytes b = encode("(type $t (func (param i32 i32))) (func (type $t) (local $x i64) (drop (local.get $x)))");
  const Bytes body = {0x20, 0x02, 0x1a, 0x0b};
  EXPECT_NE(std::search(b.begin(), b.end(), body.begin(), body.end()), b.end());
}

TEST(TextWat, MultiMemoryMemArg) {
  // Memory index 1 sets bit 6 of the alignment field.
  EXPECT_EQ(encode("(module (memory 1) (memory 2) (func (drop (i32.load 1 offset=8 align=2 (i32.const 0)))))"),
            withHeader({0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x05, 0x02, 0x00,
                        0x01, 0x00, 0x02, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0x00, 0x28, 0x41, 0x01, 0x08,
                        0x1a, 0x0b}));
}

TEST(TextWat, Memory64) {
  // Limits flag 4 and a u64 offset beyond 32 bits.
  EXPECT_EQ(encode("(memory i64 1) (func (drop (i64.load offset=0x100000000 (i64.const 0))))"),
            withHeader({0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x04,
                        0x01, 0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x42, 0x00, 0x29, 0x03, 0x80, 0x80, 0x80, 0x80,
                        0x10, 0x1a, 0x0b}));
}

TEST(TextWat, InlineMemoryDataAndDataCount) {
  // (memory (data ...)) sizes the memory to the data; a data count section
  // precedes the code section whenever there are data segments.
  EXPECT_EQ(encode("(memory (data \"ab\\01\")) (func (data.drop 0))"),
            withHeader({0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x04, 0x01, 0x01,
                        0x01, 0x01, 0x0c, 0x01, 0x01, 0x0a, 0x07, 0x01, 0x05, 0x00, 0xfc, 0x09, 0x00, 0x0b,
                        0x0b, 0x09, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x03, 0x61, 0x62, 0x01}));
}

TEST(TextWat, ImplicitTypesAreAppended) {
  // The inline signature matches no explicit type, so it becomes type 1
  // even though it is used first.
  Bytes b = encode("(func (param i64)) (type (func (param i32)))");
  EXPECT_EQ(b, withHeader({0x01, 0x09, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x01, 0x7e, 0x00, 0x03, 0x02,
                           0x01, 0x01, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b}));
  // A matching explicit type is reused.
  EXPECT_EQ(encode("(func (param i32)) (type (func (param i32)))"),
            withHeader({0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x04, 0x01,
                        0x02, 0x00, 0x0b}));
}

TEST(TextWat, InlineImportAndExport) {
  EXPECT_EQ(encode("(func $f (export \"e\") (import \"m\" \"n\") (param i32)) (func (call $f (i32.const 7)))"),
            withHeader({0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00, 0x02, 0x07, 0x01, 0x01,
                        0x6d, 0x01, 0x6e, 0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x07, 0x05, 0x01, 0x01, 0x65,
                        0x00, 0x00, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x07, 0x10, 0x00, 0x0b,
                        // name section: function 0 is "f"
                        0x00, 0x0b, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x04, 0x01, 0x00, 0x01, 0x66}));
}

TEST(TextWat, RefTypesAndRecGroups) {
  // (rec ...) keeps its group; struct fields with packed and mutable types;
  // (ref null $t) uses the 0x63 prefix.
  EXPECT_EQ(encode("(rec (type $s (struct (field $a (mut i8)) (field i64))) (type $f (func (param (ref null $s)))))"),
            withHeader({0x01, 0x0e, 0x01, 0x4e, 0x02, 0x5f, 0x02, 0x78, 0x01, 0x7e, 0x00, 0x60, 0x01, 0x63,
                        0x00, 0x00}));
  // Non-final subtype with a supertype.
  EXPECT_EQ(encode("(type $a (sub (struct))) (type $b (sub final $a (struct)))"),
            withHeader({0x01, 0x0a, 0x02, 0x50, 0x00, 0x5f, 0x00, 0x4f, 0x01, 0x00, 0x5f, 0x00}));
}

TEST(TextWat, V128Const) {
  Bytes b = encode("(func (result v128) (v128.const i32x4 1 -1 0x10 0))");
  const Bytes expect = {0xfd, 0x0c, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
                        0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b};
  EXPECT_NE(std::search(b.begin(), b.end(), expect.begin(), expect.end()), b.end());
}

TEST(TextWat, Annotations) {
  EXPECT_EQ(encode("(@a x (y) \"z\") ((@b) module (@c $x) (@d))"), kHeader);
}

TEST(TextWat, SyntaxErrors) {
  EXPECT_TEXT_ERROR("(func (i32.const0))", "unknown operator");
  EXPECT_TEXT_ERROR("(func (get_local 0))", "unknown operator get_local");
  EXPECT_TEXT_ERROR("(func (i32.const) drop)", "unexpected token");
  EXPECT_TEXT_ERROR("(func (i32.const 0x) drop)", "unknown operator");
  EXPECT_TEXT_ERROR("(func (nop) (local i32))", "unexpected token");
  EXPECT_TEXT_ERROR("(func (result i32) (param i32) (local.get 0))", "unexpected token");
  EXPECT_TEXT_ERROR("(data\"a\")", "unknown operator");
  EXPECT_TEXT_ERROR("(module) )", "unexpected token");
  EXPECT_TEXT_ERROR("(func", "unexpected token");
}

TEST(TextWat, LexicalErrors) {
  EXPECT_TEXT_ERROR("(func $)", "empty identifier");
  EXPECT_TEXT_ERROR("(func $\"\")", "empty identifier");
  EXPECT_TEXT_ERROR("(data \"abc)", "unclosed string");
  EXPECT_TEXT_ERROR("(data \"\\q\")", "illegal escape");
  EXPECT_TEXT_ERROR("(@a \x01)", "illegal character");
  EXPECT_TEXT_ERROR("(@a \x80)", "malformed UTF-8 encoding");
  EXPECT_TEXT_ERROR("(@ a)", "empty annotation id");
  EXPECT_TEXT_ERROR("(@x (y)", "unclosed annotation");
  EXPECT_TEXT_ERROR("(; never closed", "unclosed comment");
  EXPECT_TEXT_ERROR("(func (export \"\\ff\"))", "malformed UTF-8 encoding");
}

TEST(TextWat, NameResolutionErrors) {
  EXPECT_TEXT_ERROR("(func (br $nope))", "unknown label");
  EXPECT_TEXT_ERROR("(func (call $nope))", "unknown function");
  EXPECT_TEXT_ERROR("(func (local.get $nope))", "unknown local");
  EXPECT_TEXT_ERROR("(func (type $nope))", "unknown type");
  EXPECT_TEXT_ERROR("(func $f) (func $f)", "duplicate func");
  EXPECT_TEXT_ERROR("(func (param $x i32) (local $x i32))", "duplicate local");
  EXPECT_TEXT_ERROR("(memory $m 1) (memory $m 1)", "duplicate memory");
  EXPECT_TEXT_ERROR("(func block $a end $b)", "mismatching label");
  EXPECT_TEXT_ERROR("(func block end $b)", "mismatching label");
  // Out-of-range numeric indices are the validator's business.
  EXPECT_EQ(errorOf("(func (call 7) (local.get 3) (br 9))"), "");
}

TEST(TextWat, ModuleStructureErrors) {
  EXPECT_TEXT_ERROR("(type $t (func (param i32))) (func (type $t) (param i64))", "inline function type");
  EXPECT_TEXT_ERROR("(func (type 3) (param i32))", "unknown type");
  EXPECT_TEXT_ERROR("(func) (import \"\" \"\" (func))", "import after function");
  EXPECT_TEXT_ERROR("(global i32 (i32.const 0)) (import \"\" \"\" (memory 1))", "import after global");
  EXPECT_TEXT_ERROR("(func $f) (start $f) (start $f)", "multiple start sections");
  EXPECT_TEXT_ERROR("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))", "alignment");
  EXPECT_TEXT_ERROR("(func (drop (i32.const 4294967296)))", "constant out of range");
  EXPECT_TEXT_ERROR("(func (drop (f32.const 1e39)))", "constant out of range");
  EXPECT_TEXT_ERROR("(func (drop (i32.const nan:canonical)))", "unexpected token");
  EXPECT_TEXT_ERROR("(func (drop (v128.const i32x4 1 2 3)))", "wrong number of lane literals");
}

TEST(TextWat, ErrorPositions) {
  // "line:col: message", 1-based.
  EXPECT_EQ(errorOf("(module\n  (func (foo)))").substr(0, 5), "2:10:");
}

}  // namespace
}  // namespace petrel::internal
