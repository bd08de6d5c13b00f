// Types in the text format (spec 6.4): value, heap and reference types,
// type definitions with recursion groups and subtyping, and type uses with
// their implicit type insertion (spec 6.6.5).
#pragma once

#include <string>
#include <vector>

#include "text/binary_writer.h"
#include "text/module_context.h"
#include "text/token_cursor.h"

namespace petrel::internal::text {

// Does a value type start at the cursor (a type keyword or `(ref`)?
bool atValType(const TokenCursor& cur);
bool parseHeapType(TokenCursor& cur, ModuleContext& ctx, HeapType& out);
bool parseRefType(TokenCursor& cur, ModuleContext& ctx, ValType& out);
bool parseValType(TokenCursor& cur, ModuleContext& ctx, ValType& out);

void writeHeapType(ByteWriter& w, HeapType h);
void writeValType(ByteWriter& w, const ValType& t);

// `(type x)? (param ...)* (result ...)*` as written.
struct TypeUse {
  bool has_index = false;
  uint32_t index = 0;
  std::vector<ValType> params, results;
  std::vector<std::string> param_names;  // parallel to params; "" if unnamed
  size_t start_token = 0;                // for error positions
};

// Parses a type use. Named parameters are only allowed where the names bind
// locals (functions); elsewhere `(param $x ...)` is "unexpected token".
bool parseTypeUse(TokenCursor& cur, ModuleContext& ctx, TypeUse& use, bool allow_param_names);

// The type index a type use denotes: the explicit one (which must agree
// with any inline declaration, else "inline function type"), or the first
// matching function type, inserted at the end of the type section if
// needed.
bool resolveTypeUse(TokenCursor& cur, ModuleContext& ctx, const TypeUse& use, uint32_t& index);

// Parameter count of function type `index` (0 when it is not one).
uint32_t funcTypeParamCount(const ModuleContext& ctx, uint32_t index);

// Parses one `(type ...)` or `(rec ...)` field whose types were numbered by
// the module scan starting at `first` (the definitions fill ctx.types).
bool parseTypeField(TokenCursor& cur, ModuleContext& ctx, uint32_t first);

// The type section content (spec 5.5.4): vec(rectype).
void writeTypeSection(ByteWriter& out, const ModuleContext& ctx);

}  // namespace petrel::internal::text
