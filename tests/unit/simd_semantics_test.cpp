// Semantics of the SIMD instructions (exec/simd.h) against values computed by
// hand from the spec (4.3 vector numerics), with the edges the spec tests
// probe: saturation, INT_MIN, NaN and signed zeros, ties, out-of-range lanes,
// and the deterministic choice made for each relaxed instruction.
#include <gtest/gtest.h>

#include "exec/simd.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <ostream>

namespace petrel::internal::simd {

void PrintTo(const V128& v, std::ostream* os) {
  static const char* hex = "0123456789abcdef";
  *os << "bytes[";
  for (int i = 0; i < 16; ++i) *os << (i ? " " : "") << hex[v.bytes[i] >> 4] << hex[v.bytes[i] & 15];
  *os << "]";
}

namespace {

template <class T> V128 make(std::initializer_list<T> lanes) {
  T v[16 / sizeof(T)] = {};
  unsigned i = 0;
  for (T x : lanes) v[i++] = x;
  V128 r;
  std::memcpy(r.bytes, v, 16);
  return r;
}
V128 i8(std::initializer_list<int8_t> l) { return make<int8_t>(l); }
V128 u8(std::initializer_list<uint8_t> l) { return make<uint8_t>(l); }
V128 i16(std::initializer_list<int16_t> l) { return make<int16_t>(l); }
V128 u16(std::initializer_list<uint16_t> l) { return make<uint16_t>(l); }
V128 i32(std::initializer_list<int32_t> l) { return make<int32_t>(l); }
V128 u32(std::initializer_list<uint32_t> l) { return make<uint32_t>(l); }
V128 i64(std::initializer_list<int64_t> l) { return make<int64_t>(l); }
V128 u64(std::initializer_list<uint64_t> l) { return make<uint64_t>(l); }
V128 f32(std::initializer_list<float> l) { return make<float>(l); }
V128 f64(std::initializer_list<double> l) { return make<double>(l); }

template <class T> T laneOf(V128 v, unsigned i) {
  T r;
  std::memcpy(&r, v.bytes + i * sizeof(T), sizeof(T));
  return r;
}
uint32_t f32bits(V128 v, unsigned i) { return laneOf<uint32_t>(v, i); }
uint64_t f64bits(V128 v, unsigned i) { return laneOf<uint64_t>(v, i); }
uint32_t bits(float f) { return std::bit_cast<uint32_t>(f); }
uint64_t bits(double d) { return std::bit_cast<uint64_t>(d); }
// Hides a value from the optimiser: constant folding of a signalling NaN
// operand (clang keeps it signalling) is not what runs in the interpreter.
V128 opaque(V128 v) {
  volatile uint8_t b[16];
  for (int i = 0; i < 16; ++i) b[i] = v.bytes[i];
  V128 r;
  for (int i = 0; i < 16; ++i) r.bytes[i] = b[i];
  return r;
}

bool isCanonicalNan32(uint32_t b) { return (b & 0x7fffffffu) == 0x7fc00000u; }
bool isArithmeticNan32(uint32_t b) { return (b & 0x7fc00000u) == 0x7fc00000u; }
bool isCanonicalNan64(uint64_t b) { return (b & 0x7fffffffffffffffull) == 0x7ff8000000000000ull; }
bool isArithmeticNan64(uint64_t b) { return (b & 0x7ff8000000000000ull) == 0x7ff8000000000000ull; }

const float kNanF = std::numeric_limits<float>::quiet_NaN();  // canonical: 0x7fc00000
const double kNanD = std::numeric_limits<double>::quiet_NaN();
const float kInfF = std::numeric_limits<float>::infinity();
const double kInfD = std::numeric_limits<double>::infinity();

TEST(SimdSemantics, V128Layout) {
  static_assert(sizeof(V128) == 16);
  static_assert(std::is_trivially_copyable_v<V128>);
  uint8_t buf[17];
  for (int i = 0; i < 17; ++i) buf[i] = static_cast<uint8_t>(i);
  V128 v = fromBytes(buf + 1);  // unaligned source is fine
  EXPECT_EQ(I8x16ExtractLaneU(v, 0), 1u);
  EXPECT_EQ(I32x4ExtractLane(v, 0), 0x04030201u);  // little-endian lanes
  uint8_t out[16];
  toBytes(v, out);
  EXPECT_EQ(std::memcmp(out, buf + 1, 16), 0);
  EXPECT_EQ(zero(), u64({0, 0}));
}

TEST(SimdSemantics, SplatExtractReplace) {
  EXPECT_EQ(I8x16Splat(0x1ff), u8({255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255}));
  EXPECT_EQ(I16x8Splat(0x12345), u16({0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345}));
  EXPECT_EQ(I32x4Splat(0x80000000u), u32({0x80000000u, 0x80000000u, 0x80000000u, 0x80000000u}));
  EXPECT_EQ(I64x2Splat(0x0123456789abcdefull), u64({0x0123456789abcdefull, 0x0123456789abcdefull}));

  V128 v = i8({0, -1, -128, 127, 5});
  EXPECT_EQ(I8x16ExtractLaneS(v, 1), 0xffffffffu);
  EXPECT_EQ(I8x16ExtractLaneU(v, 1), 0xffu);
  EXPECT_EQ(I8x16ExtractLaneS(v, 2), 0xffffff80u);
  EXPECT_EQ(I8x16ExtractLaneU(v, 2), 0x80u);
  EXPECT_EQ(I8x16ExtractLaneS(v, 3), 127u);
  V128 h = i16({0, static_cast<int16_t>(0x8000), 0x7fff});
  EXPECT_EQ(I16x8ExtractLaneS(h, 1), 0xffff8000u);
  EXPECT_EQ(I16x8ExtractLaneU(h, 1), 0x8000u);
  EXPECT_EQ(I16x8ExtractLaneS(h, 2), 0x7fffu);
  EXPECT_EQ(I64x2ExtractLane(u64({1, 0xfedcba9876543210ull}), 1), 0xfedcba9876543210ull);

  // Float lanes cross as bit patterns: signalling NaN payloads survive.
  V128 fs = F32x4Splat(0x7fa00001u);
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(F32x4ExtractLane(fs, i), 0x7fa00001u);
  V128 ds = F64x2Splat(0xfff0000000000001ull);
  EXPECT_EQ(F64x2ExtractLane(ds, 0), 0xfff0000000000001ull);
  EXPECT_EQ(F64x2ExtractLane(ds, 1), 0xfff0000000000001ull);

  EXPECT_EQ(I8x16ReplaceLane(zero(), 0x1ab, 15), u8({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab}));
  EXPECT_EQ(I16x8ReplaceLane(zero(), 0xfffe1234u, 3), u16({0, 0, 0, 0x1234}));
  EXPECT_EQ(I32x4ReplaceLane(u32({1, 2, 3, 4}), 9, 2), u32({1, 2, 9, 4}));
  EXPECT_EQ(I64x2ReplaceLane(u64({1, 2}), 7, 0), u64({7, 2}));
  V128 fr = F32x4ReplaceLane(zero(), 0xffc12345u, 1);
  EXPECT_EQ(F32x4ExtractLane(fr, 1), 0xffc12345u);
  EXPECT_EQ(F32x4ExtractLane(fr, 0), 0u);
  V128 dr = F64x2ReplaceLane(zero(), 0x7ff4000000000000ull, 1);
  EXPECT_EQ(F64x2ExtractLane(dr, 1), 0x7ff4000000000000ull);
}

TEST(SimdSemantics, ShuffleAndSwizzle) {
  V128 a = u8({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  V128 b = u8({16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31});
  const uint8_t lanes[16] = {31, 0, 16, 15, 17, 1, 30, 14, 5, 5, 20, 20, 0, 31, 8, 24};
  EXPECT_EQ(I8x16Shuffle(a, b, lanes), u8({31, 0, 16, 15, 17, 1, 30, 14, 5, 5, 20, 20, 0, 31, 8, 24}));

  V128 t = u8({100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115});
  V128 s = u8({0, 15, 16, 255, 128, 1, 31, 17, 14, 2, 0x80, 0xff, 3, 4, 200, 7});
  V128 expect = u8({100, 115, 0, 0, 0, 101, 0, 0, 114, 102, 0, 0, 103, 104, 0, 107});
  EXPECT_EQ(I8x16Swizzle(t, s), expect);
}

TEST(SimdSemantics, ExtendingLoads) {
  // bytes 0x80 0x7f 0xff 0x01 0x00 0xfe 0x02 0x81
  const uint64_t bytes = 0x8102fe0001ff7f80ull;
  EXPECT_EQ(V128Load8x8S(bytes), i16({-128, 127, -1, 1, 0, -2, 2, -127}));
  EXPECT_EQ(V128Load8x8U(bytes), u16({0x80, 0x7f, 0xff, 0x01, 0x00, 0xfe, 0x02, 0x81}));
  EXPECT_EQ(V128Load16x4S(bytes), i32({0x7f80, 0x01ff, -512, -32510}));
  EXPECT_EQ(V128Load16x4U(bytes), u32({0x7f80, 0x01ff, 0xfe00, 0x8102}));
  EXPECT_EQ(V128Load32x2S(bytes), i64({0x01ff7f80, -2130510336}));  // 0x8102fe00
  EXPECT_EQ(V128Load32x2U(bytes), u64({0x01ff7f80, 0x8102fe00}));
}

TEST(SimdSemantics, IntegerComparisons) {
  V128 a = i8({-1, 0, 1, -128, 127});
  V128 b = i8({0, 0, -1, 127, -128});
  EXPECT_EQ(I8x16Eq(a, b), i8({0, -1, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}));
  EXPECT_EQ(I8x16Ne(a, b), i8({-1, 0, -1, -1, -1}));
  EXPECT_EQ(I8x16LtS(a, b), i8({-1, 0, 0, -1, 0}));
  EXPECT_EQ(I8x16LtU(a, b), i8({0, 0, -1, 0, -1}));
  EXPECT_EQ(I8x16GtS(a, b), i8({0, 0, -1, 0, -1}));
  EXPECT_EQ(I8x16GtU(a, b), i8({-1, 0, 0, -1, 0}));
  EXPECT_EQ(I8x16LeS(a, b), i8({-1, -1, 0, -1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}));
  EXPECT_EQ(I8x16GeU(a, b), i8({-1, -1, 0, -1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}));

  V128 c = i16({-1, 0x7fff});
  V128 d = i16({1, -32768});
  EXPECT_EQ(I16x8LtS(c, d), i16({-1, 0}));
  EXPECT_EQ(I16x8LtU(c, d), i16({0, -1}));
  EXPECT_EQ(I16x8GeS(c, d), i16({0, -1, -1, -1, -1, -1, -1, -1}));
  EXPECT_EQ(I32x4GtU(i32({-1, 1, 0, 5}), i32({1, -1, 0, 4})), i32({-1, 0, 0, -1}));
  EXPECT_EQ(I32x4LeS(i32({-1, 1, 0, 5}), i32({1, -1, 0, 4})), i32({-1, 0, -1, 0}));
  V128 e = i64({-1, INT64_MAX});
  V128 f = i64({1, INT64_MIN});
  EXPECT_EQ(I64x2LtS(e, f), i64({-1, 0}));
  EXPECT_EQ(I64x2GtS(e, f), i64({0, -1}));
  EXPECT_EQ(I64x2LeS(e, e), i64({-1, -1}));
  EXPECT_EQ(I64x2GeS(e, f), i64({0, -1}));
  EXPECT_EQ(I64x2Eq(e, e), i64({-1, -1}));
  EXPECT_EQ(I64x2Ne(e, f), i64({-1, -1}));
}

TEST(SimdSemantics, FloatComparisons) {
  V128 a = f32({kNanF, -0.0f, 1.0f, -kInfF});
  V128 b = f32({kNanF, 0.0f, 2.0f, -kInfF});
  EXPECT_EQ(F32x4Eq(a, b), i32({0, -1, 0, -1}));
  EXPECT_EQ(F32x4Ne(a, b), i32({-1, 0, -1, 0}));
  EXPECT_EQ(F32x4Lt(a, b), i32({0, 0, -1, 0}));
  EXPECT_EQ(F32x4Le(a, b), i32({0, -1, -1, -1}));
  EXPECT_EQ(F32x4Gt(b, a), i32({0, 0, -1, 0}));
  EXPECT_EQ(F32x4Ge(a, b), i32({0, -1, 0, -1}));
  V128 c = f64({kNanD, -0.0});
  V128 d = f64({1.0, 0.0});
  EXPECT_EQ(F64x2Eq(c, d), i64({0, -1}));
  EXPECT_EQ(F64x2Ne(c, d), i64({-1, 0}));
  EXPECT_EQ(F64x2Lt(c, d), i64({0, 0}));
  EXPECT_EQ(F64x2Gt(d, c), i64({0, 0}));
  EXPECT_EQ(F64x2Le(c, d), i64({0, -1}));
  EXPECT_EQ(F64x2Ge(c, d), i64({0, -1}));
}

TEST(SimdSemantics, Bitwise) {
  V128 a = u64({0xff00ff00f0f0f0f0ull, 0x0123456789abcdefull});
  V128 b = u64({0x0ff00ff00ff00ff0ull, 0xffffffff00000000ull});
  EXPECT_EQ(V128Not(a), u64({0x00ff00ff0f0f0f0full, 0xfedcba9876543210ull}));
  EXPECT_EQ(V128And(a, b), u64({0x0f000f0000f000f0ull, 0x0123456700000000ull}));
  EXPECT_EQ(V128Andnot(a, b), u64({0xf000f000f000f000ull, 0x0000000089abcdefull}));
  EXPECT_EQ(V128Or(a, b), u64({0xfff0fff0fff0fff0ull, 0xffffffff89abcdefull}));
  EXPECT_EQ(V128Xor(a, b), u64({0xf0f0f0f0ff00ff00ull, 0xfedcba9889abcdefull}));
  V128 m = u64({0xffffffff00000000ull, 0x00ff00ff00ff00ffull});
  EXPECT_EQ(V128Bitselect(a, b, m), u64({0xff00ff000ff00ff0ull, 0xff23ff6700ab00efull}));
  EXPECT_EQ(V128AnyTrue(zero()), 0u);
  EXPECT_EQ(V128AnyTrue(u8({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})), 1u);
  EXPECT_EQ(V128AnyTrue(u64({0x8000000000000000ull, 0})), 1u);
}

TEST(SimdSemantics, AllTrueAndBitmask) {
  EXPECT_EQ(I8x16AllTrue(I8x16Splat(1)), 1u);
  EXPECT_EQ(I8x16AllTrue(u8({1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0})), 0u);
  EXPECT_EQ(I16x8AllTrue(u16({0x100, 1, 1, 1, 1, 1, 1, 1})), 1u);
  EXPECT_EQ(I16x8AllTrue(u16({0x100, 1, 1, 1, 1, 1, 1, 0})), 0u);
  EXPECT_EQ(I32x4AllTrue(u32({0x10000, 1, 1, 0x80000000u})), 1u);
  EXPECT_EQ(I32x4AllTrue(u32({0x10000, 1, 0, 1})), 0u);
  EXPECT_EQ(I64x2AllTrue(u64({0x100000000ull, 1})), 1u);
  EXPECT_EQ(I64x2AllTrue(u64({0x100000000ull, 0})), 0u);

  EXPECT_EQ(I8x16Bitmask(u8({0x80, 0, 0xff, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x81})), 0x8005u);
  EXPECT_EQ(I8x16Bitmask(I8x16Splat(0xff)), 0xffffu);
  EXPECT_EQ(I16x8Bitmask(u16({0x8000, 0x7fff, 0xffff, 0x00ff, 0, 0, 0, 0x8001})), 0x85u);
  EXPECT_EQ(I32x4Bitmask(u32({0x80000000u, 0x7fffffff, 0, 0xffffffffu})), 0x9u);
  EXPECT_EQ(I64x2Bitmask(u64({0x7fffffffffffffffull, 0x8000000000000000ull})), 0x2u);
}

TEST(SimdSemantics, Popcnt) {
  EXPECT_EQ(I8x16Popcnt(u8({0, 1, 0xff, 0x80, 0x55, 0xf0, 0x0f, 0x7f, 3, 0xaa, 0x11, 0xfe, 0x01, 0x10, 0xc3, 0x3c})),
            u8({0, 1, 8, 1, 4, 4, 4, 7, 2, 4, 2, 7, 1, 1, 4, 4}));
}

TEST(SimdSemantics, AbsNegWrapAtIntMin) {
  EXPECT_EQ(I8x16Abs(i8({-128, -5, 5, 0, 127, -127})), i8({-128, 5, 5, 0, 127, 127}));
  EXPECT_EQ(I8x16Neg(i8({-128, -5, 5, 0, 127})), i8({-128, 5, -5, 0, -127}));
  EXPECT_EQ(I16x8Abs(i16({-32768, -300, 300, 32767})), i16({-32768, 300, 300, 32767}));
  EXPECT_EQ(I16x8Neg(i16({-32768, -300, 300, 32767})), i16({-32768, 300, -300, -32767}));
  EXPECT_EQ(I32x4Abs(i32({INT32_MIN, -7, 7, INT32_MAX})), i32({INT32_MIN, 7, 7, INT32_MAX}));
  EXPECT_EQ(I32x4Neg(i32({INT32_MIN, -7, 7, INT32_MAX})), i32({INT32_MIN, 7, -7, -INT32_MAX}));
  EXPECT_EQ(I64x2Abs(i64({INT64_MIN, -9})), i64({INT64_MIN, 9}));
  EXPECT_EQ(I64x2Neg(i64({INT64_MIN, -9})), i64({INT64_MIN, 9}));
}

TEST(SimdSemantics, Narrow) {
  V128 a = i16({-129, 128, -128, 127, 300, -300, 0, 1});
  V128 b = i16({-32768, 32767, 255, 256, -1, 2, 3, -2});
  EXPECT_EQ(I8x16NarrowI16x8S(a, b), i8({-128, 127, -128, 127, 127, -128, 0, 1, -128, 127, 127, 127, -1, 2, 3, -2}));
  EXPECT_EQ(I8x16NarrowI16x8U(a, b), u8({0, 128, 0, 127, 255, 0, 0, 1, 0, 255, 255, 255, 0, 2, 3, 0}));
  V128 c = i32({70000, -70000, 32768, -32769});
  V128 d = i32({65535, 65536, -1, 32767});
  EXPECT_EQ(I16x8NarrowI32x4S(c, d), i16({32767, -32768, 32767, -32768, 32767, 32767, -1, 32767}));
  EXPECT_EQ(I16x8NarrowI32x4U(c, d), u16({65535, 0, 32768, 0, 65535, 65535, 0, 32767}));
}

TEST(SimdSemantics, ShiftsTakeCountModuloLaneWidth) {
  V128 a = u8({0x81, 0x01, 0x80, 0xff});
  EXPECT_EQ(I8x16Shl(a, 1), u8({0x02, 0x02, 0x00, 0xfe}));
  EXPECT_EQ(I8x16Shl(a, 9), u8({0x02, 0x02, 0x00, 0xfe}));  // 9 mod 8 = 1
  EXPECT_EQ(I8x16Shl(a, 8), a);
  EXPECT_EQ(I8x16ShrS(a, 7), u8({0xff, 0x00, 0xff, 0xff}));
  EXPECT_EQ(I8x16ShrS(a, 15), u8({0xff, 0x00, 0xff, 0xff}));
  EXPECT_EQ(I8x16ShrU(a, 7), u8({0x01, 0x00, 0x01, 0x01}));
  EXPECT_EQ(I8x16ShrU(a, 0xffffffffu), u8({0x01, 0x00, 0x01, 0x01}));  // count 31 mod 8 = 7
  V128 h = u16({0x8001, 0x4000, 0xffff});
  EXPECT_EQ(I16x8Shl(h, 17), u16({0x0002, 0x8000, 0xfffe}));
  EXPECT_EQ(I16x8ShrS(h, 14), u16({0xfffe, 0x0001, 0xffff}));
  EXPECT_EQ(I16x8ShrU(h, 16), h);
  EXPECT_EQ(I16x8ShrU(h, 15), u16({1, 0, 1}));
  V128 w = u32({0x80000001u, 1, 0xffffffffu, 0x40000000u});
  EXPECT_EQ(I32x4Shl(w, 33), u32({2, 2, 0xfffffffeu, 0x80000000u}));
  EXPECT_EQ(I32x4ShrS(w, 32), w);
  EXPECT_EQ(I32x4ShrS(w, 31), u32({0xffffffffu, 0, 0xffffffffu, 0}));
  EXPECT_EQ(I32x4ShrU(w, 63), u32({1, 0, 1, 0}));
  V128 q = u64({0x8000000000000001ull, 0x10});
  EXPECT_EQ(I64x2Shl(q, 65), u64({2, 0x20}));
  EXPECT_EQ(I64x2ShrS(q, 63), u64({0xffffffffffffffffull, 0}));
  EXPECT_EQ(I64x2ShrS(q, 64), q);
  EXPECT_EQ(I64x2ShrU(q, 127), u64({1, 0}));
  EXPECT_EQ(I64x2ShrU(q, 4), u64({0x0800000000000000ull, 1}));
}

TEST(SimdSemantics, AddSubMul) {
  EXPECT_EQ(I8x16Add(u8({255, 128, 1}), u8({1, 128, 2})), u8({0, 0, 3}));
  EXPECT_EQ(I8x16Sub(u8({0, 128, 3}), u8({1, 1, 2})), u8({255, 127, 1}));
  EXPECT_EQ(I16x8Add(u16({0xffff, 0x8000}), u16({2, 0x8000})), u16({1, 0}));
  EXPECT_EQ(I16x8Sub(u16({0, 5}), u16({1, 7})), u16({0xffff, 0xfffe}));
  EXPECT_EQ(I16x8Mul(u16({0xffff, 300, 0x8000, 7}), u16({0xffff, 300, 2, 6})), u16({1, 24464, 0, 42}));
  EXPECT_EQ(I32x4Add(u32({0xffffffffu, 1}), u32({1, 2})), u32({0, 3}));
  EXPECT_EQ(I32x4Sub(u32({0, 1}), u32({1, 2})), u32({0xffffffffu, 0xffffffffu}));
  EXPECT_EQ(I32x4Mul(u32({0x10000, 0xffffffffu, 3, 0x80000000u}), u32({0x10000, 0xffffffffu, 5, 3})), u32({0, 1, 15, 0x80000000u}));
  EXPECT_EQ(I64x2Add(u64({~0ull, 5}), u64({1, 6})), u64({0, 11}));
  EXPECT_EQ(I64x2Sub(u64({0, 5}), u64({1, 6})), u64({~0ull, ~0ull}));
  EXPECT_EQ(I64x2Mul(u64({0x100000000ull, 0xffffffffffffffffull}), u64({0x100000000ull, 0xffffffffffffffffull})), u64({0, 1}));
  EXPECT_EQ(I64x2Mul(u64({0x123456789ull, 3}), u64({0x1000, 0x5555555555555556ull})), u64({0x123456789000ull, 2}));
}

TEST(SimdSemantics, SaturatingArithmetic) {
  EXPECT_EQ(I8x16AddSatS(i8({127, -128, 100, -100, 50, -1, 64, -64}), i8({1, -1, 27, -28, -20, 1, 64, -65})),
            i8({127, -128, 127, -128, 30, 0, 127, -128}));
  EXPECT_EQ(I8x16AddSatU(u8({255, 200, 1, 128}), u8({1, 100, 2, 127})), u8({255, 255, 3, 255}));
  EXPECT_EQ(I8x16SubSatS(i8({-128, 127, -100, 100, 0, 0}), i8({1, -1, 28, -27, -128, 127})),
            i8({-128, 127, -128, 127, 127, -127}));
  EXPECT_EQ(I8x16SubSatU(u8({0, 5, 200, 255}), u8({1, 3, 201, 0})), u8({0, 2, 0, 255}));
  EXPECT_EQ(I16x8AddSatS(i16({32767, -32768, 20000, -20000, 5}), i16({1, -1, 20000, -20000, -6})),
            i16({32767, -32768, 32767, -32768, -1}));
  EXPECT_EQ(I16x8AddSatU(u16({65535, 40000, 1}), u16({1, 40000, 2})), u16({65535, 65535, 3}));
  EXPECT_EQ(I16x8SubSatS(i16({-32768, 32767, 0, -2}), i16({1, -1, -32768, 32767})), i16({-32768, 32767, 32767, -32768}));
  EXPECT_EQ(I16x8SubSatU(u16({0, 40000, 1}), u16({1, 30000, 1})), u16({0, 10000, 0}));
}

TEST(SimdSemantics, IntegerMinMaxAvgr) {
  V128 a = i8({-1, 1, -128, 127});
  V128 b = i8({1, -1, 127, -128});
  EXPECT_EQ(I8x16MinS(a, b), i8({-1, -1, -128, -128}));
  EXPECT_EQ(I8x16MinU(a, b), i8({1, 1, 127, 127}));
  EXPECT_EQ(I8x16MaxS(a, b), i8({1, 1, 127, 127}));
  EXPECT_EQ(I8x16MaxU(a, b), i8({-1, -1, -128, -128}));
  EXPECT_EQ(I16x8MinS(i16({-1, 5}), i16({1, 4})), i16({-1, 4}));
  EXPECT_EQ(I16x8MinU(i16({-1, 5}), i16({1, 4})), i16({1, 4}));
  EXPECT_EQ(I16x8MaxS(i16({-1, 5}), i16({1, 4})), i16({1, 5}));
  EXPECT_EQ(I16x8MaxU(i16({-1, 5}), i16({1, 4})), i16({-1, 5}));
  EXPECT_EQ(I32x4MinS(i32({INT32_MIN, 1, -1, 0}), i32({INT32_MAX, -1, 1, 0})), i32({INT32_MIN, -1, -1, 0}));
  EXPECT_EQ(I32x4MinU(i32({INT32_MIN, 1, -1, 0}), i32({INT32_MAX, -1, 1, 0})), i32({INT32_MAX, 1, 1, 0}));
  EXPECT_EQ(I32x4MaxS(i32({INT32_MIN, 1, -1, 0}), i32({INT32_MAX, -1, 1, 0})), i32({INT32_MAX, 1, 1, 0}));
  EXPECT_EQ(I32x4MaxU(i32({INT32_MIN, 1, -1, 0}), i32({INT32_MAX, -1, 1, 0})), i32({INT32_MIN, -1, -1, 0}));

  EXPECT_EQ(I8x16AvgrU(u8({255, 0, 1, 254, 0, 3}), u8({255, 1, 2, 255, 0, 6})), u8({255, 1, 2, 255, 0, 5}));
  EXPECT_EQ(I16x8AvgrU(u16({65535, 0, 65534, 1}), u16({65534, 65535, 65534, 2})), u16({65535, 32768, 65534, 2}));
}

TEST(SimdSemantics, ExtaddPairwise) {
  EXPECT_EQ(I16x8ExtaddPairwiseI8x16S(i8({-128, -128, 127, 127, -1, 1, 5, -6})), i16({-256, 254, 0, -1}));
  EXPECT_EQ(I16x8ExtaddPairwiseI8x16U(u8({255, 255, 128, 128, 1, 2})), u16({510, 256, 3, 0}));
  EXPECT_EQ(I32x4ExtaddPairwiseI16x8S(i16({-32768, -32768, 32767, 32767, -1, 0})), i32({-65536, 65534, -1, 0}));
  EXPECT_EQ(I32x4ExtaddPairwiseI16x8U(u16({65535, 65535, 32768, 32768})), u32({131070, 65536, 0, 0}));
}

TEST(SimdSemantics, Q15mulrSat) {
  V128 a = i16({-32768, 0x4000, -32768, 1, 1, -1, -1, 32767});
  V128 b = i16({-32768, 0x4000, 32767, 16384, 16383, 16384, 16385, 32767});
  // (a*b + 2^14) >> 15 (arithmetic), saturated: -32768*-32768 is 32768 -> 32767.
  EXPECT_EQ(I16x8Q15mulrSatS(a, b), i16({32767, 8192, -32767, 1, 0, 0, -1, 32766}));
}

TEST(SimdSemantics, Extend) {
  V128 a = i8({-128, -1, 0, 1, 127, 2, 3, 4, -5, -6, 7, 8, 9, 10, 11, -128});
  EXPECT_EQ(I16x8ExtendLowI8x16S(a), i16({-128, -1, 0, 1, 127, 2, 3, 4}));
  EXPECT_EQ(I16x8ExtendHighI8x16S(a), i16({-5, -6, 7, 8, 9, 10, 11, -128}));
  EXPECT_EQ(I16x8ExtendLowI8x16U(a), i16({128, 255, 0, 1, 127, 2, 3, 4}));
  EXPECT_EQ(I16x8ExtendHighI8x16U(a), i16({251, 250, 7, 8, 9, 10, 11, 128}));
  V128 h = i16({-32768, -1, 2, 3, 4, 5, -6, 32767});
  EXPECT_EQ(I32x4ExtendLowI16x8S(h), i32({-32768, -1, 2, 3}));
  EXPECT_EQ(I32x4ExtendHighI16x8S(h), i32({4, 5, -6, 32767}));
  EXPECT_EQ(I32x4ExtendLowI16x8U(h), i32({32768, 65535, 2, 3}));
  EXPECT_EQ(I32x4ExtendHighI16x8U(h), i32({4, 5, 65530, 32767}));
  V128 w = i32({INT32_MIN, -1, 7, INT32_MAX});
  EXPECT_EQ(I64x2ExtendLowI32x4S(w), i64({INT32_MIN, -1}));
  EXPECT_EQ(I64x2ExtendHighI32x4S(w), i64({7, INT32_MAX}));
  EXPECT_EQ(I64x2ExtendLowI32x4U(w), i64({0x80000000ll, 0xffffffffll}));
  EXPECT_EQ(I64x2ExtendHighI32x4U(w), i64({7, INT32_MAX}));
}

TEST(SimdSemantics, Extmul) {
  V128 a = i8({-128, -1, 127, 2, 0, 0, 0, 0, -128, 127, -1, 3});
  V128 b = i8({-128, -1, -128, 3, 0, 0, 0, 0, 127, 127, -1, -4});
  EXPECT_EQ(I16x8ExtmulLowI8x16S(a, b), i16({16384, 1, -16256, 6}));
  EXPECT_EQ(I16x8ExtmulHighI8x16S(a, b), i16({-16256, 16129, 1, -12}));
  EXPECT_EQ(I16x8ExtmulLowI8x16U(a, b), u16({16384, 65025, 16256, 6}));
  EXPECT_EQ(I16x8ExtmulHighI8x16U(a, b), u16({16256, 16129, 65025, 756}));
  V128 c = i16({-32768, -1, 32767, 2, -32768, 32767, -1, 5});
  V128 d = i16({-32768, -1, -32768, 3, 32767, 32767, -1, -6});
  EXPECT_EQ(I32x4ExtmulLowI16x8S(c, d), i32({1073741824, 1, -1073709056, 6}));
  EXPECT_EQ(I32x4ExtmulHighI16x8S(c, d), i32({-1073709056, 1073676289, 1, -30}));
  EXPECT_EQ(I32x4ExtmulLowI16x8U(c, d), u32({1073741824u, 4294836225u, 1073709056u, 6}));
  EXPECT_EQ(I32x4ExtmulHighI16x8U(c, d), u32({1073709056u, 1073676289u, 4294836225u, 5u * 65530u}));
  V128 e = i32({INT32_MIN, -1, INT32_MAX, -2});
  V128 f = i32({INT32_MIN, -1, INT32_MIN, 3});
  EXPECT_EQ(I64x2ExtmulLowI32x4S(e, f), i64({0x4000000000000000ll, 1}));
  EXPECT_EQ(I64x2ExtmulHighI32x4S(e, f), i64({-0x3fffffff80000000ll, -6}));
  EXPECT_EQ(I64x2ExtmulLowI32x4U(e, f), u64({0x4000000000000000ull, 0xfffffffe00000001ull}));
  EXPECT_EQ(I64x2ExtmulHighI32x4U(e, f), u64({0x3fffffff80000000ull, 0x2fffffffaull}));
}

TEST(SimdSemantics, Dot) {
  V128 a = i16({-32768, -32768, 1, 2, -1, 32767, 0, 0});
  V128 b = i16({-32768, -32768, 3, 4, 32767, 32767, 5, 6});
  // 2 * 2^30 = 2^31 wraps to INT32_MIN.
  EXPECT_EQ(I32x4DotI16x8S(a, b), i32({INT32_MIN, 11, 1073643522, 0}));
}

TEST(SimdSemantics, FloatArithmetic) {
  EXPECT_EQ(F32x4Add(f32({1.5f, -1.0f, kInfF, 0x1p-149f}), f32({2.25f, 1.0f, 1.0f, 0x1p-149f})), f32({3.75f, 0.0f, kInfF, 0x1p-148f}));
  EXPECT_EQ(F32x4Sub(f32({1.5f, 0.0f, 3.0f, 1.0f}), f32({2.25f, 0.0f, 1.0f, 0x1p-24f})), f32({-0.75f, 0.0f, 2.0f, 0x1.fffffep-1f}));
  EXPECT_EQ(F32x4Mul(f32({1.5f, -0.0f, 3.0f, 0x1p100f}), f32({2.0f, 5.0f, -1.0f, 0x1p100f})), f32({3.0f, -0.0f, -3.0f, kInfF}));
  EXPECT_EQ(F32x4Div(f32({1.0f, -1.0f, 1.0f, 6.0f}), f32({0.0f, 0.0f, 3.0f, 4.0f})), f32({kInfF, -kInfF, 1.0f / 3.0f, 1.5f}));
  EXPECT_EQ(F32x4Sqrt(f32({4.0f, 2.0f, -0.0f, kInfF})), f32({2.0f, 0x1.6a09e6p+0f, -0.0f, kInfF}));
  EXPECT_EQ(F64x2Add(f64({0.1, 1e308}), f64({0.2, 1e308})), f64({0.30000000000000004, kInfD}));
  EXPECT_EQ(F64x2Sub(f64({1.0, -0.0}), f64({0x1p-53, 0.0})), f64({0x1.fffffffffffffp-1, -0.0}));
  EXPECT_EQ(F64x2Mul(f64({3.0, -0.0}), f64({0.5, -2.0})), f64({1.5, 0.0}));
  EXPECT_EQ(F64x2Div(f64({1.0, 9.0}), f64({-0.0, 3.0})), f64({-kInfD, 3.0}));
  EXPECT_EQ(F64x2Sqrt(f64({2.0, 9.0})), f64({0x1.6a09e667f3bcdp+0, 3.0}));

  V128 nan = F32x4Div(f32({0.0f, kInfF, 1.0f, 0.0f}), f32({0.0f, kInfF, 1.0f, 1.0f}));
  EXPECT_TRUE(isArithmeticNan32(f32bits(nan, 0)));
  EXPECT_TRUE(isArithmeticNan32(f32bits(nan, 1)));
  EXPECT_TRUE(isArithmeticNan32(f32bits(F32x4Sqrt(f32({-1.0f})), 0)));
  EXPECT_TRUE(isArithmeticNan64(f64bits(F64x2Sqrt(f64({-1.0})), 0)));
  // A signalling NaN operand gives an arithmetic (quiet) NaN.
  V128 snan = opaque(F32x4Splat(0x7fa00000u));
  EXPECT_TRUE(isArithmeticNan32(f32bits(F32x4Add(snan, f32({1, 1, 1, 1})), 0)));
  EXPECT_TRUE(isArithmeticNan64(f64bits(F64x2Mul(opaque(F64x2Splat(0x7ff0000000000001ull)), opaque(f64({1, 1}))), 1)));
}

TEST(SimdSemantics, FloatAbsNegKeepPayloads) {
  V128 a = u32({0xffc00001u, 0x7fa00000u, 0x80000000u, 0x3f800000u});
  EXPECT_EQ(F32x4Abs(a), u32({0x7fc00001u, 0x7fa00000u, 0x00000000u, 0x3f800000u}));
  EXPECT_EQ(F32x4Neg(a), u32({0x7fc00001u, 0xffa00000u, 0x00000000u, 0xbf800000u}));
  V128 d = u64({0xfff0000000000001ull, 0x0000000000000000ull});
  EXPECT_EQ(F64x2Abs(d), u64({0x7ff0000000000001ull, 0}));
  EXPECT_EQ(F64x2Neg(d), u64({0x7ff0000000000001ull, 0x8000000000000000ull}));
}

TEST(SimdSemantics, FloatMinMax) {
  V128 a = f32({kNanF, 1.0f, -0.0f, 0.0f});
  V128 b = f32({1.0f, kNanF, 0.0f, -0.0f});
  V128 mn = F32x4Min(a, b), mx = F32x4Max(a, b);
  EXPECT_TRUE(isCanonicalNan32(f32bits(mn, 0)));
  EXPECT_TRUE(isCanonicalNan32(f32bits(mn, 1)));
  EXPECT_EQ(f32bits(mn, 2), 0x80000000u);
  EXPECT_EQ(f32bits(mn, 3), 0x80000000u);
  EXPECT_TRUE(isCanonicalNan32(f32bits(mx, 0)));
  EXPECT_TRUE(isCanonicalNan32(f32bits(mx, 1)));
  EXPECT_EQ(f32bits(mx, 2), 0u);
  EXPECT_EQ(f32bits(mx, 3), 0u);
  EXPECT_EQ(F32x4Min(f32({1, -kInfF, 3, -2}), f32({2, kInfF, 3, 5})), f32({1, -kInfF, 3, -2}));
  EXPECT_EQ(F32x4Max(f32({1, -kInfF, 3, -2}), f32({2, kInfF, 3, 5})), f32({2, kInfF, 3, 5}));
  // A signalling / non-canonical NaN operand gives an arithmetic NaN.
  V128 s = opaque(u32({0x7fa00000u, 0xffc00001u, 0x7fa00000u, 0}));
  V128 one = f32({1, 1, kNanF, 1});
  for (unsigned i = 0; i < 3; ++i) {
    EXPECT_TRUE(isArithmeticNan32(f32bits(F32x4Min(s, one), i))) << i;
    EXPECT_TRUE(isArithmeticNan32(f32bits(F32x4Max(one, s), i))) << i;
  }

  V128 c = f64({kNanD, -0.0});
  V128 d = f64({-1.0, 0.0});
  EXPECT_TRUE(isCanonicalNan64(f64bits(F64x2Min(c, d), 0)));
  EXPECT_TRUE(isCanonicalNan64(f64bits(F64x2Max(d, c), 0)));
  EXPECT_EQ(f64bits(F64x2Min(c, d), 1), 0x8000000000000000ull);
  EXPECT_EQ(f64bits(F64x2Min(d, c), 1), 0x8000000000000000ull);
  EXPECT_EQ(f64bits(F64x2Max(c, d), 1), 0u);
  EXPECT_EQ(f64bits(F64x2Max(d, c), 1), 0u);
  EXPECT_EQ(F64x2Min(f64({1, -3}), f64({2, -4})), f64({1, -4}));
  EXPECT_EQ(F64x2Max(f64({1, -3}), f64({2, -4})), f64({2, -3}));
  EXPECT_TRUE(isArithmeticNan64(f64bits(F64x2Min(opaque(F64x2Splat(0x7ff0000000000001ull)), f64({0, 0})), 0)));
}

TEST(SimdSemantics, PminPmax) {
  // pmin = b < a ? b : a; pmax = a < b ? b : a; the chosen operand bit-exact.
  V128 a = u32({0x7fa00001u, bits(1.0f), bits(-0.0f), bits(0.0f)});
  V128 b = u32({bits(1.0f), 0xffc00002u, bits(0.0f), bits(-0.0f)});
  EXPECT_EQ(F32x4Pmin(a, b), a);
  EXPECT_EQ(F32x4Pmax(a, b), a);
  EXPECT_EQ(F32x4Pmin(f32({1, 5, -kInfF, 2}), f32({2, 4, kInfF, 2})), f32({1, 4, -kInfF, 2}));
  EXPECT_EQ(F32x4Pmax(f32({1, 5, -kInfF, 2}), f32({2, 4, kInfF, 2})), f32({2, 5, kInfF, 2}));
  V128 c = u64({0x7ff0000000000001ull, bits(-0.0)});
  V128 d = u64({bits(1.0), bits(0.0)});
  EXPECT_EQ(F64x2Pmin(c, d), c);
  EXPECT_EQ(F64x2Pmax(c, d), c);
  EXPECT_EQ(F64x2Pmin(d, c), d);
  EXPECT_EQ(F64x2Pmax(d, c), d);
  EXPECT_EQ(F64x2Pmin(f64({3, -1}), f64({2, 1})), f64({2, -1}));
  EXPECT_EQ(F64x2Pmax(f64({3, -1}), f64({2, 1})), f64({3, 1}));
}

TEST(SimdSemantics, Rounding) {
  EXPECT_EQ(F32x4Nearest(f32({0.5f, 1.5f, 2.5f, -0.5f})), f32({0.0f, 2.0f, 2.0f, -0.0f}));
  EXPECT_EQ(f32bits(F32x4Nearest(f32({-0.5f})), 0), 0x80000000u);
  EXPECT_EQ(F32x4Nearest(f32({-1.5f, 4.5f, -2.5f, 8388609.0f})), f32({-2.0f, 4.0f, -2.0f, 8388609.0f}));
  EXPECT_EQ(F32x4Nearest(f32({0.49999997f, -3.7f, 1e30f, -kInfF})), f32({0.0f, -4.0f, 1e30f, -kInfF}));
  EXPECT_EQ(F64x2Nearest(f64({0.5, 2.5})), f64({0.0, 2.0}));
  EXPECT_EQ(F64x2Nearest(f64({-3.5, 4503599627370497.0})), f64({-4.0, 4503599627370497.0}));
  EXPECT_EQ(f64bits(F64x2Nearest(f64({-0.4})), 0), 0x8000000000000000ull);

  EXPECT_EQ(F32x4Ceil(f32({-0.5f, 0.5f, 1.0f, -1.5f})), f32({-0.0f, 1.0f, 1.0f, -1.0f}));
  EXPECT_EQ(f32bits(F32x4Ceil(f32({-0.5f})), 0), 0x80000000u);
  EXPECT_EQ(F32x4Floor(f32({-0.5f, 0.5f, -1.0f, 1.5f})), f32({-1.0f, 0.0f, -1.0f, 1.0f}));
  EXPECT_EQ(f32bits(F32x4Floor(f32({-0.0f})), 0), 0x80000000u);
  EXPECT_EQ(F32x4Trunc(f32({-1.7f, 1.7f, -0.2f, 16777215.0f})), f32({-1.0f, 1.0f, -0.0f, 16777215.0f}));
  EXPECT_EQ(f32bits(F32x4Trunc(f32({-0.2f})), 0), 0x80000000u);
  EXPECT_EQ(F64x2Ceil(f64({-0.5, 1.0000001})), f64({-0.0, 2.0}));
  EXPECT_EQ(f64bits(F64x2Ceil(f64({-0.5})), 0), 0x8000000000000000ull);
  EXPECT_EQ(F64x2Floor(f64({-0.5, 2.9999})), f64({-1.0, 2.0}));
  EXPECT_EQ(F64x2Trunc(f64({-2.9999, 1e300})), f64({-2.0, 1e300}));

  // NaN in, arithmetic NaN out (signalling NaNs are quietened).
  V128 snan32 = opaque(F32x4Splat(0x7fa00000u));
  V128 snan64 = opaque(F64x2Splat(0x7ff4000000000000ull));
  for (auto op : {F32x4Ceil, F32x4Floor, F32x4Trunc, F32x4Nearest})
    for (unsigned i = 0; i < 4; ++i) EXPECT_TRUE(isArithmeticNan32(f32bits(op(snan32), i)));
  for (auto op : {F64x2Ceil, F64x2Floor, F64x2Trunc, F64x2Nearest})
    for (unsigned i = 0; i < 2; ++i) EXPECT_TRUE(isArithmeticNan64(f64bits(op(snan64), i)));
  for (auto op : {F32x4Ceil, F32x4Floor, F32x4Trunc, F32x4Nearest})
    EXPECT_TRUE(isCanonicalNan32(f32bits(op(F32x4Splat(0xffc00000u)), 0)));
}

TEST(SimdSemantics, TruncSat) {
  EXPECT_EQ(I32x4TruncSatF32x4S(f32({kNanF, kInfF, -kInfF, 2147483648.0f})), i32({0, INT32_MAX, INT32_MIN, INT32_MAX}));
  EXPECT_EQ(I32x4TruncSatF32x4S(f32({-2147483904.0f, -1.9f, 1.9f, -2147483648.0f})), i32({INT32_MIN, -1, 1, INT32_MIN}));
  EXPECT_EQ(I32x4TruncSatF32x4S(f32({2147483520.0f, 1e10f, -0.0f, -kNanF})), i32({2147483520, INT32_MAX, 0, 0}));
  EXPECT_EQ(I32x4TruncSatF32x4U(f32({kNanF, kInfF, -kInfF, -1.0f})), u32({0, 0xffffffffu, 0, 0}));
  EXPECT_EQ(I32x4TruncSatF32x4U(f32({-0.9f, 4294967296.0f, 4294967040.0f, 1.9f})), u32({0, 0xffffffffu, 4294967040u, 1}));
  EXPECT_EQ(I32x4TruncSatF32x4U(f32({2147483648.0f, 0.0f, 1e20f, 0x1p-149f})), u32({0x80000000u, 0, 0xffffffffu, 0}));
  EXPECT_EQ(I32x4TruncSatF64x2SZero(f64({2147483647.9, -2147483648.9})), i32({INT32_MAX, INT32_MIN, 0, 0}));
  EXPECT_EQ(I32x4TruncSatF64x2SZero(f64({kNanD, -kInfD})), i32({0, INT32_MIN, 0, 0}));
  EXPECT_EQ(I32x4TruncSatF64x2SZero(f64({2147483648.0, -2147483647.9})), i32({INT32_MAX, -2147483647, 0, 0}));
  EXPECT_EQ(I32x4TruncSatF64x2UZero(f64({4294967295.5, -0.99})), u32({0xffffffffu, 0, 0, 0}));
  EXPECT_EQ(I32x4TruncSatF64x2UZero(f64({4294967296.0, kNanD})), u32({0xffffffffu, 0, 0, 0}));
  EXPECT_EQ(I32x4TruncSatF64x2UZero(f64({-kInfD, 123.999})), u32({0, 123, 0, 0}));
}

TEST(SimdSemantics, Conversions) {
  EXPECT_EQ(F32x4ConvertI32x4S(i32({-1, INT32_MIN, 16777217, INT32_MAX})), f32({-1.0f, -2147483648.0f, 16777216.0f, 2147483648.0f}));
  EXPECT_EQ(F32x4ConvertI32x4S(i32({16777219, -16777219, 0, 7})), f32({16777220.0f, -16777220.0f, 0.0f, 7.0f}));
  EXPECT_EQ(F32x4ConvertI32x4U(u32({0xffffffffu, 0x80000001u, 16777217, 0x80000080u})),
            f32({4294967296.0f, 2147483648.0f, 16777216.0f, 2147483648.0f}));
  EXPECT_EQ(F32x4ConvertI32x4U(u32({0x80000081u, 1, 0, 0xffffff7fu})), f32({2147483904.0f, 1.0f, 0.0f, 4294967040.0f}));
  EXPECT_EQ(F64x2ConvertLowI32x4S(i32({INT32_MIN, -1, 99, 99})), f64({-2147483648.0, -1.0}));
  EXPECT_EQ(F64x2ConvertLowI32x4U(u32({0xffffffffu, 0x80000000u, 99, 99})), f64({4294967295.0, 2147483648.0}));

  V128 dem = F32x4DemoteF64x2Zero(f64({1.0, 1e300}));
  EXPECT_EQ(dem, f32({1.0f, kInfF, 0.0f, 0.0f}));
  EXPECT_EQ(f32bits(dem, 2), 0u);
  EXPECT_EQ(f32bits(dem, 3), 0u);
  EXPECT_EQ(F32x4DemoteF64x2Zero(f64({1e-50, -0x1.fffffefffffffp-1})), f32({0.0f, -0x1.fffffep-1f, 0, 0}));
  EXPECT_EQ(f32bits(F32x4DemoteF64x2Zero(f64({-1e-50, 0})), 0), 0x80000000u);
  EXPECT_EQ(F32x4DemoteF64x2Zero(f64({0x1.000001p+0, 0x1.0000030000001p+0})), f32({1.0f, 0x1.000004p+0f, 0, 0}));
  EXPECT_TRUE(isCanonicalNan32(f32bits(F32x4DemoteF64x2Zero(f64({kNanD, 0})), 0)));
  EXPECT_TRUE(isArithmeticNan32(f32bits(F32x4DemoteF64x2Zero(opaque(F64x2Splat(0x7ff0000000000001ull))), 1)));

  EXPECT_EQ(F64x2PromoteLowF32x4(f32({1.5f, -0.0f, 7.0f, 8.0f})), f64({1.5, -0.0}));
  EXPECT_EQ(f64bits(F64x2PromoteLowF32x4(f32({1.5f, -0.0f})), 1), 0x8000000000000000ull);
  EXPECT_EQ(F64x2PromoteLowF32x4(f32({0x1p-149f, -kInfF})), f64({0x1p-149, -kInfD}));
  EXPECT_TRUE(isCanonicalNan64(f64bits(F64x2PromoteLowF32x4(f32({kNanF})), 0)));
  EXPECT_TRUE(isArithmeticNan64(f64bits(F64x2PromoteLowF32x4(opaque(F32x4Splat(0x7fa00000u))), 0)));
}

// Petrel's choice among the NaNs the spec allows: every float operation that
// computes a NaN returns the positive canonical NaN, on every host and in both
// implementations (bit operations keep payloads, tested above).
TEST(SimdSemantics, NanResultsArePositiveCanonical) {
  V128 s32 = opaque(u32({0x7fa00001u, 0xffc12345u, 0xff800001u, 0x7fffffffu}));
  V128 one32 = opaque(f32({1, 1, 1, 1}));
  const V128 c32 = I32x4Splat(0x7fc00000u);
  EXPECT_EQ(F32x4Add(s32, one32), c32);
  EXPECT_EQ(F32x4Sub(one32, s32), c32);
  EXPECT_EQ(F32x4Mul(s32, one32), c32);
  EXPECT_EQ(F32x4Div(one32, s32), c32);
  EXPECT_EQ(F32x4Min(s32, one32), c32);
  EXPECT_EQ(F32x4Max(one32, s32), c32);
  EXPECT_EQ(F32x4Sqrt(s32), c32);
  EXPECT_EQ(F32x4Sqrt(f32({-1, -1, -1, -1})), c32);
  EXPECT_EQ(F32x4Nearest(s32), c32);
  EXPECT_EQ(F32x4Ceil(s32), c32);
  EXPECT_EQ(F32x4RelaxedMadd(s32, one32, one32), c32);
  EXPECT_EQ(F32x4RelaxedNmadd(one32, one32, s32), c32);
  EXPECT_EQ(F32x4Sub(f32({kInfF, kInfF, kInfF, kInfF}), f32({kInfF, kInfF, kInfF, kInfF})), c32);
  V128 s64 = opaque(u64({0xfff0000000000001ull, 0x7ff8000000000abcull}));
  V128 one64 = opaque(f64({1, 1}));
  const V128 c64 = I64x2Splat(0x7ff8000000000000ull);
  EXPECT_EQ(F64x2Add(one64, s64), c64);
  EXPECT_EQ(F64x2Mul(s64, one64), c64);
  EXPECT_EQ(F64x2Max(s64, one64), c64);
  EXPECT_EQ(F64x2Min(one64, s64), c64);
  EXPECT_EQ(F64x2Floor(s64), c64);
  EXPECT_EQ(F64x2RelaxedMadd(one64, s64, one64), c64);
  EXPECT_EQ(F64x2PromoteLowF32x4(s32), c64);
  EXPECT_EQ(F32x4DemoteF64x2Zero(s64), u32({0x7fc00000u, 0x7fc00000u, 0, 0}));
}

// ---- Relaxed SIMD: the deterministic choice, and that it is one of the
// results relaxed-simd/*.wast allows with `either`.

TEST(SimdSemantics, RelaxedSwizzleIsSwizzle) {
  V128 a = u8({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  EXPECT_EQ(I8x16RelaxedSwizzle(a, a), a);
  EXPECT_EQ(I8x16RelaxedSwizzle(a, u8({16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31})), zero());
  EXPECT_EQ(I8x16RelaxedSwizzle(a, u8({128, 129, 130, 131, 132, 133, 134, 135, 248, 249, 250, 251, 252, 253, 254, 255})), zero());
  EXPECT_EQ(I8x16RelaxedSwizzle(a, u8({15, 16, 0, 200})), u8({15, 0, 0, 0}));
}

TEST(SimdSemantics, RelaxedTruncIsTruncSat) {
  EXPECT_EQ(I32x4RelaxedTruncF32x4S(f32({kNanF, kInfF, -kInfF, -1.9f})), i32({0, INT32_MAX, INT32_MIN, -1}));
  EXPECT_EQ(I32x4RelaxedTruncF32x4U(f32({kNanF, 4294967296.0f, -1.0f, 1.9f})), u32({0, 0xffffffffu, 0, 1}));
  EXPECT_EQ(I32x4RelaxedTruncF64x2SZero(f64({kNanD, -2147483649.0})), i32({0, INT32_MIN, 0, 0}));
  EXPECT_EQ(I32x4RelaxedTruncF64x2UZero(f64({-1.0, 4294967296.0})), u32({0, 0xffffffffu, 0, 0}));
}

TEST(SimdSemantics, RelaxedMaddIsUnfused) {
  const float fmax = std::numeric_limits<float>::max();
  // FLT_MAX * 2 overflows to inf before the add (fused would give FLT_MAX).
  EXPECT_EQ(F32x4RelaxedMadd(f32({fmax, fmax, fmax, fmax}), f32({2, 2, 2, 2}), f32({-fmax, -fmax, -fmax, -fmax})),
            f32({kInfF, kInfF, kInfF, kInfF}));
  // x*y rounds to -z exactly, so the sum is 0 (fused would give 0x1p-37).
  V128 x = F32x4Splat(bits(0x1.000004p+0f)), y = F32x4Splat(bits(0x1.0002p+0f)), z = F32x4Splat(bits(-0x1.000204p+0f));
  V128 nx = F32x4Splat(bits(-0x1.000004p+0f)), ny = F32x4Splat(bits(-0x1.0002p+0f));
  EXPECT_EQ(F32x4RelaxedMadd(x, y, z), zero());
  EXPECT_EQ(F32x4RelaxedNmadd(nx, y, z), zero());
  EXPECT_EQ(F32x4RelaxedNmadd(x, ny, z), zero());
  EXPECT_EQ(F32x4RelaxedMadd(f32({2, 1, -1, 0}), f32({3, 1, 1, 5}), f32({1, -1, 0.5f, -0.0f})), f32({7, 0, -0.5f, 0}));
  EXPECT_EQ(F32x4RelaxedNmadd(f32({2, 1, -1, 0}), f32({3, 1, 1, 5}), f32({1, 1, 0.5f, -0.0f})), f32({-5, 0, 1.5f, -0.0f}));

  const double dmax = std::numeric_limits<double>::max();
  EXPECT_EQ(F64x2RelaxedMadd(f64({dmax, dmax}), f64({2, 2}), f64({-dmax, -dmax})), f64({kInfD, kInfD}));
  V128 dx = F64x2Splat(bits(0x1.00000004p+0)), dy = F64x2Splat(bits(0x1.000002p+0)), dz = F64x2Splat(bits(-0x1.00000204p+0));
  V128 ndx = F64x2Splat(bits(-0x1.00000004p+0)), ndy = F64x2Splat(bits(-0x1.000002p+0));
  EXPECT_EQ(F64x2RelaxedMadd(dx, dy, dz), zero());
  EXPECT_EQ(F64x2RelaxedNmadd(ndx, dy, dz), zero());
  EXPECT_EQ(F64x2RelaxedNmadd(dx, ndy, dz), zero());
  EXPECT_EQ(F64x2RelaxedNmadd(f64({2, 0.5}), f64({3, 4}), f64({1, 2})), f64({-5, 0}));
}

TEST(SimdSemantics, RelaxedLaneselectIsBitselect) {
  EXPECT_EQ(I8x16RelaxedLaneselect(u8({0, 1, 0x12, 0x12, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
                                   u8({16, 17, 0x34, 0x34, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}),
                                   u8({0xff, 0, 0xf0, 0x0f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})),
            u8({0, 17, 0x14, 0x32, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}));
  EXPECT_EQ(I16x8RelaxedLaneselect(u16({0, 1, 0x1234, 0x1234, 4, 5, 6, 7}), u16({8, 9, 0x5678, 0x5678, 12, 13, 14, 15}),
                                   u16({0xffff, 0, 0xff00, 0x0080, 0, 0, 0, 0})),
            u16({0, 9, 0x1278, 0x5678, 12, 13, 14, 15}));
  EXPECT_EQ(I32x4RelaxedLaneselect(u32({0, 1, 0x12341234, 0x12341234}), u32({4, 5, 0x56785678, 0x56785678}),
                                   u32({0xffffffffu, 0, 0xffff0000u, 0x0000ffffu})),
            u32({0, 5, 0x12345678, 0x56781234}));
  EXPECT_EQ(I64x2RelaxedLaneselect(u64({0x1234123412341234ull, 0x1234123412341234ull}),
                                   u64({0x5678567856785678ull, 0x5678567856785678ull}),
                                   u64({0xffffffff00000000ull, 0x00000000ffffffffull})),
            u64({0x1234123456785678ull, 0x5678567812341234ull}));
  // Every bit of the mask counts, not only the top bit of each lane.
  EXPECT_EQ(I64x2RelaxedLaneselect(u64({~0ull, 0}), u64({0, ~0ull}), u64({0x8000000000000001ull, 0x1})),
            u64({0x8000000000000001ull, 0xfffffffffffffffeull}));
}

TEST(SimdSemantics, RelaxedMinMaxIsMinMax) {
  V128 a = u32({0xffc00000u, 0x7fc00000u, 0, 0});
  V128 b = u32({0, 0, 0xffc00000u, 0x7fc00000u});
  for (unsigned i = 0; i < 4; ++i) {
    EXPECT_TRUE(isCanonicalNan32(f32bits(F32x4RelaxedMin(a, b), i)));
    EXPECT_TRUE(isCanonicalNan32(f32bits(F32x4RelaxedMax(a, b), i)));
  }
  V128 c = f32({0.0f, -0.0f, 0.0f, -0.0f});
  V128 d = f32({-0.0f, 0.0f, 0.0f, -0.0f});
  EXPECT_EQ(F32x4RelaxedMin(c, d), u32({0x80000000u, 0x80000000u, 0, 0x80000000u}));
  EXPECT_EQ(F32x4RelaxedMax(c, d), u32({0, 0, 0, 0x80000000u}));
  V128 e = u64({0xfff8000000000000ull, 0x7ff8000000000000ull});
  EXPECT_TRUE(isCanonicalNan64(f64bits(F64x2RelaxedMin(e, f64({0, 0})), 0)));
  EXPECT_TRUE(isCanonicalNan64(f64bits(F64x2RelaxedMin(f64({0, 0}), e), 1)));
  EXPECT_TRUE(isCanonicalNan64(f64bits(F64x2RelaxedMax(e, f64({0, 0})), 1)));
  EXPECT_TRUE(isCanonicalNan64(f64bits(F64x2RelaxedMax(f64({0, 0}), e), 0)));
  EXPECT_EQ(F64x2RelaxedMin(f64({0.0, -0.0}), f64({-0.0, 0.0})), u64({0x8000000000000000ull, 0x8000000000000000ull}));
  EXPECT_EQ(F64x2RelaxedMin(f64({0.0, -0.0}), f64({0.0, -0.0})), u64({0, 0x8000000000000000ull}));
  EXPECT_EQ(F64x2RelaxedMax(f64({0.0, -0.0}), f64({-0.0, 0.0})), u64({0, 0}));
  EXPECT_EQ(F64x2RelaxedMax(f64({1.0, -2.0}), f64({3.0, -4.0})), f64({3.0, -2.0}));
}

TEST(SimdSemantics, RelaxedQ15mulrSaturates) {
  EXPECT_EQ(I16x8RelaxedQ15mulrS(i16({-32768, -32767, 32767, 0, 1, -1, 0x4000, 3}), i16({-32768, -32768, 32767, 0, 16384, 16385, 0x4000, 5})),
            i16({32767, 32767, 32766, 0, 1, -1, 8192, 0}));
}

TEST(SimdSemantics, RelaxedDotIsSignedWithSaturatingPairs) {
  V128 ramp = i8({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  EXPECT_EQ(I16x8RelaxedDotI8x16I7x16S(ramp, ramp), i16({1, 13, 41, 85, 145, 221, 313, 421}));
  EXPECT_EQ(I16x8RelaxedDotI8x16I7x16S(i8({-128, -128, 127, 127}), i8({127, 127, 127, 127})), i16({-32512, 32258}));
  // b >= 0x80: read as signed (-127), one of the three results the spec test allows.
  EXPECT_EQ(I16x8RelaxedDotI8x16I7x16S(i8({-128, -128}), i8({-127, -127})), i16({32512}));
  // -128 * -128 * 2 = 32768 saturates (spec ivdotsat).
  EXPECT_EQ(I16x8RelaxedDotI8x16I7x16S(i8({-128, -128, -128, 127}), i8({-128, -128, -128, -128})), i16({32767, 128}));

  EXPECT_EQ(I32x4RelaxedDotI8x16I7x16AddS(ramp, ramp, i32({0, 1, 2, 3})), i32({14, 127, 368, 737}));
  EXPECT_EQ(I32x4RelaxedDotI8x16I7x16AddS(i8({-128, -128, -128, -128, 127, 127, 127, 127}), i8({127, 127, 127, 127, 127, 127, 127, 127}),
                                          i32({1, 2, 3, 4})),
            i32({-65023, 64518, 3, 4}));
  EXPECT_EQ(I32x4RelaxedDotI8x16I7x16AddS(i8({-128, -128, -128, -128}), i8({-127, -127, -127, -127}), i32({1, 2, 3, 4})),
            i32({65025, 2, 3, 4}));
  // Saturated 16-bit pairs (32767 each), then widened and added; the add to c wraps.
  EXPECT_EQ(I32x4RelaxedDotI8x16I7x16AddS(i8({-128, -128, -128, -128, 1, 1, 0, 0}), i8({-128, -128, -128, -128, 1, 1, 0, 0}),
                                          i32({0, INT32_MAX, 0, 0})),
            i32({65534, INT32_MIN + 1, 0, 0}));
}

}  // namespace
}  // namespace petrel::internal::simd
