// Unit tests for the binary decoder (src/binary/decoder.cpp): modules are
// built byte by byte so each test shows exactly the encoding it exercises.
#include "binary/decoder.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace petrel::internal {
namespace {

using Bytes = std::vector<uint8_t>;

void appendU32(Bytes& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A section with its id and a correct size.
Bytes section(uint8_t id, const Bytes& content) {
  Bytes out{id};
  appendU32(out, content.size());
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

Bytes str(const std::string& s) {
  Bytes out;
  appendU32(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

const Bytes kHeader{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = kHeader;
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

Result<Module> decode(const Bytes& b) { return decodeModule(b.data(), b.size()); }

// Decodes `b` expecting a malformed-module error whose message starts with
// `message`; returns the error for further checks.
Error expectMalformed(const Bytes& b, const std::string& message) {
  Result<Module> r = decode(b);
  EXPECT_FALSE(r.ok()) << "expected failure: " << message;
  if (r.ok()) return Error{};
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(r.error().message.substr(0, message.size()), message) << "got: " << r.error().message;
  return r.error();
}

// type section with one `(func)` type.
const Bytes kVoidType = section(1, {0x01, 0x60, 0x00, 0x00});

// --- Header --------------------------------------------------------------

TEST(Decoder, EmptyModule) {
  Result<Module> r = decode(kHeader);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->types.empty());
  EXPECT_TRUE(r->bodies.empty());
  EXPECT_EQ(Bytes(r->bytes.begin(), r->bytes.end()), kHeader);
  EXPECT_FALSE(r->start.has_value());
  EXPECT_FALSE(r->data_count.has_value());
}

TEST(Decoder, HeaderErrors) {
  expectMalformed({}, "unexpected end");
  expectMalformed({0x00, 0x61, 0x73}, "unexpected end");
  Error e = expectMalformed({0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00}, "magic header not detected");
  EXPECT_EQ(e.offset, 0u);
  expectMalformed({0x00, 0x61, 0x73, 0x6d, 0x01}, "unexpected end");
  e = expectMalformed({0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00}, "unknown binary version");
  EXPECT_EQ(e.offset, 4u);
}

// --- Type section ---------------------------------------------------------

TEST(Decoder, FuncTypes) {
  Result<Module> r = decode(module({section(1, {0x02,                                  //
                                                0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d,    // (i32 i64) -> f32
                                                0x60, 0x01, 0x70, 0x01, 0x64, 0x00})}));  // funcref -> (ref 0)
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->types.size(), 2u);
  const SubType& t0 = r->types[0];
  EXPECT_EQ(t0.kind, CompositeKind::Func);
  EXPECT_TRUE(t0.final);
  EXPECT_TRUE(t0.supers.empty());
  EXPECT_EQ(t0.func.params, (std::vector<ValType>{ValType::i32(), ValType::i64()}));
  EXPECT_EQ(t0.func.results, (std::vector<ValType>{ValType::f32()}));
  EXPECT_EQ(r->types[1].func.params, (std::vector<ValType>{ValType::funcref()}));
  EXPECT_EQ(r->types[1].func.results, (std::vector<ValType>{ValType::ref(HeapType::index(0), false)}));
  // Plain types form recursion groups of one.
  ASSERT_EQ(r->rec_groups.size(), 2u);
  EXPECT_EQ(r->rec_groups[1].first, 1u);
  EXPECT_EQ(r->rec_groups[1].count, 1u);
}

TEST(Decoder, RecGroupsSubtypesStructsArrays) {
  Result<Module> r = decode(module({section(1, {
      0x03,
      0x60, 0x00, 0x00,                    // type 0: (func)
      0x4e, 0x02,                          // rec of 2:
      0x50, 0x00, 0x5f, 0x02,              //   type 1: (sub (struct (field i32) (field (mut i8))))
      0x7f, 0x00, 0x78, 0x01,
      0x4f, 0x01, 0x01, 0x5e, 0x77, 0x00,  //   type 2: (sub final 1 (array i16))
      0x4e, 0x00,                          // empty rec: no types
  })}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->types.size(), 3u);
  const SubType& s = r->types[1];
  EXPECT_FALSE(s.final);
  EXPECT_TRUE(s.supers.empty());
  EXPECT_EQ(s.kind, CompositeKind::Struct);
  ASSERT_EQ(s.fields.size(), 2u);
  EXPECT_EQ(s.fields[0].type, ValType::i32());
  EXPECT_EQ(s.fields[0].packed, 0);
  EXPECT_FALSE(s.fields[0].mutable_);
  EXPECT_EQ(s.fields[1].packed, 1);
  EXPECT_TRUE(s.fields[1].mutable_);
  const SubType& a = r->types[2];
  EXPECT_TRUE(a.final);
  EXPECT_EQ(a.supers, std::vector<uint32_t>{1});
  EXPECT_EQ(a.kind, CompositeKind::Array);
  ASSERT_EQ(a.fields.size(), 1u);
  EXPECT_EQ(a.fields[0].packed, 2);
  EXPECT_FALSE(a.fields[0].mutable_);
  ASSERT_EQ(r->rec_groups.size(), 2u);
  EXPECT_EQ(r->rec_groups[0].first, 0u);
  EXPECT_EQ(r->rec_groups[0].count, 1u);
  EXPECT_EQ(r->rec_groups[1].first, 1u);
  EXPECT_EQ(r->rec_groups[1].count, 2u);
}

TEST(Decoder, MalformedTypes) {
  expectMalformed(module({section(1, {0x01, 0x5e, 0x78, 0x02})}), "malformed mutability");
  Error e = expectMalformed(module({section(1, {0x01, 0x40, 0x00, 0x00})}), "malformed definition type");
  EXPECT_EQ(e.offset, 11u);  // header, section id, size, count, then the type byte
  // A two-byte encoding of 0x60 is an over-long s7, not an unknown type.
  expectMalformed(module({section(1, {0x01, 0xe0, 0x7f, 0x00, 0x00})}), "integer representation too long");
  expectMalformed(module({section(1, {0x01, 0x5e, 0x40, 0x00})}), "malformed storage type");
  expectMalformed(module({section(1, {0x01, 0x60, 0x01, 0x40, 0x00})}), "malformed reference type");
}

// --- Imports ----------------------------------------------------------------

TEST(Decoder, ImportsOfEveryKind) {
  Result<Module> r = decode(module({
      kVoidType,
      section(2, cat({{0x05},
                      str("m"), str("f"), {0x00, 0x00},                    // func type 0
                      str("m"), str("t"), {0x01, 0x6f, 0x01, 0x01, 0x02},  // table externref 1..2
                      str("m"), str("mem"), {0x02, 0x04, 0x03},            // memory i64 min 3
                      str("m"), str("g"), {0x03, 0x7e, 0x01},              // global (mut i64)
                      str("m"), str("e"), {0x04, 0x00, 0x00}})),           // tag type 0
  }));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->imports.size(), 5u);
  EXPECT_EQ(r->imports[0].module, "m");
  EXPECT_EQ(r->imports[0].name, "f");
  EXPECT_EQ(r->imports[0].kind, ExternKind::Func);
  EXPECT_EQ(r->imports[1].kind, ExternKind::Table);
  EXPECT_EQ(r->imports[1].table.elem, ValType::externref());
  EXPECT_EQ(r->imports[1].table.limits.min, 1u);
  EXPECT_EQ(r->imports[1].table.limits.max, std::optional<uint64_t>(2));
  EXPECT_EQ(r->imports[2].kind, ExternKind::Memory);
  EXPECT_TRUE(r->imports[2].memory.limits.is64);
  EXPECT_EQ(r->imports[2].memory.limits.min, 3u);
  EXPECT_FALSE(r->imports[2].memory.limits.max.has_value());
  EXPECT_EQ(r->imports[3].kind, ExternKind::Global);
  EXPECT_EQ(r->imports[3].global.type, ValType::i64());
  EXPECT_TRUE(r->imports[3].global.mutable_);
  EXPECT_EQ(r->imports[4].kind, ExternKind::Tag);
  EXPECT_EQ(r->imports[4].type_index, 0u);

  EXPECT_EQ(r->num_imported_funcs, 1u);
  EXPECT_EQ(r->num_imported_tables, 1u);
  EXPECT_EQ(r->num_imported_memories, 1u);
  EXPECT_EQ(r->num_imported_globals, 1u);
  EXPECT_EQ(r->num_imported_tags, 1u);
  EXPECT_EQ(r->func_types, std::vector<uint32_t>{0});
  ASSERT_EQ(r->tables.size(), 1u);
  EXPECT_FALSE(r->tables[0].init.has_value());
  ASSERT_EQ(r->globals.size(), 1u);
  EXPECT_TRUE(r->globals[0].init.code.empty());
  ASSERT_EQ(r->tags.size(), 1u);
}

TEST(Decoder, MalformedImports) {
  Error e = expectMalformed(module({section(2, cat({{0x01}, str("m"), str("f"), {0x05, 0x00}}))}),
                            "malformed import kind");
  EXPECT_EQ(e.offset, 15u);  // header, section id, size, count, "m", "f", then the kind byte
  expectMalformed(module({section(2, cat({{0x01}, str("m"), str("g"), {0x03, 0x7f, 0x02}}))}),
                  "malformed mutability");
  expectMalformed(module({section(2, cat({{0x01}, str("m"), {0x01, 0xff}, {0x00, 0x00}}))}),
                  "malformed UTF-8 encoding");
  expectMalformed(module({section(2, cat({{0x01}, str("m"), str("e"), {0x04, 0x01, 0x00}}))}),
                  "zero byte expected");
}

// --- Limits -----------------------------------------------------------------

TEST(Decoder, MemoryAndTableLimits) {
  Result<Module> r = decode(module({
      section(4, {0x02, 0x70, 0x00, 0x05,         // funcref min 5
                  0x6f, 0x05, 0x01, 0x0a}),       // externref i64 1..10
      section(5, {0x03, 0x01, 0x01, 0x02,         // 1..2
                  0x03, 0x01, 0x04,               // shared 1..4
                  0x04, 0x80, 0x80, 0x80, 0x80, 0x10}),  // i64, min 2^32 (u64 encoding)
  }));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->tables.size(), 2u);
  EXPECT_EQ(r->tables[0].type.elem, ValType::funcref());
  EXPECT_EQ(r->tables[0].type.limits.min, 5u);
  EXPECT_FALSE(r->tables[0].type.limits.max.has_value());
  EXPECT_TRUE(r->tables[1].type.limits.is64);
  EXPECT_EQ(r->tables[1].type.limits.max, std::optional<uint64_t>(10));
  ASSERT_EQ(r->memories.size(), 3u);
  EXPECT_EQ(r->memories[0].limits.max, std::optional<uint64_t>(2));
  EXPECT_EQ(r->memories[0].page_size_log2, 16u);
  EXPECT_TRUE(r->memories[1].limits.shared);
  EXPECT_TRUE(r->memories[2].limits.is64);
  EXPECT_EQ(r->memories[2].limits.min, uint64_t{1} << 32);
}

TEST(Decoder, MalformedLimits) {
  expectMalformed(module({section(4, {0x01, 0x70, 0x08})}), "malformed limits flags");
  expectMalformed(module({section(4, {0x01, 0x70, 0x03, 0x00, 0x00})}), "malformed limits flags");  // shared table
  expectMalformed(module({section(5, {0x01, 0x10, 0x00})}), "malformed limits flags");
  expectMalformed(module({section(5, {0x01, 0x81, 0x00, 0x00})}), "malformed limits flags");
  // Limits are u64: an 11-byte LEB is too long, a 10th byte with more than one bit too large.
  expectMalformed(module({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})}),
                  "integer representation too long");
  expectMalformed(module({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x70})}),
                  "integer too large");
}

