// Unit tests for .wast script parsing (src/text/wast_parser.cpp,
// script_values.cpp).
#include "text/wast_script.h"

#include <gtest/gtest.h>

#include <string>

namespace petrel::internal::wast {
namespace {

Script parse(const char* text) {
  auto r = parseWastScript(text, "t.wast");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r.value()) : Script{};
}

TEST(TextWast, ModulesAndRegistration) {
  Script s = parse(
      "(module $a (func (export \"f\")))\n"
      "(module binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
      "(module quote \"(func\" \" (nop))\")\n"
      "(module definition $d (memory 1))\n"
      "(module instance $i $d)\n"
      "(register \"m\" $a)\n");
  ASSERT_EQ(s.commands.size(), 6u);
  EXPECT_EQ(s.commands[0].kind, Command::Kind::Module);
  EXPECT_EQ(s.commands[0].module.id, "$a");
  EXPECT_EQ(s.commands[0].module.line, 1u);
  EXPECT_GT(s.commands[0].module.binary.size(), 8u);
  EXPECT_EQ(s.commands[1].module.binary, (std::vector<uint8_t>{0, 'a', 's', 'm', 1, 0, 0, 0}));
  EXPECT_EQ(s.commands[2].module.form, ScriptModule::Form::Quote);
  EXPECT_EQ(s.commands[2].module.quote, "(func (nop))");
  EXPECT_TRUE(s.commands[3].module.is_definition);
  EXPECT_EQ(s.commands[3].module.id, "$d");
  EXPECT_EQ(s.commands[4].kind, Command::Kind::ModuleInstance);
  EXPECT_EQ(s.commands[4].instance_id, "$i");
  EXPECT_EQ(s.commands[4].definition_id, "$d");
  EXPECT_EQ(s.commands[5].kind, Command::Kind::Register);
  EXPECT_EQ(s.commands[5].register_name, "m");
  EXPECT_EQ(s.commands[5].instance_id, "$a");
}

TEST(TextWast, ActionsAndValues) {
  Script s = parse(
      "(assert_return (invoke $m \"f\" (i32.const -1) (i64.const 0x10) (f32.const -0) (f64.const 1.5))"
      "  (f32.const nan:canonical) (f64.const nan:arithmetic) (ref.null extern) (ref.extern 7)"
      "  (ref.func) (ref.extern) (ref.null) (ref.struct) (either (i32.const 1) (i32.const 2)))\n"
      "(assert_return (get \"g\") (v128.const i16x8 1 2 3 4 5 6 7 -1))\n");
  ASSERT_EQ(s.commands.size(), 2u);
  const Command& c = s.commands[0];
  EXPECT_EQ(c.kind, Command::Kind::AssertReturn);
  EXPECT_EQ(c.action.module_id, "$m");
  EXPECT_EQ(c.action.field, "f");
  ASSERT_EQ(c.action.args.size(), 4u);
  EXPECT_EQ(c.action.args[0].bits, 0xffffffffu);
  EXPECT_EQ(c.action.args[1].bits, 0x10u);
  EXPECT_EQ(c.action.args[2].bits, 0x80000000u);
  EXPECT_EQ(c.action.args[3].kind, ScriptValue::Kind::F64);
  EXPECT_EQ(c.action.args[3].bits, 0x3ff8000000000000u);
  ASSERT_EQ(c.expected.size(), 9u);
  EXPECT_EQ(c.expected[0].kind, ScriptValue::Kind::NanCanonical);
  EXPECT_EQ(c.expected[0].nan_type, ValKind::F32);
  EXPECT_EQ(c.expected[1].kind, ScriptValue::Kind::NanArithmetic);
  EXPECT_EQ(c.expected[1].nan_type, ValKind::F64);
  EXPECT_EQ(c.expected[2].kind, ScriptValue::Kind::RefNull);
  EXPECT_EQ(c.expected[2].heap, HeapType::abstract(AbsHeap::Extern));
  EXPECT_EQ(c.expected[3].kind, ScriptValue::Kind::RefExtern);
  EXPECT_EQ(c.expected[3].bits, 7u);
  EXPECT_EQ(c.expected[4].kind, ScriptValue::Kind::RefFunc);
  EXPECT_EQ(c.expected[5].kind, ScriptValue::Kind::RefExternAny);
  EXPECT_EQ(c.expected[6].kind, ScriptValue::Kind::RefNullAny);
  EXPECT_EQ(c.expected[7].kind, ScriptValue::Kind::RefAbstract);
  EXPECT_EQ(c.expected[7].heap, HeapType::abstract(AbsHeap::Struct));
  ASSERT_EQ(c.expected[8].alternatives.size(), 2u);
  const ScriptValue& v = s.commands[1].expected.at(0);
  EXPECT_EQ(v.kind, ScriptValue::Kind::V128);
  EXPECT_EQ(v.v128[0], 1);
  EXPECT_EQ(v.v128[2], 2);
  EXPECT_EQ(v.v128[14], 0xff);
  EXPECT_EQ(v.v128[15], 0xff);
}

TEST(TextWast, V128NanLanes) {
  Script s = parse("(assert_return (invoke \"f\") (v128.const f32x4 1.0 nan:canonical -0 nan:arithmetic))");
  const ScriptValue& v = s.commands.at(0).expected.at(0);
  EXPECT_EQ(v.lane_shape, 4);
  EXPECT_EQ(v.lane_nan[0], 0);
  EXPECT_EQ(v.lane_nan[1], 1);
  EXPECT_EQ(v.lane_nan[2], 0);
  EXPECT_EQ(v.lane_nan[3], 2);
  EXPECT_EQ(v.v128[3], 0x3f);  // 1.0f = 0x3f800000
  EXPECT_EQ(v.v128[11], 0x80);  // -0.0f
}

TEST(TextWast, Assertions) {
  Script s = parse(
      "(assert_trap (invoke \"f\") \"unreachable\")\n"
      "(assert_trap (module (func $s unreachable) (start $s)) \"unreachable\")\n"
      "(assert_exhaustion (invoke \"r\") \"call stack exhausted\")\n"
      "(assert_exception (invoke \"t\"))\n"
      "(assert_malformed (module quote \"(func $)\") \"empty identifier\")\n"
      "(assert_invalid (module (func (result i32))) \"type mismatch\")\n"
      "(assert_unlinkable (module (import \"x\" \"y\" (func))) \"unknown import\")\n"
      "(assert_uninstantiable (module binary \"\") \"x\")\n");
  ASSERT_EQ(s.commands.size(), 8u);
  EXPECT_EQ(s.commands[0].kind, Command::Kind::AssertTrap);
  EXPECT_FALSE(s.commands[0].has_module);
  EXPECT_EQ(s.commands[0].message, "unreachable");
  EXPECT_TRUE(s.commands[1].has_module);
  EXPECT_EQ(s.commands[2].kind, Command::Kind::AssertExhaustion);
  EXPECT_EQ(s.commands[3].kind, Command::Kind::AssertException);
  EXPECT_EQ(s.commands[4].kind, Command::Kind::AssertMalformed);
  EXPECT_EQ(s.commands[4].module.quote, "(func $)");  // not parsed until run
  EXPECT_EQ(s.commands[5].kind, Command::Kind::AssertInvalid);
  EXPECT_EQ(s.commands[6].kind, Command::Kind::AssertUnlinkable);
  EXPECT_EQ(s.commands[7].kind, Command::Kind::AssertUninstantiable);
  EXPECT_EQ(s.commands[7].line, 8u);
}

TEST(TextWast, BareModuleFieldsAreOneModule) {
  Script s = parse("(func) (memory 0) (func (export \"f\"))");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].kind, Command::Kind::Module);
}

TEST(TextWast, ErrorsNameTheFile) {
  auto r = parseWastScript("(module (func (call $x)))", "dir/x.wast");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("dir/x.wast:1:21: unknown function", 0), 0u) << r.error().message;
}

}  // namespace
}  // namespace petrel::internal::wast
