// What this build of the core can run, chosen when it is compiled
// (docs/EMBEDDED.md, "Features"). Each PETREL_FEATURE_X is 1 (built in) or
// 0 (compiled out); the CMake options PETREL_FEATURE_X set them, and the
// embedded profile turns some off by default. A module that uses a feature
// this build leaves out is rejected when it is decoded or validated, with
// an error naming the feature, never run partly.
#pragma once

// 128-bit SIMD and relaxed SIMD (the 0xfd instructions and the v128 type).
#ifndef PETREL_FEATURE_SIMD
#define PETREL_FEATURE_SIMD 1
#endif

// Superinstructions: the translator fuses common scalar sequences into one
// internal instruction (an operator with a constant operand, a comparison
// with the branch that consumes it, an address `x + constant` with its load
// or store, a constant stored, a float multiply with the add that consumes
// it). Off, every wasm instruction becomes its own internal one: a smaller
// interpreter and translator, slower code (docs/EMBEDDED.md has the numbers).
#ifndef PETREL_FEATURE_FUSION
#define PETREL_FEATURE_FUSION 1
#endif

// The name section (function, local, global... names): read into
// Module::names for trap backtraces and the text printer. Off, the section
// is kept as an ordinary custom section and traps name functions by export
// name or index.
#ifndef PETREL_FEATURE_NAMES
#define PETREL_FEATURE_NAMES 1
#endif

// Validation of every function body when a module is loaded, as the spec
// requires for modules from anywhere. Off, for modules a firmware trusts
// (built into it): the module's structure is still validated at load, and
// each function body is still type-checked as it is translated, so nothing
// invalid ever runs; an invalid function traps on its first call
// ("translation failed") instead of failing the load. Saves the separate
// validation pass and its fast-path tables.
#ifndef PETREL_FEATURE_VALIDATION
#define PETREL_FEATURE_VALIDATION 1
#endif

// Floating point: the f32 and f64 types and every instruction that reads or
// produces them. Off, a module with any is refused when it is decoded, and
// the interpreter has no float handlers (nor the software double-precision
// routines a microcontroller without a double FPU links for them).
#ifndef PETREL_FEATURE_FLOAT
#define PETREL_FEATURE_FLOAT 1
#endif

// Not a feature but a trade-off: 1 in the embedded profile, where flash is
// scarce and loading speed matters less than on a server. Load-time code
// (validation, decoding, instantiation) then takes its smaller, general
// path instead of a faster specialised one (the validator's table-driven
// fast path, say); what a module computes and every error it gets are the
// same either way.
#ifndef PETREL_SIZE_OVER_SPEED
#define PETREL_SIZE_OVER_SPEED 0
#endif
