// An instance: a module linked to its imports, with its own memories,
// tables and globals, owned by a store (valid as long as the store).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <petrel/module.h>
#include <petrel/objects.h>
#include <petrel/typed.h>

namespace petrel {

class Store;

class Instance {
 public:
  // Instantiates with one Extern per import, in the module's import order
  // (the wasm.h way; see Linker for linking by name). Runs the start
  // function. Errors: Unlinkable (naming the import), Uninstantiable
  // (a segment out of bounds, a limit), Trap (the start function trapped).
  static Result<Instance> create(Store& store, const Module& module, std::span<const Extern> imports);

  // The instance a trap frame ran in (TraceFrame::instance), for a frame of
  // an error that a call into `store` returned.
  static std::optional<Instance> fromFrame(Store& store, const TraceFrame& frame);

  Module module() const;
  // Every export, in the module's order.
  std::vector<std::pair<std::string, Extern>> exports() const;
  std::optional<Extern> getExport(std::string_view name) const;
  std::optional<Func> func(std::string_view name) const;
  std::optional<Memory> memory(std::string_view name = "memory") const;
  std::optional<Table> table(std::string_view name) const;
  std::optional<Global> global(std::string_view name) const;
  // A typed export, checked once: instance.func<int32_t(int32_t, int32_t)>("add").
  template <class Signature>
  Result<TypedFunc<Signature>> func(std::string_view name) const {
    std::optional<Func> f = func(name);
    if (!f) return Error::make(ErrorKind::Other, "no exported function \"" + std::string(name) + "\"");
    return f->template typed<Signature>();
  }

  bool operator==(const Instance& o) const { return instance_ == o.instance_; }
  Instance(detail::StoreState* store, internal::Instance* instance) : store_(store), instance_(instance) {}
  internal::Instance* raw() const { return instance_; }

 private:
  detail::StoreState* store_;
  internal::Instance* instance_;
};

}  // namespace petrel
