// Modules: compile, validate, describe, serialize, and share between
// threads (wasm_shared_module_t), plus petrel.h's text modules.
#include "capi/capi_internal.h"

namespace capi = petrel::capi;

namespace {

std::span<const uint8_t> bytesOf(const wasm_byte_vec_t* v) {
  if (!v || !v->data) return {};
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(v->data), v->size);
}

wasm_module_t* wrap(wasm_store_t* store, petrel::Module m) {
  return new wasm_module_t(store, std::make_shared<capi::ModuleBox>(std::move(m)));
}

}  // namespace

extern "C" {

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  petrel::Result<petrel::Module> m = petrel::Module::compile(store->engine, bytesOf(binary));
  if (!m.ok()) return nullptr;
  return wrap(store, *m);
}

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return petrel::Module::validate(store->engine, bytesOf(binary)).ok();
}

// Tags (exception handling) have no wasm.h kind: they are left out of both
// lists, and a module importing one cannot be instantiated through wasm.h.
void wasm_module_imports(const wasm_module_t* module, wasm_importtype_vec_t* out) {
  std::vector<wasm_importtype_t*> list;
  for (const petrel::ImportType& it : module->module().imports()) {
    wasm_externtype_t* type = capi::externtypeFrom(it.type);
    if (!type) continue;
    auto* imp = new wasm_importtype_t;
    capi::nameFrom(&imp->module, it.module);
    capi::nameFrom(&imp->name, it.name);
    imp->type = type;
    list.push_back(imp);
  }
  wasm_importtype_vec_new(out, list.size(), list.data());
}

void wasm_module_exports(const wasm_module_t* module, wasm_exporttype_vec_t* out) {
  std::vector<wasm_exporttype_t*> list;
  for (const petrel::ExportType& et : module->module().exports()) {
    wasm_externtype_t* type = capi::externtypeFrom(et.type);
    if (!type) continue;
    auto* exp = new wasm_exporttype_t;
    capi::nameFrom(&exp->name, et.name);
    exp->type = type;
    list.push_back(exp);
  }
  wasm_exporttype_vec_new(out, list.size(), list.data());
}

void wasm_module_serialize(const wasm_module_t* module, wasm_byte_vec_t* out) {
  std::vector<uint8_t> bytes = module->module().serialize();
  wasm_byte_vec_new(out, bytes.size(), reinterpret_cast<const wasm_byte_t*>(bytes.data()));
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* bytes) {
  petrel::Result<petrel::Module> m = petrel::Module::deserialize(store->engine, bytesOf(bytes));
  if (!m.ok()) return nullptr;
  return wrap(store, *m);
}

void wasm_shared_module_delete(wasm_shared_module_t* s) { delete s; }

wasm_shared_module_t* wasm_module_share(const wasm_module_t* module) {
  return new wasm_shared_module_t{module->module()};
}

wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* shared) {
  // A module is compiled for one engine; another engine's stores cannot run it.
  if (!(shared->module.engine() == store->engine)) return nullptr;
  return wrap(store, shared->module);
}

// ---- petrel.h ----------------------------------------------------------------------

petrel_error_t* petrel_module_new_from_text(wasm_store_t* store, const char* wat, size_t len, wasm_module_t** out) {
  *out = nullptr;
  petrel::Result<petrel::Module> m = petrel::Module::fromText(store->engine, std::string_view(wat, len));
  if (!m.ok()) return capi::errorFrom(m.takeError());
  *out = wrap(store, *m);
  return nullptr;
}

petrel_error_t* petrel_wat2wasm(const char* wat, size_t len, wasm_byte_vec_t* out) {
  petrel::Result<std::vector<uint8_t>> binary = petrel::Module::textToBinary(std::string_view(wat, len));
  if (!binary.ok()) {
    wasm_byte_vec_new_empty(out);
    return capi::errorFrom(binary.takeError());
  }
  wasm_byte_vec_new(out, binary->size(), reinterpret_cast<const wasm_byte_t*>(binary->data()));
  return nullptr;
}

void petrel_module_name(const wasm_module_t* module, wasm_name_t* out) {
  capi::nameFrom(out, module->module().name());
}

}  // extern "C"