// The custom-page-sizes proposal: flag bit 3 and an exponent after the
// bounds, read only when the embedder enables it.
TEST(Decoder, CustomPageSizesOnlyWhenEnabled) {
  Bytes b = module({section(5, {0x02,
                                0x09, 0x80, 0x02, 0x80, 0x02, 0x00,   // 256..256, pages of 2^0 bytes
                                0x0c, 0x01, 0x10})});                 // i64, min 1, pages of 2^16
  Error off = expectMalformed(b, "malformed limits flags (bit 3: a custom page size");
  EXPECT_EQ(off.offset, 11u);  // the first memory's flags byte
  Result<Module> r = decodeModule(b.data(), b.size(), DecodeOptions{.custom_page_sizes = true});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->memories.size(), 2u);
  EXPECT_EQ(r->memories[0].page_size_log2, 0u);
  EXPECT_EQ(r->memories[0].limits.min, 256u);
  EXPECT_EQ(r->memories[0].limits.max, std::optional<uint64_t>(256));
  EXPECT_EQ(r->memories[1].page_size_log2, 16u);
  EXPECT_TRUE(r->memories[1].limits.is64);
  // An exponent no shift can take is malformed; 1..63 decode (the validator
  // refuses all but 0 and 16). Tables never have a page size.
  Bytes huge = module({section(5, {0x01, 0x08, 0x00, 0x41})});
  Result<Module> h = decodeModule(huge.data(), huge.size(), DecodeOptions{.custom_page_sizes = true});
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().message, "invalid custom page size");
  EXPECT_EQ(h.error().offset, 13u);
  Bytes table = module({section(4, {0x01, 0x70, 0x08, 0x00, 0x00})});
  Result<Module> t = decodeModule(table.data(), table.size(), DecodeOptions{.custom_page_sizes = true});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "malformed limits flags");
}

