// The firmware C API (include/petrel_fw.h) over the core: a module read in
// place, a linker of host functions, one store per instance (so instances
// are isolated and freeing one frees everything it made).
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "embedded/fw_internal.h"
#include "petrel_fw.h"
#include "exec/interpreter.h"
#include "runtime/store.h"

using namespace petrel::internal;

struct petrel_fw_module {
  std::shared_ptr<const CompiledModule> compiled;
};

struct petrel_fw_caller {
  Instance* instance;
};

namespace {

constexpr size_t kMaxHostParams = 16;

struct HostDefinition {
  std::string module, name;
  FuncType type;
  petrel_fw_host_fn fn;
  void* env;
};

// What an instance's host function calls: a definition bound to the import
// it answers. Trivially copyable, nothing of the linker's (which may be
// freed first): the type is the store's copy, and the import (for its name)
// lives in the module the instance holds.
struct HostBinding {
  petrel_fw_host_fn fn;
  void* env;
  const Import* import;
  const FuncType* type;
};

// The kind and the printf-formatted message (truncated to fit), formatted
// straight into `err`: no buffer in between.
[[gnu::format(printf, 3, 4)]] void setError(petrel_fw_error* err, petrel_fw_error_kind kind, const char* format, ...) {
  if (!err) return;
  err->kind = kind;
  va_list args;
  va_start(args, format);
  std::vsnprintf(err->message, sizeof err->message, format, args);
  va_end(args);
}

void setOk(petrel_fw_error* err) {
  if (!err) return;
  err->kind = PETREL_FW_OK;
  err->message[0] = '\0';
}

void setError(petrel_fw_error* err, const petrel::Error& e) {
  petrel_fw_error_kind kind = PETREL_FW_TRAP;
  switch (e.kind) {
    case ErrorKind::Malformed: kind = PETREL_FW_MALFORMED; break;
    case ErrorKind::Invalid: kind = PETREL_FW_INVALID; break;
    case ErrorKind::Unlinkable: kind = PETREL_FW_UNLINKABLE; break;
    case ErrorKind::Exhaustion: kind = PETREL_FW_EXHAUSTED; break;
    case ErrorKind::Uninstantiable: case ErrorKind::Trap: kind = PETREL_FW_TRAP; break;
    default: kind = PETREL_FW_TRAP; break;
  }
  // Decoding errors name the offset; validation and trap messages already
  // say where (function index and offset).
  if (e.offset != petrel::kNoOffset && e.kind == ErrorKind::Malformed)
    setError(err, kind, "%s (at byte offset %llu)", e.message.c_str(), static_cast<unsigned long long>(e.offset));
  else
    setError(err, kind, "%s", e.message.c_str());
}

bool parseSignature(const char* sig, FuncType& out) {
  std::vector<ValType>* side = &out.params;
  for (const char* p = sig; *p; ++p) {
    switch (*p) {
      case 'i': side->push_back(ValType::i32()); break;
      case 'I': side->push_back(ValType::i64()); break;
      case 'f': side->push_back(ValType::f32()); break;
      case 'F': side->push_back(ValType::f64()); break;
      case ':':
        if (side == &out.results) return false;
        side = &out.results;
        break;
      default: return false;
    }
  }
  return side == &out.results && out.params.size() <= kMaxHostParams && out.results.size() <= kMaxHostParams;
}

petrel_fw_value toValue(ValType t, Slot s) {
  petrel_fw_value v{};
  switch (t.kind) {
    case ValKind::I64: v.kind = PETREL_FW_I64; v.of.i64 = static_cast<int64_t>(s.i64); break;
    case ValKind::F32: v.kind = PETREL_FW_F32; v.of.f32 = s.f32; break;
    case ValKind::F64: v.kind = PETREL_FW_F64; v.of.f64 = s.f64; break;
    default: v.kind = PETREL_FW_I32; v.of.i32 = static_cast<int32_t>(s.i32); break;
  }
  return v;
}

bool kindMatches(ValType t, petrel_fw_kind k) {
  switch (t.kind) {
    case ValKind::I32: return k == PETREL_FW_I32;
    case ValKind::I64: return k == PETREL_FW_I64;
    case ValKind::F32: return k == PETREL_FW_F32;
    case ValKind::F64: return k == PETREL_FW_F64;
    default: return false;
  }
}

Slot fromValue(const petrel_fw_value& v) {
  Slot s{.bits = 0};
  switch (v.kind) {
    case PETREL_FW_I64: s.i64 = static_cast<uint64_t>(v.of.i64); break;
    case PETREL_FW_F32: s.f32 = v.of.f32; break;
    case PETREL_FW_F64: s.f64 = v.of.f64; break;
    default: s.i32 = static_cast<uint32_t>(v.of.i32); break;
  }
  return s;
}

// A host function of the firmware's, as the core calls it.
petrel::Status callHost(void* env, HostCallContext& ctx, const Slot* args, Slot* results) {
  const HostBinding& b = *static_cast<const HostBinding*>(env);
  const FuncType& type = *b.type;
  petrel_fw_value in[kMaxHostParams], out[kMaxHostParams];
  for (size_t i = 0; i < type.params.size(); ++i) in[i] = toValue(type.params[i], args[i]);
  for (size_t i = 0; i < type.results.size(); ++i) out[i] = toValue(type.results[i], Slot{.bits = 0});
  petrel_fw_caller caller{ctx.caller};
  const char* trap = nullptr;
  // Both failures through one message: "host function m.n: <trap>" or
  // "host function m.n returned a result of the wrong type".
  const char* separator = ": ";
  const char* why;
  if (b.fn(b.env, &caller, in, out, &trap) != 0) {
    why = trap ? trap : "failed";
  } else {
    size_t i = 0;
    for (; i < type.results.size() && kindMatches(type.results[i], out[i].kind); ++i) results[i] = fromValue(out[i]);
    if (i == type.results.size()) return petrel::Status::success();
    separator = " ";
    why = "returned a result of the wrong type";
  }
  return formatError(ErrorKind::Trap, petrel::kNoOffset, "host function %s.%s%s%s", b.import->module.c_str(),
                     b.import->name.c_str(), separator, why);
}

}  // namespace

