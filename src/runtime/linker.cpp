#include "runtime/linker.h"

#include <string>

#include "validate/type_registry.h"

namespace petrel::internal {

namespace {

bool limitsMatch(uint64_t actual_min, std::optional<uint64_t> actual_max, const Limits& declared) {
  if (actual_min < declared.min) return false;
  if (declared.max) {
    if (!actual_max || *actual_max > *declared.max) return false;
  }
  return true;
}

// Appended piece by piece rather than with operator+ (a temporary string per
// piece), and not through formatError: a wasm name may hold a NUL.
Status incompatible(const Import& im, const char* why) {
  std::string message = "incompatible import type for \"";
  message += im.module;
  message += "\" \"";
  message += im.name;
  message += "\": ";
  message += why;
  return Error::make(ErrorKind::Unlinkable, std::move(message));
}

}  // namespace

Status matchImport(const Module& m, uint32_t index, const Extern& ext) {
  const Import& im = m.imports[index];
  if (ext.kind != im.kind || !ext.object) return incompatible(im, "wrong kind of external");
  const std::vector<uint32_t>& ids = m.canonical_type_ids;
  switch (im.kind) {
    case ExternKind::Func: {
      const FunctionInstance* f = ext.func();
      uint32_t expected = ids[im.type_index];
      if (f->type_id != expected && !TypeRegistry::global().isSubtype(f->type_id, expected))
        return incompatible(im, "function type mismatch");
      return Status::success();
    }
    case ExternKind::Table: {
      const TableInstance* t = ext.table();
      if (t->type.limits.is64 != im.table.limits.is64) return incompatible(im, "table address type mismatch");
      // Table element types are invariant.
      ValType want = canonicalValType(ids, im.table.elem);
      if (!(t->type.elem == want)) return incompatible(im, "table element type mismatch");
      if (!limitsMatch(t->size(), t->type.limits.max, im.table.limits)) return incompatible(im, "table limits mismatch");
      return Status::success();
    }
    case ExternKind::Memory: {
      const MemoryInstance* mem = ext.memory();
      if (mem->type.limits.is64 != im.memory.limits.is64) return incompatible(im, "memory address type mismatch");
      if (mem->type.page_size_log2 != im.memory.page_size_log2) return incompatible(im, "memory page size mismatch");
      if (!limitsMatch(mem->pages(), mem->type.limits.max, im.memory.limits))
        return incompatible(im, "memory limits mismatch");
      return Status::success();
    }
    case ExternKind::Global: {
      const GlobalInstance* g = ext.global();
      if (g->type.mutable_ != im.global.mutable_) return incompatible(im, "global mutability mismatch");
      ValType want = canonicalValType(ids, im.global.type);
      bool ok = g->type.mutable_ ? g->type.type == want : isSubtypeCanonical(g->type.type, want);
      if (!ok) return incompatible(im, "global type mismatch");
      return Status::success();
    }
    case ExternKind::Tag: {
#if PETREL_FEATURE_EXCEPTIONS  // else the decoder refuses tag imports
      const TagInstance* t = static_cast<const TagInstance*>(ext.object);
      if (t->type_id != ids[im.type_index]) return incompatible(im, "tag type mismatch");
      return Status::success();
#endif
      break;
    }
  }
  return incompatible(im, "unknown kind");
}

std::string describeFuncType(const FuncType& type) {
  auto list = [](const std::vector<ValType>& types) {
    std::string s = "(";
    for (size_t i = 0; i < types.size(); ++i) s += (i ? ", " : "") + toString(types[i]);
    return s + ")";
  };
  return list(type.params) + " -> " + list(type.results);
}

Result<FunctionInstance*> resolveHostFunctionImport(const Module& module, const Import& im, FunctionInstance* f,
                                                    const char* provider) {
  auto unlinkable = [&](const std::string& why) {
    return Error::make(ErrorKind::Unlinkable, "import \"" + im.module + "\" \"" + im.name + "\": " + why);
  };
  if (!f) return unlinkable(std::string("unknown import: no such ") + provider + " function");
  if (im.kind != ExternKind::Func)
    return unlinkable(std::string("is a ") + externKindName(im.kind) + ", but " + provider + " defines a function");
  const FuncType& declared = module.types[im.type_index].func;
  if (!(declared == *f->type))
    return unlinkable("has type " + describeFuncType(declared) + ", but " + provider + " defines " +
                      describeFuncType(*f->type));
  return f;
}

}  // namespace petrel::internal
