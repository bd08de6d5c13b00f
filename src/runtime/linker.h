// Import matching (spec 4.5.2 "external typing" and 3.3.x "import subtyping"):
// does an external value fit the type a module declares for an import?
#pragma once

#include <string>

#include "base/result.h"
#include "ir/module.h"
#include "runtime/objects.h"
#include "validate/type_registry.h"

namespace petrel::internal {

// Checks `ext` against import `index` of `module`; the error (Unlinkable)
// names the import.
Status matchImport(const Module& module, uint32_t index, const Extern& ext);

// An import that a host module answers (WASI preview1, petrel_hw): `f` is
// that provider's function of the import's name (null: it has none), and the
// import must be a function of exactly its type. The Unlinkable error names
// the import and says why, in `provider`'s name ("WASI preview1").
Result<FunctionInstance*> resolveHostFunctionImport(const Module& module, const Import& import, FunctionInstance* f,
                                                    const char* provider);

// canonicalize(ids, t) for a value type of the module whose canonical type
// ids are `ids`. Only a GC build has value types that name a type index
// ((ref $t)); without GC the decoder refuses them and `t` is canonical as is.
inline ValType canonicalValType(const std::vector<uint32_t>& ids, ValType t) {
  return PETREL_FEATURE_GC ? canonicalize(ids, t) : t;
}

// "(i32, i64) -> (i32)"
std::string describeFuncType(const FuncType& type);

}  // namespace petrel::internal