struct petrel_fw_linker {
  std::vector<std::unique_ptr<HostDefinition>> definitions;
  fw::ImportProviderFactory console = nullptr;
  fw::ImportProviderFactory hw = nullptr;
  petrel_fw_hw_grants hw_grants{};
};

struct petrel_fw_instance {
  explicit petrel_fw_instance(const StoreLimits& limits) : store(limits) {}
  // Also keeps what the instance's host functions use: the import providers
  // and the bindings of the linker's definitions (the linker may go first).
  Store store;
  Instance* instance = nullptr;
};

extern "C" {

petrel_fw_module* petrel_fw_module_load(const uint8_t* bytes, size_t size, petrel_fw_error* err) {
  fw::installAllocator();
  if (!bytes && size) {
    setError(err, PETREL_FW_BAD_ARGUMENT, "no module bytes (null pointer)");
    return nullptr;
  }
  CompileOptions options;  // lazy: a function is translated on its first call
  // 1-byte pages (custom-page-sizes): a guest can ask for 4 KiB, not 64.
  options.custom_page_sizes = true;
  auto compiled = compileModuleInPlace(bytes, size, options);
  if (!compiled) {
    setError(err, compiled.error());
    return nullptr;
  }
  setOk(err);
  return new petrel_fw_module{std::move(compiled.value())};
}

void petrel_fw_module_free(petrel_fw_module* module) { delete module; }

uint8_t* petrel_fw_caller_memory(petrel_fw_caller* caller, size_t* size) {
  MemoryInstance* m = caller && caller->instance ? caller->instance->memory0 : nullptr;
  if (!m || !m->data) {
    *size = 0;
    return nullptr;
  }
  *size = static_cast<size_t>(m->size_bytes);
  return m->data;
}

petrel_fw_linker* petrel_fw_linker_new(void) {
  fw::installAllocator();
  return new petrel_fw_linker;
}
void petrel_fw_linker_free(petrel_fw_linker* linker) { delete linker; }

int petrel_fw_linker_define(petrel_fw_linker* linker, const char* module, const char* name, const char* signature,
                            petrel_fw_host_fn fn, void* env) {
  auto d = std::make_unique<HostDefinition>();
  if (!module || !name || !signature || !fn || !parseSignature(signature, d->type)) return -1;
  d->module = module;
  d->name = name;
  d->fn = fn;
  d->env = env;
  linker->definitions.push_back(std::move(d));
  return 0;
}

void petrel_fw_linker_add_console(petrel_fw_linker* linker) { linker->console = fw::makeConsoleProvider; }

void petrel_fw_linker_add_hw(petrel_fw_linker* linker, const petrel_fw_hw_grants* grants) {
  linker->hw = fw::makeHwProvider;
  linker->hw_grants = *grants;
}

}  // extern "C"

namespace {
StoreLimits storeLimitsOf(const petrel_fw_limits* limits) {
  StoreLimits store_limits;
  store_limits.max_memory_bytes = limits && limits->max_memory_bytes ? limits->max_memory_bytes : 1u << 20;
  store_limits.memory_reservation_bytes = 0;
  store_limits.setValueStackBytes(limits && limits->value_stack_bytes ? limits->value_stack_bytes : 16u << 10);
  store_limits.max_call_depth = limits && limits->max_call_depth ? limits->max_call_depth : 256;
  store_limits.max_activations = 8;
  return store_limits;
}
}  // namespace

