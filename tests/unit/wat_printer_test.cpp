// Unit tests for the text printer (src/text/wat_printer.h): hand-written
// expected text per feature area, and a round trip over the spec suite:
// every module that decodes and validates must print, parse back to an
// equivalent module and print as the same text again.
#include "text/wat_printer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "binary/instruction_reader.h"
#include "runtime/store.h"
#include "text/binary_writer.h"
#include "text/wast_script.h"
#include "text/wat_parser.h"
#include "text/wat_printer_impl.h"

namespace petrel::internal {
namespace {

using Bytes = std::vector<uint8_t>;

// Prints a decoded binary; failures become the text "ERROR: message".
std::string printBinary(const Bytes& binary) {
  auto m = decodeModule(binary.data(), binary.size());
  if (!m.ok()) return "ERROR: decode: " + m.error().message;
  auto text = moduleToWat(*m);
  if (!text.ok()) return "ERROR: print: " + text.error().message;
  return *text;
}

// Text as wat2wasm --debug-names reads it: every name goes to the binary.
const WatOptions kAllNames{true};

std::string printText(const char* wat, const WatOptions& options = kAllNames) {
  auto binary = watToBinary(wat, options);
  if (!binary.ok()) return "ERROR: parse: " + binary.error().message;
  return printBinary(*binary);
}

// print(parse(text)) == text: the expected text is a fixed point.
void expectFixedPoint(const std::string& text) {
  EXPECT_EQ(printText(text.c_str()), text);
}

TEST(WatPrinterTest, EmptyModule) {
  EXPECT_EQ(printText("(module)"), "(module)\n");
}

TEST(WatPrinterTest, FunctionsLocalsAndIntegers) {
  const char* wat = R"((module
    (func $f (export "f") (param i32 i64) (result i32) (local f32 f32) (local $x f64)
      i32.const -1
      i64.const -9223372036854775808
      drop
      drop
      call $f
      i32.const 2147483647
      return)
    (func (result i64) i64.const 9223372036854775807))
  )";
  const char* expected =
      "(module\n"
      "  (type (;0;) (func (param i32 i64) (result i32)))\n"
      "  (type (;1;) (func (result i64)))\n"
      "  (func $f (;0;) (type 0) (param i32 i64) (result i32)\n"
      "    (local f32 f32 f64)\n"
      "    i32.const -1\n"
      "    i64.const -9223372036854775808\n"
      "    drop\n"
      "    drop\n"
      "    call $f\n"
      "    i32.const 2147483647\n"
      "    return\n"
      "  )\n"
      "  (func (;1;) (type 1) (result i64)\n"
      "    i64.const 9223372036854775807\n"
      "  )\n"
      "  (export \"f\" (func $f)))\n";
  EXPECT_EQ(printText(wat, WatOptions{}), expected);  // function names only
  expectFixedPoint(expected);
}

TEST(WatPrinterTest, ControlIndentation) {
  const char* expected =
      "(module\n"
      "  (type (;0;) (func (param i32) (result i32)))\n"
      "  (type (;1;) (func (param i32 i32) (result i32)))\n"
      "  (func (;0;) (type 0) (param i32) (result i32)\n"
      "    block (result i32)\n"
      "      loop (type 0)\n"
      "        local.get 0\n"
      "        if (result i32)\n"
      "          i32.const 1\n"
      "          br 2\n"
      "        else\n"
      "          local.get 0\n"
      "          br_table 1 2 2\n"
      "        end\n"
      "        br_if 0\n"
      "      end\n"
      "      unreachable\n"
      "    end\n"
      "    i32.const 3\n"
      "    select (result i32)\n"
      "  ))\n";
  // The input uses folded forms and a type use with names; the printer
  // writes the flat form.
  const char* wat = R"((module
    (type (func (param i32) (result i32)))
    (type (func (param i32 i32) (result i32)))
    (func (type 0)
      (block $out (result i32)
        (loop $l (type 0)
          (br_if $l (if (result i32) (local.get 0)
            (then (br $out (i32.const 1)))
            (else (br_table $l $out 2 (local.get 0))))))
        unreachable)
      (i32.const 3) (select (result i32))))
  )";
  EXPECT_EQ(printText(wat, WatOptions{}), expected);  // function names only
}

