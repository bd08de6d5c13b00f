// Semantics of the 128-bit SIMD instructions (spec 4.3 "vector numerics") and
// of relaxed SIMD, as pure functions over V128 values, one per non-memory,
// non-constant 0xfd opcode of ir/opcodes.def, named after its enum name.
//
// Floats cross this interface as bit patterns (splat, extract_lane,
// replace_lane), so NaN payloads survive exactly. Nothing here traps,
// allocates or touches globals.
//
// Two implementations of the lane-parallel core, chosen at build time:
//  * GCC/Clang vector extensions (SSE2 on x86-64, NEON on AArch64) when the
//    target has a vector unit;
//  * plain lane loops with -DPETREL_SIMD_SCALAR, on compilers without vector
//    extensions, and on targets without a vector unit (Cortex-M), where the
//    extensions would only be emulated. -DPETREL_SIMD_VECTOR_EXT forces the
//    vector path on such targets (to test it).
// Both give bit-identical results, NaN results included: every float
// operation that can produce a NaN (arithmetic, sqrt, min/max, rounding,
// demote/promote, madd) returns the positive canonical NaN (0x7fc00000 /
// 0x7ff8000000000000), which the spec always allows (it is canonical and
// arithmetic), so results do not depend on which operand a host or a
// compiler's operand order propagates. Bit-pattern operations (abs, neg,
// pmin/pmax, bitselect, lanes) keep NaN payloads exactly.
// Float min/max, rounding and truncation follow wasm, not the host
// instruction (x86 minps is not wasm min).
//
// Unfused multiply-add (relaxed_madd) stays unfused whatever -ffp-contract
// the includer uses: Clang gets `#pragma clang fp contract(off)`, GCC (whose
// C++ default is contract=fast) an empty asm that hides the product.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#if !defined(PETREL_SIMD_SCALAR) && (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__SSE2__) || defined(__ARM_NEON) || defined(__aarch64__) || defined(__wasm_simd128__) || \
     defined(PETREL_SIMD_VECTOR_EXT))
#define PETREL_SIMD_USE_VECTOR 1
#else
#define PETREL_SIMD_USE_VECTOR 0
#endif

// On x86-64 the vector path also uses SSE2 intrinsics (every x86-64 CPU has
// SSE2) for the widening and narrowing operators, which have exact SSE2
// counterparts that the compilers do not find in the generic code.
#if PETREL_SIMD_USE_VECTOR && defined(__SSE2__)
#include <emmintrin.h>
#define PETREL_SIMD_SSE2 1
#else
#define PETREL_SIMD_SSE2 0
#endif

#if defined(__clang__)
#define PETREL_SIMD_NO_CONTRACT _Pragma("clang fp contract(off)")
#else
#define PETREL_SIMD_NO_CONTRACT
#endif

namespace petrel::internal::simd {

static_assert(std::endian::native == std::endian::little, "V128 lanes are stored in host order; little-endian hosts only");

// One v128 value: byte i is lane i of i8x16; wider lanes are little-endian.
struct V128 {
  uint8_t bytes[16];
  friend bool operator==(const V128& a, const V128& b) { return std::memcmp(a.bytes, b.bytes, 16) == 0; }
};
static_assert(sizeof(V128) == 16 && std::is_trivially_copyable_v<V128>);

inline V128 fromBytes(const void* p) {
  V128 r;
  std::memcpy(r.bytes, p, 16);
  return r;
}
inline void toBytes(V128 v, void* p) { std::memcpy(p, v.bytes, 16); }
inline V128 zero() { return V128{}; }

namespace detail {

template <unsigned Size> struct IntOfSize;
template <> struct IntOfSize<1> { using S = int8_t; using U = uint8_t; };
template <> struct IntOfSize<2> { using S = int16_t; using U = uint16_t; };
template <> struct IntOfSize<4> { using S = int32_t; using U = uint32_t; };
template <> struct IntOfSize<8> { using S = int64_t; using U = uint64_t; };
template <class T> using SInt = typename IntOfSize<sizeof(T)>::S;
template <class T> using UInt = typename IntOfSize<sizeof(T)>::U;
// An unsigned type in which T's arithmetic wraps without promotion to int.
template <class T> using Wide = std::conditional_t<(sizeof(T) < 4), uint32_t, UInt<T>>;

template <class T> inline constexpr unsigned kLanes = 16 / sizeof(T);
template <class T> inline constexpr unsigned kBits = 8 * sizeof(T);

// The scalar view: an array of lanes.
template <class T> struct Lanes { T v[16 / sizeof(T)]; };
template <class T> inline Lanes<T> get(V128 a) {
  Lanes<T> r;
  std::memcpy(r.v, a.bytes, 16);
  return r;
}
template <class T> inline V128 put(const Lanes<T>& l) {
  V128 r;
  std::memcpy(r.bytes, l.v, 16);
  return r;
}
template <class T, class F> inline V128 map1(V128 a, F f) {
  Lanes<T> x = get<T>(a);
  for (unsigned i = 0; i < kLanes<T>; ++i) x.v[i] = static_cast<T>(f(x.v[i]));
  return put(x);
}
template <class T, class F> inline V128 map2(V128 a, V128 b, F f) {
  Lanes<T> x = get<T>(a), y = get<T>(b);
  for (unsigned i = 0; i < kLanes<T>; ++i) x.v[i] = static_cast<T>(f(x.v[i], y.v[i]));
  return put(x);
}
template <class T> inline T lane(V128 a, unsigned i) {
  T r;
  std::memcpy(&r, a.bytes + i * sizeof(T), sizeof(T));
  return r;
}
template <class T> inline void setLane(V128& a, unsigned i, T v) { std::memcpy(a.bytes + i * sizeof(T), &v, sizeof(T)); }
template <class T> inline V128 splat(T v) {
  Lanes<T> r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.v[i] = v;
  return put(r);
}
template <class T> inline SInt<T> maskOf(bool c) { return c ? SInt<T>(-1) : SInt<T>(0); }

// NaN results: the positive canonical NaN, whatever the operands' payloads.
template <class F> inline constexpr UInt<F> kCanonicalNan = sizeof(F) == 4 ? UInt<F>(0x7fc00000u) : UInt<F>(0x7ff8000000000000ull);
template <class F> inline F canon(F x) { return x != x ? std::bit_cast<F>(kCanonicalNan<F>) : x; }
template <class F> inline F fminLane(F x, F y) {
  if (x != x || y != y) return std::bit_cast<F>(kCanonicalNan<F>);
  if (x == y) return std::bit_cast<F>(std::bit_cast<UInt<F>>(x) | std::bit_cast<UInt<F>>(y));  // -0 < +0
  return x < y ? x : y;
}
template <class F> inline F fmaxLane(F x, F y) {
  if (x != x || y != y) return std::bit_cast<F>(kCanonicalNan<F>);
  if (x == y) return std::bit_cast<F>(std::bit_cast<UInt<F>>(x) & std::bit_cast<UInt<F>>(y));
  return x > y ? x : y;
}
// trunc_sat: NaN -> 0, out of range saturates (spec 4.3.3 trunc_sat).
template <class I, class F> inline I truncSatLane(F x) {
  constexpr bool is_signed = std::numeric_limits<I>::is_signed;
  constexpr F hi = is_signed ? F(2147483648.0) : F(4294967296.0);  // 2^31 / 2^32, exact
  constexpr F lo = is_signed ? F(-2147483648.0) : F(0);
  static_assert(sizeof(I) == 4);
  if (x != x) return 0;
  if (x >= hi) return std::numeric_limits<I>::max();
  if (x <= lo) return std::numeric_limits<I>::min();
  return static_cast<I>(x);
}
template <class T, class U> inline U satLane(T x) {
  if (x < static_cast<T>(std::numeric_limits<U>::min())) return std::numeric_limits<U>::min();
  if (x > static_cast<T>(std::numeric_limits<U>::max())) return std::numeric_limits<U>::max();
  return static_cast<U>(x);
}

#if PETREL_SIMD_USE_VECTOR
// The vector view. Casts between these same-size vector types are bit casts.
template <class T> struct VecOf;
template <> struct VecOf<int8_t> { typedef int8_t type __attribute__((vector_size(16))); };
template <> struct VecOf<uint8_t> { typedef uint8_t type __attribute__((vector_size(16))); };
template <> struct VecOf<int16_t> { typedef int16_t type __attribute__((vector_size(16))); };
template <> struct VecOf<uint16_t> { typedef uint16_t type __attribute__((vector_size(16))); };
template <> struct VecOf<int32_t> { typedef int32_t type __attribute__((vector_size(16))); };
template <> struct VecOf<uint32_t> { typedef uint32_t type __attribute__((vector_size(16))); };
template <> struct VecOf<int64_t> { typedef int64_t type __attribute__((vector_size(16))); };
template <> struct VecOf<uint64_t> { typedef uint64_t type __attribute__((vector_size(16))); };
template <> struct VecOf<float> { typedef float type __attribute__((vector_size(16))); };
template <> struct VecOf<double> { typedef double type __attribute__((vector_size(16))); };
template <class T> using Vec = typename VecOf<T>::type;

template <class T> inline Vec<T> vget(V128 a) {
  Vec<T> v;
  std::memcpy(&v, a.bytes, 16);
  return v;
}
template <class V> inline V128 vput(V v) {
  static_assert(sizeof(V) == 16);
  V128 r;
  std::memcpy(r.bytes, &v, 16);
  return r;
}
#endif

#if PETREL_SIMD_SSE2
inline __m128i m128(V128 a) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(a.bytes)); }
inline V128 fromM128(__m128i x) {
  V128 r;
  _mm_storeu_si128(reinterpret_cast<__m128i*>(r.bytes), x);
  return r;
}
template <class A, class B> inline constexpr bool kSame = std::is_same_v<A, B>;
#endif

