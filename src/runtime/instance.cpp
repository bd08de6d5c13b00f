#include "runtime/instance.h"

#include <cstring>

namespace petrel::internal {

Instance::Instance(const Module& m) : elem_segments(m.elems.size()) {
  // The pointer arrays first, so that every run is aligned; all-zero bytes
  // are null pointers and "not dropped". No overflow: each count is the
  // size of one of the module's vectors of larger elements.
  size_t pointers = m.func_types.size() + m.tables.size() + m.memories.size() + m.globals.size() + m.tags.size();
  size_t bytes = pointers * sizeof(void*) + m.datas.size();
  block_.reset(::operator new(bytes));
  auto* at = static_cast<unsigned char*>(block_.get());
  std::memset(at, 0, bytes);
  auto place = [&at](auto& array, size_t n) {
    array.at_ = reinterpret_cast<decltype(array.at_)>(at);
    array.size_ = n;
    at += n * sizeof(*array.at_);
  };
  place(functions, m.func_types.size());
  place(tables, m.tables.size());
  place(memories, m.memories.size());
  place(globals, m.globals.size());
  place(tags, m.tags.size());
  place(data_dropped, m.datas.size());
}

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