TEST(WatPrinterTest, FloatLiterals) {
  using text::f32Text;
  using text::f64Text;
  EXPECT_EQ(f32Text(0x3dcccccd), "0.1");
  EXPECT_EQ(f32Text(0x80000000), "-0");
  EXPECT_EQ(f32Text(0x00000001), "1e-45");           // smallest subnormal
  EXPECT_EQ(f32Text(0x7f7fffff), "3.4028235e+38");   // largest finite
  EXPECT_EQ(f32Text(0x4b800000), "16777216");
  EXPECT_EQ(f32Text(0x7f800000), "inf");
  EXPECT_EQ(f32Text(0xff800000), "-inf");
  EXPECT_EQ(f32Text(0x7fc00000), "nan");
  EXPECT_EQ(f32Text(0xffc00000), "-nan");
  EXPECT_EQ(f32Text(0x7f800001), "nan:0x1");         // signalling
  EXPECT_EQ(f32Text(0xffffffff), "-nan:0x7fffff");
  EXPECT_EQ(f64Text(0x3fb999999999999a), "0.1");
  EXPECT_EQ(f64Text(0x0000000000000001), "5e-324");
  EXPECT_EQ(f64Text(0x7fefffffffffffff), "1.7976931348623157e+308");
  EXPECT_EQ(f64Text(0x3ff0000000000000), "1");
  EXPECT_EQ(f64Text(0x7ff8000000000000), "nan");
  EXPECT_EQ(f64Text(0x7ff0000000000001), "nan:0x1");
  EXPECT_EQ(f64Text(0xfff4000000000000), "-nan:0x4000000000000");
  EXPECT_EQ(f64Text(0x8000000000000000), "-0");

  const char* expected =
      "(module\n"
      "  (type (;0;) (func))\n"
      "  (func (;0;) (type 0)\n"
      "    f32.const nan:0x200000\n"
      "    f64.const -1.5e-300\n"
      "    f32.const 0.1\n"
      "    f64.const 123456789\n"
      "    unreachable\n"
      "  ))\n";
  EXPECT_EQ(printText("(module (func f32.const nan:0x200000 f64.const -1.5e-300 f32.const 0x1.99999ap-4 "
                      "f64.const 123456789.0 unreachable))"),
            expected);
}

TEST(WatPrinterTest, TypesRecGroupsAndSubtypes) {
  const char* wat = R"((module
    (type $pt (struct (field $x i32) (field (mut i64))))
    (rec
      (type $a (sub (struct (field i8) (field (mut i16)))))
      (type $b (sub final $a (struct (field i8) (field (mut i16)) (field (ref null $b)))))
      (type $arr (array (mut funcref))))
    (type $f (func (param (ref $a) anyref eqref i31ref) (result nullref nullfuncref nullexternref exnref nullexnref)))
    (type (sub (func)))
  ))";
  const char* expected =
      "(module\n"
      "  (type (;0;) (struct (field i32) (field (mut i64))))\n"
      "  (rec\n"
      "    (type (;1;) (sub (struct (field i8) (field (mut i16)))))\n"
      "    (type (;2;) (sub final 1 (struct (field i8) (field (mut i16)) (field (ref null 2)))))\n"
      "    (type (;3;) (array (mut funcref))))\n"
      "  (type (;4;) (func (param (ref 1) anyref eqref i31ref) (result nullref nullfuncref nullexternref exnref "
      "nullexnref)))\n"
      "  (type (;5;) (sub (func))))\n";
  EXPECT_EQ(printText(wat, WatOptions{}), expected);  // function names only
  expectFixedPoint(expected);
}

