// simd_fuzzer's scalar side: exec/simd.h as the plain lane loops
// (PETREL_SIMD_SCALAR), in namespace petrel::internal::simd_scalar. Why the
// namespace is renamed, and why that is safe: simd_fuzzer_vector.cpp.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "simd_fuzzer_ops.h"

#ifndef PETREL_SIMD_SCALAR
#define PETREL_SIMD_SCALAR 1
#endif
#ifdef simd
#error "a macro named simd is already defined"
#endif
#define simd simd_scalar
#include "exec/simd.h"
#undef simd

static_assert(PETREL_SIMD_USE_VECTOR == 0, "simd.h chose the vector path despite PETREL_SIMD_SCALAR");

#define SIMD_FUZZ_IMPL petrel::internal::simd_scalar
#define SIMD_FUZZ_EVAL evalScalar
#include "simd_fuzzer_eval.inc"