// --- Functions and code -------------------------------------------------------

TEST(Decoder, FunctionBodies) {
  Bytes m = module({
      kVoidType,
      section(3, {0x02, 0x00, 0x00}),
      section(10, {0x02,
                   0x02, 0x00, 0x0b,                     // body 0: no locals, `end`
                   0x08, 0x02, 0x03, 0x7f, 0x01, 0x7e,   // body 1: 3 x i32, 1 x i64
                   0x01, 0x1a, 0x0b}),                   //   nop drop end
  });
  Result<Module> r = decode(m);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->func_types, (std::vector<uint32_t>{0, 0}));
  ASSERT_EQ(r->bodies.size(), 2u);
  const FunctionBody& b0 = r->bodies[0];
  EXPECT_TRUE(b0.locals.empty());
  EXPECT_EQ(r->bytes[b0.body_offset], 0x02);
  EXPECT_EQ(b0.code_end - b0.code_offset, 1u);
  EXPECT_EQ(r->bytes[b0.code_offset], 0x0b);
  const FunctionBody& b1 = r->bodies[1];
  ASSERT_EQ(b1.locals.size(), 2u);
  EXPECT_EQ(b1.locals[0].count, 3u);
  EXPECT_EQ(b1.locals[0].type, ValType::i32());
  EXPECT_EQ(b1.locals[1].count, 1u);
  EXPECT_EQ(b1.locals[1].type, ValType::i64());
  EXPECT_EQ(Bytes(r->bytes.begin() + b1.code_offset, r->bytes.begin() + b1.code_end), (Bytes{0x01, 0x1a, 0x0b}));
  EXPECT_EQ(b1.code_end, m.size());
}

