// Functions: host functions from C callbacks (with or without an
// environment) and calls into functions of any kind.
#include "capi/capi_internal.h"

using petrel::Value;

namespace petrel::capi {

namespace {

// Deletes a value vector made here (the callback may have left results unset).
struct ValVecGuard {
  wasm_val_vec_t vec{0, nullptr};
  ~ValVecGuard() { wasm_val_vec_delete(&vec); }
};

Error wrongResult(size_t i, const ValType& t) {
  return Error::trap("host function result " + std::to_string(i) + " is not a " + t.toString());
}

}  // namespace

HostFunction hostFunctionFrom(wasm_store_t* store_hint, const FuncType& type,
                              std::function<wasm_trap_t*(const wasm_val_vec_t*, wasm_val_vec_t*)> callback) {
  return [store_hint, type, callback = std::move(callback)](Caller& caller, std::span<const Value> args,
                                                            std::span<Value> results) -> Status {
    wasm_store_t* store = store_hint ? store_hint : static_cast<wasm_store_t*>(caller.data());
    ValVecGuard in, out;
    wasm_val_vec_new_uninitialized(&in.vec, args.size());
    for (size_t i = 0; i < args.size(); ++i) valFrom(store, args[i], &in.vec.data[i]);
    wasm_val_vec_new_uninitialized(&out.vec, type.results.size());
    // Each result starts as the zero of its type, so a callback that leaves
    // one unset still returns a well-typed value.
    for (size_t i = 0; i < type.results.size(); ++i) out.vec.data[i].kind = valkindOf(type.results[i]);

    if (wasm_trap_t* trap = callback(&in.vec, &out.vec)) {
      Error e = trap->box->error;
      if (e.kind != ErrorKind::Trap && e.kind != ErrorKind::Exhaustion && e.kind != ErrorKind::Exit)
        e.kind = ErrorKind::Trap;
      wasm_trap_delete(trap);
      return e;
    }
    if (out.vec.size < results.size()) return Error::trap("host function returned too few results");
    for (size_t i = 0; i < results.size(); ++i) {
      std::optional<Value> v = valTo(store, &out.vec.data[i], type.results[i]);
      if (!v) return wrongResult(i, type.results[i]);
      results[i] = *v;
    }
    return Status::success();
  };
}

}  // namespace petrel::capi

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t callback) {
  petrel::FuncType ft = petrel::capi::functypeTo(type);
  auto fn = petrel::capi::hostFunctionFrom(
      store, ft, [callback](const wasm_val_vec_t* args, wasm_val_vec_t* results) { return callback(args, results); });
  return new wasm_func_t(store, petrel::Func::create(*store->store, ft, std::move(fn)));
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env, void (*finalizer)(void*)) {
  petrel::FuncType ft = petrel::capi::functypeTo(type);
  auto fn = petrel::capi::hostFunctionFrom(store, ft,
                                           [callback, env](const wasm_val_vec_t* args, wasm_val_vec_t* results) {
                                             return callback(env, args, results);
                                           });
  if (finalizer) store->func_envs.push_back(petrel::capi::HostInfo{env, finalizer});
  return new wasm_func_t(store, petrel::Func::create(*store->store, ft, std::move(fn)));
}

wasm_functype_t* wasm_func_type(const wasm_func_t* f) { return petrel::capi::functypeFrom(f->func().type()); }
size_t wasm_func_param_arity(const wasm_func_t* f) { return f->func().type().params.size(); }
size_t wasm_func_result_arity(const wasm_func_t* f) { return f->func().type().results.size(); }

wasm_trap_t* wasm_func_call(const wasm_func_t* f, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  petrel::Func func = f->func();
  petrel::FuncType type = func.type();
  size_t nargs = args ? args->size : 0;
  if (nargs != type.params.size())
    return petrel::capi::trapFrom(f->store, petrel::Error::trap("wrong number of arguments: expected " +
                                                                std::to_string(type.params.size()) + ", got " +
                                                                std::to_string(nargs)));
  size_t nresults = results ? results->size : 0;
  if (nresults < type.results.size())
    return petrel::capi::trapFrom(f->store, petrel::Error::trap("results vector too small: need " +
                                                                std::to_string(type.results.size())));
  std::vector<Value> in;
  in.reserve(nargs);
  for (size_t i = 0; i < nargs; ++i) {
    std::optional<Value> v = petrel::capi::valTo(f->store, &args->data[i], type.params[i]);
    if (!v)
      return petrel::capi::trapFrom(
          f->store, petrel::Error::trap("argument " + std::to_string(i) + " is not a " + type.params[i].toString()));
    in.push_back(*v);
  }
  // A non-null pointer even for no arguments: the C++ API's host-call path
  // memmoves from it (see src/capi/NEEDS.md).
  Value none;
  std::span<const Value> in_span = in.empty() ? std::span<const Value>(&none, 0) : std::span<const Value>(in);
  petrel::Result<std::vector<Value>> r = func.call(in_span);
  if (!r.ok()) return petrel::capi::trapFrom(f->store, r.takeError());
  for (size_t i = 0; i < type.results.size(); ++i) petrel::capi::valFrom(f->store, (*r)[i], &results->data[i]);
  return nullptr;
}

}  // extern "C"
