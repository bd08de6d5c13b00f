#include "exec/numeric.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace petrel::internal {
namespace {

TEST(Numeric, SignedDivisionTrapsOnZeroAndOverflow) {
  TrapKind trap = TrapKind::None;
  divS32(1, 0, trap);
  EXPECT_EQ(trap, TrapKind::IntegerDivideByZero);
  trap = TrapKind::None;
  divS32(INT32_MIN, -1, trap);
  EXPECT_EQ(trap, TrapKind::IntegerOverflow);
  trap = TrapKind::None;
  EXPECT_EQ(remS32(INT32_MIN, -1, trap), 0);
  EXPECT_EQ(trap, TrapKind::None);
  EXPECT_EQ(divS64(-7, 2, trap), -3);
  EXPECT_EQ(remS64(-7, 2, trap), -1);
}

TEST(Numeric, CheckedTruncationBoundaries) {
  TrapKind trap = TrapKind::None;
  EXPECT_EQ(truncChecked<int32_t>(2147483647.9, trap), 2147483647);
  EXPECT_EQ(trap, TrapKind::None);
  truncChecked<int32_t>(2147483648.0, trap);
  EXPECT_EQ(trap, TrapKind::IntegerOverflow);
  trap = TrapKind::None;
  EXPECT_EQ(truncChecked<int32_t>(-2147483648.9, trap), INT32_MIN);
  EXPECT_EQ(trap, TrapKind::None);
  EXPECT_EQ(truncChecked<uint32_t>(-0.9, trap), 0u);
  EXPECT_EQ(trap, TrapKind::None);
  truncChecked<uint32_t>(-1.0, trap);
  EXPECT_EQ(trap, TrapKind::IntegerOverflow);
  trap = TrapKind::None;
  truncChecked<int64_t>(std::nanf(""), trap);
  EXPECT_EQ(trap, TrapKind::InvalidConversion);
}

TEST(Numeric, SaturatingTruncation) {
  EXPECT_EQ(truncSat<int32_t>(1e20f), INT32_MAX);
  EXPECT_EQ(truncSat<int32_t>(-1e20f), INT32_MIN);
  EXPECT_EQ(truncSat<uint32_t>(-5.0), 0u);
  EXPECT_EQ(truncSat<uint64_t>(std::numeric_limits<double>::infinity()), UINT64_MAX);
  EXPECT_EQ(truncSat<int64_t>(std::nan("")), 0);
}

TEST(Numeric, MinMaxOrderSignedZerosAndPropagateNaN) {
  EXPECT_TRUE(std::signbit(fminWasm(0.0f, -0.0f)));
  EXPECT_FALSE(std::signbit(fmaxWasm(-0.0, 0.0)));
  EXPECT_TRUE(std::isnan(fminWasm(1.0, std::nan(""))));
  EXPECT_TRUE(std::isnan(fmaxWasm(std::nanf(""), 1.0f)));
  EXPECT_EQ(fminWasm(-3.0, 2.0), -3.0);
}

TEST(Numeric, SignOperationsKeepNaNPayloads) {
  float nan_with_payload = std::bit_cast<float>(0x7fa00001u);
  EXPECT_EQ(std::bit_cast<uint32_t>(fnegF32(nan_with_payload)), 0xffa00001u);
  EXPECT_EQ(std::bit_cast<uint32_t>(fabsF32(std::bit_cast<float>(0xffa00001u))), 0x7fa00001u);
  EXPECT_EQ(std::bit_cast<uint64_t>(copysignF64(std::bit_cast<double>(0x7ff0000000000001ull), -1.0)),
            0xfff0000000000001ull);
}

TEST(Numeric, BitCounts) {
  EXPECT_EQ(clz32(0), 32u);
  EXPECT_EQ(ctz64(0), 64u);
  EXPECT_EQ(popcnt32(0xf0f0f0f0u), 16u);
  EXPECT_EQ(rotl32(0x80000001u, 1), 3u);
  EXPECT_EQ(rotr64(1, 65), 0x8000000000000000ull);
}

}  // namespace
}  // namespace petrel::internal
