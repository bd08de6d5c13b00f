// Small parsing helpers shared by the module and script parsers: indices,
// integer immediates, strings and names.
#pragma once

#include <cstdint>
#include <string>

#include "text/module_context.h"
#include "text/token_cursor.h"

namespace petrel::internal::text {

// A Nat literal that fits in `max` ("constant out of range" otherwise).
bool parseNat(TokenCursor& cur, uint64_t max, uint64_t& out);
bool parseU32(TokenCursor& cur, uint32_t& out);
// An f32 (f64 = false) or f64 literal as raw bits; "constant out of range"
// when it rounds to infinity.
bool parseFloatLiteral(TokenCursor& cur, bool f64, uint64_t& bits);
// The lane shape after `v128.const` (i8x16 ... f64x2), consumed.
bool parseV128Shape(TokenCursor& cur, unsigned& lanes, unsigned& bits, bool& is_float);

// An index in `space`: a Nat, or an Id bound in `names` (else "unknown ...").
bool parseIndex(TokenCursor& cur, const NameMap& names, const char* unknown, uint32_t& out);
bool parseIndex(TokenCursor& cur, ModuleContext& ctx, Space space, uint32_t& out);

// One or more consecutive strings, concatenated (data strings, binary
// modules).
bool parseStrings(TokenCursor& cur, std::string& out, bool allow_empty);
// A single string that must be valid UTF-8 (import/export names, spec 6.3.4).
bool parseName(TokenCursor& cur, std::string& out);

// Binds an optional `$id` at the cursor to `index` in `names`; a second
// binding of the same name fails with `duplicate`.
bool bindOptionalId(TokenCursor& cur, NameMap& names, uint32_t index, const char* duplicate);

}  // namespace petrel::internal::text
