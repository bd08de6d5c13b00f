// Linking by name: a Linker holds definitions (host functions, objects,
// whole instances as modules, WASI) and instantiates modules against them.
//
// Host functions defined with func()/funcNew() belong to no store: the
// linker creates them in a store when a module that imports them is
// instantiated there, so one Linker serves many stores (and, once set up,
// many threads: instantiate() is const and does not modify the linker).
// Objects defined with define() belong to their store and link only there.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <petrel/instance.h>
#include <petrel/instance_pre.h>
#include <petrel/module.h>
#include <petrel/objects.h>
#include <petrel/store.h>
#include <petrel/typed.h>

namespace petrel {

class Linker {
 public:
  explicit Linker(const Engine& engine);
  ~Linker();
  Linker(const Linker&);
  Linker& operator=(const Linker&);

  // Redefining a name is an error unless shadowing is allowed.
  void allowShadowing(bool allow);

  // A host function from a C++ callable; its wasm type comes from the
  // callable's parameter and return types (see typed.h).
  template <class F>
  Status func(std::string_view module, std::string_view name, F&& fn) {
    return funcRaw(module, name, detail::hostFuncType<F>(), detail::wrapHostCallable(std::forward<F>(fn)));
  }
  // A host function of a given type, with Values.
  Status funcNew(std::string_view module, std::string_view name, const FuncType& type, HostFunction fn);
  Status funcRaw(std::string_view module, std::string_view name, const FuncType& type, RawHostFunction fn);
  // An object of one store.
  Status define(std::string_view module, std::string_view name, const Extern& value);
  // Every export of `instance` as module `module`.
  Status defineInstance(std::string_view module, const Instance& instance);
  // wasi_snapshot_preview1, backed by each store's WasiConfig
  // (Store::configureWasi; a store without one gets the defaults: no
  // arguments, no environment, no directories, the host's stdio).
  Status defineWasi();
  // petrel_hw, the hardware APIs (docs/HARDWARE.md), backed by each store's
  // HwConfig (Store::configureHardware; a store without one gets the
  // defaults: the Linux backend with nothing granted).
  Status defineHardware();

  // Resolves every import by (module, name) and instantiates. Errors name
  // the import that is missing or has the wrong type.
  Result<Instance> instantiate(Store& store, const Module& module) const;
  // Resolves every import now (errors name a missing one) and prepares the
  // module's instances once; see instance_pre.h. Later changes to the linker
  // do not affect the result.
  Result<InstancePre> instantiatePre(const Module& module) const;
  Result<std::vector<Extern>> resolveImports(Store& store, const Module& module) const;

  struct Definition;
  struct Definitions;

 private:
  Status add(std::string_view module, std::string_view name, Definition def);
  Engine engine_;
  std::shared_ptr<Definitions> defs_;  // copy-on-write between copies of a linker
  bool allow_shadowing_ = false;
};

}  // namespace petrel