TEST(WatPrinterTest, GcInstructions) {
  const char* expected =
      "(module\n"
      "  (type (;0;) (struct (field i32) (field (mut i8))))\n"
      "  (type (;1;) (array (mut i32)))\n"
      "  (type (;2;) (func (param anyref) (result i32)))\n"
      "  (func (;0;) (type 2) (param anyref) (result i32)\n"
      "    block (result (ref 0))\n"
      "      local.get 0\n"
      "      br_on_cast 0 anyref (ref 0)\n"
      "      br_on_cast_fail 0 anyref (ref null 0)\n"
      "      ref.cast (ref null 0)\n"
      "      ref.cast (ref 0)\n"
      "      struct.get_u 0 1\n"
      "      i32.const 4\n"
      "      array.new 1\n"
      "      ref.test (ref 1)\n"
      "      ref.test i31ref\n"
      "      drop\n"
      "      ref.null none\n"
      "      ref.as_non_null\n"
      "      br 0\n"
      "    end\n"
      "    struct.get 0 0\n"
      "  ))\n";
  expectFixedPoint(expected);
}

TEST(WatPrinterTest, MemoriesTablesGlobalsAndSegments) {
  const char* wat = R"((module
    (import "env" "mem" (memory 1 2 shared))
    (import "env" "g" (global $g (mut i64)))
    (import "env" "t" (table i64 1 externref))
    (memory i64 3)
    (memory $m 0 1)
    (table $t 2 10 funcref)
    (table 1 (ref func) (ref.func $f))
    (global (mut i32) (i32.add (i32.const 1) (i32.const 2)))
    (func $f
      (i64.load offset=8 (i64.const 0)) drop
      (i32.store8 $m offset=1 align=1 (i32.const 0) (i32.const 7))
      (i64.load32_u $m align=2 (i32.const 0)) drop
      (memory.copy 1 0 (i32.const 0) (i64.const 0) (i32.const 0))
      (memory.init $m $d (i32.const 0) (i32.const 0) (i32.const 0))
      (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 0))
      (table.copy 1 $t (i32.const 0) (i32.const 0) (i32.const 0))
      (drop (memory.size $m))
      (drop (table.size $t))
      data.drop $d
      elem.drop 1)
    (elem $e func $f)
    (elem (table $t) (offset (i32.const 1)) func $f $f)
    (elem declare funcref (ref.func $f))
    (data (memory 1) (i64.const 0) "a\"\\\n\7f\80")
    (data $d ""))
  )";
  const char* expected =
      "(module\n"
      "  (type (;0;) (func))\n"
      "  (import \"env\" \"mem\" (memory (;0;) 1 2 shared))\n"
      "  (import \"env\" \"g\" (global (;0;) (mut i64)))\n"
      "  (import \"env\" \"t\" (table (;0;) i64 1 externref))\n"
      "  (func $f (;0;) (type 0)\n"
      "    i64.const 0\n"
      "    i64.load offset=8\n"
      "    drop\n"
      "    i32.const 0\n"
      "    i32.const 7\n"
      "    i32.store8 2 offset=1\n"
      "    i32.const 0\n"
      "    i64.load32_u 2 align=2\n"
      "    drop\n"
      "    i32.const 0\n"
      "    i64.const 0\n"
      "    i32.const 0\n"
      "    memory.copy 1 0\n"
      "    i32.const 0\n"
      "    i32.const 0\n"
      "    i32.const 0\n"
      "    memory.init 2 1\n"
      "    i32.const 0\n"
      "    i32.const 0\n"
      "    i32.const 0\n"
      "    table.init 1 0\n"
      "    i32.const 0\n"
      "    i32.const 0\n"
      "    i32.const 0\n"
      "    table.copy 1 1\n"
      "    memory.size 2\n"
      "    drop\n"
      "    table.size 1\n"
      "    drop\n"
      "    data.drop 1\n"
      "    elem.drop 1\n"
      "  )\n"
      "  (table (;1;) 2 10 funcref)\n"
      "  (table (;2;) 1 (ref func) ref.func $f)\n"
      "  (memory (;1;) i64 3)\n"
      "  (memory (;2;) 0 1)\n"
      "  (global (;1;) (mut i32) i32.const 1 i32.const 2 i32.add)\n"
      "  (elem (;0;) func $f)\n"
      "  (elem (;1;) (table 1) (offset i32.const 1) func $f $f)\n"
      "  (elem (;2;) declare funcref (item ref.func $f))\n"
      "  (data (;0;) (memory 1) (offset i64.const 0) \"a\\\"\\\\\\0a\\7f\\80\")\n"
      "  (data (;1;) \"\"))\n";
  EXPECT_EQ(printText(wat, WatOptions{}), expected);  // function names only
  expectFixedPoint(expected);
}

