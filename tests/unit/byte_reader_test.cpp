#include "base/byte_reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace petrel::internal {
namespace {

ByteReader readerOf(const std::vector<uint8_t>& bytes) { return ByteReader(bytes.data(), bytes.size()); }

TEST(ByteReader, DecodesUnsignedLeb128) {
  std::vector<uint8_t> bytes = {0xe5, 0x8e, 0x26};
  ByteReader r = readerOf(bytes);
  EXPECT_EQ(r.readVarU32(), 624485u);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.atEnd());
}

TEST(ByteReader, DecodesSignedLeb128) {
  std::vector<uint8_t> bytes = {0xc0, 0xbb, 0x78, 0x7f};
  ByteReader r = readerOf(bytes);
  EXPECT_EQ(r.readVarS32(), -123456);
  EXPECT_EQ(r.readVarS32(), -1);
  EXPECT_TRUE(r.ok());
}

TEST(ByteReader, AcceptsRedundantPaddingWithinTheByteLimit) {
  // 0 encoded in the maximum five bytes is allowed (spec 5.2.2).
  std::vector<uint8_t> bytes = {0x80, 0x80, 0x80, 0x80, 0x00};
  ByteReader r = readerOf(bytes);
  EXPECT_EQ(r.readVarU32(), 0u);
  EXPECT_TRUE(r.ok());
}

TEST(ByteReader, RejectsTooLongEncoding) {
  std::vector<uint8_t> bytes = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  ByteReader r = readerOf(bytes);
  r.readVarU32();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "integer representation too long");
  EXPECT_LE(r.error().offset, 5u);  // at or just past the offending byte
}

TEST(ByteReader, RejectsUnusedBitsInLastByte) {
  std::vector<uint8_t> bytes = {0xff, 0xff, 0xff, 0xff, 0x1f};  // bit 32 set
  ByteReader r = readerOf(bytes);
  r.readVarU32();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "integer too large");
}

TEST(ByteReader, SignedLastByteMustBeASignExtension) {
  std::vector<uint8_t> good = {0xff, 0xff, 0xff, 0xff, 0x7f};  // -1
  ByteReader r1 = readerOf(good);
  EXPECT_EQ(r1.readVarS32(), -1);
  EXPECT_TRUE(r1.ok());
  std::vector<uint8_t> bad = {0xff, 0xff, 0xff, 0xff, 0x4f};
  ByteReader r2 = readerOf(bad);
  r2.readVarS32();
  EXPECT_FALSE(r2.ok());
}

TEST(ByteReader, ReportsUnexpectedEndWithOffset) {
  std::vector<uint8_t> bytes = {0x01, 0x80};
  ByteReader r(bytes.data(), bytes.size(), 100);
  EXPECT_EQ(r.readU8(), 1);
  r.readVarU32();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("unexpected end", 0), 0u);
  EXPECT_EQ(r.error().offset, 102u);
}

TEST(ByteReader, ErrorsAreSticky) {
  std::vector<uint8_t> bytes = {0x80};
  ByteReader r = readerOf(bytes);
  r.readVarU32();
  EXPECT_EQ(r.readU8(), 0);
  EXPECT_EQ(r.error().message.rfind("unexpected end", 0), 0u);
}

TEST(Utf8, AcceptsValidAndRejectsOverlongAndSurrogates) {
  const uint8_t ok[] = {'a', 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80};
  EXPECT_TRUE(isValidUtf8(ok, sizeof ok));
  const uint8_t overlong[] = {0xc0, 0x80};
  EXPECT_FALSE(isValidUtf8(overlong, sizeof overlong));
  const uint8_t surrogate[] = {0xed, 0xa0, 0x80};
  EXPECT_FALSE(isValidUtf8(surrogate, sizeof surrogate));
  const uint8_t too_big[] = {0xf4, 0x90, 0x80, 0x80};
  EXPECT_FALSE(isValidUtf8(too_big, sizeof too_big));
  const uint8_t truncated[] = {0xe2, 0x82};
  EXPECT_FALSE(isValidUtf8(truncated, sizeof truncated));
}

}  // namespace
}  // namespace petrel::internal
