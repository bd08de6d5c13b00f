// Instance and Linker.
#include <map>
#include <optional>
#include <variant>

#include "api/api_state.h"
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

Result<std::vector<Extern>> Linker::resolveImports(Store& store, const Module& module) const {
  PETREL_TRY(checkEngine(store, module));
  detail::StoreState* s = store.state();
  const internal::Module& m = module.compiled()->module;
  std::vector<Extern> externs;
  externs.reserve(m.imports.size());
  for (const internal::Import& im : m.imports) {
    auto it = defs_->items.find(std::make_pair(im.module, im.name));
    if (it != defs_->items.end()) {
      const Definition& def = it->second;
      if (const Extern* e = std::get_if<Extern>(&def.value)) {
        if (e->storeState() != s) return unlinkable(im.module, im.name, "defined with an object of another store");
        externs.push_back(*e);
        continue;
      }
      const auto& host = std::get<std::shared_ptr<const HostDefinition>>(def.value);
      internal::FunctionInstance*& f = s->linked_funcs[host.get()];
      if (!f) {
        // The store's copy calls the shared definition, so a stateful
        // callable is one object however many stores use it.
        f = s->addHostFunction(host->type, [host](Caller& c, RawValue* io) { return host->fn(c, io); }, host->name);
      }
      externs.push_back(Func(s, f));
      continue;
    }
    if (defs_->wasi && im.module == internal::wasi::kWasiModule) {
      auto wasi = s->wasiHost();
      if (!wasi.ok()) return wasi.takeError();
      internal::FunctionInstance* f = (*wasi)->function(im.name);
      if (!f) return unlinkable(im.module, im.name, "not a WASI preview1 function");
      externs.push_back(Func(s, f));
      continue;
    }
    return unlinkable(im.module, im.name, "not defined");
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

// How each import is found in a store, decided once by instantiatePre.
struct InstancePre::State {
  explicit State(Module m) : module(std::move(m)) {}
  Module module;
  std::shared_ptr<const internal::InstanceTemplate> tmpl;
  struct Import {
    std::optional<Extern> object;                // an object of one store
    std::shared_ptr<const HostDefinition> host;  // a store-independent host function
    std::string wasi_name;                       // a WASI function (neither of the above)
  };
  std::vector<Import> imports;
};

Result<InstancePre> Linker::instantiatePre(const Module& module) const {
  if (!(module.engine() == engine_))
    return Error::make(ErrorKind::Unlinkable, "module was compiled by another engine than the linker's");
  auto state = std::make_shared<InstancePre::State>(module);
  const internal::Module& m = module.compiled()->module;
  state->imports.reserve(m.imports.size());
  for (const internal::Import& im : m.imports) {
    InstancePre::State::Import entry;
    auto it = defs_->items.find(std::make_pair(im.module, im.name));
    if (it != defs_->items.end()) {
      if (const Extern* e = std::get_if<Extern>(&it->second.value))
        entry.object = *e;
      else
        entry.host = std::get<std::shared_ptr<const HostDefinition>>(it->second.value);
    } else if (defs_->wasi && im.module == internal::wasi::kWasiModule) {
      entry.wasi_name = im.name;
    } else {
      return unlinkable(im.module, im.name, "not defined");
    }
    state->imports.push_back(std::move(entry));
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
    const State::Import& im = state_->imports[i];
    if (im.object) {
      if (im.object->storeState() != s)
        return unlinkable(m.imports[i].module, m.imports[i].name, "defined with an object of another store");
      externs.push_back(detail::toInternal(*im.object));
    } else if (im.host) {
      internal::FunctionInstance*& f = s->linked_funcs[im.host.get()];
      if (!f) {
        std::shared_ptr<const HostDefinition> host = im.host;
        f = s->addHostFunction(host->type, [host](Caller& c, RawValue* io) { return host->fn(c, io); }, host->name);
      }
      externs.push_back(internal::Extern{internal::ExternKind::Func, f});
    } else {
      auto wasi = s->wasiHost();
      if (!wasi.ok()) return wasi.takeError();
      internal::FunctionInstance* f = (*wasi)->function(im.wasi_name);
      if (!f) return unlinkable(m.imports[i].module, m.imports[i].name, "not a WASI preview1 function");
      externs.push_back(internal::Extern{internal::ExternKind::Func, f});
    }
  }
  auto inst = s->store.instantiate(*state_->tmpl, externs);
  if (!inst.ok()) return inst.takeError();
  return Instance(s, inst.value());
}

}  // namespace petrel
