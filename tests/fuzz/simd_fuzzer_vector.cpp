// simd_fuzzer's vector side: exec/simd.h with the GCC/Clang vector extensions.
//
// Why the namespace rename (read with simd_fuzzer_scalar.cpp): both sides
// include simd.h, whose inline functions and templates would have the same
// names in both objects but different bodies. That breaks the one-definition
// rule, and in practice the linker keeps one copy of every weak (linkonce_odr)
// symbol emitted by both objects, template instantiations such as
// detail::map2<...> above all, so one side could silently run the other's
// code and the check would compare a path with itself. (Measured with clang
// 14: built without the rename, the two objects share 112 weak simd::
// symbols at -O2 and 535 at -O0, among them detail::compare<float, ...> and
// detail::fmin<float>; linked at -O0, evalVector and evalScalar both called
// the one surviving simd::F32x4Min.) So each side renames
// the namespace simd.h opens: `#define simd simd_vector` makes it
// petrel::internal::simd_vector here (simd_scalar there), and every entity of
// simd.h gets a mangled name of its own; nothing can merge, with each other
// or with petrel_core's petrel::internal::simd (which this harness does not
// link anyway). The rename is safe because `simd` occurs in simd.h as a
// token only in that namespace name (PETREL_SIMD_*, __wasm_simd128__ are other
// tokens), and the standard headers simd.h needs are included first, so the
// macro cannot reach into them (their include guards make simd.h's own
// includes no-ops; when simd.h includes a new header, add it here and in
// simd_fuzzer_scalar.cpp). To see it: `nm -C` on the two objects shows
// petrel::internal::simd_vector:: symbols in this one, simd_scalar:: ones in
// the other, and no petrel::internal::simd:: symbol in either.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#if defined(__SSE2__)
#include <emmintrin.h>  // simd.h's SSE2 intrinsics (PETREL_SIMD_SSE2)
#endif

#include "simd_fuzzer_ops.h"

#if defined(PETREL_SIMD_SCALAR)
#error "simd_fuzzer_vector.cpp checks the vector path; build it without PETREL_SIMD_SCALAR"
#endif
#ifdef simd
#error "a macro named simd is already defined"
#endif
#define simd simd_vector
#include "exec/simd.h"
#undef simd

static_assert(PETREL_SIMD_USE_VECTOR == 1, "simd.h chose the lane loops: this target has no vector path to check");

#define SIMD_FUZZ_IMPL petrel::internal::simd_vector
#define SIMD_FUZZ_EVAL evalVector
#include "simd_fuzzer_eval.inc"