// Lane-wise operations written once for both views: `op` is a generic lambda
// valid on a scalar lane and on a whole vector (bitwise operators, shifts,
// unsigned add/sub, whose promotion to int cannot overflow).
template <class T, class Op> inline V128 lanewise1(V128 a, Op op) {
#if PETREL_SIMD_USE_VECTOR
  return vput(static_cast<Vec<T>>(op(vget<T>(a))));
#else
  return map1<T>(a, op);
#endif
}
template <class T, class Op> inline V128 lanewise2(V128 a, V128 b, Op op) {
#if PETREL_SIMD_USE_VECTOR
  return vput(static_cast<Vec<T>>(op(vget<T>(a), vget<T>(b))));
#else
  return map2<T>(a, b, op);
#endif
}
// Comparison: all ones where op holds, else zero. Floats compare as floats
// (ne is true on NaN), results are integer lanes of the same width.
template <class T, class Op> inline V128 compare(V128 a, V128 b, Op op) {
#if PETREL_SIMD_USE_VECTOR
  return vput(op(vget<T>(a), vget<T>(b)));
#else
  Lanes<T> x = get<T>(a), y = get<T>(b);
  Lanes<SInt<T>> r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.v[i] = maskOf<T>(op(x.v[i], y.v[i]));
  return put(r);
#endif
}

template <class T> inline V128 add(V128 a, V128 b) {
  return lanewise2<UInt<T>>(a, b, [](auto x, auto y) { return x + y; });
}
template <class T> inline V128 sub(V128 a, V128 b) {
  return lanewise2<UInt<T>>(a, b, [](auto x, auto y) { return x - y; });
}
template <class T> inline V128 neg(V128 a) {
  return lanewise1<UInt<T>>(a, [](auto x) { return UInt<T>(0) - x; });
}
template <class T> inline V128 mul(V128 a, V128 b) {
#if PETREL_SIMD_USE_VECTOR
  return vput(vget<UInt<T>>(a) * vget<UInt<T>>(b));
#else
  return map2<UInt<T>>(a, b, [](UInt<T> x, UInt<T> y) { return static_cast<Wide<T>>(x) * static_cast<Wide<T>>(y); });
#endif
}
template <class T> inline V128 shl(V128 a, uint32_t count) {
  const UInt<T> s = static_cast<UInt<T>>(count & (kBits<T> - 1));
  return lanewise1<UInt<T>>(a, [s](auto x) { return x << s; });
}
// T's signedness picks arithmetic or logical shift.
template <class T> inline V128 shr(V128 a, uint32_t count) {
  const T s = static_cast<T>(count & (kBits<T> - 1));
  return lanewise1<T>(a, [s](auto x) { return x >> s; });
}

#if PETREL_SIMD_USE_VECTOR
template <class T> inline Vec<UInt<T>> select(Vec<UInt<T>> m, Vec<UInt<T>> x, Vec<UInt<T>> y) { return (x & m) | (y & ~m); }
#endif

// Integer min/max; T's signedness picks the comparison.
template <class T> inline V128 imin(V128 a, V128 b) {
#if PETREL_SIMD_USE_VECTOR
  using VU = Vec<UInt<T>>;
  Vec<T> x = vget<T>(a), y = vget<T>(b);
  return vput(select<T>((VU)(x < y), (VU)x, (VU)y));
#else
  return map2<T>(a, b, [](T x, T y) { return x < y ? x : y; });
#endif
}
template <class T> inline V128 imax(V128 a, V128 b) {
#if PETREL_SIMD_USE_VECTOR
  using VU = Vec<UInt<T>>;
  Vec<T> x = vget<T>(a), y = vget<T>(b);
  return vput(select<T>((VU)(x > y), (VU)x, (VU)y));
#else
  return map2<T>(a, b, [](T x, T y) { return x > y ? x : y; });
#endif
}
// abs of INT_MIN wraps to INT_MIN.
template <class T> inline V128 iabs(V128 a) {
#if PETREL_SIMD_USE_VECTOR
  using VU = Vec<UInt<T>>;
  Vec<SInt<T>> x = vget<SInt<T>>(a);
  VU m = (VU)(x >> SInt<T>(kBits<T> - 1));
  return vput(((VU)x ^ m) - m);
#else
  return map1<SInt<T>>(a, [](SInt<T> x) {
    Wide<T> w = static_cast<Wide<T>>(x);
    return x < 0 ? Wide<T>(0) - w : w;
  });
#endif
}

// Saturating add/sub on 8- and 16-bit lanes.
template <class T> inline V128 addSat(V128 a, V128 b) {
#if PETREL_SIMD_USE_VECTOR
  using VU = Vec<UInt<T>>;
  using VS = Vec<SInt<T>>;
  if constexpr (std::is_signed_v<T>) {
    VS x = vget<T>(a), y = vget<T>(b);
    VS r = (VS)((VU)x + (VU)y);
    VS ov = ((x ^ r) & (y ^ r)) >> SInt<T>(kBits<T> - 1);
    VS sat = (x >> SInt<T>(kBits<T> - 1)) ^ std::numeric_limits<T>::max();
    return vput(select<T>((VU)ov, (VU)sat, (VU)r));
  } else {
    VU x = vget<T>(a), y = vget<T>(b);
    VU r = x + y;
    return vput(r | (VU)(r < x));
  }
#else
  return map2<T>(a, b, [](T x, T y) { return satLane<int32_t, T>(int32_t(x) + int32_t(y)); });
#endif
}
template <class T> inline V128 subSat(V128 a, V128 b) {
#if PETREL_SIMD_USE_VECTOR
  using VU = Vec<UInt<T>>;
  using VS = Vec<SInt<T>>;
  if constexpr (std::is_signed_v<T>) {
    VS x = vget<T>(a), y = vget<T>(b);
    VS r = (VS)((VU)x - (VU)y);
    VS ov = ((x ^ y) & (x ^ r)) >> SInt<T>(kBits<T> - 1);
    VS sat = (x >> SInt<T>(kBits<T> - 1)) ^ std::numeric_limits<T>::max();
    return vput(select<T>((VU)ov, (VU)sat, (VU)r));
  } else {
    VU x = vget<T>(a), y = vget<T>(b);
    return vput((x - y) & ~(VU)(x < y));
  }
#else
  return map2<T>(a, b, [](T x, T y) { return satLane<int32_t, T>(int32_t(x) - int32_t(y)); });
#endif
}
// Rounding average, (x + y + 1) >> 1 without overflow.
template <class T> inline V128 avgr(V128 a, V128 b) {
  return lanewise2<T>(a, b, [](auto x, auto y) { return (x | y) - ((x ^ y) >> 1); });
}


