// libFuzzer harness: differential check of exec/simd.h's two implementations
// (vector extensions and PETREL_SIMD_SCALAR lane loops), which must agree bit
// for bit on every input. Each input is a sequence of records, each one
// operator (simd_fuzzer_ops.h: all of simd_ops.def, i8x16.shuffle, the
// extending loads) with the operands its shape needs; the first difference
// prints the operator, operands and both results in hex and aborts.
//
// Operands lean toward the values where implementations go wrong: per lane
// width the integer limits and their neighbours, and for floats signed
// zeros, infinities, NaNs with payloads (quiet and signalling), subnormals,
// ties for rounding, and the limits of float->int saturation (2^31, 2^32 and
// the floats next to them); a lane may also be such a value plus a small
// delta, or raw bytes. Before fuzzing, LLVMFuzzerInitialize sweeps every
// operator over those edge values (every pair of them, in every lane, for
// the binary operators), so the edges are checked even in a short run.
//
// Input record: op byte, then by shape
//   vector: mode byte (low 3 bits: 0 raw 16 bytes, 1..6 lanes of i8 i16 i32
//           i64 f32 f64, 7 a splat of one lane of kind (mode >> 3) % 6), then
//           per lane a selector byte (0x00-0x7f edge, 0x80-0xbf edge plus the
//           next byte as a signed delta, 0xc0-0xff raw lane bytes)
//   scalar: kind byte (% 6; bit 7: sign-extend to 64 bits) and one lane
//   count:  selector byte (< 0xc0 an edge count, else 4 raw bytes)
//   lane:   byte % lanes;  shuffle: 16 bytes % 32
// Missing bytes read as zero.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <vector>

#include "simd_fuzzer_ops.h"

using namespace petrel::internal::simd_fuzz;

