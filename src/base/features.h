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

// The instructions' mnemonics ("i32.add"): the text format's parser and
// printer need them, and messages name instructions by them. Off, messages
// name an instruction by its encoding ("opcode 0x3f on a memory other than
// memory 0"), except the refusals of those this build leaves out ("GC
// instruction br_on_null, and this build ..."), whose names stay: 2.8 KB
// less flash on a Cortex-M4.
#ifndef PETREL_FEATURE_OPCODE_NAMES
#define PETREL_FEATURE_OPCODE_NAMES 1
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

// The Wasm 2.0 and 3.0 proposals below, each a switch of its own so that an
// embedded build can be exactly Wasm 2.0 (docs/EMBEDDED.md, "Features").
// Off, the decoder refuses what needs them by name (the instruction, the
// section, the type or the segment form) and their internal instructions
// and handlers are not compiled.

// Bulk memory: memory.copy/fill/init, data.drop, table.init/copy,
// elem.drop, passive data and element segments, the data count section.
#ifndef PETREL_FEATURE_BULK_MEMORY
#define PETREL_FEATURE_BULK_MEMORY 1
#endif

// Reference types: table.get/set/grow/size/fill, ref.null/ref.is_null/
// ref.func, typed select, externref and funcref values, more than one
// table, call_indirect on a table other than 0, the element segment forms
// with a table index or expressions. Off, what is left is the MVP: one
// funcref table, its element segments of function indices, call_indirect.
#ifndef PETREL_FEATURE_REFERENCE_TYPES
#define PETREL_FEATURE_REFERENCE_TYPES 1
#endif

// More than one memory (imported and defined together), memory index
// immediates other than 0.
#ifndef PETREL_FEATURE_MULTI_MEMORY
#define PETREL_FEATURE_MULTI_MEMORY 1
#endif

// Wasm 3.0's GC and typed function references: struct, array and i31
// types, rec groups, subtyping, (ref null? ht) types, the 0xfb
// instructions, ref.eq, ref.as_non_null, br_on_null/br_on_non_null,
// call_ref. Off, every type is a function type in a group of its own, so
// the type registry's canonical equality is plain structural equality.
#ifndef PETREL_FEATURE_GC
#define PETREL_FEATURE_GC 1
#endif

// Wasm 3.0's exception handling: tags, the tag section, tag imports and
// exports, throw, throw_ref, try_table, exnref.
#ifndef PETREL_FEATURE_EXCEPTIONS
#define PETREL_FEATURE_EXCEPTIONS 1
#endif

// Wasm 3.0's 64-bit memories and tables (i64 addresses).
#ifndef PETREL_FEATURE_MEMORY64
#define PETREL_FEATURE_MEMORY64 1
#endif

// Wasm 3.0's tail calls: return_call, return_call_indirect (and
// return_call_ref, which also needs GC's typed function references).
#ifndef PETREL_FEATURE_TAIL_CALL
#define PETREL_FEATURE_TAIL_CALL 1
#endif