// Float arithmetic. The vector and scalar instructions compute the same IEEE
// results, NaN propagation included.
#if PETREL_SIMD_USE_VECTOR
template <class F> inline Vec<F> canonVec(Vec<F> r) {
  using VI = Vec<SInt<F>>;
  VI nan = (VI)(r != r);
  return (Vec<F>)(((VI)r & ~nan) | (nan & static_cast<SInt<F>>(kCanonicalNan<F>)));
}
#endif
template <class F, class Op> inline V128 farith(V128 a, V128 b, Op op) {
#if PETREL_SIMD_USE_VECTOR
  return vput(canonVec<F>(op(vget<F>(a), vget<F>(b))));
#else
  return map2<F>(a, b, [op](F x, F y) { return canon<F>(op(x, y)); });
#endif
}
template <class F> inline V128 fmin(V128 a, V128 b) {
#if PETREL_SIMD_USE_VECTOR
  // Per lane exactly fminLane: NaN -> canonical; equal -> bits or'ed (-0 wins); else the smaller.
  using VI = Vec<SInt<F>>;
  Vec<F> x = vget<F>(a), y = vget<F>(b);
  VI lt = (VI)(x < y), gt = (VI)(x > y), eq = (VI)(x == y);
  VI xi = (VI)x, yi = (VI)y;
  const SInt<F> nan = static_cast<SInt<F>>(kCanonicalNan<F>);
  return vput((xi & lt) | (yi & gt) | ((xi | yi) & eq) | (nan & ~(lt | gt | eq)));
#else
  return map2<F>(a, b, fminLane<F>);
#endif
}
template <class F> inline V128 fmax(V128 a, V128 b) {
#if PETREL_SIMD_USE_VECTOR
  using VI = Vec<SInt<F>>;
  Vec<F> x = vget<F>(a), y = vget<F>(b);
  VI lt = (VI)(x < y), gt = (VI)(x > y), eq = (VI)(x == y);
  VI xi = (VI)x, yi = (VI)y;
  const SInt<F> nan = static_cast<SInt<F>>(kCanonicalNan<F>);
  return vput((xi & gt) | (yi & lt) | ((xi & yi) & eq) | (nan & ~(lt | gt | eq)));
#else
  return map2<F>(a, b, fmaxLane<F>);
#endif
}
// pmin = b < a ? b : a; pmax = a < b ? b : a (operands returned bit-exact).
template <class F> inline V128 pmin(V128 a, V128 b) {
#if PETREL_SIMD_USE_VECTOR
  using VU = Vec<UInt<F>>;
  Vec<F> x = vget<F>(a), y = vget<F>(b);
  return vput(select<F>((VU)(y < x), (VU)y, (VU)x));
#else
  Lanes<F> x = get<F>(a), y = get<F>(b);
  Lanes<UInt<F>> xi = get<UInt<F>>(a), yi = get<UInt<F>>(b);
  for (unsigned i = 0; i < kLanes<F>; ++i) xi.v[i] = y.v[i] < x.v[i] ? yi.v[i] : xi.v[i];
  return put(xi);
#endif
}
template <class F> inline V128 pmax(V128 a, V128 b) {
#if PETREL_SIMD_USE_VECTOR
  using VU = Vec<UInt<F>>;
  Vec<F> x = vget<F>(a), y = vget<F>(b);
  return vput(select<F>((VU)(x < y), (VU)y, (VU)x));
#else
  Lanes<F> x = get<F>(a), y = get<F>(b);
  Lanes<UInt<F>> xi = get<UInt<F>>(a), yi = get<UInt<F>>(b);
  for (unsigned i = 0; i < kLanes<F>; ++i) xi.v[i] = x.v[i] < y.v[i] ? yi.v[i] : xi.v[i];
  return put(xi);
#endif
}
// Keeps GCC from contracting a product into a following add (a fused
// multiply-add rounds once). Clang is told by PETREL_SIMD_NO_CONTRACT.
// T is a float, a double or a 16-byte vector of them.
template <class T> inline void hideFromContraction([[maybe_unused]] T& v) {
#if defined(__GNUC__) && !defined(__clang__)
#if defined(__aarch64__)
  __asm__("" : "+w"(v));
#elif (defined(__x86_64__) || defined(__i386__)) && defined(__SSE2__)
  __asm__("" : "+x"(v));
#elif defined(__arm__) && defined(__ARM_FP) && (__ARM_FP & 4)
  if constexpr (std::is_same_v<T, float>) {
    __asm__("" : "+t"(v));
  } else {
    volatile T t = v;
    v = t;
  }
#else
  volatile T t = v;
  v = t;
#endif
#endif
}
// Unfused multiply-add: the product is rounded, then the sum.
template <class F> inline V128 maddUnfused(V128 a, V128 b, V128 c, bool negate) {
  PETREL_SIMD_NO_CONTRACT
#if PETREL_SIMD_USE_VECTOR
  Vec<F> x = vget<F>(a), y = vget<F>(b), z = vget<F>(c);
  if (negate) x = -x;
  Vec<F> p = x * y;
  hideFromContraction(p);
  Vec<F> r = p + z;
  return vput(canonVec<F>(r));
#else
  Lanes<F> x = get<F>(a), y = get<F>(b), z = get<F>(c);
  for (unsigned i = 0; i < kLanes<F>; ++i) x.v[i] = negate ? -x.v[i] : x.v[i];
  Lanes<F> p;
  for (unsigned i = 0; i < kLanes<F>; ++i) p.v[i] = x.v[i] * y.v[i];
  for (unsigned i = 0; i < kLanes<F>; ++i) hideFromContraction(p.v[i]);
  for (unsigned i = 0; i < kLanes<F>; ++i) x.v[i] = canon<F>(p.v[i] + z.v[i]);
  return put(x);
#endif
}

template <class T> inline uint32_t allTrue(V128 a) {
  Lanes<T> x = get<T>(a);
  bool r = true;
  for (unsigned i = 0; i < kLanes<T>; ++i) r &= x.v[i] != 0;
  return r ? 1u : 0u;
}
template <class T> inline uint32_t bitmask(V128 a) {
  Lanes<UInt<T>> x = get<UInt<T>>(a);
  uint32_t r = 0;
  for (unsigned i = 0; i < kLanes<T>; ++i) r |= static_cast<uint32_t>(x.v[i] >> (kBits<T> - 1)) << i;
  return r;
}

