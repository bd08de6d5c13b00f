// Instance and Linker.
#include <map>
#include <optional>
#include <variant>

#include "api/api_state.h"
#include "hw/hw_host.h"
#include "wasi/wasi_linker.h"

namespace petrel {

namespace {

Error unlinkable(const std::string& module, const std::string& name, const std::string& why) {
  return Error::make(ErrorKind::Unlinkable, "import \"" + module + "\" \"" + name + "\": " + why);
}

// A module runs only in stores whose engine compiled it the same way: fuel
// and interruption checks are compiled into the code.
Status checkEngine(const Store& store, const Module& module) {
  const Config& a = store.engine().config();
  const Config& b = module.engine().config();
  if (a.consume_fuel != b.consume_fuel || a.epoch_interruption != b.epoch_interruption)
    return Error::make(ErrorKind::Unlinkable,
                       "module was compiled by an engine with other settings (fuel, interruption) than the store's");
  return Status::success();
}

}  // namespace

// --- Instance --------------------------------------------------------------

Result<Instance> Instance::create(Store& store, const Module& module, std::span<const Extern> imports) {
  PETREL_TRY(checkEngine(store, module));
  detail::StoreState* s = store.state();
  const internal::Module& m = module.compiled()->module;
  std::vector<internal::Extern> externs;
  externs.reserve(imports.size());
  for (size_t i = 0; i < imports.size(); ++i) {
    if (imports[i].storeState() != s && i < m.imports.size())
      return unlinkable(m.imports[i].module, m.imports[i].name, "the value belongs to another store");
    externs.push_back(detail::toInternal(imports[i]));
  }
  auto inst = s->store.instantiate(module.compiled(), externs);
  if (!inst.ok()) return inst.takeError();
  return Instance(s, inst.value());
}

std::optional<Instance> Instance::fromFrame(Store& store, const TraceFrame& frame) {
  if (!frame.instance) return std::nullopt;
  return Instance(store.state(), static_cast<internal::Instance*>(const_cast<void*>(frame.instance)));
}

Module Instance::module() const {
  // The engine is the store's: instances only exist for modules it accepted.
  return Module(store_->engine, instance_->compiled);
}

std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  std::vector<std::pair<std::string, Extern>> out;
  for (const internal::Export& e : instance_->module().exports) {
    auto ext = instance_->exportByName(e.name);
    out.emplace_back(e.name, detail::toPublic(store_, *ext));
  }
  return out;
}

std::optional<Extern> Instance::getExport(std::string_view name) const {
  auto e = instance_->exportByName(name);
  if (!e) return std::nullopt;
  return detail::toPublic(store_, *e);
}

std::optional<Func> Instance::func(std::string_view name) const {
  auto e = getExport(name);
  return e ? e->func() : std::nullopt;
}
std::optional<Memory> Instance::memory(std::string_view name) const {
  auto e = getExport(name);
  return e ? e->memory() : std::nullopt;
}
std::optional<Table> Instance::table(std::string_view name) const {
  auto e = getExport(name);
  return e ? e->table() : std::nullopt;
}
std::optional<Global> Instance::global(std::string_view name) const {
  auto e = getExport(name);
  return e ? e->global() : std::nullopt;
}

// --- Linker ----------------------------------------------------------------

// A host function that belongs to no store yet.
struct HostDefinition {
  FuncType type;
  RawHostFunction fn;
  std::string name;  // "module.name", for backtraces
};

struct Linker::Definition {
  std::variant<Extern, std::shared_ptr<const HostDefinition>> value;
};

struct Linker::Definitions {
  std::map<std::pair<std::string, std::string>, Definition, std::less<>> items;
  bool wasi = false;
  bool hw = false;
};

Linker::Linker(const Engine& engine) : engine_(engine), defs_(std::make_shared<Definitions>()) {}
Linker::~Linker() = default;
Linker::Linker(const Linker&) = default;
Linker& Linker::operator=(const Linker&) = default;

void Linker::allowShadowing(bool allow) { allow_shadowing_ = allow; }

Status Linker::add(std::string_view module, std::string_view name, Definition def) {
  if (defs_.use_count() > 1) defs_ = std::make_shared<Definitions>(*defs_);  // copy on write
  auto key = std::make_pair(std::string(module), std::string(name));
  auto it = defs_->items.find(key);
  if (it != defs_->items.end()) {
    if (!allow_shadowing_)
      return Error::make(ErrorKind::Other, "\"" + key.first + "\" \"" + key.second + "\" is already defined");
    it->second = std::move(def);
    return Status::success();
  }
  defs_->items.emplace(std::move(key), std::move(def));
  return Status::success();
}

Status Linker::funcNew(std::string_view module, std::string_view name, const FuncType& type, HostFunction fn) {
  return funcRaw(module, name, type, detail::adaptHostFunction(type, std::move(fn)));
}

Status Linker::funcRaw(std::string_view module, std::string_view name, const FuncType& type, RawHostFunction fn) {
  auto def = std::make_shared<HostDefinition>();
  def->type = type;
  def->fn = std::move(fn);
  def->name = std::string(module) + "." + std::string(name);
  return add(module, name, Definition{std::shared_ptr<const HostDefinition>(std::move(def))});
}

Status Linker::define(std::string_view module, std::string_view name, const Extern& value) {
  return add(module, name, Definition{value});
}

Status Linker::defineInstance(std::string_view module, const Instance& instance) {
  for (auto& [name, ext] : instance.exports()) PETREL_TRY(define(module, name, ext));
  return Status::success();
}

Status Linker::defineWasi() {
  if (defs_.use_count() > 1) defs_ = std::make_shared<Definitions>(*defs_);
  defs_->wasi = true;
  return Status::success();
}