TEST(Decoder, BodyInstructionsAreNotValidated) {
  // local.get 7 of a function without locals, and an unknown opcode: both
  // for the validator to report.
  Result<Module> r = decode(module({kVoidType, section(3, {0x01, 0x00}),
                                    section(10, {0x01, 0x05, 0x00, 0x20, 0x07, 0xff, 0x0b})}));
  ASSERT_TRUE(r.ok()) << r.error().message;
}

TEST(Decoder, FunctionAndCodeCountsMustMatch) {
  expectMalformed(module({kVoidType, section(3, {0x02, 0x00, 0x00}), section(10, {0x01, 0x02, 0x00, 0x0b})}),
                  "function and code section have inconsistent lengths");
  expectMalformed(module({section(10, {0x01, 0x02, 0x00, 0x0b})}),
                  "function and code section have inconsistent lengths");
  expectMalformed(module({kVoidType, section(3, {0x01, 0x00})}),
                  "function and code section have inconsistent lengths");
}

TEST(Decoder, TooManyLocals) {
  // 0xffffffff + 2 locals overflow u32; 50001 is over the engine limit.
  expectMalformed(module({kVoidType, section(3, {0x01, 0x00}),
                          section(10, {0x01, 0x0a, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x02, 0x7e, 0x0b})}),
                  "too many locals");
  expectMalformed(module({kVoidType, section(3, {0x01, 0x00}),
                          section(10, {0x01, 0x07, 0x02, 0xd0, 0x86, 0x03, 0x7f, 0x01, 0x7e, 0x0b})}),
                  "too many locals");
  Result<Module> r = decode(module({kVoidType, section(3, {0x01, 0x00}),
                                    section(10, {0x01, 0x06, 0x01, 0xd0, 0x86, 0x03, 0x7f, 0x0b})}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->bodies[0].locals[0].count, 50000u);
}

TEST(Decoder, BodySizeDisagreeingWithInstructions) {
  // Body declares 4 bytes `00 41 01 1a`, the `end` lies outside.
  expectMalformed(module({kVoidType, section(3, {0x01, 0x00}),
                          {0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1a, 0x0b}, section(3, {0x01, 0x00})}),
                  "section size mismatch");
  // ... and the module ends before any `end`.
  expectMalformed(module({kVoidType, section(3, {0x01, 0x00}), {0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1a}}),
                  "unexpected end of section or function");
  // The first body runs into an `else` that belongs to nothing.
  expectMalformed(module({kVoidType, section(3, {0x02, 0x00, 0x00}),
                          section(10, {0x02, 0x04, 0x00, 0x41, 0x01, 0x1a, 0x05, 0x00, 0x41, 0x01, 0x1a, 0x0b})}),
                  "END opcode expected");
}

// --- Tables, globals, exports, start -------------------------------------------

TEST(Decoder, TableWithInitExpression) {
  Result<Module> r = decode(module({
      kVoidType,
      section(4, {0x01, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xd2, 0x00, 0x0b}),  // (ref func) min 1, ref.func 0
  }));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->tables.size(), 1u);
  EXPECT_EQ(r->tables[0].type.elem, ValType::ref(HeapType::abstract(AbsHeap::Func), false));
  ASSERT_TRUE(r->tables[0].init.has_value());
  EXPECT_EQ(Bytes(r->tables[0].init->code.begin(), r->tables[0].init->code.end()), (Bytes{0xd2, 0x00, 0x0b}));
}