// Narrow: signed input lanes saturated to the (signed or unsigned) half width;
// a gives the low half of the result, b the high half.
template <class From, class To> inline V128 narrow(V128 a, V128 b) {
#if PETREL_SIMD_SSE2
  if constexpr (kSame<From, int16_t> && kSame<To, int8_t>) return fromM128(_mm_packs_epi16(m128(a), m128(b)));
  if constexpr (kSame<From, int16_t> && kSame<To, uint8_t>) return fromM128(_mm_packus_epi16(m128(a), m128(b)));
  if constexpr (kSame<From, int32_t> && kSame<To, int16_t>) return fromM128(_mm_packs_epi32(m128(a), m128(b)));
#endif
  Lanes<From> x = get<From>(a), y = get<From>(b);
  Lanes<To> r;
  constexpr unsigned n = kLanes<From>;
  for (unsigned i = 0; i < n; ++i) {
    r.v[i] = satLane<From, To>(x.v[i]);
    r.v[n + i] = satLane<From, To>(y.v[i]);
  }
  return put(r);
}
// Extend the low (high = false) or high half of the lanes to twice the width.
template <class From, class To> inline V128 extend(V128 a, bool high) {
#if PETREL_SIMD_SSE2
  // Interleave each lane with its sign (or zero) to double its width.
  __m128i v = m128(a), zero = _mm_setzero_si128();
  if constexpr (kSame<From, int8_t>) {
    __m128i twice = high ? _mm_unpackhi_epi8(v, v) : _mm_unpacklo_epi8(v, v);
    return fromM128(_mm_srai_epi16(twice, 8));
  }
  if constexpr (kSame<From, uint8_t>) return fromM128(high ? _mm_unpackhi_epi8(v, zero) : _mm_unpacklo_epi8(v, zero));
  if constexpr (kSame<From, int16_t>) {
    __m128i twice = high ? _mm_unpackhi_epi16(v, v) : _mm_unpacklo_epi16(v, v);
    return fromM128(_mm_srai_epi32(twice, 16));
  }
  if constexpr (kSame<From, uint16_t>) return fromM128(high ? _mm_unpackhi_epi16(v, zero) : _mm_unpacklo_epi16(v, zero));
  if constexpr (kSame<From, int32_t>) {
    __m128i sign = _mm_srai_epi32(v, 31);
    return fromM128(high ? _mm_unpackhi_epi32(v, sign) : _mm_unpacklo_epi32(v, sign));
  }
  if constexpr (kSame<From, uint32_t>) return fromM128(high ? _mm_unpackhi_epi32(v, zero) : _mm_unpacklo_epi32(v, zero));
#endif
  Lanes<From> x = get<From>(a);
  Lanes<To> r;
  const unsigned base = high ? kLanes<To> : 0;
  for (unsigned i = 0; i < kLanes<To>; ++i) r.v[i] = static_cast<To>(x.v[base + i]);
  return put(r);
}
// extmul: the product of the extended halves (it always fits the wide lane).
template <class From, class To> inline V128 extmul(V128 a, V128 b, bool high) {
#if PETREL_SIMD_SSE2
  if constexpr (sizeof(From) == 1) {
    // 8-bit products fit 16 bits: extend, then the low half of the product.
    return fromM128(_mm_mullo_epi16(m128(extend<From, To>(a, high)), m128(extend<From, To>(b, high))));
  }
  if constexpr (sizeof(From) == 2) {
    // The low and high halves of the 16-bit products, interleaved into 32 bits.
    __m128i x = m128(a), y = m128(b);
    __m128i lo = _mm_mullo_epi16(x, y);
    __m128i hi = std::is_signed_v<From> ? _mm_mulhi_epi16(x, y) : _mm_mulhi_epu16(x, y);
    return fromM128(high ? _mm_unpackhi_epi16(lo, hi) : _mm_unpacklo_epi16(lo, hi));
  }
#endif
  Lanes<From> x = get<From>(a), y = get<From>(b);
  Lanes<To> r;
  using P = std::conditional_t<std::is_signed_v<From>, int64_t, uint64_t>;
  const unsigned base = high ? kLanes<To> : 0;
  for (unsigned i = 0; i < kLanes<To>; ++i) r.v[i] = static_cast<To>(P(x.v[base + i]) * P(y.v[base + i]));
  return put(r);
}
template <class From, class To> inline V128 extaddPairwise(V128 a) {
#if PETREL_SIMD_SSE2
  __m128i v = m128(a);
  if constexpr (kSame<From, int16_t>) return fromM128(_mm_madd_epi16(v, _mm_set1_epi16(1)));
  if constexpr (kSame<From, uint16_t>)
    return fromM128(_mm_add_epi32(_mm_and_si128(v, _mm_set1_epi32(0xffff)), _mm_srli_epi32(v, 16)));
  if constexpr (kSame<From, uint8_t>)
    return fromM128(_mm_add_epi16(_mm_and_si128(v, _mm_set1_epi16(0xff)), _mm_srli_epi16(v, 8)));
  if constexpr (kSame<From, int8_t>)
    return fromM128(_mm_add_epi16(_mm_srai_epi16(_mm_slli_epi16(v, 8), 8), _mm_srai_epi16(v, 8)));
#endif
  Lanes<From> x = get<From>(a);
  Lanes<To> r;
  for (unsigned i = 0; i < kLanes<To>; ++i) r.v[i] = static_cast<To>(To(x.v[2 * i]) + To(x.v[2 * i + 1]));
  return put(r);
}

template <class F, class Op> inline V128 fround(V128 a, Op op) {
  return map1<F>(a, [op](F x) { return canon<F>(op(x)); });
}
template <class I, class F> inline V128 truncSat(V128 a) {  // F lanes -> I lanes, zero-filled when F is double
  Lanes<F> x = get<F>(a);
  Lanes<I> r{};
  for (unsigned i = 0; i < kLanes<F>; ++i) r.v[i] = truncSatLane<I, F>(x.v[i]);
  return put(r);
}
// Signed dot product of 8-bit lanes into 16-bit lanes, pairs added with signed saturation
// (the deterministic relaxed_dot: b read as signed, spec ivdotsat).
inline Lanes<int16_t> dotI8x16I7x16(V128 a, V128 b) {
  Lanes<int8_t> x = get<int8_t>(a), y = get<int8_t>(b);
  Lanes<int16_t> r;
  for (unsigned i = 0; i < 8; ++i) {
    int32_t s = int32_t(x.v[2 * i]) * y.v[2 * i] + int32_t(x.v[2 * i + 1]) * y.v[2 * i + 1];
    r.v[i] = satLane<int32_t, int16_t>(s);
  }
  return r;
}

}  // namespace detail

// ---- Shuffles, splats, lanes ------------------------------------------------

inline V128 I8x16Shuffle(V128 a, V128 b, const uint8_t lanes[16]) {
  V128 r;
  for (unsigned i = 0; i < 16; ++i) {
    unsigned l = lanes[i] & 31u;
    r.bytes[i] = l < 16 ? a.bytes[l] : b.bytes[l - 16];
  }
  return r;
}
inline V128 I8x16Swizzle(V128 a, V128 s) {
  V128 r;
  for (unsigned i = 0; i < 16; ++i) r.bytes[i] = s.bytes[i] < 16 ? a.bytes[s.bytes[i]] : 0;
  return r;
}

inline V128 I8x16Splat(uint32_t v) { return detail::splat<uint8_t>(static_cast<uint8_t>(v)); }
inline V128 I16x8Splat(uint32_t v) { return detail::splat<uint16_t>(static_cast<uint16_t>(v)); }
inline V128 I32x4Splat(uint32_t v) { return detail::splat<uint32_t>(v); }
inline V128 I64x2Splat(uint64_t v) { return detail::splat<uint64_t>(v); }
inline V128 F32x4Splat(uint32_t bits) { return detail::splat<uint32_t>(bits); }
inline V128 F64x2Splat(uint64_t bits) { return detail::splat<uint64_t>(bits); }

inline uint32_t I8x16ExtractLaneS(V128 a, unsigned lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(detail::lane<int8_t>(a, lane & 15)));
}
inline uint32_t I8x16ExtractLaneU(V128 a, unsigned lane) { return detail::lane<uint8_t>(a, lane & 15); }
inline uint32_t I16x8ExtractLaneS(V128 a, unsigned lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(detail::lane<int16_t>(a, lane & 7)));
}
inline uint32_t I16x8ExtractLaneU(V128 a, unsigned lane) { return detail::lane<uint16_t>(a, lane & 7); }
inline uint32_t I32x4ExtractLane(V128 a, unsigned lane) { return detail::lane<uint32_t>(a, lane & 3); }
inline uint64_t I64x2ExtractLane(V128 a, unsigned lane) { return detail::lane<uint64_t>(a, lane & 1); }
inline uint32_t F32x4ExtractLane(V128 a, unsigned lane) { return detail::lane<uint32_t>(a, lane & 3); }
inline uint64_t F64x2ExtractLane(V128 a, unsigned lane) { return detail::lane<uint64_t>(a, lane & 1); }

