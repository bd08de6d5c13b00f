// The C API's objects (wasm.h, petrel.h) as C++ structs over the public C++
// API, and the conversions between the two.
//
// Shape:
//  - Type objects form a small hierarchy: wasm_externtype_t is the base of
//    functype/globaltype/tabletype/memorytype, so the *_as_externtype views
//    are casts of one object.
//  - Reference objects derive from wasm_ref_t; wasm_extern_t (holding a
//    petrel::Extern) is the base of func/global/table/memory. A C handle is
//    a small heap object owned by the caller; the wasm object it names is
//    owned by the store. Two handles are `same` when they name one object.
//  - Host info of store objects lives in the store, keyed by the object's
//    identity, so every handle of an object sees it; finalizers run when
//    the store is deleted. Modules and traps are not store objects: their
//    host info lives in a box shared by their copies, finalized with the
//    last copy.
//  - An externref value is a pointer to a store-owned HostRecord, which
//    remembers which object (foreign, or any other reference) it carries.
#pragma once

#include <petrel.h>
#include <wasm.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <petrel/petrel.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace petrel::capi {

struct HostInfo {
  void* info = nullptr;
  void (*finalizer)(void*) = nullptr;
  // Runs the finalizer (once) and clears.
  void finalize() {
    if (finalizer) finalizer(info);
    info = nullptr;
    finalizer = nullptr;
  }
  // Replacing host info finalizes the old one: it is no longer reachable.
  void replace(void* new_info, void (*new_finalizer)(void*)) {
    if (finalizer && (new_info != info || new_finalizer != finalizer)) finalizer(info);
    info = new_info;
    finalizer = new_finalizer;
  }
};

enum class RefKind : uint8_t { Func, Global, Table, Memory, Instance, Foreign, Trap, Module };

struct ModuleBox {
  explicit ModuleBox(Module m) : module(std::move(m)) {}
  ~ModuleBox() { host_info.finalize(); }
  Module module;
  HostInfo host_info;
};

struct TrapBox {
  TrapBox(Error e, wasm_store_t* s) : error(std::move(e)), store(s) {}
  ~TrapBox() { host_info.finalize(); }
  Error error;
  wasm_store_t* store;  // where frames' instances live (may be null)
  HostInfo host_info;
};

// What the store knows about one object: its host info, and what an
// externref naming it must turn back into.
struct HostRecord {
  RefKind kind = RefKind::Foreign;
  const void* identity = nullptr;
  HostInfo host_info;
  std::optional<Extern> ext;
  std::optional<Instance> instance;
  std::shared_ptr<ModuleBox> module;
  std::shared_ptr<TrapBox> trap;
};

}  // namespace petrel::capi

// ---- Runtime environment ---------------------------------------------------

struct wasm_config_t {
  petrel::Config config;
};

struct wasm_engine_t {
  petrel::Engine engine;
};

struct wasm_store_t {
  wasm_store_t(const petrel::Engine& e, const petrel::StoreLimits& limits);
  ~wasm_store_t();

  petrel::Engine engine;
  std::unique_ptr<petrel::Store> store;
  // Every record by identity, and the set of records for checking the
  // pointers guests hand back as externrefs.
  std::unordered_map<const void*, std::unique_ptr<petrel::capi::HostRecord>> records;
  std::unordered_set<const petrel::capi::HostRecord*> record_set;
  // Environments of wasm_func_new_with_env, finalized with the store.
  std::vector<petrel::capi::HostInfo> func_envs;

  // The record of `identity`, made on first use when `create`.
  petrel::capi::HostRecord* record(const void* identity, bool create);
  petrel::capi::HostRecord* newForeign();
};

// ---- Types ----------------------------------------------------------------

struct wasm_valtype_t {
  petrel::ValType type;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
  virtual wasm_externtype_t* clone() const = 0;
  wasm_externkind_t kind;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
  wasm_externtype_t* clone() const override;
  wasm_valtype_vec_t params{0, nullptr};
  wasm_valtype_vec_t results{0, nullptr};
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t() : wasm_externtype_t(WASM_EXTERN_GLOBAL) {}
  ~wasm_globaltype_t() override { delete content; }
  wasm_externtype_t* clone() const override;
  wasm_valtype_t* content = nullptr;
  wasm_mutability_t mutability = WASM_CONST;
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t() : wasm_externtype_t(WASM_EXTERN_TABLE) {}
  ~wasm_tabletype_t() override { delete element; }
  wasm_externtype_t* clone() const override;
  wasm_valtype_t* element = nullptr;
  wasm_limits_t limits{0, wasm_limits_max_default};
  bool is64 = false;
};