// (pagesize N) is parsed, written as the custom-page-sizes encoding, and
// printed back only when it is not the usual 64 KiB.
TEST(WatPrinterTest, CustomPageSizes) {
  auto binary = watToBinary(R"((module
  (memory 256 256 (pagesize 1))
  (memory i64 1 (pagesize 65536))
  (memory (pagesize 1) (data "xyz"))
))");
  ASSERT_TRUE(binary.ok()) << binary.error().message;
  auto m = decodeModule(binary->data(), binary->size(), DecodeOptions{.custom_page_sizes = true});
  ASSERT_TRUE(m.ok()) << m.error().message;
  auto text = moduleToWat(*m);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("(memory (;0;) 256 256 (pagesize 1))"), std::string::npos) << *text;
  EXPECT_NE(text->find("(memory (;1;) i64 1)"), std::string::npos) << *text;
  // Inline data sizes the memory in its own pages: 3 bytes, 3 pages.
  EXPECT_NE(text->find("(memory (;2;) 3 3 (pagesize 1))"), std::string::npos) << *text;
  // 65536 is the usual size, so it needs no proposal; a size that is not a
  // power of two is malformed text.
  EXPECT_EQ(printText("(module (memory 1 (pagesize 65536)))"), printText("(module (memory 1))"));
  auto bad = watToBinary("(module (memory 1 (pagesize 3)))");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("invalid custom page size"), std::string::npos) << bad.error().message;
}

TEST(WatPrinterTest, ExceptionsAndTailCalls) {
  const char* expected =
      "(module\n"
      "  (type (;0;) (func (param i32)))\n"
      "  (type (;1;) (func (result exnref)))\n"
      "  (type (;2;) (func))\n"
      "  (type (;3;) (func (result i32 exnref)))\n"
      "  (import \"m\" \"t\" (tag (;0;) (type 0) (param i32)))\n"
      "  (func (;0;) (type 1) (result exnref)\n"
      "    block (type 3)\n"
      "      block (result exnref)\n"
      "        try_table (catch 1 1) (catch_ref 0 1) (catch_all_ref 0) (catch_all 2)\n"
      "          i32.const 1\n"
      "          throw 0\n"
      "        end\n"
      "        unreachable\n"
      "      end\n"
      "      return\n"
      "    end\n"
      "    drop\n"
      "    throw_ref\n"
      "  )\n"
      "  (func (;1;) (type 2)\n"
      "    return_call 1\n"
      "  )\n"
      "  (tag (;1;) (type 2)))\n";
  expectFixedPoint(expected);
}

// ---------------------------------------------------------------------------
// Names from the name section, written by hand into the binary.

text::ByteWriter nameMap(const std::vector<std::pair<uint32_t, std::string>>& names) {
  text::ByteWriter w;
  w.u32(static_cast<uint32_t>(names.size()));
  for (const auto& [index, name] : names) {
    w.u32(index);
    w.name(name);
  }
  return w;
}

void subsection(text::ByteWriter& out, uint8_t id, const text::ByteWriter& content) {
  out.u8(id);
  out.u32(static_cast<uint32_t>(content.size()));
  out.append(content);
}

