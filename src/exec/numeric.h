// Helpers for numeric instructions whose wasm semantics differ from plain C++
// operators (spec 4.3.2-4.3.4): division traps, NaN-aware min/max, sign bit
// operations that must not touch NaN payloads, checked and saturating
// float-to-int conversions.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "base/features.h"
#include "exec/trap.h"

namespace petrel::internal {

inline uint32_t clz32(uint32_t a) { return static_cast<uint32_t>(std::countl_zero(a)); }
inline uint32_t ctz32(uint32_t a) { return static_cast<uint32_t>(std::countr_zero(a)); }
inline uint32_t popcnt32(uint32_t a) { return static_cast<uint32_t>(std::popcount(a)); }
inline uint64_t clz64(uint64_t a) { return static_cast<uint64_t>(std::countl_zero(a)); }
inline uint64_t ctz64(uint64_t a) { return static_cast<uint64_t>(std::countr_zero(a)); }
inline uint64_t popcnt64(uint64_t a) { return static_cast<uint64_t>(std::popcount(a)); }
inline uint32_t rotl32(uint32_t a, uint32_t b) { return std::rotl(a, static_cast<int>(b & 31)); }
inline uint32_t rotr32(uint32_t a, uint32_t b) { return std::rotr(a, static_cast<int>(b & 31)); }
#if PETREL_SIZE_OVER_SPEED
// One 64-bit rotate out of line for the four instructions that rotate (a
// long sequence on a 32-bit core): a right rotate is a left one by 64 - b.
[[gnu::noinline]] inline uint64_t rotl64(uint64_t a, uint64_t b) { return std::rotl(a, static_cast<int>(b & 63)); }
inline uint64_t rotr64(uint64_t a, uint64_t b) { return rotl64(a, 64 - (b & 63)); }
#else
inline uint64_t rotl64(uint64_t a, uint64_t b) { return std::rotl(a, static_cast<int>(b & 63)); }
inline uint64_t rotr64(uint64_t a, uint64_t b) { return std::rotr(a, static_cast<int>(b & 63)); }
#endif

inline int32_t divS32(int32_t a, int32_t b, TrapKind& trap) {
  if (b == 0) { trap = TrapKind::IntegerDivideByZero; return 0; }
  if (a == INT32_MIN && b == -1) { trap = TrapKind::IntegerOverflow; return 0; }
  return a / b;
}
inline uint32_t divU32(uint32_t a, uint32_t b, TrapKind& trap) {
  if (b == 0) { trap = TrapKind::IntegerDivideByZero; return 0; }
  return a / b;
}
inline int32_t remS32(int32_t a, int32_t b, TrapKind& trap) {
  if (b == 0) { trap = TrapKind::IntegerDivideByZero; return 0; }
  if (b == -1) return 0;  // INT_MIN % -1 overflows in C++, is 0 in wasm
  return a % b;
}
inline uint32_t remU32(uint32_t a, uint32_t b, TrapKind& trap) {
  if (b == 0) { trap = TrapKind::IntegerDivideByZero; return 0; }
  return a % b;
}
inline int64_t divS64(int64_t a, int64_t b, TrapKind& trap) {
  if (b == 0) { trap = TrapKind::IntegerDivideByZero; return 0; }
  if (a == INT64_MIN && b == -1) { trap = TrapKind::IntegerOverflow; return 0; }
  return a / b;
}
inline uint64_t divU64(uint64_t a, uint64_t b, TrapKind& trap) {
  if (b == 0) { trap = TrapKind::IntegerDivideByZero; return 0; }
  return a / b;
}
inline int64_t remS64(int64_t a, int64_t b, TrapKind& trap) {
  if (b == 0) { trap = TrapKind::IntegerDivideByZero; return 0; }
  if (b == -1) return 0;
  return a % b;
}
inline uint64_t remU64(uint64_t a, uint64_t b, TrapKind& trap) {
  if (b == 0) { trap = TrapKind::IntegerDivideByZero; return 0; }
  return a % b;
}

// Hardware NaN results are already canonical or arithmetic NaNs on the hosts
// we support (x86-64, AArch64, ARM VFP), which is all the spec requires.
inline float canonF32(float x) { return x; }
inline double canonF64(double x) { return x; }
// Rounding functions may hand a signalling NaN back unchanged; wasm wants
// an arithmetic (quiet) NaN, which any arithmetic on it produces.
inline float quietF32(float x) { return x != x ? x + x : x; }
inline double quietF64(double x) { return x != x ? x + x : x; }

inline float fabsF32(float a) { return std::bit_cast<float>(std::bit_cast<uint32_t>(a) & 0x7fffffffu); }
inline float fnegF32(float a) { return std::bit_cast<float>(std::bit_cast<uint32_t>(a) ^ 0x80000000u); }
inline double fabsF64(double a) { return std::bit_cast<double>(std::bit_cast<uint64_t>(a) & 0x7fffffffffffffffull); }
inline double fnegF64(double a) { return std::bit_cast<double>(std::bit_cast<uint64_t>(a) ^ 0x8000000000000000ull); }
inline float copysignF32(float a, float b) {
  return std::bit_cast<float>((std::bit_cast<uint32_t>(a) & 0x7fffffffu) | (std::bit_cast<uint32_t>(b) & 0x80000000u));
}
inline double copysignF64(double a, double b) {
  return std::bit_cast<double>((std::bit_cast<uint64_t>(a) & 0x7fffffffffffffffull) |
                               (std::bit_cast<uint64_t>(b) & 0x8000000000000000ull));
}

// wasm min/max: NaN if either is NaN, and -0 < +0 (spec 4.3.3 fmin/fmax).
template <class F>
inline F fminWasm(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;  // propagates (an arithmetic) NaN
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
template <class F>
inline F fmaxWasm(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

#if PETREL_SIZE_OVER_SPEED
// The sixteen float-to-int conversions share this one function where code
// size counts more than their speed (base/features.h): an f32 widens to
// double exactly and every bound is a power of two, so the results are the
// per-type templates' (the #else branch). Returns the bits (two's
// complement) of the `bits`-wide integer.
[[gnu::noinline]] inline uint64_t truncToIntBits(double a, bool is_signed, unsigned bits, bool saturate,
                                                 TrapKind& trap) {
  uint64_t max = ~uint64_t{0} >> (64 - bits + (is_signed ? 1 : 0));
  uint64_t min = is_signed ? ~max : 0;
  double upper = static_cast<double>(uint64_t{1} << (bits - 1)) * (is_signed ? 1.0 : 2.0);  // max + 1
  double lower = is_signed ? -upper : 0.0;
  if (std::isnan(a)) {
    if (!saturate) trap = TrapKind::InvalidConversion;
    return 0;
  }
  if (saturate) {
    if (a >= upper) return max;
    if (a <= lower) return min;
  }
  double t = std::trunc(a);
  if (!(t >= lower && t < upper)) {  // -0.x truncates to -0, which is >= 0
    trap = TrapKind::IntegerOverflow;
    return 0;
  }
  return is_signed ? static_cast<uint64_t>(static_cast<int64_t>(t)) : static_cast<uint64_t>(t);
}
template <class I, class F>
inline I truncChecked(F a, TrapKind& trap) {
  return static_cast<I>(truncToIntBits(a, std::numeric_limits<I>::is_signed, 8 * sizeof(I), false, trap));
}
template <class I, class F>
inline I truncSat(F a) {
  TrapKind unused = TrapKind::None;
  return static_cast<I>(truncToIntBits(a, std::numeric_limits<I>::is_signed, 8 * sizeof(I), true, unused));
}
#else
// Float to int truncation that traps on NaN and out-of-range values.
template <class I, class F>
inline I truncChecked(F a, TrapKind& trap) {
  if (std::isnan(a)) { trap = TrapKind::InvalidConversion; return 0; }
  F t = std::trunc(a);
  // Bounds are exact powers of two, representable in F.
  constexpr bool is_signed = std::numeric_limits<I>::is_signed;
  constexpr F upper = is_signed ? -static_cast<F>(std::numeric_limits<I>::min()) : static_cast<F>(std::numeric_limits<I>::max()) + F(1);
  constexpr F lower = is_signed ? static_cast<F>(std::numeric_limits<I>::min()) : F(0);
  if (is_signed ? (t < lower || t >= upper) : (t <= F(-1) || t >= upper)) {
    trap = TrapKind::IntegerOverflow;
    return 0;
  }
  if (!is_signed && t < F(0)) return 0;  // -0.x truncates to 0
  return static_cast<I>(t);
}

template <class I, class F>
inline I truncSat(F a) {
  if (std::isnan(a)) return 0;
  constexpr bool is_signed = std::numeric_limits<I>::is_signed;
  constexpr F upper = is_signed ? -static_cast<F>(std::numeric_limits<I>::min()) : static_cast<F>(std::numeric_limits<I>::max()) + F(1);
  constexpr F lower = is_signed ? static_cast<F>(std::numeric_limits<I>::min()) : F(0);
  if (a >= upper) return std::numeric_limits<I>::max();
  if (a <= lower) return is_signed ? std::numeric_limits<I>::min() : 0;
  return static_cast<I>(std::trunc(a));
}
#endif

}  // namespace petrel::internal
