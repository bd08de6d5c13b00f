// Unit tests for text-format numeric literals (src/text/number_literal.cpp):
// syntax classes, integer ranges and correctly rounded float conversion.
#include "text/number_literal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace petrel::internal::text {
namespace {

uint32_t f32Bits(const char* s) {
  uint32_t b = 0;
  EXPECT_EQ(parseF32(s, b), LiteralStatus::Ok) << s;
  return b;
}

uint64_t f64Bits(const char* s) {
  uint64_t b = 0;
  EXPECT_EQ(parseF64(s, b), LiteralStatus::Ok) << s;
  return b;
}

TEST(TextNumber, Classify) {
  EXPECT_EQ(classifyNumber("0"), NumberClass::Nat);
  EXPECT_EQ(classifyNumber("1_000"), NumberClass::Nat);
  EXPECT_EQ(classifyNumber("0xff_ff"), NumberClass::Nat);
  EXPECT_EQ(classifyNumber("+1"), NumberClass::Int);
  EXPECT_EQ(classifyNumber("-0x10"), NumberClass::Int);
  EXPECT_EQ(classifyNumber("1.5"), NumberClass::Float);
  EXPECT_EQ(classifyNumber("1."), NumberClass::Float);
  EXPECT_EQ(classifyNumber("1e10"), NumberClass::Float);
  EXPECT_EQ(classifyNumber("1.e-3"), NumberClass::Float);
  EXPECT_EQ(classifyNumber("0x1p-3"), NumberClass::Float);
  EXPECT_EQ(classifyNumber("0x1.fP+3"), NumberClass::Float);
  EXPECT_EQ(classifyNumber("-inf"), NumberClass::Float);
  EXPECT_EQ(classifyNumber("nan"), NumberClass::Float);
  EXPECT_EQ(classifyNumber("nan:0x7f_ffff"), NumberClass::Float);
  // Malformed: underscores not between digits, missing digits, bad suffixes.
  for (const char* bad : {"_1", "1_", "1__0", "0x", "0x_1", "0_x1", ".5", "1e", "1e+", "0x1p", "0x.1",
                          "0xg", "1x", "nan:0x", "nan:1", "infinity", "+", "-", "0x1.0e5p"}) {
    EXPECT_EQ(classifyNumber(bad), NumberClass::None) << bad;
  }
}

TEST(TextNumber, IntegerRanges) {
  uint64_t v = 0;
  EXPECT_EQ(parseIntN("4294967295", 32, v), LiteralStatus::Ok);
  EXPECT_EQ(v, 0xffffffffu);
  EXPECT_EQ(parseIntN("-2147483648", 32, v), LiteralStatus::Ok);
  EXPECT_EQ(v, 0x80000000u);
  EXPECT_EQ(parseIntN("-1", 32, v), LiteralStatus::Ok);
  EXPECT_EQ(v, 0xffffffffu);
  EXPECT_EQ(parseIntN("0x1_0000_0000", 32, v), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseIntN("-2147483649", 32, v), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseIntN("+2147483648", 32, v), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseIntN("18446744073709551615", 64, v), LiteralStatus::Ok);
  EXPECT_EQ(v, ~uint64_t{0});
  EXPECT_EQ(parseIntN("-0x8000000000000000", 64, v), LiteralStatus::Ok);
  EXPECT_EQ(v, uint64_t{1} << 63);
  EXPECT_EQ(parseIntN("18446744073709551616", 64, v), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseIntN("-0x8000000000000001", 64, v), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseIntN("255", 8, v), LiteralStatus::Ok);
  EXPECT_EQ(parseIntN("-128", 8, v), LiteralStatus::Ok);
  EXPECT_EQ(v, 0x80u);
  EXPECT_EQ(parseIntN("256", 8, v), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseIntN("1.0", 32, v), LiteralStatus::Malformed);
  EXPECT_EQ(parseUnsigned("0xffffffff", 0xffffffffu, v), LiteralStatus::Ok);
  EXPECT_EQ(parseUnsigned("0x100000000", 0xffffffffu, v), LiteralStatus::OutOfRange);
}

TEST(TextNumber, FloatSpecials) {
  EXPECT_EQ(f32Bits("0"), 0u);
  EXPECT_EQ(f32Bits("-0"), 0x80000000u);
  EXPECT_EQ(f32Bits("-0.0"), 0x80000000u);
  EXPECT_EQ(f32Bits("inf"), 0x7f800000u);
  EXPECT_EQ(f32Bits("-inf"), 0xff800000u);
  EXPECT_EQ(f32Bits("nan"), 0x7fc00000u);
  EXPECT_EQ(f32Bits("-nan"), 0xffc00000u);
  EXPECT_EQ(f32Bits("nan:0x1"), 0x7f800001u);
  EXPECT_EQ(f32Bits("-nan:0x7fffff"), 0xffffffffu);
  EXPECT_EQ(f64Bits("nan"), 0x7ff8000000000000u);
  EXPECT_EQ(f64Bits("nan:0xf_ffff_ffff_ffff"), 0x7fffffffffffffffu);
  uint32_t b32 = 0;
  uint64_t b64 = 0;
  EXPECT_EQ(parseF32("nan:0x0", b32), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseF32("nan:0x800000", b32), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseF64("nan:0x10000000000000", b64), LiteralStatus::OutOfRange);
}

TEST(TextNumber, FloatValues) {
  EXPECT_EQ(f32Bits("1"), 0x3f800000u);
  EXPECT_EQ(f32Bits("1.5"), 0x3fc00000u);
  EXPECT_EQ(f32Bits("0x1.fp+3"), 0x41780000u);  // 15.5
  EXPECT_EQ(f32Bits("-0x1p-3"), 0xbe000000u);
  EXPECT_EQ(f32Bits("1_000.000_1"), 0x447a0002u);
  EXPECT_EQ(f64Bits("0.1"), 0x3fb999999999999au);
  EXPECT_EQ(f64Bits("1e308"), 0x7fe1ccf385ebc8a0u);
  EXPECT_EQ(f64Bits("0x1p-1074"), 1u);              // smallest subnormal
  EXPECT_EQ(f64Bits("4.9406564584124654e-324"), 1u);
  EXPECT_EQ(f64Bits("2.4703282292062327e-324"), 0u);  // exactly half: ties to even (zero)
  EXPECT_EQ(f64Bits("2.4703282292062328e-324"), 1u);  // just above half
  EXPECT_EQ(f32Bits("0x1p-149"), 1u);
  EXPECT_EQ(f32Bits("0x1p-150"), 0u);               // half the smallest subnormal, ties to even
  EXPECT_EQ(f32Bits("0x1.000001p-150"), 1u);
  EXPECT_EQ(f32Bits("0x1.fffffcp-127"), 0x007fffffu);  // largest subnormal
  // Rounding at the top of the range (spec const.wast).
  EXPECT_EQ(f32Bits("0x1.fffffefffffffffffp127"), 0x7f7fffffu);
  EXPECT_EQ(f32Bits("3.4028234663852886e38"), 0x7f7fffffu);
  EXPECT_EQ(f32Bits("+0x1.00000100000000000p-50"), 0x26800000u);  // tie, rounds to even
  EXPECT_EQ(f32Bits("+0x1.00000100000000001p-50"), 0x26800001u);  // above tie
  EXPECT_EQ(f32Bits("+0x1.000003p-50"), 0x26800002u);            // tie, rounds up to even
  // Long mantissas still round correctly.
  EXPECT_EQ(f64Bits("0.1000000000000000055511151231257827021181583404541015625"), 0x3fb999999999999au);
  // Exactly halfway between two doubles: ties to even; any more is above.
  EXPECT_EQ(f64Bits("0.100000000000000012490009027033011079765856266021728515625"), 0x3fb999999999999au);
  EXPECT_EQ(f64Bits("0.1000000000000000124900090270330110797658562660217285156251"), 0x3fb999999999999bu);
}

TEST(TextNumber, FloatOverflowIsOutOfRange) {
  uint32_t b32 = 0;
  uint64_t b64 = 0;
  EXPECT_EQ(parseF32("0x1.ffffffp127", b32), LiteralStatus::OutOfRange);  // tie rounds up to infinity
  EXPECT_EQ(parseF32("1e39", b32), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseF32("0x1p128", b32), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseF64("1e309", b64), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseF64("0x1p1024", b64), LiteralStatus::OutOfRange);
  EXPECT_EQ(parseF64("1e-400", b64), LiteralStatus::Ok);  // underflow is fine: zero
  EXPECT_EQ(b64, 0u);
  EXPECT_EQ(parseF64("1x", b64), LiteralStatus::Malformed);
}

// Cross-check against the C library, whose strtod/strtof round correctly on
// glibc, over a deterministic spread of inputs.
TEST(TextNumber, MatchesStrtod) {
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return state >> 33;
  };
  for (int i = 0; i < 20000; ++i) {
    bool hex = next() % 3 == 0;
    std::string s = hex ? "0x" : "";
    int n = 1 + static_cast<int>(next() % 20);
    for (int k = 0; k < n; ++k) s += (hex ? "0123456789abcdef" : "0123456789")[next() % (hex ? 16 : 10)];
    if (next() % 2) {
      s += '.';
      int m = static_cast<int>(next() % 20);
      for (int k = 0; k < m; ++k) s += (hex ? "0123456789abcdef" : "0123456789")[next() % (hex ? 16 : 10)];
    }
    int e = static_cast<int>(next() % (hex ? 2300 : 700)) - (hex ? 1150 : 350);
    s += hex ? 'p' : 'e';
    s.append(std::to_string(e));
    double d = std::strtod(s.c_str(), nullptr);
    float f = std::strtof(s.c_str(), nullptr);
    uint64_t b64 = 0, want64;
    uint32_t b32 = 0, want32;
    std::memcpy(&want64, &d, 8);
    std::memcpy(&want32, &f, 4);
    LiteralStatus s64 = parseF64(s, b64), s32 = parseF32(s, b32);
    if (std::isinf(d)) {
      EXPECT_EQ(s64, LiteralStatus::OutOfRange) << s;
    } else {
      EXPECT_EQ(b64, want64) << s;
    }
    if (std::isinf(f)) {
      EXPECT_EQ(s32, LiteralStatus::OutOfRange) << s;
    } else {
      EXPECT_EQ(b32, want32) << s;
    }
  }
}

}  // namespace
}  // namespace petrel::internal::text