Status Linker::defineHardware() {
  if (defs_.use_count() > 1) defs_ = std::make_shared<Definitions>(*defs_);
  defs_->hw = true;
  return Status::success();
}

// How one import is satisfied: found by name once (Linker::bind), made
// real in a store as often as needed (bindingIn).
struct ImportBinding {
  std::optional<Extern> object;                // an object of one store
  std::shared_ptr<const HostDefinition> host;  // a store-independent host function
  bool wasi = false;                           // a function of the store's WASI host
  bool hw = false;                             // a function of the store's petrel_hw host
};

namespace {

Result<ImportBinding> bind(const Linker::Definitions& defs, const internal::Import& im) {
  ImportBinding b;
  auto it = defs.items.find(std::make_pair(im.module, im.name));
  if (it != defs.items.end()) {
    if (const Extern* e = std::get_if<Extern>(&it->second.value))
      b.object = *e;
    else
      b.host = std::get<std::shared_ptr<const HostDefinition>>(it->second.value);
    return b;
  }
  if (defs.wasi && im.module == internal::wasi::kWasiModule) {
    b.wasi = true;
    return b;
  }
  if (defs.hw && im.module == internal::hw::kHwModule) {
    b.hw = true;
    return b;
  }
  return unlinkable(im.module, im.name,
                    std::string("unknown import (") + internal::externKindName(im.kind) + "): not defined");
}

// The object a binding stands for in store `s` (host functions and WASI
// functions are created there on first use).
Result<internal::Extern> bindingIn(detail::StoreState* s, const internal::Module& m, const internal::Import& im,
                                   const ImportBinding& b) {
  if (b.object) {
    if (b.object->storeState() != s) return unlinkable(im.module, im.name, "defined with an object of another store");
    return detail::toInternal(*b.object);
  }
  if (b.host) {
    internal::FunctionInstance*& f = s->linked_funcs[b.host.get()];
    if (!f) {
      // The store's copy calls the shared definition, so a stateful
      // callable is one object however many stores use it.
      std::shared_ptr<const HostDefinition> host = b.host;
      f = s->addHostFunction(host->type, [host](Caller& c, RawValue* io) { return host->fn(c, io); });
    }
    return internal::Extern{internal::ExternKind::Func, f};
  }
  if (b.hw) {
    auto hw = s->hwHost();
    if (!hw.ok()) return hw.takeError();
    auto f = (*hw)->resolveImport(m, im);  // names the import and says why when it does not fit
    if (!f.ok()) return f.takeError();
    return internal::Extern{internal::ExternKind::Func, *f};
  }
  auto wasi = s->wasiHost();
  if (!wasi.ok()) return wasi.takeError();
  auto f = (*wasi)->resolveImport(m, im);  // names the import and says why when it does not fit
  if (!f.ok()) return f.takeError();
  return internal::Extern{internal::ExternKind::Func, *f};
}

}  // namespace

Result<std::vector<Extern>> Linker::resolveImports(Store& store, const Module& module) const {
  PETREL_TRY(checkEngine(store, module));
  detail::StoreState* s = store.state();
  const internal::Module& m = module.compiled()->module;
  std::vector<Extern> externs;
  externs.reserve(m.imports.size());
  for (const internal::Import& im : m.imports) {
    auto b = bind(*defs_, im);
    if (!b.ok()) return b.takeError();
    auto e = bindingIn(s, m, im, *b);
    if (!e.ok()) return e.takeError();
    externs.push_back(detail::toPublic(s, *e));
  }
  return externs;
}

Result<Instance> Linker::instantiate(Store& store, const Module& module) const {
  auto externs = resolveImports(store, module);
  if (!externs.ok()) return externs.takeError();
  return Instance::create(store, module, *externs);
}

}  // namespace petrel

// --- InstancePre -----------------------------------------------------------

namespace petrel {

// Each import's binding, decided once by instantiatePre.
struct InstancePre::State {
  explicit State(Module m) : module(std::move(m)) {}
  Module module;
  std::shared_ptr<const internal::InstanceTemplate> tmpl;
  std::vector<ImportBinding> imports;
};

Result<InstancePre> Linker::instantiatePre(const Module& module) const {
  if (!(module.engine() == engine_))
    return Error::make(ErrorKind::Unlinkable, "module was compiled by another engine than the linker's");
  auto state = std::make_shared<InstancePre::State>(module);
  const internal::Module& m = module.compiled()->module;
  state->imports.reserve(m.imports.size());
  for (const internal::Import& im : m.imports) {
    auto b = bind(*defs_, im);
    if (!b.ok()) return b.takeError();
    state->imports.push_back(std::move(*b));
  }
  state->tmpl = internal::InstanceTemplate::build(module.compiled());
  return InstancePre(std::move(state));
}

const Module& InstancePre::module() const { return state_->module; }

Result<Instance> InstancePre::instantiate(Store& store) const {
  PETREL_TRY(checkEngine(store, state_->module));
  detail::StoreState* s = store.state();
  const internal::Module& m = state_->module.compiled()->module;
  std::vector<internal::Extern> externs;
  externs.reserve(state_->imports.size());
  for (size_t i = 0; i < state_->imports.size(); ++i) {
    auto e = bindingIn(s, m, m.imports[i], state_->imports[i]);
    if (!e.ok()) return e.takeError();
    externs.push_back(*e);
  }
  auto inst = s->store.instantiate(*state_->tmpl, externs);
  if (!inst.ok()) return inst.takeError();
  return Instance(s, inst.value());
}

}  // namespace petrel
