// Numeric literals of the text format (spec 6.3.1 integers, 6.3.2 floats):
// syntax classification for the lexer and conversion to bit patterns with the
// range checks the spec requires ("constant out of range" when a literal does
// not fit, including float literals that round to infinity).
#pragma once

#include <cstdint>
#include <string_view>

namespace petrel::internal::text {

enum class NumberClass : uint8_t {
  None,   // not a number token
  Nat,    // unsigned integer: 42, 0x2a, 1_000
  Int,    // signed integer: +42, -0x2a
  Float,  // anything else numeric: 1.5, 1e10, 0x1p-3, inf, -nan, nan:0x200000
};

enum class LiteralStatus : uint8_t { Ok, Malformed, OutOfRange };

// Classifies a whole token by the spec grammar (underscores only between
// digits, hex prefixes, optional sign, exponents).
NumberClass classifyNumber(std::string_view text);

// Unsigned literal (Nat syntax only) no greater than `max`.
LiteralStatus parseUnsigned(std::string_view text, uint64_t max, uint64_t& out);

// The text `iN` literal (spec 6.3.1): an unsigned value below 2^N or a signed
// one in [-2^(N-1), 2^(N-1)); the result is the N-bit two's complement pattern
// zero-extended into `out`. Works for N = 8, 16, 32, 64.
LiteralStatus parseIntN(std::string_view text, unsigned bits, uint64_t& out);

// Float literals (spec 6.3.2), rounded to nearest-even. Integers are accepted
// as floats. Results are raw IEEE bit patterns.
LiteralStatus parseF32(std::string_view text, uint32_t& bits);
LiteralStatus parseF64(std::string_view text, uint64_t& bits);

}  // namespace petrel::internal::text
