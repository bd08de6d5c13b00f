#include "ir/module.h"

#include <algorithm>

namespace petrel::internal {

const char* externKindName(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
    case ExternKind::Tag: return "tag";
  }
  return "?";
}

std::string_view Module::functionName(uint32_t func_index) const {
#if PETREL_FEATURE_NAMES
  auto it = std::lower_bound(names.functions.begin(), names.functions.end(), func_index,
                             [](const auto& entry, uint32_t i) { return entry.first < i; });
  if (it != names.functions.end() && it->first == func_index) return it->second;
#else
  (void)func_index;
#endif
  return {};
}

}  // namespace petrel::internal
