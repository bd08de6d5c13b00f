#include "ir/opcodes.h"

#include <gtest/gtest.h>

#include <string>

namespace petrel::internal {
namespace {

// Every row this build has decodes back to itself from its encoding, unless
// an earlier row has the same encoding (the first wins).
TEST(Opcodes, BinaryIndexFindsEveryRow) {
  for (size_t i = 0; i < static_cast<size_t>(Opcode::Count); ++i) {
    const Opcode op = static_cast<Opcode>(i);
    if (!builtIn(op)) continue;
    Opcode found;
    ASSERT_TRUE(opcodeFromBinary(opcodeInfo(op).prefix, opcodeInfo(op).code, found)) << i;
    EXPECT_EQ(opcodeInfo(found).prefix, opcodeInfo(op).prefix);
    EXPECT_EQ(opcodeInfo(found).code, opcodeInfo(op).code);
    EXPECT_LE(static_cast<size_t>(found), i);
  }
  Opcode op;
  EXPECT_FALSE(opcodeFromBinary(0, 0xff, op));
  EXPECT_FALSE(opcodeFromBinary(0xfc, 31, op));
  EXPECT_FALSE(opcodeFromBinary(0xfc, 32, op));
  EXPECT_FALSE(opcodeFromBinary(0xfb, 1000, op));
}

TEST(Opcodes, NamesAnInstructionForMessages) {
  EXPECT_STREQ(OpcodeName(0xfc, 0x0b).c_str(), "opcode 0xfc 0x0b");
  EXPECT_STREQ(OpcodeName(0, 0x3f).c_str(), "opcode 0x3f");
  EXPECT_STREQ(OpcodeName(0xfd, 0x113).c_str(), "opcode 0xfd 0x113");
#if PETREL_FEATURE_OPCODE_NAMES
  EXPECT_STREQ(opcodeName(Opcode::MemoryFill).c_str(), "memory.fill");
  EXPECT_STREQ(opcodeName(Opcode::I32Add).c_str(), "i32.add");
  Opcode op;
  ASSERT_TRUE(opcodeFromText("memory.size", op));
  EXPECT_EQ(op, Opcode::MemorySize);
#else
  EXPECT_STREQ(opcodeName(Opcode::MemorySize).c_str(), "opcode 0x3f");
#endif
}

}  // namespace
}  // namespace petrel::internal
