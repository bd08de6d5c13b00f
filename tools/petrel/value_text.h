// Values as the command line reads and prints them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <petrel/value.h>

#include "runtime/value.h"

namespace petrel::internal::cli {

// An argument for a parameter of type `type`: integers in decimal (signed
// or unsigned) or 0x hex; floats in decimal, hex float, inf, -inf or nan;
// a v128 as one 128-bit integer, decimal (as results print) or 0x hex, its
// lanes little-endian (lane 0 in the low bits). Empty when the text does
// not fit the type.
std::optional<Value> parseArgument(ValType type, std::string_view text);

// A result as `wasmtime --invoke` prints it: integers as signed decimal,
// floats in the shortest form that reads back to the same value, without
// exponent (like Rust's Display: "1", "0.1", "inf", "NaN"); a v128 as the
// unsigned decimal of its 16 bytes read as a little-endian 128-bit integer
// (wasmtime prints `V128::as_u128()` with `{}`).
std::string formatResult(const Value& value);

// The same for the embedding API's values (petrel run is a host on it).
std::optional<petrel::Value> parseArgument(const petrel::ValType& type, std::string_view text);
std::string formatResult(const petrel::Value& value);

// A value for diagnostics, in script syntax with the raw bits of floats:
// "(f32.const 1.5 (0x3fc00000))"; a v128 as i32x4 hex lanes.
std::string describeValue(const Value& value);

// A v128 for diagnostics in script syntax: with `float_lane_bytes` 4 or 8 as
// f32x4 / f64x2 lanes (shortest round-trip decimal, NaNs as nan:0xPAYLOAD,
// so every bit shows), else as i32x4 hex lanes.
std::string describeV128(const uint8_t bytes[16], unsigned float_lane_bytes = 0);
// One such float lane (4 or 8 little-endian bytes at `lane`): "1.5", "-inf".
std::string describeFloatLane(const uint8_t* lane, unsigned lane_bytes);

// 16 little-endian bytes from the text of one 128-bit integer: [-]decimal
// or [-]0xhex (negative values two's complement, down to -2^127).
bool parseU128(std::string_view text, uint8_t out[16]);
// The unsigned decimal of 16 little-endian bytes.
std::string formatU128(const uint8_t bytes[16]);

// Extern references in scripts and on the command line: `(ref.extern N)`
// is the host pointer N + 1, so that N = 0 stays distinct from null.
inline void* externRefFromIndex(uint64_t n) { return reinterpret_cast<void*>(static_cast<uintptr_t>(n) + 1); }
inline uint64_t externRefIndex(void* p) { return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p)) - 1; }
bool isExternRefType(ValType type);

}  // namespace petrel::internal::cli
