// A module linked once, instantiated many times (wasmtime's InstancePre):
// Linker::instantiatePre resolves every import by name and prepares what
// every instance starts from (the data segments as a memory image, constant
// globals, table contents), so InstancePre::instantiate only creates the
// store's objects and copies. With Config::pooling the memory comes from
// the engine's pool, mapped copy-on-write from that image: instantiating a
// small WASI command takes a few microseconds.
//
// Thread-safety: an InstancePre is immutable; instantiate() may be called
// from any number of threads at once (each with its own store). Copies
// share one template.
#pragma once

#include <memory>

#include <petrel/instance.h>
#include <petrel/module.h>
#include <petrel/result.h>

namespace petrel {

class Store;

class InstancePre {
 public:
  // Instantiates in `store`, creating the linker's host functions (and the
  // WASI host) there on first use, and runs the start function. Errors as
  // for Linker::instantiate; a definition that is an object of one store
  // links only in that store.
  Result<Instance> instantiate(Store& store) const;
  const Module& module() const;

  struct State;
  explicit InstancePre(std::shared_ptr<const State> state) : state_(std::move(state)) {}

 private:
  std::shared_ptr<const State> state_;
};

}  // namespace petrel