namespace {

constexpr uint64_t f32(float f) { return std::bit_cast<uint32_t>(f); }
constexpr uint64_t f64(double d) { return std::bit_cast<uint64_t>(d); }

// Edge values per lane kind, as lane bit patterns.
constexpr uint64_t kI8[] = {0x00, 0x01, 0xff, 0x7f, 0x80, 0x81, 0x7e, 0xfe, 0x02, 0x0f,
                            0x10, 0x1f, 0x20, 0x40, 0xc0, 0x55, 0xaa};
constexpr uint64_t kI16[] = {0x0000, 0x0001, 0xffff, 0x7fff, 0x8000, 0x8001, 0x7ffe, 0xfffe, 0x007f, 0x0080,
                             0xff80, 0xff7f, 0x00ff, 0x0100, 0x4000, 0xc000, 0x3fff, 0x5555};
constexpr uint64_t kI32[] = {0x00000000, 0x00000001, 0xffffffff, 0x7fffffff, 0x80000000, 0x80000001,
                             0x7ffffffe, 0xfffffffe, 0x00007fff, 0x00008000, 0xffff8000, 0xffff7fff,
                             0x0000ffff, 0x00010000, 0x00ff00ff, 0x80008000, 0x40000000};
constexpr uint64_t kI64[] = {0x0000000000000000, 0x0000000000000001, 0xffffffffffffffff, 0x7fffffffffffffff,
                             0x8000000000000000, 0x8000000000000001, 0x7ffffffffffffffe, 0x00000000ffffffff,
                             0x0000000100000000, 0x000000007fffffff, 0x0000000080000000, 0xffffffff80000000,
                             0xffffffff7fffffff, 0x8000000080000000, 0x4000000000000000};
constexpr uint64_t kF32[] = {
    f32(0.0f), f32(-0.0f), f32(1.0f), f32(-1.0f), f32(0.5f), f32(-0.5f), f32(1.5f), f32(2.5f), f32(-2.5f),
    f32(0.49999997f), f32(-0.99999994f), f32(1.00000012f),
    0x7f800000, 0xff800000,                          // +-inf
    0x7fc00000, 0xffc00000, 0x7fc00001, 0x7fffffff,  // quiet NaNs, with payloads
    0x7f800001, 0xff800001, 0x7fa00000,              // signalling NaNs
    0x00000001, 0x80000001, 0x007fffff, 0x807fffff,  // subnormals
    0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff,  // smallest normal, largest finite
    f32(2147483648.0f), f32(-2147483648.0f),         // 2^31, -2^31
    f32(2147483520.0f), f32(-2147483904.0f),         // the floats next to them
    f32(4294967296.0f), f32(4294967040.0f),          // 2^32 and the float below
    f32(8388608.0f), f32(8388609.0f), f32(8388607.5f), f32(16777216.0f), f32(16777218.0f),
    f32(9223372036854775808.0f), f32(-4294967296.0f)};
constexpr uint64_t kF64[] = {
    f64(0.0), f64(-0.0), f64(1.0), f64(-1.0), f64(0.5), f64(-0.5), f64(1.5), f64(2.5), f64(-2.5),
    f64(0.49999999999999994), f64(-0.9999999999999999),
    0x7ff0000000000000, 0xfff0000000000000,                                          // +-inf
    0x7ff8000000000000, 0xfff8000000000000, 0x7ff8000000000001, 0x7fffffffffffffff,  // quiet NaNs
    0x7ff0000000000001, 0xfff0000000000001, 0x7ff4000000000000, 0x7ff8000020000000,  // signalling, payloads
    0x0000000000000001, 0x8000000000000001, 0x000fffffffffffff, 0x0010000000000000,  // subnormals, min normal
    0x7fefffffffffffff, 0xffefffffffffffff,                                          // largest finite
    f64(2147483648.0), f64(-2147483648.0), f64(2147483647.0), f64(2147483647.5), f64(-2147483648.5),
    f64(-2147483649.0), f64(4294967296.0), f64(4294967295.0), f64(4294967295.5),
    f64(4503599627370496.0), f64(4503599627370497.0), f64(2251799813685248.5),  // 2^52, 2^51 + 0.5
    // Demotion edges: the largest float, halfway to the next power of two
    // (rounds to inf), the float subnormal limits, ties to even.
    0x47efffffe0000000, 0x47effffff0000000, 0x36a0000000000000, 0x3690000000000000, 0x3810000000000000,
    0x3ff0000010000000, 0x3ff0000030000000, f64(1e300)};

struct Kind {
  const char* name;
  unsigned bytes;
  const uint64_t* edges;
  unsigned count;
};
constexpr Kind kKinds[] = {
    {"i8", 1, kI8, unsigned(std::size(kI8))},     {"i16", 2, kI16, unsigned(std::size(kI16))},
    {"i32", 4, kI32, unsigned(std::size(kI32))},  {"i64", 8, kI64, unsigned(std::size(kI64))},
    {"f32", 4, kF32, unsigned(std::size(kF32))},  {"f64", 8, kF64, unsigned(std::size(kF64))},
};
constexpr unsigned kKindCount = std::size(kKinds);
static_assert(kI8[0] == 0 && std::size(kF64) <= 128 && std::size(kF32) <= 128, "selectors reach 128 edges");

// Shift counts: the lane widths and their neighbours, and counts far beyond
// them (only count mod width matters).
constexpr uint32_t kCounts[] = {0,   1,   2,   7,   8,   9,          15,         16,         17,        31,
                                32,  33,  63,  64,  65,  127,        128,        255,        256,       0x7fffffff,
                                0x80000000, 0xffffffff, 0xfffffff8, 0x1000000f, 0x12345671};

uint64_t laneMask(unsigned bytes) { return bytes == 8 ? ~uint64_t(0) : (uint64_t(1) << (8 * bytes)) - 1; }

struct Reader {
  const uint8_t* p;
  size_t n;
  bool empty() const { return n == 0; }
  uint8_t u8() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  uint64_t bytes(unsigned k) {  // little-endian
    uint64_t v = 0;
    for (unsigned i = 0; i < k; ++i) v |= uint64_t(u8()) << (8 * i);
    return v;
  }
};

uint64_t readLane(Reader& in, const Kind& k) {
  uint8_t sel = in.u8();
  uint64_t edge = k.edges[(sel & 0x7f) % k.count];
  if (sel < 0x80) return edge;
  if (sel < 0xc0) return (edge + uint64_t(int64_t(int8_t(in.u8())))) & laneMask(k.bytes);
  return in.bytes(k.bytes);
}

void putLane(uint8_t* v, unsigned bytes, unsigned i, uint64_t x) { std::memcpy(v + i * bytes, &x, bytes); }

void readVector(Reader& in, uint8_t v[16]) {
  uint8_t mode = in.u8();
  unsigned form = mode & 7;
  if (form == 0) {
    for (unsigned i = 0; i < 16; ++i) v[i] = in.u8();
    return;
  }
  const Kind& k = form == 7 ? kKinds[(mode >> 3) % kKindCount] : kKinds[form - 1];
  uint64_t x = 0;
  for (unsigned i = 0; i < 16 / k.bytes; ++i) {
    if (form != 7 || i == 0) x = readLane(in, k);
    putLane(v, k.bytes, i, x);
  }
}

uint64_t signExtend(uint64_t x, unsigned bytes) {
  unsigned shift = 64 - 8 * bytes;
  return uint64_t(int64_t(x << shift) >> shift);
}

uint64_t readScalar(Reader& in) {
  uint8_t m = in.u8();
  const Kind& k = kKinds[(m & 0x7f) % kKindCount];
  uint64_t x = readLane(in, k);
  return m & 0x80 ? signExtend(x, k.bytes) : x;
}

uint32_t readCount(Reader& in) {
  uint8_t sel = in.u8();
  if (sel < 0xc0) return kCounts[sel % std::size(kCounts)];
  return uint32_t(in.bytes(4));
}

const char* shapeName(Shape s) {
  switch (s) {
    case Shape::Unary: return "unary";
    case Shape::Binary: return "binary";
    case Shape::Ternary: return "ternary";
    case Shape::Test: return "test";
    case Shape::Shift: return "shift";
    case Shape::Splat: return "splat";
    case Shape::Extract: return "extract_lane";
    case Shape::Replace: return "replace_lane";
    case Shape::Shuffle: return "shuffle";
    case Shape::Load: return "extending load";
  }
  return "?";
}

void printV128(const char* label, const uint8_t v[16]) {
  std::fprintf(stderr, "  %-7s bytes", label);
  for (unsigned i = 0; i < 16; ++i) std::fprintf(stderr, " %02x", v[i]);
  std::fprintf(stderr, "\n          u32  ");
  for (unsigned i = 0; i < 4; ++i) {
    uint32_t w;
    std::memcpy(&w, v + 4 * i, 4);
    std::fprintf(stderr, " 0x%08x (%.9g)", w, double(std::bit_cast<float>(w)));
  }
  std::fprintf(stderr, "\n          u64  ");
  for (unsigned i = 0; i < 2; ++i) {
    uint64_t w;
    std::memcpy(&w, v + 8 * i, 8);
    std::fprintf(stderr, " 0x%016llx (%.17g)", static_cast<unsigned long long>(w), std::bit_cast<double>(w));
  }
  std::fprintf(stderr, "\n");
}

void printResult(const char* label, const Result& r) {
  if (r.is_scalar)
    std::fprintf(stderr, "  %-7s 0x%016llx\n", label, static_cast<unsigned long long>(r.scalar));
  else
    printV128(label, r.v128);
}

[[noreturn]] void reportDifference(uint32_t op, const Operands& in, const Result* vector, const Result* scalar) {
  const OpInfo& info = kOps[op];
  std::fprintf(stderr, "\nsimd_fuzzer: exec/simd.h's vector and scalar implementations differ\n");
  std::fprintf(stderr, "  op      %s (%s, OpIndex %u)\n", info.name, shapeName(info.shape), op);
  switch (info.shape) {
    case Shape::Ternary: printV128("a", in.a), printV128("b", in.b), printV128("c", in.c); break;
    case Shape::Binary:
    case Shape::Shuffle: printV128("a", in.a), printV128("b", in.b); break;
    case Shape::Unary:
    case Shape::Test:
    case Shape::Shift:
    case Shape::Extract:
    case Shape::Replace: printV128("a", in.a); break;
    case Shape::Splat:
    case Shape::Load: break;
  }
  if (info.shape == Shape::Shift) std::fprintf(stderr, "  count   %u (0x%08x)\n", in.count, in.count);
  if (info.shape == Shape::Splat || info.shape == Shape::Replace || info.shape == Shape::Load)
    std::fprintf(stderr, "  x       0x%016llx (%u bytes used)\n", static_cast<unsigned long long>(in.x),
                 unsigned(info.scalar_bytes));
  if (info.shape == Shape::Extract || info.shape == Shape::Replace) std::fprintf(stderr, "  lane    %u\n", in.lane);
  if (info.shape == Shape::Shuffle) {
    std::fprintf(stderr, "  lanes  ");
    for (unsigned i = 0; i < 16; ++i) std::fprintf(stderr, " %u", in.shuffle[i]);
    std::fprintf(stderr, "\n");
  }
  if (vector && scalar) {
    printResult("vector", *vector);
    printResult("scalar", *scalar);
  } else {
    std::fprintf(stderr, "  an implementation does not know this OpIndex\n");
  }
  std::abort();
}

uint64_t checks = 0;

void check(uint32_t op, const Operands& in) {
  Result v{}, s{};
  bool known_v = evalVector(op, in, v);
  bool known_s = evalScalar(op, in, s);
  ++checks;
  if (!known_v || !known_s) reportDifference(op, in, nullptr, nullptr);
  bool same = v.is_scalar == s.is_scalar &&
              (v.is_scalar ? v.scalar == s.scalar : std::memcmp(v.v128, s.v128, 16) == 0);
  if (!same) reportDifference(op, in, &v, &s);
}

// ---- The sweep over the edge values ----------------------------------------

// Rotation j of kind k: lane i holds edge (i + j) % count, so the rotations
// put every edge in every lane, and the pairs (rotation j, rotation m) put
// every pair of edges side by side in every lane.
void rotation(const Kind& k, unsigned j, uint8_t v[16]) {
  for (unsigned i = 0; i < 16 / k.bytes; ++i) putLane(v, k.bytes, i, k.edges[(i + j) % k.count]);
}
void splatOf(const Kind& k, unsigned j, uint8_t v[16]) {
  for (unsigned i = 0; i < 16 / k.bytes; ++i) putLane(v, k.bytes, i, k.edges[j % k.count]);
}

void sweep() {
  Operands in{};
  std::vector<uint64_t> scalars;
  for (const Kind& k : kKinds)
    for (unsigned j = 0; j < k.count; ++j) {
      scalars.push_back(k.edges[j]);
      scalars.push_back(signExtend(k.edges[j], k.bytes));
    }
  for (uint32_t op = 0; op < kOpCount; ++op) {
    const OpInfo& info = kOps[op];
    switch (info.shape) {
      case Shape::Unary:
      case Shape::Test:
        for (const Kind& k : kKinds)
          for (unsigned j = 0; j < k.count; ++j) {
            rotation(k, j, in.a), check(op, in);
            splatOf(k, j, in.a), check(op, in);
          }
        break;
      case Shape::Binary:
      case Shape::Ternary:
        for (const Kind& k : kKinds)
          for (unsigned j = 0; j < k.count; ++j)
            for (unsigned m = 0; m < k.count; ++m) {
              rotation(k, j, in.a), rotation(k, m, in.b), rotation(k, j * 7 + m, in.c);
              check(op, in);
            }
        break;
      case Shape::Shift:
        for (const Kind& k : kKinds)
          for (unsigned j = 0; j < k.count; ++j)
            for (uint32_t count : kCounts) {
              in.count = count;
              rotation(k, j, in.a), check(op, in);
            }
        break;
      case Shape::Splat:
      case Shape::Load:
        for (uint64_t x : scalars) in.x = x, check(op, in);
        break;
      case Shape::Extract:
        for (const Kind& k : kKinds)
          for (unsigned j = 0; j < k.count; ++j)
            for (uint32_t lane = 0; lane < info.lanes; ++lane) {
              in.lane = lane;
              rotation(k, j, in.a), check(op, in);
            }
        break;
      case Shape::Replace:
        rotation(kKinds[0], 0, in.a);
        for (uint64_t x : scalars)
          for (uint32_t lane = 0; lane < info.lanes; ++lane) in.x = x, in.lane = lane, check(op, in);
        break;
      case Shape::Shuffle:
        rotation(kKinds[0], 0, in.a), rotation(kKinds[0], 5, in.b);
        for (unsigned pattern = 0; pattern < 64; ++pattern) {
          for (unsigned i = 0; i < 16; ++i) {
            // Identity, reverse, b only, interleaves, broadcasts, then pseudo-random.
            unsigned l = pattern == 0 ? i : pattern == 1 ? 15 - i : pattern == 2 ? 16 + i
                       : pattern == 3 ? (i / 2) + 16 * (i & 1) : pattern < 8 ? (pattern * 7) & 31
                                                                 : (pattern * 2654435761u + i * 40503u) >> 11;
            in.shuffle[i] = uint8_t(l & 31);
          }
          check(op, in);
        }
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sweep();
  std::fprintf(stderr, "simd_fuzzer: %u operators; the edge-value sweep checked %llu applications\n",
               unsigned(kOpCount), static_cast<unsigned long long>(checks));
  std::atexit([] {
    std::fprintf(stderr, "simd_fuzzer: %llu operator applications checked in all\n",
                 static_cast<unsigned long long>(checks));
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static_assert(kOpCount <= 256, "one op byte");
  Reader in{data, size};
  for (unsigned record = 0; record < 64 && (record == 0 || !in.empty()); ++record) {
    const uint32_t op = in.u8() % kOpCount;
    const OpInfo& info = kOps[op];
    Operands o{};
    switch (info.shape) {
      case Shape::Ternary: readVector(in, o.a), readVector(in, o.b), readVector(in, o.c); break;
      case Shape::Binary: readVector(in, o.a), readVector(in, o.b); break;
      case Shape::Unary:
      case Shape::Test: readVector(in, o.a); break;
      case Shape::Shift: readVector(in, o.a), o.count = readCount(in); break;
      case Shape::Splat:
      case Shape::Load: o.x = readScalar(in); break;
      case Shape::Extract: readVector(in, o.a), o.lane = in.u8() % info.lanes; break;
      case Shape::Replace: readVector(in, o.a), o.x = readScalar(in), o.lane = in.u8() % info.lanes; break;
      case Shape::Shuffle:
        readVector(in, o.a), readVector(in, o.b);
        for (uint8_t& l : o.shuffle) l = in.u8() % 32;
        break;
    }
    check(op, o);
  }
  return 0;
}
