// Import matching (spec 4.5.2 "external typing" and 3.3.x "import subtyping"):
// does an external value fit the type a module declares for an import?
#pragma once

#include "base/result.h"
#include "ir/module.h"
#include "runtime/objects.h"

namespace petrel::internal {

// Checks `ext` against import `index` of `module`; the error (Unlinkable)
// names the import.
Status matchImport(const Module& module, uint32_t index, const Extern& ext);

}  // namespace petrel::internal