TEST(Decoder, GlobalsKeepTheirInitBytes) {
  Bytes m = module({section(6, {0x02,
                                0x7f, 0x00, 0x41, 0x2a, 0x0b,                     // i32 42
                                0x7e, 0x01, 0x42, 0x01, 0x42, 0x02, 0x7c, 0x0b})});  // mut i64 (1+2)
  Result<Module> r = decode(m);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->globals.size(), 2u);
  EXPECT_EQ(r->globals[0].type.type, ValType::i32());
  EXPECT_FALSE(r->globals[0].type.mutable_);
  EXPECT_EQ(Bytes(r->globals[0].init.code.begin(), r->globals[0].init.code.end()), (Bytes{0x41, 0x2a, 0x0b}));
  EXPECT_EQ(r->globals[0].init.offset, 8u + 2 + 1 + 2);
  EXPECT_TRUE(r->globals[1].type.mutable_);
  EXPECT_EQ(Bytes(r->globals[1].init.code.begin(), r->globals[1].init.code.end()), (Bytes{0x42, 0x01, 0x42, 0x02, 0x7c, 0x0b}));
}

TEST(Decoder, ConstantExpressionErrors) {
  expectMalformed(module({section(6, {0x01, 0x7f, 0x00, 0x41, 0x00})}), "unexpected end of section or function");
  expectMalformed(module({section(6, {0x01, 0x7f, 0x00, 0xf3, 0x0b})}), "illegal opcode");
  expectMalformed(module({section(6, {0x01, 0x7f, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b})}),
                  "integer representation too long");
  expectMalformed(module({section(6, {0x01, 0x7f, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0b})}),
                  "integer too large");
}

