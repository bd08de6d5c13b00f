#include "runtime/instance.h"

namespace petrel::internal {

Instance::Instance(const Module& m)
    : functions(m.func_types.size()),
      tables(m.tables.size()),
      memories(m.memories.size()),
      globals(m.globals.size()),
      tags(m.tags.size()),
      elem_segments(m.elems.size()),
      data_dropped(m.datas.size(), false) {}

std::optional<Extern> Instance::exportByName(std::string_view name) const {
  for (const Export& e : module().exports) {
    if (e.name != name) continue;
    switch (e.kind) {
      case ExternKind::Func: return Extern{e.kind, functions[e.index]};
      case ExternKind::Table: return Extern{e.kind, tables[e.index]};
      case ExternKind::Memory: return Extern{e.kind, memories[e.index]};
      case ExternKind::Global: return Extern{e.kind, globals[e.index]};
      case ExternKind::Tag:
#if PETREL_FEATURE_EXCEPTIONS  // else the decoder refuses tag exports
        return Extern{e.kind, tags[e.index]};
#endif
        break;
    }
  }
  return std::nullopt;
}

}  // namespace petrel::internal