struct wasm_memorytype_t : wasm_externtype_t {
  wasm_memorytype_t() : wasm_externtype_t(WASM_EXTERN_MEMORY) {}
  wasm_externtype_t* clone() const override;
  wasm_limits_t limits{0, wasm_limits_max_default};
  petrel::MemoryType full;  // what the limits cannot say (memory64, shared, page size)
};

struct wasm_importtype_t {
  wasm_name_t module{0, nullptr};
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
  ~wasm_importtype_t();
};

struct wasm_exporttype_t {
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
  ~wasm_exporttype_t();
};

// ---- References -----------------------------------------------------------

struct wasm_ref_t {
  wasm_ref_t(petrel::capi::RefKind k, wasm_store_t* s) : kind(k), store(s) {}
  virtual ~wasm_ref_t() = default;
  virtual wasm_ref_t* clone() const = 0;
  virtual const void* identity() const = 0;
  // Where this object's host info lives (never null for a live store).
  virtual petrel::capi::HostInfo* hostInfo(bool create) const;
  petrel::capi::RefKind kind;
  wasm_store_t* store;
};

struct wasm_extern_t : wasm_ref_t {
  wasm_extern_t(petrel::capi::RefKind k, wasm_store_t* s, petrel::Extern e) : wasm_ref_t(k, s), ext(e) {}
  wasm_ref_t* clone() const override;
  const void* identity() const override { return ext.rawObject(); }
  petrel::Extern ext;
};

struct wasm_func_t : wasm_extern_t {
  wasm_func_t(wasm_store_t* s, petrel::Func f) : wasm_extern_t(petrel::capi::RefKind::Func, s, petrel::Extern(f)) {}
  petrel::Func func() const { return *ext.func(); }
  // The type, and whether calls can take the numbers-only fast path, worked
  // out on the first call (wasm_func_call needs them every time).
  const petrel::FuncType& type() const;  // capi_func.cpp
  bool direct() const { return type(), direct_; }

 private:
  mutable std::optional<petrel::FuncType> type_;
  mutable bool direct_ = false;
};
struct wasm_global_t : wasm_extern_t {
  wasm_global_t(wasm_store_t* s, petrel::Global g)
      : wasm_extern_t(petrel::capi::RefKind::Global, s, petrel::Extern(g)) {}
  petrel::Global global() const { return *ext.global(); }
};
struct wasm_table_t : wasm_extern_t {
  wasm_table_t(wasm_store_t* s, petrel::Table t) : wasm_extern_t(petrel::capi::RefKind::Table, s, petrel::Extern(t)) {}
  petrel::Table table() const { return *ext.table(); }
};
struct wasm_memory_t : wasm_extern_t {
  wasm_memory_t(wasm_store_t* s, petrel::Memory m)
      : wasm_extern_t(petrel::capi::RefKind::Memory, s, petrel::Extern(m)) {}
  petrel::Memory memory() const { return *ext.memory(); }
};

struct wasm_instance_t : wasm_ref_t {
  wasm_instance_t(wasm_store_t* s, petrel::Instance i) : wasm_ref_t(petrel::capi::RefKind::Instance, s), instance(i) {}
  wasm_ref_t* clone() const override { return new wasm_instance_t(store, instance); }
  const void* identity() const override { return instance.raw(); }
  petrel::Instance instance;
};

struct wasm_foreign_t : wasm_ref_t {
  wasm_foreign_t(wasm_store_t* s, petrel::capi::HostRecord* r) : wasm_ref_t(petrel::capi::RefKind::Foreign, s), rec(r) {}
  wasm_ref_t* clone() const override { return new wasm_foreign_t(store, rec); }
  const void* identity() const override { return rec; }
  petrel::capi::HostInfo* hostInfo(bool) const override { return &rec->host_info; }
  petrel::capi::HostRecord* rec;
};