TEST(Decoder, ExportsAndStart) {
  Result<Module> r = decode(module({
      kVoidType,
      section(3, {0x01, 0x00}),
      section(7, cat({{0x02}, str("run"), {0x00, 0x00}, str("tag"), {0x04, 0x03}})),
      section(8, {0x00}),
      section(10, {0x01, 0x02, 0x00, 0x0b}),
  }));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->exports.size(), 2u);
  EXPECT_EQ(r->exports[0].name, "run");
  EXPECT_EQ(r->exports[0].kind, ExternKind::Func);
  EXPECT_EQ(r->exports[1].kind, ExternKind::Tag);
  EXPECT_EQ(r->exports[1].index, 3u);
  EXPECT_EQ(r->start, std::optional<uint32_t>(0));
  expectMalformed(module({section(7, cat({{0x01}, str("x"), {0x05, 0x00}}))}), "malformed export kind");
}

// --- Element and data segments -------------------------------------------------

TEST(Decoder, ElementSegmentsAllEncodings) {
  const ValType ref_func = ValType::ref(HeapType::abstract(AbsHeap::Func), false);
  Result<Module> r = decode(module({section(9, {
      0x08,
      0x00, 0x41, 0x00, 0x0b, 0x02, 0x00, 0x81, 0x01,        // 0: active table 0, funcs 0 and 129
      0x01, 0x00, 0x01, 0x02,                                // 1: passive, elemkind, func 2
      0x02, 0x03, 0x41, 0x01, 0x0b, 0x00, 0x00,              // 2: active table 3, no funcs
      0x03, 0x00, 0x01, 0x04,                                // 3: declarative, func 4
      0x04, 0x41, 0x00, 0x0b, 0x01, 0xd0, 0x70, 0x0b,        // 4: active table 0, exprs: ref.null func
      0x05, 0x6f, 0x01, 0xd0, 0x6f, 0x0b,                    // 5: passive externref
      0x06, 0x01, 0x41, 0x02, 0x0b, 0x70, 0x01, 0xd2, 0x05, 0x0b,  // 6: active table 1, funcref
      0x07, 0x64, 0x70, 0x01, 0xd2, 0x06, 0x0b,              // 7: declarative (ref func)
  })}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->elems.size(), 8u);
  const auto& e = r->elems;
  EXPECT_EQ(e[0].mode, SegmentMode::Active);
  EXPECT_EQ(e[0].table, 0u);
  EXPECT_EQ(Bytes(e[0].offset.code.begin(), e[0].offset.code.end()), (Bytes{0x41, 0x00, 0x0b}));
  EXPECT_EQ(e[0].type, ref_func);
  ASSERT_EQ(e[0].items.size(), 2u);
  EXPECT_EQ(Bytes(e[0].items[0].code.begin(), e[0].items[0].code.end()), (Bytes{0xd2, 0x00, 0x0b}));
  EXPECT_EQ(Bytes(e[0].items[1].code.begin(), e[0].items[1].code.end()), (Bytes{0xd2, 0x81, 0x01, 0x0b}));
  EXPECT_EQ(e[1].mode, SegmentMode::Passive);
  EXPECT_EQ(e[1].type, ref_func);
  EXPECT_EQ(Bytes(e[1].items[0].code.begin(), e[1].items[0].code.end()), (Bytes{0xd2, 0x02, 0x0b}));
  EXPECT_EQ(e[2].mode, SegmentMode::Active);
  EXPECT_EQ(e[2].table, 3u);
  EXPECT_TRUE(e[2].items.empty());
  EXPECT_EQ(e[3].mode, SegmentMode::Declarative);
  EXPECT_EQ(e[4].mode, SegmentMode::Active);
  EXPECT_EQ(e[4].type, ValType::funcref());
  EXPECT_EQ(Bytes(e[4].items[0].code.begin(), e[4].items[0].code.end()), (Bytes{0xd0, 0x70, 0x0b}));
  EXPECT_EQ(e[5].mode, SegmentMode::Passive);
  EXPECT_EQ(e[5].type, ValType::externref());
  EXPECT_EQ(e[6].mode, SegmentMode::Active);
  EXPECT_EQ(e[6].table, 1u);
  EXPECT_EQ(Bytes(e[6].offset.code.begin(), e[6].offset.code.end()), (Bytes{0x41, 0x02, 0x0b}));
  EXPECT_EQ(e[6].type, ValType::funcref());
  EXPECT_EQ(e[7].mode, SegmentMode::Declarative);
  EXPECT_EQ(e[7].type, ref_func);
  EXPECT_EQ(Bytes(e[7].items[0].code.begin(), e[7].items[0].code.end()), (Bytes{0xd2, 0x06, 0x0b}));
}

TEST(Decoder, MalformedElementSegments) {
  expectMalformed(module({section(9, {0x01, 0x08, 0x00})}), "malformed elements segment kind");
  expectMalformed(module({section(9, {0x01, 0x01, 0x01, 0x00})}), "malformed element kind");
  expectMalformed(module({section(9, {0x01, 0x05, 0x7f, 0x01, 0xd2, 0x00, 0x0b})}), "malformed reference type");
}

TEST(Decoder, DataSegmentsAndDataCount) {
  Result<Module> r = decode(module({
      section(5, {0x01, 0x00, 0x01}),
      section(12, {0x03}),
      section(11, {0x03,
                   0x00, 0x41, 0x08, 0x0b, 0x02, 'h', 'i',   // active memory 0 at 8
                   0x01, 0x01, 'x',                          // passive
                   0x02, 0x01, 0x41, 0x00, 0x0b, 0x00}),     // active memory 1, empty
  }));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->data_count, std::optional<uint32_t>(3));
  ASSERT_EQ(r->datas.size(), 3u);
  EXPECT_EQ(r->datas[0].mode, SegmentMode::Active);
  EXPECT_EQ(r->datas[0].memory, 0u);
  EXPECT_EQ(Bytes(r->datas[0].offset.code.begin(), r->datas[0].offset.code.end()), (Bytes{0x41, 0x08, 0x0b}));
  EXPECT_EQ(Bytes(r->dataBytes(r->datas[0]), r->dataBytes(r->datas[0]) + r->datas[0].size), (Bytes{'h', 'i'}));
  EXPECT_EQ(r->datas[1].mode, SegmentMode::Passive);
  EXPECT_EQ(Bytes(r->dataBytes(r->datas[1]), r->dataBytes(r->datas[1]) + r->datas[1].size), (Bytes{'x'}));
  EXPECT_EQ(r->datas[2].memory, 1u);
  EXPECT_EQ(r->datas[2].size, 0u);

  expectMalformed(module({section(12, {0x01})}), "data count and data section have inconsistent lengths");
  expectMalformed(module({section(12, {0x03}), section(11, {0x01, 0x01, 0x00})}),
                  "data count and data section have inconsistent lengths");
  expectMalformed(module({section(11, {0x01, 0x03, 0x00})}), "malformed data segment kind");
  // The byte count may not exceed what is left of the module...
  expectMalformed(module({section(11, {0x01, 0x01, 0x09, 'a'})}), "length out of bounds");
  // ...counted from the count itself, so one byte short is an unexpected end.
  expectMalformed(module({section(11, {0x01, 0x01, 0x02, 'a'})}), "unexpected end of section or function");
}

