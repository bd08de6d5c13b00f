// petrel.h: WASI configuration and the linker (definitions by name).
#include "capi/capi_internal.h"

namespace capi = petrel::capi;

namespace {

petrel_error_t* toError(petrel::Status s) { return s.ok() ? nullptr : capi::errorFrom(s.takeError()); }

// A linker function's environment: shared by the linker's definition and
// every store's copy of the function, finalized when the last one goes.
struct SharedEnv {
  void* env = nullptr;
  void (*finalizer)(void*) = nullptr;
  ~SharedEnv() {
    if (finalizer) finalizer(env);
  }
};

}  // namespace

extern "C" {

// ---- WASI --------------------------------------------------------------------------

petrel_wasi_config_t* petrel_wasi_config_new(void) { return new petrel_wasi_config_t; }
void petrel_wasi_config_delete(petrel_wasi_config_t* c) { delete c; }

void petrel_wasi_config_set_args(petrel_wasi_config_t* c, size_t argc, const char* const argv[]) {
  c->config.args.assign(argv, argv + argc);
}
void petrel_wasi_config_push_arg(petrel_wasi_config_t* c, const char* arg) { c->config.args.emplace_back(arg); }
void petrel_wasi_config_push_env(petrel_wasi_config_t* c, const char* name, const char* value) {
  c->config.env.push_back(std::string(name) + "=" + value);
}
void petrel_wasi_config_inherit_env(petrel_wasi_config_t* c, bool inherit) { c->config.inherit_env = inherit; }
void petrel_wasi_config_preopen_dir(petrel_wasi_config_t* c, const char* host_path, const char* guest_path) {
  c->config.dirs.push_back(petrel::WasiDir{host_path, guest_path});
}
void petrel_wasi_config_set_stdio(petrel_wasi_config_t* c, int stdin_fd, int stdout_fd, int stderr_fd) {
  c->config.stdin_fd = stdin_fd;
  c->config.stdout_fd = stdout_fd;
  c->config.stderr_fd = stderr_fd;
}

petrel_error_t* petrel_store_configure_wasi(wasm_store_t* store, const petrel_wasi_config_t* c) {
  return toError(store->store->configureWasi(c->config));
}

// ---- Linker ------------------------------------------------------------------------

petrel_linker_t* petrel_linker_new(wasm_engine_t* engine) { return new petrel_linker_t(engine->engine); }
void petrel_linker_delete(petrel_linker_t* l) { delete l; }
void petrel_linker_allow_shadowing(petrel_linker_t* l, bool allow) { l->linker.allowShadowing(allow); }

petrel_error_t* petrel_linker_define_func(petrel_linker_t* l, const char* module, const char* name,
                                          const wasm_functype_t* type, wasm_func_callback_with_env_t callback,
                                          void* env, void (*finalizer)(void*)) {
  petrel::FuncType ft = capi::functypeTo(type);
  auto shared = std::make_shared<SharedEnv>();
  shared->env = env;
  shared->finalizer = finalizer;
  auto fn = capi::hostFunctionFrom(nullptr, ft, [callback, shared](const wasm_val_vec_t* args, wasm_val_vec_t* results) {
    return callback(shared->env, args, results);
  });
  return toError(l->linker.funcNew(module, name, ft, std::move(fn)));
}

petrel_error_t* petrel_linker_define(petrel_linker_t* l, const char* module, const char* name,
                                     const wasm_extern_t* ext) {
  return toError(l->linker.define(module, name, ext->ext));
}

petrel_error_t* petrel_linker_define_instance(petrel_linker_t* l, const char* module, const wasm_instance_t* inst) {
  return toError(l->linker.defineInstance(module, inst->instance));
}

petrel_error_t* petrel_linker_define_wasi(petrel_linker_t* l) { return toError(l->linker.defineWasi()); }

petrel_error_t* petrel_linker_instantiate(const petrel_linker_t* l, wasm_store_t* store, const wasm_module_t* module,
                                          wasm_instance_t** instance, wasm_trap_t** trap) {
  *instance = nullptr;
  if (trap) *trap = nullptr;
  petrel::Result<petrel::Instance> r = l->linker.instantiate(*store->store, module->module());
  if (r.ok()) {
    *instance = new wasm_instance_t(store, *r);
    return nullptr;
  }
  petrel::Error e = r.takeError();
  if (e.isTrap() || e.kind == petrel::ErrorKind::Exit) {
    if (trap) *trap = capi::trapFrom(store, std::move(e));
    return nullptr;
  }
  return capi::errorFrom(std::move(e));
}

}  // extern "C"