struct wasm_trap_t : wasm_ref_t {
  wasm_trap_t(wasm_store_t* s, std::shared_ptr<petrel::capi::TrapBox> b)
      : wasm_ref_t(petrel::capi::RefKind::Trap, s), box(std::move(b)) {}
  wasm_ref_t* clone() const override { return new wasm_trap_t(store, box); }
  const void* identity() const override { return box.get(); }
  petrel::capi::HostInfo* hostInfo(bool) const override { return &box->host_info; }
  std::shared_ptr<petrel::capi::TrapBox> box;
};

struct wasm_module_t : wasm_ref_t {
  wasm_module_t(wasm_store_t* s, std::shared_ptr<petrel::capi::ModuleBox> b)
      : wasm_ref_t(petrel::capi::RefKind::Module, s), box(std::move(b)) {}
  wasm_ref_t* clone() const override { return new wasm_module_t(store, box); }
  const void* identity() const override { return box->module.compiled().get(); }
  petrel::capi::HostInfo* hostInfo(bool) const override { return &box->host_info; }
  const petrel::Module& module() const { return box->module; }
  std::shared_ptr<petrel::capi::ModuleBox> box;
};

struct wasm_shared_module_t {
  petrel::Module module;
};

struct wasm_frame_t {
  petrel::TraceFrame frame;
  wasm_instance_t* instance = nullptr;  // owned; null when unknown
  ~wasm_frame_t() { delete instance; }
};

// ---- petrel.h --------------------------------------------------------------

struct petrel_error_t {
  petrel::Error error;
};

struct petrel_wasi_config_t {
  petrel::WasiConfig config;
};

struct petrel_linker_t {
  explicit petrel_linker_t(const petrel::Engine& e) : linker(e) {}
  petrel::Linker linker;
};

// ---- Conversions ------------------------------------------------------------

namespace petrel::capi {

// Owned copies of bytes/strings as wasm vectors.
void nameFrom(wasm_name_t* out, std::string_view s);
std::string_view nameView(const wasm_name_t* name);
// A message: the text plus its terminating NUL.
void messageFrom(wasm_message_t* out, std::string_view s);

wasm_valkind_t valkindOf(const ValType& t);
// A function of numbers only, with few enough of them for calls on the stack.
bool isDirect(const FuncType& type);
constexpr size_t kDirectArity = 16;
ValType valtypeOfKind(wasm_valkind_t k);

wasm_externtype_t* externtypeFrom(const ExternType& t);  // null for tags (wasm.h has none)
ExternType externtypeTo(const wasm_externtype_t* t);
wasm_functype_t* functypeFrom(const FuncType& t);
FuncType functypeTo(const wasm_functype_t* t);
GlobalType globaltypeTo(const wasm_globaltype_t* t);
TableType tabletypeTo(const wasm_tabletype_t* t);
MemoryType memorytypeTo(const wasm_memorytype_t* t);

// A C handle for a store object.
wasm_extern_t* externFrom(wasm_store_t* store, const Extern& e);

// A reference value (funcref, externref, null) as an owned wasm_ref_t (null for null).
wasm_ref_t* refFromValue(wasm_store_t* store, const Value& v);
// A wasm_ref_t (borrowed; null is the null reference) as a value of reference type `t`.
std::optional<Value> refToValue(wasm_store_t* store, const wasm_ref_t* r, const ValType& t);

// A value as an owned wasm_val_t, and back (checked against `t`).
void valFrom(wasm_store_t* store, const Value& v, wasm_val_t* out);
std::optional<Value> valTo(wasm_store_t* store, const wasm_val_t* v, const ValType& t);

wasm_trap_t* trapFrom(wasm_store_t* store, Error e);
petrel_error_t* errorFrom(Error e);

// Wraps a host callback as a C++ host function of type `type`. `store_hint`
// is the store it is made in, or null to take it from the caller (linker
// functions, made in whichever store instantiates).
HostFunction hostFunctionFrom(wasm_store_t* store_hint, const FuncType& type,
                              std::function<wasm_trap_t*(const wasm_val_vec_t*, wasm_val_vec_t*)> callback);

}  // namespace petrel::capi