TEST(WatPrinterTest, NameSectionSubsections) {
  auto binary = watToBinary(R"((module
    (type (struct (field i32) (field i64)))
    (type (func (param i32) (result i32)))
    (memory 1) (table 1 funcref) (global i32 (i32.const 0)) (tag)
    (func (type 1) (local i32 i32) local.get 1 struct.new_default 0 drop)
    (func (type 1) i32.const 0)
    (func (type 1) i32.const 0)
    (data "x") (elem (i32.const 0) func 0)))");
  ASSERT_TRUE(binary.ok()) << binary.error().message;
  text::ByteWriter content;
  content.name("name");
  text::ByteWriter module_name;
  module_name.name("the module");
  subsection(content, 0, module_name);
  // Duplicates and names that are no plain identifiers.
  subsection(content, 1, nameMap({{0, "f"}, {1, "f"}, {2, "f.1"}}));
  text::ByteWriter locals;
  locals.u32(1);
  locals.u32(0);
  locals.append(nameMap({{0, "p"}, {2, "a b"}}));
  subsection(content, 2, locals);
  subsection(content, 4, nameMap({{0, "point"}, {1, "sig"}}));
  subsection(content, 5, nameMap({{0, "tab"}}));
  subsection(content, 6, nameMap({{0, "mem"}}));
  subsection(content, 7, nameMap({{0, "glob"}}));
  subsection(content, 8, nameMap({{0, "el"}}));
  subsection(content, 9, nameMap({{0, "dat"}}));
  text::ByteWriter fields;
  fields.u32(1);
  fields.u32(0);
  fields.append(nameMap({{0, "x"}, {1, "\xc3\xa9t\xc3\xa9"}}));
  subsection(content, 10, fields);
  subsection(content, 11, nameMap({{0, "oops"}}));
  text::ByteWriter out;
  out.bytes(binary->data(), binary->size());
  text::writeSection(out, 0, content);

  const char* expected =
      "(module $\"the module\"\n"
      "  (type $point (;0;) (struct (field $x i32) (field $\"\xc3\xa9t\xc3\xa9\" i64)))\n"
      "  (type $sig (;1;) (func (param i32) (result i32)))\n"
      "  (type (;2;) (func))\n"
      "  (func $f (;0;) (type $sig) (param $p i32) (result i32)\n"
      "    (local i32)\n"
      "    (local $\"a b\" i32)\n"
      "    local.get 1\n"
      "    struct.new_default $point\n"
      "    drop\n"
      "  )\n"
      "  (func $f.2 (;1;) (type $sig) (param i32) (result i32)\n"
      "    i32.const 0\n"
      "  )\n"
      "  (func $f.1 (;2;) (type $sig) (param i32) (result i32)\n"
      "    i32.const 0\n"
      "  )\n"
      "  (table $tab (;0;) 1 funcref)\n"
      "  (memory $mem (;0;) 1)\n"
      "  (tag $oops (;0;) (type 2))\n"
      "  (global $glob (;0;) i32 i32.const 0)\n"
      "  (elem $el (;0;) (table $tab) (offset i32.const 0) func $f)\n"
      "  (data $dat (;0;) \"x\"))\n";
  EXPECT_EQ(printBinary(out.data()), expected);
  // Every name survives the text: wat2wasm writes them all back.
  expectFixedPoint(expected);
  // Without all_names only the function names do.
  std::string functions_only = printText(expected, WatOptions{});
  EXPECT_NE(functions_only.find("(func $f.2 (;1;) (type 1)"), std::string::npos) << functions_only;
  EXPECT_EQ(functions_only.find("$point"), std::string::npos) << functions_only;
}

TEST(WatPrinterTest, FunctionNamesRoundTripThroughText) {
  // wat2wasm writes function names; odd ones need the $"..." form.
  const char* expected =
      "(module\n"
      "  (type (;0;) (func))\n"
      "  (func $\"with space\" (;0;) (type 0)\n"
      "    call $\"\\\"quoted\\\"\"\n"
      "  )\n"
      "  (func $\"\\\"quoted\\\"\" (;1;) (type 0)\n"
      "    call $\"with space\"\n"
      "  )\n"
      "  (func $plain!#%&'*+-./:<=>?@\\^_`|~ (;2;) (type 0)\n"
      "  ))\n";
  expectFixedPoint(expected);
}

// ---------------------------------------------------------------------------
// Round trip over the spec suite.

