// Typed calls and host functions from C++ types.
//
//   auto add = instance.func<int32_t(int32_t, int32_t)>("add");   // checked once
//   Result<int32_t> sum = (*add)(2, 3);
//
//   linker.func("env", "log", [](Caller& c, int32_t ptr, int32_t len) -> Status { ... });
//
// C++ types map to wasm types: int32_t/uint32_t -> i32, int64_t/uint64_t ->
// i64, float -> f32, double -> f64, Func -> funcref, ExternRef -> externref.
// A host function returns void, one of those, a std::tuple of them (several
// results), or Status / Result<T> to be able to trap; its first parameter may
// be `Caller&`.
#pragma once

#include <algorithm>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <petrel/objects.h>

namespace petrel {

namespace detail {

template <class T>
struct WasmType;  // not a wasm type: no specialisation

#define PETREL_WASM_NUMBER_TYPE(CPP, VT, FIELD)                           \
  template <>                                                           \
  struct WasmType<CPP> {                                                \
    static constexpr ValType type() { return ValType::VT(); }          \
    static CPP load(const RawValue& v, StoreState*) { return static_cast<CPP>(v.FIELD); } \
    static RawValue store(CPP x) {                                      \
      RawValue r;                                                       \
      r.bits = 0;                                                       \
      r.FIELD = static_cast<decltype(r.FIELD)>(x);                      \
      return r;                                                         \
    }                                                                   \
  };
PETREL_WASM_NUMBER_TYPE(int32_t, i32, i32)
PETREL_WASM_NUMBER_TYPE(uint32_t, i32, i32)
PETREL_WASM_NUMBER_TYPE(int64_t, i64, i64)
PETREL_WASM_NUMBER_TYPE(uint64_t, i64, i64)
PETREL_WASM_NUMBER_TYPE(float, f32, f32)
PETREL_WASM_NUMBER_TYPE(double, f64, f64)
#undef PETREL_WASM_NUMBER_TYPE

template <>
struct WasmType<ExternRef> {
  static constexpr ValType type() { return ValType::externref(); }
  static ExternRef load(const RawValue& v, StoreState*) { return ExternRef{v.ref}; }
  static RawValue store(ExternRef x) { RawValue r; r.ref = x.ptr; return r; }
};

// A nullable function reference: std::optional<Func>.
template <>
struct WasmType<std::optional<Func>> {
  static constexpr ValType type() { return ValType::funcref(); }
  static std::optional<Func> load(const RawValue& v, StoreState* s) {
    if (!v.ref) return std::nullopt;
    return Func(s, static_cast<internal::FunctionInstance*>(v.ref));
  }
  static RawValue store(const std::optional<Func>& f) { RawValue r; r.ref = f ? f->raw() : nullptr; return r; }
};

// Function references must stay in their store: another store's function
// would run with the wrong store's state. Numbers always may.
template <class T>
bool sameStore(const T&, const StoreState*) { return true; }
inline bool sameStore(const std::optional<Func>& f, const StoreState* s) { return !f || f->storeState() == s; }
template <class... Ts>
bool sameStore(const std::tuple<Ts...>& t, const StoreState* s) {
  return std::apply([s](const Ts&... v) { return (sameStore(v, s) && ...); }, t);
}

// Results: void, one value, or a tuple of values.
template <class R>
struct WasmResults {
  static std::vector<ValType> types() { return {WasmType<R>::type()}; }
  static constexpr size_t count = 1;
  static void store(const R& r, RawValue* out) { out[0] = WasmType<R>::store(r); }
  static R load(const RawValue* in, StoreState* s) { return WasmType<R>::load(in[0], s); }
};
template <>
struct WasmResults<void> {
  static std::vector<ValType> types() { return {}; }
  static constexpr size_t count = 0;
};
template <class... Ts>
struct WasmResults<std::tuple<Ts...>> {
  static std::vector<ValType> types() { return {WasmType<Ts>::type()...}; }
  static constexpr size_t count = sizeof...(Ts);
  static void store(const std::tuple<Ts...>& r, RawValue* out) {
    [&]<size_t... I>(std::index_sequence<I...>) { ((out[I] = WasmType<Ts>::store(std::get<I>(r))), ...); }
    (std::index_sequence_for<Ts...>{});
  }
  static std::tuple<Ts...> load(const RawValue* in, StoreState* s) {
    return [&]<size_t... I>(std::index_sequence<I...>) { return std::tuple<Ts...>(WasmType<Ts>::load(in[I], s)...); }
    (std::index_sequence_for<Ts...>{});
  }
};

// What a host callable returns: plain results, or Status/Result<T> to trap.
template <class R>
struct HostReturn {
  using Results = R;
  static Status finish(R&& r, RawValue* out, const StoreState* s) {
    if (!sameStore(r, s)) return Error::trap("host function returned a function of another store");
    WasmResults<R>::store(r, out);
    return Status();
  }
};
template <>
struct HostReturn<void> {
  using Results = void;
};
template <>
struct HostReturn<Status> {
  using Results = void;
  static Status finish(Status&& s, RawValue*, const StoreState*) { return std::move(s); }
};
template <class T>
struct HostReturn<Result<T>> {
  using Results = T;
  static Status finish(Result<T>&& r, RawValue* out, const StoreState* s) {
    if (!r.ok()) return r.takeError();
    if (!sameStore(r.value(), s)) return Error::trap("host function returned a function of another store");
    WasmResults<T>::store(r.value(), out);
    return Status();
  }
};

// The parameter and return types of a callable.
template <class F>
struct Callable : Callable<decltype(&std::decay_t<F>::operator())> {};
template <class R, class... A>
struct Callable<R (*)(A...)> {
  using Return = R;
  using Params = std::tuple<A...>;
};
template <class R, class... A>
struct Callable<R(A...)> : Callable<R (*)(A...)> {};
template <class C, class R, class... A>
struct Callable<R (C::*)(A...) const> : Callable<R (*)(A...)> {};
template <class C, class R, class... A>
struct Callable<R (C::*)(A...)> : Callable<R (*)(A...)> {};

template <class Params>
struct HostParams;
template <class... A>
struct HostParams<std::tuple<A...>> {
  static constexpr bool takes_caller = false;
  using Wasm = std::tuple<std::decay_t<A>...>;
};
template <class... A>
struct HostParams<std::tuple<Caller&, A...>> {
  static constexpr bool takes_caller = true;
  using Wasm = std::tuple<std::decay_t<A>...>;
};

template <class Tuple>
struct WasmParams;
template <class... A>
struct WasmParams<std::tuple<A...>> {
  static std::vector<ValType> types() { return {WasmType<A>::type()...}; }
};

template <class F>
FuncType hostFuncType() {
  using C = Callable<F>;
  using P = HostParams<typename C::Params>;
  return FuncType{WasmParams<typename P::Wasm>::types(),
                  WasmResults<typename HostReturn<typename C::Return>::Results>::types()};
}

template <class F>
RawHostFunction wrapHostCallable(F&& fn) {
  using C = Callable<F>;
  using P = HostParams<typename C::Params>;
  using Ret = typename C::Return;
  return [fn = std::forward<F>(fn)](Caller& caller, RawValue* io) mutable -> Status {
    auto invoke = [&]<class... A, size_t... I>(std::tuple<A...>*, std::index_sequence<I...>) -> decltype(auto) {
      StoreState* s = caller.storeState();
      (void)s;
      if constexpr (P::takes_caller)
        return fn(caller, WasmType<A>::load(io[I], s)...);
      else
        return fn(WasmType<A>::load(io[I], s)...);
    };
    using Wasm = typename P::Wasm;
    constexpr size_t n = std::tuple_size_v<Wasm>;
    if constexpr (std::is_void_v<Ret>) {
      invoke(static_cast<Wasm*>(nullptr), std::make_index_sequence<n>{});
      return Status();
    } else {
      return HostReturn<Ret>::finish(invoke(static_cast<Wasm*>(nullptr), std::make_index_sequence<n>{}), io,
                                     caller.storeState());
    }
  };
}

Status checkSignature(const Func& func, const FuncType& expected);

}  // namespace detail

template <class F>
Func Func::wrap(Store& store, F&& fn) {
  FuncType type = detail::hostFuncType<F>();
  return createRaw(store, type, detail::wrapHostCallable(std::forward<F>(fn)));
}

// A function whose type was checked against a C++ signature: calling it
// converts nothing and allocates nothing.
template <class R, class... A>
class TypedFunc<R(A...)> {
 public:
  using Return = std::conditional_t<std::is_void_v<R>, Status, Result<R>>;

  Return operator()(A... args) const {
    constexpr size_t n = std::max<size_t>({sizeof...(A), detail::WasmResults<R>::count, size_t{1}});
    if (!(detail::sameStore(args, func_.storeState()) && ...))
      return Error::make(ErrorKind::Other, "argument is a function of another store");
    RawValue io[n];
    size_t i = 0;
    ((io[i++] = detail::WasmType<A>::store(args)), ...);
    (void)i;
    Status s = func_.callRaw(io);
    if constexpr (std::is_void_v<R>) {
      return s;
    } else {
      if (!s.ok()) return s.takeError();
      return detail::WasmResults<R>::load(io, func_.storeState());
    }
  }

  const Func& func() const { return func_; }
  explicit TypedFunc(Func f) : func_(f) {}

 private:
  Func func_;
};

template <class Signature>
Result<TypedFunc<Signature>> Func::typed() const {
  using C = detail::Callable<Signature>;
  FuncType expected{detail::WasmParams<typename C::Params>::types(), detail::WasmResults<typename C::Return>::types()};
  Status s = detail::checkSignature(*this, expected);
  if (!s.ok()) return s.takeError();
  return TypedFunc<Signature>(*this);
}

}  // namespace petrel
