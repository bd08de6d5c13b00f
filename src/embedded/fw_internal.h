// Shared by the files of src/embedded (the firmware C API, petrel_fw.h).
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "ir/module.h"
#include "runtime/objects.h"

namespace petrel::internal {
class Store;
namespace hw {
class HwBackends;
}
}  // namespace petrel::internal

namespace petrel::internal::fw {

// Routes the core's large blocks (platform/allocator.h) through
// fw_allocator.cpp; idempotent. Called before the first module is loaded.
void installAllocator();
void* allocateBytes(size_t size);  // null when out of memory
void releaseBytes(void* p);

// The port's hardware (petrel_port_hardware()) as petrel_hw backends, or
// null when the port has none. One per process, made on first use.
hw::HwBackends* portBackends();

// Host functions an instance gets for one import module (WASI's console
// subset, petrel_hw), with whatever state they keep for that instance. The
// linker holds only a function that makes one, so a firmware that never
// asks for the console or the hardware links none of their code.
class ImportProvider {
 public:
  virtual ~ImportProvider() = default;
  virtual const char* moduleName() const = 0;
  virtual Result<FunctionInstance*> resolveImport(const Module& module, const Import& import) = 0;
};
using ImportProviderFactory = ImportProvider* (*)(Store& store, const void* config);
ImportProvider* makeConsoleProvider(Store& store, const void* config);  // fw_console.cpp
ImportProvider* makeHwProvider(Store& store, const void* grants);       // fw_hw.cpp: petrel_fw_hw_grants

}  // namespace petrel::internal::fw