std::filesystem::path suiteRoot() {
  if (const char* env = std::getenv("PETREL_TESTSUITE")) return env;
  return std::filesystem::path(PETREL_SOURCE_DIR) / ".." / "shared" / "testsuite";
}

// Everything the module's meaning depends on, independent of how the binary
// spelled it (LEB widths, segment encodings, local runs, the name section):
// decoded instructions are listed field by field.
void describeCode(std::ostringstream& os, const Module& m, const uint8_t* code, size_t size, uint64_t offset) {
  (void)m;
  ByteReader r(code, size, offset);
  InstructionReader reader(r, nullptr);
  while (!r.atEnd()) {
    Instruction in;
    if (!reader.read(in)) {
      os << "<undecodable>";
      return;
    }
    os << static_cast<int>(in.op) << ':' << in.index << ',' << in.index2 << ',' << in.bits << ','
       << in.memarg.align_log2 << '/' << in.memarg.memory << '/' << in.memarg.offset << ','
       << static_cast<int>(in.block.kind) << '/' << toString(in.block.value) << '/' << in.block.type_index << ','
       << in.heap.bits << ',' << in.heap2.bits << ',' << int{in.cast_flags} << ',' << int{in.lane};
    for (uint8_t b : in.v128) os << '.' << int{b};
    if (in.targets)
      for (uint32_t t : *in.targets) os << " t" << t;
    if (in.select_types)
      for (const ValType& t : *in.select_types) os << " s" << toString(t);
    if (in.catches)
      for (const CatchClause& c : *in.catches) os << " c" << int{c.kind} << '/' << c.tag << '/' << c.label;
    os << ';';
  }
}

void describeExpr(std::ostringstream& os, const Module& m, const ConstExpr& e) {
  describeCode(os, m, e.code.data(), e.code.size(), 0);
  os << '\n';
}

std::string describeLimits(const Limits& l) {
  return std::to_string(l.min) + "/" + (l.max ? std::to_string(*l.max) : "-") + "/" + std::to_string(l.is64) +
         std::to_string(l.shared);
}

std::string describe(const Module& m) {
  std::ostringstream os;
  for (const SubType& t : m.types) {
    os << "type " << t.final << ' ' << static_cast<int>(t.kind);
    for (uint32_t s : t.supers) os << " super" << s;
    for (const ValType& v : t.func.params) os << " p" << toString(v);
    for (const ValType& v : t.func.results) os << " r" << toString(v);
    for (const FieldType& f : t.fields) os << " f" << toString(f.type) << int{f.packed} << f.mutable_;
    os << '\n';
  }
  for (const RecGroup& g : m.rec_groups) os << "rec " << g.first << '+' << g.count << '\n';
  for (const Import& i : m.imports) {
    os << "import " << i.module << '/' << i.name << ' ' << static_cast<int>(i.kind) << ' ' << i.type_index << ' '
       << toString(i.table.elem) << describeLimits(i.table.limits) << ' ' << describeLimits(i.memory.limits) << ' '
       << toString(i.global.type) << i.global.mutable_ << '\n';
  }
  for (uint32_t t : m.func_types) os << "func " << t << '\n';
  for (const Table& t : m.tables) {
    os << "table " << toString(t.type.elem) << describeLimits(t.type.limits) << ' ';
    if (t.init) describeExpr(os, m, *t.init);
    else os << '\n';
  }
  for (const MemoryType& mt : m.memories) os << "memory " << describeLimits(mt.limits) << mt.page_size_log2 << '\n';
  for (const Global& g : m.globals) {
    os << "global " << toString(g.type.type) << g.type.mutable_ << ' ';
    describeExpr(os, m, g.init);
  }
  for (const Tag& t : m.tags) os << "tag " << t.type_index << '\n';
  for (const Export& e : m.exports) os << "export " << e.name << ' ' << static_cast<int>(e.kind) << e.index << '\n';
  if (m.start) os << "start " << *m.start << '\n';
  for (const ElemSegment& e : m.elems) {
    os << "elem " << static_cast<int>(e.mode) << ' ' << e.table << ' ' << toString(e.type) << ' ';
    if (e.mode == SegmentMode::Active) describeExpr(os, m, e.offset);
    for (const ConstExpr& item : e.items) describeExpr(os, m, item);
  }
  for (const DataSegment& d : m.datas) {
    os << "data " << static_cast<int>(d.mode) << ' ' << d.memory << ' '
       << std::string(m.dataBytes(d), m.dataBytes(d) + d.size) << ' ';
    if (d.mode == SegmentMode::Active) describeExpr(os, m, d.offset);
    else os << '\n';
  }
  for (const FunctionBody& b : m.bodies) {
    os << "body";
    for (const LocalRun& run : b.locals)
      for (uint32_t i = 0; i < run.count; ++i) os << ' ' << toString(run.type);
    os << '\n';
    describeCode(os, m, m.bytes.data() + b.code_offset, b.code_end - b.code_offset, b.code_offset);
    os << '\n';
  }
  return os.str();
}

