// Instances: instantiation with imports in order, exports in order.
#include "capi/capi_internal.h"

namespace capi = petrel::capi;

namespace {

// A failed instantiation as the trap wasm_instance_new reports.
wasm_instance_t* fail(wasm_store_t* store, petrel::Error e, wasm_trap_t** trap) {
  if (trap) *trap = capi::trapFrom(store, std::move(e));
  return nullptr;
}

}  // namespace

extern "C" {

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module, const wasm_extern_vec_t* imports,
                                   wasm_trap_t** trap) {
  if (trap) *trap = nullptr;
  std::vector<petrel::Extern> externs;
  size_t n = imports ? imports->size : 0;
  externs.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (!imports->data[i])
      return fail(store, petrel::Error::make(petrel::ErrorKind::Unlinkable, "import " + std::to_string(i) + " is null"),
                  trap);
    externs.push_back(imports->data[i]->ext);
  }
  petrel::Result<petrel::Instance> inst = petrel::Instance::create(*store->store, module->module(), externs);
  if (!inst.ok()) return fail(store, inst.takeError(), trap);
  return new wasm_instance_t(store, *inst);
}

void wasm_instance_exports(const wasm_instance_t* instance, wasm_extern_vec_t* out) {
  std::vector<wasm_extern_t*> list;
  for (const auto& [name, ext] : instance->instance.exports()) {
    if (wasm_extern_t* e = capi::externFrom(instance->store, ext)) list.push_back(e);
  }
  wasm_extern_vec_new(out, list.size(), list.data());
}

// ---- petrel.h ----------------------------------------------------------------------

wasm_extern_t* petrel_instance_export(const wasm_instance_t* instance, const char* name) {
  std::optional<petrel::Extern> e = instance->instance.getExport(name);
  return e ? capi::externFrom(instance->store, *e) : nullptr;
}

}  // extern "C"