inline V128 I8x16ReplaceLane(V128 a, uint32_t v, unsigned lane) {
  detail::setLane<uint8_t>(a, lane & 15, static_cast<uint8_t>(v));
  return a;
}
inline V128 I16x8ReplaceLane(V128 a, uint32_t v, unsigned lane) {
  detail::setLane<uint16_t>(a, lane & 7, static_cast<uint16_t>(v));
  return a;
}
inline V128 I32x4ReplaceLane(V128 a, uint32_t v, unsigned lane) {
  detail::setLane<uint32_t>(a, lane & 3, v);
  return a;
}
inline V128 I64x2ReplaceLane(V128 a, uint64_t v, unsigned lane) {
  detail::setLane<uint64_t>(a, lane & 1, v);
  return a;
}
inline V128 F32x4ReplaceLane(V128 a, uint32_t bits, unsigned lane) { return I32x4ReplaceLane(a, bits, lane); }
inline V128 F64x2ReplaceLane(V128 a, uint64_t bits, unsigned lane) { return I64x2ReplaceLane(a, bits, lane); }

// ---- Extending loads (the 8 loaded bytes as a little-endian uint64) --------

namespace detail {
template <class From, class To> inline V128 extendLoad(uint64_t v) {
  Lanes<From> x{};
  std::memcpy(x.v, &v, 8);
  return extend<From, To>(put(x), false);
}
}  // namespace detail
inline V128 V128Load8x8S(uint64_t v) { return detail::extendLoad<int8_t, int16_t>(v); }
inline V128 V128Load8x8U(uint64_t v) { return detail::extendLoad<uint8_t, uint16_t>(v); }
inline V128 V128Load16x4S(uint64_t v) { return detail::extendLoad<int16_t, int32_t>(v); }
inline V128 V128Load16x4U(uint64_t v) { return detail::extendLoad<uint16_t, uint32_t>(v); }
inline V128 V128Load32x2S(uint64_t v) { return detail::extendLoad<int32_t, int64_t>(v); }
inline V128 V128Load32x2U(uint64_t v) { return detail::extendLoad<uint32_t, uint64_t>(v); }

// ---- Comparisons -------------------------------------------------------------

#define PETREL_SIMD_CMP(Name, T, op) \
  inline V128 Name(V128 a, V128 b) { return detail::compare<T>(a, b, [](auto x, auto y) { return x op y; }); }
PETREL_SIMD_CMP(I8x16Eq, uint8_t, ==)
PETREL_SIMD_CMP(I8x16Ne, uint8_t, !=)
PETREL_SIMD_CMP(I8x16LtS, int8_t, <)
PETREL_SIMD_CMP(I8x16LtU, uint8_t, <)
PETREL_SIMD_CMP(I8x16GtS, int8_t, >)
PETREL_SIMD_CMP(I8x16GtU, uint8_t, >)
PETREL_SIMD_CMP(I8x16LeS, int8_t, <=)
PETREL_SIMD_CMP(I8x16LeU, uint8_t, <=)
PETREL_SIMD_CMP(I8x16GeS, int8_t, >=)
PETREL_SIMD_CMP(I8x16GeU, uint8_t, >=)
PETREL_SIMD_CMP(I16x8Eq, uint16_t, ==)
PETREL_SIMD_CMP(I16x8Ne, uint16_t, !=)
PETREL_SIMD_CMP(I16x8LtS, int16_t, <)
PETREL_SIMD_CMP(I16x8LtU, uint16_t, <)
PETREL_SIMD_CMP(I16x8GtS, int16_t, >)
PETREL_SIMD_CMP(I16x8GtU, uint16_t, >)
PETREL_SIMD_CMP(I16x8LeS, int16_t, <=)
PETREL_SIMD_CMP(I16x8LeU, uint16_t, <=)
PETREL_SIMD_CMP(I16x8GeS, int16_t, >=)
PETREL_SIMD_CMP(I16x8GeU, uint16_t, >=)
PETREL_SIMD_CMP(I32x4Eq, uint32_t, ==)
PETREL_SIMD_CMP(I32x4Ne, uint32_t, !=)
PETREL_SIMD_CMP(I32x4LtS, int32_t, <)
PETREL_SIMD_CMP(I32x4LtU, uint32_t, <)
PETREL_SIMD_CMP(I32x4GtS, int32_t, >)
PETREL_SIMD_CMP(I32x4GtU, uint32_t, >)
PETREL_SIMD_CMP(I32x4LeS, int32_t, <=)
PETREL_SIMD_CMP(I32x4LeU, uint32_t, <=)
PETREL_SIMD_CMP(I32x4GeS, int32_t, >=)
PETREL_SIMD_CMP(I32x4GeU, uint32_t, >=)
PETREL_SIMD_CMP(I64x2Eq, uint64_t, ==)
PETREL_SIMD_CMP(I64x2Ne, uint64_t, !=)
PETREL_SIMD_CMP(I64x2LtS, int64_t, <)
PETREL_SIMD_CMP(I64x2GtS, int64_t, >)
PETREL_SIMD_CMP(I64x2LeS, int64_t, <=)
PETREL_SIMD_CMP(I64x2GeS, int64_t, >=)
PETREL_SIMD_CMP(F32x4Eq, float, ==)
PETREL_SIMD_CMP(F32x4Ne, float, !=)
PETREL_SIMD_CMP(F32x4Lt, float, <)
PETREL_SIMD_CMP(F32x4Gt, float, >)
PETREL_SIMD_CMP(F32x4Le, float, <=)
PETREL_SIMD_CMP(F32x4Ge, float, >=)
PETREL_SIMD_CMP(F64x2Eq, double, ==)
PETREL_SIMD_CMP(F64x2Ne, double, !=)
PETREL_SIMD_CMP(F64x2Lt, double, <)
PETREL_SIMD_CMP(F64x2Gt, double, >)
PETREL_SIMD_CMP(F64x2Le, double, <=)
PETREL_SIMD_CMP(F64x2Ge, double, >=)
#undef PETREL_SIMD_CMP

// ---- Bitwise -----------------------------------------------------------------

inline V128 V128Not(V128 a) {
  return detail::lanewise1<uint64_t>(a, [](auto x) { return ~x; });
}
inline V128 V128And(V128 a, V128 b) {
  return detail::lanewise2<uint64_t>(a, b, [](auto x, auto y) { return x & y; });
}
inline V128 V128Andnot(V128 a, V128 b) {
  return detail::lanewise2<uint64_t>(a, b, [](auto x, auto y) { return x & ~y; });
}
inline V128 V128Or(V128 a, V128 b) {
  return detail::lanewise2<uint64_t>(a, b, [](auto x, auto y) { return x | y; });
}
inline V128 V128Xor(V128 a, V128 b) {
  return detail::lanewise2<uint64_t>(a, b, [](auto x, auto y) { return x ^ y; });
}
// Bits of a where c is 1, of b where c is 0.
inline V128 V128Bitselect(V128 a, V128 b, V128 c) {
  return V128Or(V128And(a, c), V128Andnot(b, c));
}
inline uint32_t V128AnyTrue(V128 a) {
  uint64_t w[2];
  std::memcpy(w, a.bytes, 16);
  return (w[0] | w[1]) != 0 ? 1u : 0u;
}

// ---- Float conversions ------------------------------------------------------------