// GC bodies validate but are refused before they run ("not implemented
// yet", ErrorKind::Other), which still makes them worth printing.
bool validates(const Bytes& binary, std::string* why) {
  auto compiled = compileModule(binary.data(), binary.size());
  if (compiled.ok()) return true;
  if (why) *why = compiled.error().message;
  return compiled.error().kind == ErrorKind::Other;
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(WatPrinterTest, SpecSuiteRoundTrip) {
  std::filesystem::path root = suiteRoot() / "core";
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << "no spec suite at " << root;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == ".wast") files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  size_t candidates = 0, printed = 0, identical = 0, failures = 0;
  auto fail = [&](const std::filesystem::path& file, uint32_t line, const std::string& what) {
    if (++failures <= 25) ADD_FAILURE() << file.string() << ":" << line << ": " << what;
  };
  for (const auto& file : files) {
    std::string source = readFile(file);
    auto script = wast::parseWastScript(source, file.string());
    if (!script.ok()) continue;  // scripts the runner cannot read are the runner's business
    for (const wast::Command& cmd : script->commands) {
      bool defines = cmd.kind == wast::Command::Kind::Module ||
                     cmd.kind == wast::Command::Kind::AssertUnlinkable ||
                     cmd.kind == wast::Command::Kind::AssertUninstantiable ||
                     (cmd.kind == wast::Command::Kind::AssertTrap && cmd.has_module);
      if (!defines) continue;
      Bytes binary;
      if (cmd.module.form == wast::ScriptModule::Form::Binary) {
        binary = cmd.module.binary;
      } else {
        auto b = watToBinary(cmd.module.quote);
        if (!b.ok()) continue;
        binary = std::move(*b);
      }
      if (!validates(binary, nullptr)) continue;
      ++candidates;
      std::string text1 = printBinary(binary);
      if (text1.rfind("ERROR", 0) == 0) {
        fail(file, cmd.line, text1);
        continue;
      }
      ++printed;
      auto binary2 = watToBinary(text1, kAllNames);
      if (!binary2.ok()) {
        fail(file, cmd.line, "printed text does not parse: " + binary2.error().message + "\n" + text1);
        continue;
      }
      std::string why;
      if (!validates(*binary2, &why)) {
        fail(file, cmd.line, "printed text does not validate: " + why + "\n" + text1);
        continue;
      }
      std::string text2 = printBinary(*binary2);
      if (text2 != text1) {
        fail(file, cmd.line, "second print differs:\n" + text1 + "----\n" + text2);
        continue;
      }
      auto m1 = decodeModule(binary.data(), binary.size());
      auto m2 = decodeModule(binary2->data(), binary2->size());
      std::string d1 = describe(*m1), d2 = describe(*m2);
      if (d1 != d2) {
        fail(file, cmd.line, "re-encoded module differs:\n" + d1 + "----\n" + d2 + "----\n" + text1);
        continue;
      }
      ++identical;
    }
  }
  std::printf("[ tally    ] %zu files, %zu modules decode and validate, %zu printed, %zu round-trip identically\n",
              files.size(), candidates, printed, identical);
  EXPECT_EQ(identical, candidates);
}

}  // namespace
}  // namespace petrel::internal