// --- Section structure ----------------------------------------------------------

TEST(Decoder, SectionOrder) {
  // tag (13) sits between memory and global, data count (12) between element and code.
  Result<Module> r = decode(module({kVoidType, section(5, {0x00}), section(13, {0x01, 0x00, 0x00}), section(6, {0x00}),
                                    section(9, {0x00}), section(12, {0x00}), section(10, {0x00}), section(11, {0x00})}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->tags.size(), 1u);

  Bytes out_of_order = module({section(3, {0x00}), section(2, {0x00})});
  Error e = expectMalformed(out_of_order, "unexpected content after last section");
  EXPECT_EQ(e.offset, 8u + 3);
  expectMalformed(module({section(1, {0x00}), section(1, {0x00})}), "unexpected content after last section");
  expectMalformed(module({section(6, {0x00}), section(13, {0x00})}), "unexpected content after last section");
  expectMalformed(module({section(10, {0x00}), section(12, {0x00})}), "unexpected content after last section");
}

TEST(Decoder, SectionFraming) {
  Error e = expectMalformed(module({{0x0e, 0x01, 0x00}}), "malformed section id");
  EXPECT_EQ(e.offset, 8u);
  expectMalformed(module({{0x80, 0x00, 0x01, 0x01, 0x00}}), "malformed section id");
  // Declared size larger than the contents read.
  e = expectMalformed(module({{0x01, 0x02, 0x00, 0x00}}), "section size mismatch");
  EXPECT_EQ(e.offset, 10u);
  // Declared size beyond the end of the module.
  expectMalformed(module({{0x01, 0x07, 0x02, 0x60, 0x00, 0x00}}), "length out of bounds");
  // Contents ending early.
  expectMalformed(module({{0x04, 0x01, 0x01}}), "unexpected end of section or function");
  // A vector count larger than the module fails before anything is allocated.
  expectMalformed(module({{0x01, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f}}), "length out of bounds");
  expectMalformed(module({{0x01, 0x05, 0x80, 0x80, 0x80, 0x80, 0x10}}), "integer too large");
  expectMalformed(module({{0x01, 0x06, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}}), "integer representation too long");
}

// --- Custom sections ----------------------------------------------------------------

TEST(Decoder, CustomSectionsAnywhere) {
  Bytes m = module({section(0, cat({str("first"), {1, 2, 3}})), kVoidType, section(0, str("empty")),
                    section(3, {0x00}), section(0, cat({str("last"), {9}}))});
  Result<Module> r = decode(m);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->customs.size(), 3u);
  EXPECT_EQ(r->customs[0].name, "first");
  EXPECT_EQ(r->customs[0].size, 3u);
  EXPECT_EQ(Bytes(r->bytes.begin() + r->customs[0].offset, r->bytes.begin() + r->customs[0].offset + 3),
            (Bytes{1, 2, 3}));
  EXPECT_EQ(r->customs[1].name, "empty");
  EXPECT_EQ(r->customs[1].size, 0u);
  EXPECT_EQ(r->customs[2].name, "last");
  EXPECT_EQ(r->customs[2].offset, m.size() - 1);
}