inline V128 F32x4DemoteF64x2Zero(V128 a) {
  detail::Lanes<double> x = detail::get<double>(a);
  detail::Lanes<float> r{};
  r.v[0] = detail::canon(static_cast<float>(x.v[0]));
  r.v[1] = detail::canon(static_cast<float>(x.v[1]));
  return detail::put(r);
}
inline V128 F64x2PromoteLowF32x4(V128 a) {
  detail::Lanes<float> x = detail::get<float>(a);
  detail::Lanes<double> r;
  r.v[0] = detail::canon(static_cast<double>(x.v[0]));
  r.v[1] = detail::canon(static_cast<double>(x.v[1]));
  return detail::put(r);
}

// ---- i8x16 -------------------------------------------------------------------

inline V128 I8x16Abs(V128 a) { return detail::iabs<int8_t>(a); }
inline V128 I8x16Neg(V128 a) { return detail::neg<int8_t>(a); }
// Per-byte popcount, SWAR over two 64-bit words.
inline V128 I8x16Popcnt(V128 a) {
  return detail::lanewise1<uint64_t>(a, [](auto x) {
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    return (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  });
}
inline uint32_t I8x16AllTrue(V128 a) { return detail::allTrue<uint8_t>(a); }
inline uint32_t I8x16Bitmask(V128 a) { return detail::bitmask<uint8_t>(a); }
inline V128 I8x16NarrowI16x8S(V128 a, V128 b) { return detail::narrow<int16_t, int8_t>(a, b); }
inline V128 I8x16NarrowI16x8U(V128 a, V128 b) { return detail::narrow<int16_t, uint8_t>(a, b); }
inline V128 I8x16Shl(V128 a, uint32_t n) { return detail::shl<uint8_t>(a, n); }
inline V128 I8x16ShrS(V128 a, uint32_t n) { return detail::shr<int8_t>(a, n); }
inline V128 I8x16ShrU(V128 a, uint32_t n) { return detail::shr<uint8_t>(a, n); }
inline V128 I8x16Add(V128 a, V128 b) { return detail::add<uint8_t>(a, b); }
inline V128 I8x16AddSatS(V128 a, V128 b) { return detail::addSat<int8_t>(a, b); }
inline V128 I8x16AddSatU(V128 a, V128 b) { return detail::addSat<uint8_t>(a, b); }
inline V128 I8x16Sub(V128 a, V128 b) { return detail::sub<uint8_t>(a, b); }
inline V128 I8x16SubSatS(V128 a, V128 b) { return detail::subSat<int8_t>(a, b); }
inline V128 I8x16SubSatU(V128 a, V128 b) { return detail::subSat<uint8_t>(a, b); }
inline V128 I8x16MinS(V128 a, V128 b) { return detail::imin<int8_t>(a, b); }
inline V128 I8x16MinU(V128 a, V128 b) { return detail::imin<uint8_t>(a, b); }
inline V128 I8x16MaxS(V128 a, V128 b) { return detail::imax<int8_t>(a, b); }
inline V128 I8x16MaxU(V128 a, V128 b) { return detail::imax<uint8_t>(a, b); }
inline V128 I8x16AvgrU(V128 a, V128 b) { return detail::avgr<uint8_t>(a, b); }

// ---- i16x8 -------------------------------------------------------------------

inline V128 I16x8ExtaddPairwiseI8x16S(V128 a) { return detail::extaddPairwise<int8_t, int16_t>(a); }
inline V128 I16x8ExtaddPairwiseI8x16U(V128 a) { return detail::extaddPairwise<uint8_t, uint16_t>(a); }
inline V128 I16x8Abs(V128 a) { return detail::iabs<int16_t>(a); }
inline V128 I16x8Neg(V128 a) { return detail::neg<int16_t>(a); }
// Q15 rounding multiply: (a * b + 2^14) >> 15, saturated (only -32768 * -32768 overflows).
inline V128 I16x8Q15mulrSatS(V128 a, V128 b) {
  return detail::map2<int16_t>(a, b, [](int16_t x, int16_t y) {
    return detail::satLane<int32_t, int16_t>((int32_t(x) * int32_t(y) + 0x4000) >> 15);
  });
}
inline uint32_t I16x8AllTrue(V128 a) { return detail::allTrue<uint16_t>(a); }
inline uint32_t I16x8Bitmask(V128 a) { return detail::bitmask<uint16_t>(a); }
inline V128 I16x8NarrowI32x4S(V128 a, V128 b) { return detail::narrow<int32_t, int16_t>(a, b); }
inline V128 I16x8NarrowI32x4U(V128 a, V128 b) { return detail::narrow<int32_t, uint16_t>(a, b); }
inline V128 I16x8ExtendLowI8x16S(V128 a) { return detail::extend<int8_t, int16_t>(a, false); }
inline V128 I16x8ExtendHighI8x16S(V128 a) { return detail::extend<int8_t, int16_t>(a, true); }
inline V128 I16x8ExtendLowI8x16U(V128 a) { return detail::extend<uint8_t, uint16_t>(a, false); }
inline V128 I16x8ExtendHighI8x16U(V128 a) { return detail::extend<uint8_t, uint16_t>(a, true); }
inline V128 I16x8Shl(V128 a, uint32_t n) { return detail::shl<uint16_t>(a, n); }
inline V128 I16x8ShrS(V128 a, uint32_t n) { return detail::shr<int16_t>(a, n); }
inline V128 I16x8ShrU(V128 a, uint32_t n) { return detail::shr<uint16_t>(a, n); }
inline V128 I16x8Add(V128 a, V128 b) { return detail::add<uint16_t>(a, b); }
inline V128 I16x8AddSatS(V128 a, V128 b) { return detail::addSat<int16_t>(a, b); }
inline V128 I16x8AddSatU(V128 a, V128 b) { return detail::addSat<uint16_t>(a, b); }
inline V128 I16x8Sub(V128 a, V128 b) { return detail::sub<uint16_t>(a, b); }
inline V128 I16x8SubSatS(V128 a, V128 b) { return detail::subSat<int16_t>(a, b); }
inline V128 I16x8SubSatU(V128 a, V128 b) { return detail::subSat<uint16_t>(a, b); }
inline V128 I16x8Mul(V128 a, V128 b) { return detail::mul<uint16_t>(a, b); }
inline V128 I16x8MinS(V128 a, V128 b) { return detail::imin<int16_t>(a, b); }
inline V128 I16x8MinU(V128 a, V128 b) { return detail::imin<uint16_t>(a, b); }
inline V128 I16x8MaxS(V128 a, V128 b) { return detail::imax<int16_t>(a, b); }
inline V128 I16x8MaxU(V128 a, V128 b) { return detail::imax<uint16_t>(a, b); }
inline V128 I16x8AvgrU(V128 a, V128 b) { return detail::avgr<uint16_t>(a, b); }
inline V128 I16x8ExtmulLowI8x16S(V128 a, V128 b) { return detail::extmul<int8_t, int16_t>(a, b, false); }
inline V128 I16x8ExtmulHighI8x16S(V128 a, V128 b) { return detail::extmul<int8_t, int16_t>(a, b, true); }
inline V128 I16x8ExtmulLowI8x16U(V128 a, V128 b) { return detail::extmul<uint8_t, uint16_t>(a, b, false); }
inline V128 I16x8ExtmulHighI8x16U(V128 a, V128 b) { return detail::extmul<uint8_t, uint16_t>(a, b, true); }

// ---- i32x4 -------------------------------------------------------------------

inline V128 I32x4ExtaddPairwiseI16x8S(V128 a) { return detail::extaddPairwise<int16_t, int32_t>(a); }
inline V128 I32x4ExtaddPairwiseI16x8U(V128 a) { return detail::extaddPairwise<uint16_t, uint32_t>(a); }
inline V128 I32x4Abs(V128 a) { return detail::iabs<int32_t>(a); }
inline V128 I32x4Neg(V128 a) { return detail::neg<int32_t>(a); }
inline uint32_t I32x4AllTrue(V128 a) { return detail::allTrue<uint32_t>(a); }
inline uint32_t I32x4Bitmask(V128 a) { return detail::bitmask<uint32_t>(a); }
inline V128 I32x4ExtendLowI16x8S(V128 a) { return detail::extend<int16_t, int32_t>(a, false); }
inline V128 I32x4ExtendHighI16x8S(V128 a) { return detail::extend<int16_t, int32_t>(a, true); }
inline V128 I32x4ExtendLowI16x8U(V128 a) { return detail::extend<uint16_t, uint32_t>(a, false); }
inline V128 I32x4ExtendHighI16x8U(V128 a) { return detail::extend<uint16_t, uint32_t>(a, true); }
inline V128 I32x4Shl(V128 a, uint32_t n) { return detail::shl<uint32_t>(a, n); }
inline V128 I32x4ShrS(V128 a, uint32_t n) { return detail::shr<int32_t>(a, n); }
inline V128 I32x4ShrU(V128 a, uint32_t n) { return detail::shr<uint32_t>(a, n); }
inline V128 I32x4Add(V128 a, V128 b) { return detail::add<uint32_t>(a, b); }
inline V128 I32x4Sub(V128 a, V128 b) { return detail::sub<uint32_t>(a, b); }
inline V128 I32x4Mul(V128 a, V128 b) { return detail::mul<uint32_t>(a, b); }
inline V128 I32x4MinS(V128 a, V128 b) { return detail::imin<int32_t>(a, b); }
inline V128 I32x4MinU(V128 a, V128 b) { return detail::imin<uint32_t>(a, b); }
inline V128 I32x4MaxS(V128 a, V128 b) { return detail::imax<int32_t>(a, b); }
inline V128 I32x4MaxU(V128 a, V128 b) { return detail::imax<uint32_t>(a, b); }
// Pairs of signed 16-bit products summed; the sum wraps (only all -32768 overflows).
inline V128 I32x4DotI16x8S(V128 a, V128 b) {
#if PETREL_SIMD_SSE2
  return detail::fromM128(_mm_madd_epi16(detail::m128(a), detail::m128(b)));  // pmaddwd wraps the same way
#endif
  detail::Lanes<int16_t> x = detail::get<int16_t>(a), y = detail::get<int16_t>(b);
  detail::Lanes<uint32_t> r;
  for (unsigned i = 0; i < 4; ++i) {
    int64_t s = int64_t(x.v[2 * i]) * y.v[2 * i] + int64_t(x.v[2 * i + 1]) * y.v[2 * i + 1];
    r.v[i] = static_cast<uint32_t>(s);
  }
  return detail::put(r);
}
inline V128 I32x4ExtmulLowI16x8S(V128 a, V128 b) { return detail::extmul<int16_t, int32_t>(a, b, false); }
inline V128 I32x4ExtmulHighI16x8S(V128 a, V128 b) { return detail::extmul<int16_t, int32_t>(a, b, true); }
inline V128 I32x4ExtmulLowI16x8U(V128 a, V128 b) { return detail::extmul<uint16_t, uint32_t>(a, b, false); }
inline V128 I32x4ExtmulHighI16x8U(V128 a, V128 b) { return detail::extmul<uint16_t, uint32_t>(a, b, true); }

// ---- i64x2 -------------------------------------------------------------------

inline V128 I64x2Abs(V128 a) { return detail::iabs<int64_t>(a); }
inline V128 I64x2Neg(V128 a) { return detail::neg<int64_t>(a); }
inline uint32_t I64x2AllTrue(V128 a) { return detail::allTrue<uint64_t>(a); }
inline uint32_t I64x2Bitmask(V128 a) { return detail::bitmask<uint64_t>(a); }
inline V128 I64x2ExtendLowI32x4S(V128 a) { return detail::extend<int32_t, int64_t>(a, false); }
inline V128 I64x2ExtendHighI32x4S(V128 a) { return detail::extend<int32_t, int64_t>(a, true); }
inline V128 I64x2ExtendLowI32x4U(V128 a) { return detail::extend<uint32_t, uint64_t>(a, false); }
inline V128 I64x2ExtendHighI32x4U(V128 a) { return detail::extend<uint32_t, uint64_t>(a, true); }
inline V128 I64x2Shl(V128 a, uint32_t n) { return detail::shl<uint64_t>(a, n); }
inline V128 I64x2ShrS(V128 a, uint32_t n) { return detail::shr<int64_t>(a, n); }
inline V128 I64x2ShrU(V128 a, uint32_t n) { return detail::shr<uint64_t>(a, n); }
inline V128 I64x2Add(V128 a, V128 b) { return detail::add<uint64_t>(a, b); }
inline V128 I64x2Sub(V128 a, V128 b) { return detail::sub<uint64_t>(a, b); }
inline V128 I64x2Mul(V128 a, V128 b) { return detail::mul<uint64_t>(a, b); }
inline V128 I64x2ExtmulLowI32x4S(V128 a, V128 b) { return detail::extmul<int32_t, int64_t>(a, b, false); }
inline V128 I64x2ExtmulHighI32x4S(V128 a, V128 b) { return detail::extmul<int32_t, int64_t>(a, b, true); }
inline V128 I64x2ExtmulLowI32x4U(V128 a, V128 b) { return detail::extmul<uint32_t, uint64_t>(a, b, false); }
inline V128 I64x2ExtmulHighI32x4U(V128 a, V128 b) { return detail::extmul<uint32_t, uint64_t>(a, b, true); }

// ---- f32x4 / f64x2 -----------------------------------------------------------

// abs and neg touch only the sign bit (NaN payloads kept).
inline V128 F32x4Abs(V128 a) {
  return detail::lanewise1<uint32_t>(a, [](auto x) { return x & 0x7fffffffu; });
}
inline V128 F32x4Neg(V128 a) {
  return detail::lanewise1<uint32_t>(a, [](auto x) { return x ^ 0x80000000u; });
}
inline V128 F64x2Abs(V128 a) {
  return detail::lanewise1<uint64_t>(a, [](auto x) { return x & 0x7fffffffffffffffull; });
}
inline V128 F64x2Neg(V128 a) {
  return detail::lanewise1<uint64_t>(a, [](auto x) { return x ^ 0x8000000000000000ull; });
}
inline V128 F32x4Sqrt(V128 a) {
  return detail::map1<float>(a, [](float x) { return detail::canon(std::sqrt(x)); });
}
inline V128 F64x2Sqrt(V128 a) {
  return detail::map1<double>(a, [](double x) { return detail::canon(std::sqrt(x)); });
}
inline V128 F32x4Ceil(V128 a) {
  return detail::fround<float>(a, [](float x) { return std::ceil(x); });
}
inline V128 F32x4Floor(V128 a) {
  return detail::fround<float>(a, [](float x) { return std::floor(x); });
}
inline V128 F32x4Trunc(V128 a) {
  return detail::fround<float>(a, [](float x) { return std::trunc(x); });
}
// Round to nearest, ties to even (the default rounding mode, never changed).
inline V128 F32x4Nearest(V128 a) {
  return detail::fround<float>(a, [](float x) { return std::nearbyint(x); });
}
inline V128 F64x2Ceil(V128 a) {
  return detail::fround<double>(a, [](double x) { return std::ceil(x); });
}
inline V128 F64x2Floor(V128 a) {
  return detail::fround<double>(a, [](double x) { return std::floor(x); });
}
inline V128 F64x2Trunc(V128 a) {
  return detail::fround<double>(a, [](double x) { return std::trunc(x); });
}
inline V128 F64x2Nearest(V128 a) {
  return detail::fround<double>(a, [](double x) { return std::nearbyint(x); });
}

inline V128 F32x4Add(V128 a, V128 b) {
  return detail::farith<float>(a, b, [](auto x, auto y) { return x + y; });
}
inline V128 F32x4Sub(V128 a, V128 b) {
  return detail::farith<float>(a, b, [](auto x, auto y) { return x - y; });
}
inline V128 F32x4Mul(V128 a, V128 b) {
  return detail::farith<float>(a, b, [](auto x, auto y) { return x * y; });
}
inline V128 F32x4Div(V128 a, V128 b) {
  return detail::farith<float>(a, b, [](auto x, auto y) { return x / y; });
}
inline V128 F32x4Min(V128 a, V128 b) { return detail::fmin<float>(a, b); }
inline V128 F32x4Max(V128 a, V128 b) { return detail::fmax<float>(a, b); }
inline V128 F32x4Pmin(V128 a, V128 b) { return detail::pmin<float>(a, b); }
inline V128 F32x4Pmax(V128 a, V128 b) { return detail::pmax<float>(a, b); }
inline V128 F64x2Add(V128 a, V128 b) {
  return detail::farith<double>(a, b, [](auto x, auto y) { return x + y; });
}
inline V128 F64x2Sub(V128 a, V128 b) {
  return detail::farith<double>(a, b, [](auto x, auto y) { return x - y; });
}
inline V128 F64x2Mul(V128 a, V128 b) {
  return detail::farith<double>(a, b, [](auto x, auto y) { return x * y; });
}
inline V128 F64x2Div(V128 a, V128 b) {
  return detail::farith<double>(a, b, [](auto x, auto y) { return x / y; });
}
inline V128 F64x2Min(V128 a, V128 b) { return detail::fmin<double>(a, b); }
inline V128 F64x2Max(V128 a, V128 b) { return detail::fmax<double>(a, b); }
inline V128 F64x2Pmin(V128 a, V128 b) { return detail::pmin<double>(a, b); }
inline V128 F64x2Pmax(V128 a, V128 b) { return detail::pmax<double>(a, b); }

inline V128 I32x4TruncSatF32x4S(V128 a) { return detail::truncSat<int32_t, float>(a); }
inline V128 I32x4TruncSatF32x4U(V128 a) { return detail::truncSat<uint32_t, float>(a); }
inline V128 I32x4TruncSatF64x2SZero(V128 a) { return detail::truncSat<int32_t, double>(a); }
inline V128 I32x4TruncSatF64x2UZero(V128 a) { return detail::truncSat<uint32_t, double>(a); }
inline V128 F32x4ConvertI32x4S(V128 a) {
  detail::Lanes<int32_t> x = detail::get<int32_t>(a);
  detail::Lanes<float> r;
  for (unsigned i = 0; i < 4; ++i) r.v[i] = static_cast<float>(x.v[i]);
  return detail::put(r);
}
inline V128 F32x4ConvertI32x4U(V128 a) {
  detail::Lanes<uint32_t> x = detail::get<uint32_t>(a);
  detail::Lanes<float> r;
  for (unsigned i = 0; i < 4; ++i) r.v[i] = static_cast<float>(x.v[i]);
  return detail::put(r);
}
inline V128 F64x2ConvertLowI32x4S(V128 a) {
  detail::Lanes<int32_t> x = detail::get<int32_t>(a);
  detail::Lanes<double> r;
  for (unsigned i = 0; i < 2; ++i) r.v[i] = static_cast<double>(x.v[i]);
  return detail::put(r);
}
inline V128 F64x2ConvertLowI32x4U(V128 a) {
  detail::Lanes<uint32_t> x = detail::get<uint32_t>(a);
  detail::Lanes<double> r;
  for (unsigned i = 0; i < 2; ++i) r.v[i] = static_cast<double>(x.v[i]);
  return detail::put(r);
}

// ---- Relaxed SIMD ------------------------------------------------------------
//
// Petrel implements the deterministic profile of relaxed SIMD (the first
// choice of every relaxed(R)[...] in spec 4.3), the same on every host and in
// both implementations:
//   i8x16.relaxed_swizzle          = i8x16.swizzle (index >= 16 gives 0)
//   i32x4.relaxed_trunc_*          = i32x4.trunc_sat_* (NaN -> 0, saturating)
//   f32x4/f64x2.relaxed_madd       = unfused: a * b rounded, then + c rounded
//   f32x4/f64x2.relaxed_nmadd      = unfused: (-a) * b rounded, then + c rounded
//   iNxM.relaxed_laneselect(a,b,m) = v128.bitselect(a, b, m) (bitwise, every bit of m)
//   f32x4/f64x2.relaxed_min/max    = f32x4/f64x2.min/max (NaN propagates, -0 < +0)
//   i16x8.relaxed_q15mulr_s        = i16x8.q15mulr_sat_s (-32768 * -32768 -> 32767)
//   i16x8.relaxed_dot_i8x16_i7x16_s: b's lanes read as signed; each pair of
//       16-bit products added with signed saturation (spec ivdotsat), so only
//       a = b = (-128, -128) saturates: 32768 -> 32767
//   i32x4.relaxed_dot_i8x16_i7x16_add_s: the 16-bit dot above, then pairs
//       sign-extended and added to 32 bits, plus c (wrapping)

inline V128 I8x16RelaxedSwizzle(V128 a, V128 s) { return I8x16Swizzle(a, s); }
inline V128 I32x4RelaxedTruncF32x4S(V128 a) { return I32x4TruncSatF32x4S(a); }
inline V128 I32x4RelaxedTruncF32x4U(V128 a) { return I32x4TruncSatF32x4U(a); }
inline V128 I32x4RelaxedTruncF64x2SZero(V128 a) { return I32x4TruncSatF64x2SZero(a); }
inline V128 I32x4RelaxedTruncF64x2UZero(V128 a) { return I32x4TruncSatF64x2UZero(a); }
inline V128 F32x4RelaxedMadd(V128 a, V128 b, V128 c) { return detail::maddUnfused<float>(a, b, c, false); }
inline V128 F32x4RelaxedNmadd(V128 a, V128 b, V128 c) { return detail::maddUnfused<float>(a, b, c, true); }
inline V128 F64x2RelaxedMadd(V128 a, V128 b, V128 c) { return detail::maddUnfused<double>(a, b, c, false); }
inline V128 F64x2RelaxedNmadd(V128 a, V128 b, V128 c) { return detail::maddUnfused<double>(a, b, c, true); }
inline V128 I8x16RelaxedLaneselect(V128 a, V128 b, V128 m) { return V128Bitselect(a, b, m); }
inline V128 I16x8RelaxedLaneselect(V128 a, V128 b, V128 m) { return V128Bitselect(a, b, m); }
inline V128 I32x4RelaxedLaneselect(V128 a, V128 b, V128 m) { return V128Bitselect(a, b, m); }
inline V128 I64x2RelaxedLaneselect(V128 a, V128 b, V128 m) { return V128Bitselect(a, b, m); }
inline V128 F32x4RelaxedMin(V128 a, V128 b) { return F32x4Min(a, b); }
inline V128 F32x4RelaxedMax(V128 a, V128 b) { return F32x4Max(a, b); }
inline V128 F64x2RelaxedMin(V128 a, V128 b) { return F64x2Min(a, b); }
inline V128 F64x2RelaxedMax(V128 a, V128 b) { return F64x2Max(a, b); }
inline V128 I16x8RelaxedQ15mulrS(V128 a, V128 b) { return I16x8Q15mulrSatS(a, b); }
inline V128 I16x8RelaxedDotI8x16I7x16S(V128 a, V128 b) { return detail::put(detail::dotI8x16I7x16(a, b)); }
inline V128 I32x4RelaxedDotI8x16I7x16AddS(V128 a, V128 b, V128 c) {
  detail::Lanes<int16_t> d = detail::dotI8x16I7x16(a, b);
  detail::Lanes<uint32_t> z = detail::get<uint32_t>(c);
  for (unsigned i = 0; i < 4; ++i) z.v[i] += static_cast<uint32_t>(int32_t(d.v[2 * i]) + int32_t(d.v[2 * i + 1]));
  return detail::put(z);
}

}  // namespace petrel::internal::simd

#undef PETREL_SIMD_NO_CONTRACT