extern "C" {

size_t petrel_fw_stack_bytes(const petrel_fw_limits* limits) {
  StoreLimits l = storeLimitsOf(limits);
  return static_cast<size_t>(l.valueStackBytes()) + size_t{l.max_call_depth} * sizeof(CallFrame);
}

petrel_fw_instance* petrel_fw_instantiate(const petrel_fw_module* module, const petrel_fw_linker* linker,
                                          const petrel_fw_limits* limits, petrel_fw_error* err) {
  if (!module || !linker) {
    setError(err, PETREL_FW_BAD_ARGUMENT, module ? "no linker (null pointer)" : "no module (null pointer)");
    return nullptr;
  }
  auto inst = std::make_unique<petrel_fw_instance>(storeLimitsOf(limits));
  Store& store = inst->store;
  const Module& m = module->compiled->module;

  fw::ImportProvider* providers[] = {linker->console ? linker->console(store, nullptr) : nullptr,
                                     linker->hw ? linker->hw(store, &linker->hw_grants) : nullptr};
  for (fw::ImportProvider* p : providers)
    if (p) store.keep(p);

  std::vector<Extern> imports(m.imports.size());
  for (size_t i = 0; i < imports.size(); ++i) {
    const Import& imp = m.imports[i];
    FunctionInstance* f = nullptr;
    if (imp.kind == ExternKind::Func) {
      for (const auto& d : linker->definitions) {
        if (d->module != imp.module || d->name != imp.name) continue;
        HostBinding* binding = store.keep(new HostBinding{d->fn, d->env, &imp, nullptr});
        f = store.createHostFunction(d->type, callHost, binding);
        binding->type = f->type;
        break;
      }
      for (fw::ImportProvider* p : providers) {
        if (f || !p || imp.module != p->moduleName()) continue;
        auto r = p->resolveImport(m, imp);
        if (!r) {
          setError(err, r.error());
          return nullptr;
        }
        f = r.value();
      }
    }
    if (!f) {
      setError(err, PETREL_FW_UNLINKABLE, "unknown import %s.%s (the firmware's linker does not define it)",
               imp.module.c_str(), imp.name.c_str());
      return nullptr;
    }
    imports[i].object = f;  // kind: Func
  }
  auto r = store.instantiate(module->compiled, imports);
  if (!r) {
    setError(err, r.error());
    return nullptr;
  }
  inst->instance = r.value();
  setOk(err);
  return inst.release();
}

void petrel_fw_instance_free(petrel_fw_instance* instance) { delete instance; }

int petrel_fw_call(petrel_fw_instance* instance, const char* name, const petrel_fw_value* args, size_t nargs,
                   petrel_fw_value* results, size_t nresults, petrel_fw_error* err) {
  if (!instance || !name || (nargs && !args) || (nresults && !results)) {
    setError(err, PETREL_FW_BAD_ARGUMENT, "null instance, name, arguments or results");
    return -1;
  }
  std::optional<Extern> e = instance->instance->exportByName(name);
  FunctionInstance* f = e ? e->func() : nullptr;
  if (!f) {
    setError(err, PETREL_FW_NOT_FOUND, "no exported function %s", name);
    return -1;
  }
  const FuncType& type = *f->type;
  if (nargs != type.params.size() || nresults < type.results.size()) {
    setError(err, PETREL_FW_BAD_ARGUMENT, "%s takes %u arguments and returns %u results", name,
             static_cast<unsigned>(type.params.size()), static_cast<unsigned>(type.results.size()));
    return -1;
  }
  // Arguments in and results out through one buffer of cells (invokeFunction's
  // convention), on the stack unless the function has many: no allocation
  // per call. Arguments are numbers, one cell each.
  size_t cells = std::max<size_t>({nargs, slotCount(type.results), 1});
  Slot small[8];
  std::unique_ptr<Slot[]> large;
  Slot* io = small;
  if (cells > sizeof small / sizeof small[0]) io = (large = std::make_unique_for_overwrite<Slot[]>(cells)).get();
  for (size_t i = 0; i < nargs; ++i) {
    if (!kindMatches(type.params[i], args[i].kind)) {
      setError(err, PETREL_FW_BAD_ARGUMENT, "argument %u of %s has the wrong type", static_cast<unsigned>(i), name);
      return -1;
    }
    io[i] = fromValue(args[i]);
  }
  petrel::Status s = invokeFunction(instance->store, f, io);
  if (!s.ok()) {
    setError(err, s.error());
    return -1;
  }
  const Slot* at = io;
  for (size_t i = 0; i < type.results.size(); ++i) {
    results[i] = toValue(type.results[i], *at);
    at += slotCount(type.results[i]);
  }
  setOk(err);
  return 0;
}

int petrel_fw_run_start(petrel_fw_instance* instance, int32_t* exit_code, petrel_fw_error* err) {
  if (!instance || !exit_code) {
    setError(err, PETREL_FW_BAD_ARGUMENT, "null instance or exit code");
    return -1;
  }
  std::optional<Extern> e = instance->instance->exportByName("_start");
  FunctionInstance* f = e ? e->func() : nullptr;
  if (!f || !f->type->params.empty() || !f->type->results.empty()) {
    setError(err, PETREL_FW_NOT_FOUND, "no _start function of type [] -> [] (not a WASI command)");
    return -1;
  }
  Slot none[1];
  petrel::Status s = invokeFunction(instance->store, f, none);
  *exit_code = 0;
  if (!s.ok()) {
    if (s.error().kind == ErrorKind::Exit) {
      *exit_code = s.error().exit_code;
    } else {
      setError(err, s.error());
      return -1;
    }
  }
  setOk(err);
  return 0;
}

}  // extern "C"
