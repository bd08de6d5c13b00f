// Values as the command line reads and prints them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <petrel/value.h>

#include "runtime/value.h"

namespace petrel::internal::cli {

// An argument for a parameter of type `type`: integers in decimal (signed
// or unsigned) or 0x hex; floats in decimal, hex float, inf, -inf or nan.
// Empty when the text does not fit the type.
std::optional<Value> parseArgument(ValType type, std::string_view text);

// A result as `wasmtime --invoke` prints it: integers as signed decimal,
// floats in the shortest form that reads back to the same value, without
// exponent (like Rust's Display: "1", "0.1", "inf", "NaN").
std::string formatResult(const Value& value);

// The same for the embedding API's values (petrel run is a host on it).
std::optional<petrel::Value> parseArgument(const petrel::ValType& type, std::string_view text);
std::string formatResult(const petrel::Value& value);

// A value for diagnostics, in script syntax with the raw bits of floats:
// "(f32.const 1.5 (0x3fc00000))".
std::string describeValue(const Value& value);

// Extern references in scripts and on the command line: `(ref.extern N)`
// is the host pointer N + 1, so that N = 0 stays distinct from null.
inline void* externRefFromIndex(uint64_t n) { return reinterpret_cast<void*>(static_cast<uintptr_t>(n) + 1); }
inline uint64_t externRefIndex(void* p) { return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p)) - 1; }
bool isExternRefType(ValType type);

}  // namespace petrel::internal::cli
