#include "wasi/wasi_linker.h"

#include "runtime/linker.h"
#include "runtime/store.h"
#include "wasi/wasi_call.h"

namespace petrel::internal::wasi {

namespace {

// Every WASI function goes through here: the implementation returns an
// errno, or fails the call (proc_exit, traps) with an Error that the
// interpreter passes up unchanged. `args` and `results` are the same slots,
// so the result is written only after the implementation read its arguments.
Status callWasi(void* env, HostCallContext& host, const Slot* args, Slot* results) {
  const auto* e = static_cast<const WasiBinding*>(env);
  WasiCall call(*e->ctx, host, args);
  Errno errno_value = e->info->impl(call);
  if (call.error()) return std::move(*call.error());
  if (!e->info->noreturn) {
    results[0].bits = 0;
    results[0].i32 = errno_value;
  }
  return Status::success();
}

}  // namespace

FuncType WasiFunctionInfo::type() const {
  FuncType t;
  t.params = params;
  if (!noreturn) t.results = {ValType::i32()};
  return t;
}

const std::vector<WasiFunctionInfo>& wasiFunctions() {
#define I32(name) ValType::i32()
#define I64(name) ValType::i64()
#define ERRNO false
#define NORETURN true
#define WASI_FUNCTION(name, result, summary, ...) {#name, {__VA_ARGS__}, result, summary, {}, &wasi_##name},
  static std::vector<WasiFunctionInfo> functions = {
#include "wasi/wasi_functions.def"
  };
#undef WASI_FUNCTION
#undef I32
#undef I64
  // The parameter names, from the same list.
#define I32(name) #name
#define I64(name) #name
#define WASI_FUNCTION(name, result, summary, ...) {__VA_ARGS__},
  static const std::vector<std::vector<const char*>> names = {
#include "wasi/wasi_functions.def"
  };
#undef WASI_FUNCTION
#undef I32
#undef I64
#undef ERRNO
#undef NORETURN
  static bool named = [] {
    for (size_t i = 0; i < functions.size(); ++i) functions[i].param_names = names[i];
    return true;
  }();
  (void)named;
  return functions;
}

namespace {

// What every store's WASI host functions share, made once per process: the
// types (interned, so a store only takes a reference) and the lookup by
// name. Creating a store's functions then allocates only
// the FunctionInstance (instantiation in microseconds, docs/PERFORMANCE.md).
struct SharedWasiFunctions {
  std::vector<FuncType> types;
  std::vector<TypeGroupRef> type_refs;
  std::unordered_map<std::string_view, uint32_t> index;

  SharedWasiFunctions() {
    const std::vector<WasiFunctionInfo>& fns = wasiFunctions();
    types.reserve(fns.size());
    for (uint32_t i = 0; i < fns.size(); ++i) {
      types.push_back(fns[i].type());
      type_refs.push_back(TypeRegistry::global().internFuncType(types.back()));
      index.emplace(fns[i].name, i);
    }
  }
  static const SharedWasiFunctions& get() {
    static const SharedWasiFunctions shared;
    return shared;
  }
};

}  // namespace

WasiHost::WasiHost(Store& store, WasiContext& ctx) : store_(store) {
  const std::vector<WasiFunctionInfo>& fns = wasiFunctions();
  bindings_.reserve(fns.size());
  for (const WasiFunctionInfo& info : fns) bindings_.push_back({&ctx, &info});
  functions_.assign(fns.size(), nullptr);
}

// Host functions are created on first use: a program imports a handful of
// the 46, and creating them all was most of `petrel run`'s start-up work.
FunctionInstance* WasiHost::function(std::string_view name) const {
  const SharedWasiFunctions& shared = SharedWasiFunctions::get();
  auto it = shared.index.find(name);
  if (it == shared.index.end()) return nullptr;
  FunctionInstance*& f = functions_[it->second];
  if (!f)
    f = store_.createHostFunction(&shared.types[it->second], shared.type_refs[it->second], callWasi,
                                  const_cast<WasiBinding*>(&bindings_[it->second]));
  return f;
}

Result<FunctionInstance*> WasiHost::resolveImport(const Module& module, const Import& im) const {
  return resolveHostFunctionImport(module, im, function(im.name), "WASI preview1");
}

Result<std::vector<Extern>> WasiHost::resolveImports(const Module& module) const {
  std::vector<Extern> externs;
  externs.reserve(module.imports.size());
  for (const Import& im : module.imports) {
    if (im.module != kWasiModule)
      return Error::make(ErrorKind::Unlinkable, "import \"" + im.module + "\" \"" + im.name + "\": unknown import (" +
                                                    externKindName(im.kind) + "): only \"" + kWasiModule + "\" is provided");
    auto f = resolveImport(module, im);
    if (!f.ok()) return f.takeError();
    externs.push_back(Extern{ExternKind::Func, *f});
  }
  return externs;
}

}  // namespace petrel::internal::wasi