TEST(Decoder, MalformedCustomSections) {
  expectMalformed(module({{0x00}}), "unexpected end");
  expectMalformed(module({{0x00, 0x00}}), "unexpected end");
  expectMalformed(module({section(0, {0x02, 0xc0, 0x80})}), "malformed UTF-8 encoding");  // over-long NUL
  expectMalformed(module({section(0, {0x03, 0xed, 0xa0, 0x80})}), "malformed UTF-8 encoding");  // surrogate
  // Name longer than the section.
  expectMalformed(module({{0x00, 0x01, 0x01, 'a'}}), "unexpected end");
}

TEST(Decoder, NameSection) {
  Bytes module_name = str("mod");
  Bytes func_names = cat({{0x02}, {0x01}, str("second"), {0x00}, str("first")});  // out of order on purpose
  Bytes content = cat({str("name"), section(0, module_name), section(1, func_names),
                       section(2, {0x00})});  // local names: skipped
  Result<Module> r = decode(module({kVoidType, section(3, {0x02, 0x00, 0x00}),
                                    section(10, {0x02, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b}), section(0, content)}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->names.module_name, "mod");
  ASSERT_EQ(r->names.functions.size(), 2u);
  EXPECT_EQ(r->functionName(0), "first");
  EXPECT_EQ(r->functionName(1), "second");
  EXPECT_EQ(r->functionName(2), "");
}

TEST(Decoder, MalformedNameSectionIsIgnored) {
  Bytes content = cat({str("name"), {0x01, 0x09, 0x05, 0x00}});  // truncated function-name map
  Result<Module> r = decode(module({section(0, content)}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->names.functions.empty());
  ASSERT_EQ(r->customs.size(), 1u);
  EXPECT_EQ(r->customs[0].name, "name");
}

}  // namespace
}  // namespace petrel::internal
