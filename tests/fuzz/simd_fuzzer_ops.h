// What simd_fuzzer checks: the operators of exec/simd.h with their operand
// shapes, and the two entry points that run one of them through each
// implementation (simd_fuzzer_vector.cpp, simd_fuzzer_scalar.cpp).
//
// The operator list is exec/simd_ops.def (so an operator added there is
// fuzzed without touching this file) plus i8x16.shuffle and the extending-load
// helpers, which the .def leaves out. Every shape macro is defined here, so
// the .def's SIMD_OP fallback is never used: a new shape in the .def expands
// to an undefined SIMD_OP(...) and fails to compile until this harness learns it.
//
// This header does not include exec/simd.h: its users see only bytes, so
// nothing outside the two implementation files names simd.h's functions.
#pragma once

#include <cstddef>
#include <cstdint>

namespace petrel::internal::simd_fuzz {

// The scalar operand types simd_ops.def names.
using u32 = uint32_t;
using u64 = uint64_t;

enum class Shape : uint8_t {
  Unary,    // v128 -> v128
  Binary,   // v128 v128 -> v128
  Ternary,  // v128 v128 v128 -> v128
  Test,     // v128 -> i32
  Shift,    // v128 i32 -> v128 (any count)
  Splat,    // scalar -> v128
  Extract,  // v128, lane -> scalar
  Replace,  // v128 scalar, lane -> v128
  Shuffle,  // v128 v128, 16 lanes 0..31 -> v128
  Load,     // 8 bytes as a little-endian u64 -> v128
};

enum OpIndex : uint32_t {
#define SIMD_UNARY(name) k##name,
#define SIMD_BINARY(name) k##name,
#define SIMD_TERNARY(name) k##name,
#define SIMD_TEST(name) k##name,
#define SIMD_SHIFT(name) k##name,
#define SIMD_SPLAT(name, T) k##name,
#define SIMD_EXTRACT(name, T) k##name,
#define SIMD_REPLACE(name, T) k##name,
#include "exec/simd_ops.def"
  kI8x16Shuffle,
  kV128Load8x8S,
  kV128Load8x8U,
  kV128Load16x4S,
  kV128Load16x4U,
  kV128Load32x2S,
  kV128Load32x2U,
  kOpCount
};

// The lane count a name's prefix gives ("I16x8..." -> 8); 0 without one.
constexpr uint8_t laneCountOf(const char* name) {
  for (unsigned i = 1; i < 5 && name[i]; ++i) {
    if (name[i] != 'x') continue;
    unsigned n = 0;
    for (unsigned j = i + 1; name[j] >= '0' && name[j] <= '9'; ++j) n = n * 10 + unsigned(name[j] - '0');
    return static_cast<uint8_t>(n);
  }
  return 0;
}

struct OpInfo {
  const char* name;
  Shape shape;
  uint8_t scalar_bytes;  // Splat, Extract, Replace, Load: the scalar's width
  uint8_t lanes;         // Extract, Replace: valid lanes are 0..lanes-1
};

inline constexpr OpInfo kOps[] = {
#define SIMD_UNARY(name) {#name, Shape::Unary, 0, 0},
#define SIMD_BINARY(name) {#name, Shape::Binary, 0, 0},
#define SIMD_TERNARY(name) {#name, Shape::Ternary, 0, 0},
#define SIMD_TEST(name) {#name, Shape::Test, 0, 0},
#define SIMD_SHIFT(name) {#name, Shape::Shift, 0, 0},
#define SIMD_SPLAT(name, T) {#name, Shape::Splat, sizeof(T), 0},
#define SIMD_EXTRACT(name, T) {#name, Shape::Extract, sizeof(T), laneCountOf(#name)},
#define SIMD_REPLACE(name, T) {#name, Shape::Replace, sizeof(T), laneCountOf(#name)},
#include "exec/simd_ops.def"
    {"I8x16Shuffle", Shape::Shuffle, 0, 0},
    {"V128Load8x8S", Shape::Load, 8, 0},
    {"V128Load8x8U", Shape::Load, 8, 0},
    {"V128Load16x4S", Shape::Load, 8, 0},
    {"V128Load16x4U", Shape::Load, 8, 0},
    {"V128Load32x2S", Shape::Load, 8, 0},
    {"V128Load32x2U", Shape::Load, 8, 0},
};
static_assert(sizeof(kOps) / sizeof(kOps[0]) == kOpCount, "one kOps entry per OpIndex");

constexpr bool lanesKnown() {
  for (const OpInfo& op : kOps)
    if ((op.shape == Shape::Extract || op.shape == Shape::Replace) &&
        !(op.lanes == 2 || op.lanes == 4 || op.lanes == 8 || op.lanes == 16))
      return false;
  return true;
}
static_assert(lanesKnown(), "every extract/replace name starts with a lane shape (I8x16, F64x2, ...)");

// The operands of one operator; each shape reads only its own.
struct Operands {
  uint8_t a[16], b[16], c[16];
  uint64_t x;           // Splat, Replace (truncated to the scalar width), Load
  uint32_t count;       // Shift
  uint32_t lane;        // Extract, Replace
  uint8_t shuffle[16];  // Shuffle
};

struct Result {
  uint8_t v128[16];  // v128 results
  uint64_t scalar;   // Test and Extract results
  bool is_scalar;
};

// Runs operator `op` (an OpIndex) on `in`; false if op >= kOpCount. `out`
// should be zeroed first: only the member the result uses is written.
bool evalVector(uint32_t op, const Operands& in, Result& out);  // vector extensions
bool evalScalar(uint32_t op, const Operands& in, Result& out);  // lane loops (PETREL_SIMD_SCALAR)

}  // namespace petrel::internal::simd_fuzz
