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

// What a callback's trap means to the guest (the trap object is consumed).
Error takeTrap(wasm_trap_t* trap) {
  Error e = trap->box->error;
  if (e.kind != ErrorKind::Trap && e.kind != ErrorKind::Exhaustion && e.kind != ErrorKind::Exit)
    e.kind = ErrorKind::Trap;
  wasm_trap_delete(trap);
  return e;
}

}  // namespace

// The fast path for the common case, functions of numbers only: values go
// between wasm_val_t and the interpreter's cells directly, on the stack,
// without Value vectors or heap-allocated wasm_val_vec_t.
bool isDirect(const FuncType& type) {
  if (type.params.size() > kDirectArity || type.results.size() > kDirectArity) return false;
  for (const ValType& t : type.params)
    if (!t.isNum()) return false;
  for (const ValType& t : type.results)
    if (!t.isNum()) return false;
  return true;
}

namespace {

// A number type's wasm_val_t <-> RawValue (kinds must match).
void toRaw(const wasm_val_t& v, RawValue& out) {
  out.bits = 0;
  switch (v.kind) {
    case WASM_I32: out.i32 = v.of.i32; break;
    case WASM_I64: out.i64 = v.of.i64; break;
    case WASM_F32: out.f32 = v.of.f32; break;
    case WASM_F64: out.f64 = v.of.f64; break;
    default: break;
  }
}

void fromRaw(const RawValue& raw, wasm_valkind_t kind, wasm_val_t& out) {
  out.kind = kind;
  switch (kind) {
    case WASM_I32: out.of.i32 = raw.i32; break;
    case WASM_I64: out.of.i64 = raw.i64; break;
    case WASM_F32: out.of.f32 = raw.f32; break;
    case WASM_F64: out.of.f64 = raw.f64; break;
    default: break;
  }
}

RawHostFunction directHostFunction(const FuncType& type,
                                   std::function<wasm_trap_t*(const wasm_val_vec_t*, wasm_val_vec_t*)> callback) {
  std::vector<wasm_valkind_t> params, results;
  for (const ValType& t : type.params) params.push_back(valkindOf(t));
  for (const ValType& t : type.results) results.push_back(valkindOf(t));
  return [params, results, type, callback = std::move(callback)](Caller&, RawValue* io) -> Status {
    wasm_val_t in[kDirectArity], out[kDirectArity];
    for (size_t i = 0; i < params.size(); ++i) fromRaw(io[i], params[i], in[i]);
    for (size_t i = 0; i < results.size(); ++i) {
      out[i].kind = results[i];
      out[i].of.i64 = 0;
    }
    wasm_val_vec_t args{params.size(), in}, outs{results.size(), out};
    if (wasm_trap_t* trap = callback(&args, &outs)) return takeTrap(trap);
    for (size_t i = 0; i < results.size(); ++i) {
      if (out[i].kind != results[i]) return wrongResult(i, type.results[i]);
      toRaw(out[i], io[i]);
    }
    return Status::success();
  };
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

    if (wasm_trap_t* trap = callback(&in.vec, &out.vec)) return takeTrap(trap);
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

const petrel::FuncType& wasm_func_t::type() const {
  if (!type_) {
    type_ = func().type();
    direct_ = petrel::capi::isDirect(*type_);
  }
  return *type_;
}

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t callback) {
  petrel::FuncType ft = petrel::capi::functypeTo(type);
  auto cb = [callback](const wasm_val_vec_t* args, wasm_val_vec_t* results) { return callback(args, results); };
  if (petrel::capi::isDirect(ft))
    return new wasm_func_t(store, petrel::Func::createRaw(*store->store, ft, petrel::capi::directHostFunction(ft, cb)));
  auto fn = petrel::capi::hostFunctionFrom(store, ft, cb);
  return new wasm_func_t(store, petrel::Func::create(*store->store, ft, std::move(fn)));
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env, void (*finalizer)(void*)) {
  petrel::FuncType ft = petrel::capi::functypeTo(type);
  auto cb = [callback, env](const wasm_val_vec_t* args, wasm_val_vec_t* results) {
    return callback(env, args, results);
  };
  if (finalizer) store->func_envs.push_back(petrel::capi::HostInfo{env, finalizer});
  if (petrel::capi::isDirect(ft))
    return new wasm_func_t(store, petrel::Func::createRaw(*store->store, ft, petrel::capi::directHostFunction(ft, cb)));
  auto fn = petrel::capi::hostFunctionFrom(store, ft, cb);
  return new wasm_func_t(store, petrel::Func::create(*store->store, ft, std::move(fn)));
}

wasm_functype_t* wasm_func_type(const wasm_func_t* f) { return petrel::capi::functypeFrom(f->func().type()); }
size_t wasm_func_param_arity(const wasm_func_t* f) { return f->func().type().params.size(); }
size_t wasm_func_result_arity(const wasm_func_t* f) { return f->func().type().results.size(); }

wasm_trap_t* wasm_func_call(const wasm_func_t* f, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  petrel::Func func = f->func();
  const petrel::FuncType& type = f->type();
  size_t nargs = args ? args->size : 0;
  if (nargs != type.params.size())
    return petrel::capi::trapFrom(f->store, petrel::Error::trap("wrong number of arguments: expected " +
                                                                std::to_string(type.params.size()) + ", got " +
                                                                std::to_string(nargs)));
  size_t nresults = results ? results->size : 0;
  if (nresults < type.results.size())
    return petrel::capi::trapFrom(f->store, petrel::Error::trap("results vector too small: need " +
                                                                std::to_string(type.results.size())));
  if (f->direct()) {
    petrel::RawValue io[petrel::capi::kDirectArity];
    for (size_t i = 0; i < nargs; ++i) {
      if (args->data[i].kind != petrel::capi::valkindOf(type.params[i]))
        return petrel::capi::trapFrom(
            f->store, petrel::Error::trap("argument " + std::to_string(i) + " is not a " + type.params[i].toString()));
      petrel::capi::toRaw(args->data[i], io[i]);
    }
    petrel::Status s = func.callRaw(io);
    if (!s.ok()) return petrel::capi::trapFrom(f->store, s.takeError());
    for (size_t i = 0; i < type.results.size(); ++i)
      petrel::capi::fromRaw(io[i], petrel::capi::valkindOf(type.results[i]), results->data[i]);
    return nullptr;
  }
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
