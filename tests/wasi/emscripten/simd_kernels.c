// simd_kernels.c (one folder up) built by Emscripten: emcc -O2 -sSTANDALONE_WASM,
// once as is and once with -msimd128 (NAME.simd.emcc.wasm). Both must print
// expected/simd_kernels.expected, like the clang builds.
#include "../simd_kernels.c"
