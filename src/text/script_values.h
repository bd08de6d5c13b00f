// Constants and result patterns of .wast scripts (the spec interpreter's
// script format): `(i32.const 1)`, `(f32.const nan:canonical)`,
// `(v128.const f32x4 ...)`, `(ref.null func)`, `(ref.extern 1)`,
// `(either ...)` and friends.
#pragma once

#include "text/token_cursor.h"
#include "text/wast_script.h"

namespace petrel::internal::text {

// Parses one parenthesised value at the cursor. `result` allows the
// patterns that only make sense as expected results (NaN patterns,
// `(ref.func)`, `(either ...)`, ...).
bool parseScriptValue(TokenCursor& cur, wast::ScriptValue& out, bool result);

}  // namespace petrel::internal::text
