// References: the wasm_ref_t base shared by every object, host info,
// foreign objects, and reference values (funcref, externref) moving between
// wasm_val_t and petrel::Value.
#include <cstring>

#include "capi/capi_internal.h"

using petrel::Value;
using petrel::ValType;
using petrel::capi::HostInfo;
using petrel::capi::HostRecord;
using petrel::capi::RefKind;

namespace petrel::capi {

namespace {

// The record that describes `r` in its store, filled so that an externref
// carrying it can be turned back into a handle of the same object.
HostRecord* recordFor(wasm_store_t* store, const wasm_ref_t* r) {
  if (r->kind == RefKind::Foreign) return static_cast<const wasm_foreign_t*>(r)->rec;
  if (!store) return nullptr;
  HostRecord* rec = store->record(r->identity(), true);
  rec->kind = r->kind;
  switch (r->kind) {
    case RefKind::Func:
    case RefKind::Global:
    case RefKind::Table:
    case RefKind::Memory:
      if (!rec->ext) rec->ext = static_cast<const wasm_extern_t*>(r)->ext;
      break;
    case RefKind::Instance:
      if (!rec->instance) rec->instance = static_cast<const wasm_instance_t*>(r)->instance;
      break;
    case RefKind::Module:
      if (!rec->module) rec->module = static_cast<const wasm_module_t*>(r)->box;
      break;
    case RefKind::Trap:
      if (!rec->trap) rec->trap = static_cast<const wasm_trap_t*>(r)->box;
      break;
    case RefKind::Foreign: break;
  }
  return rec;
}

wasm_ref_t* refFromRecord(wasm_store_t* store, HostRecord* rec) {
  switch (rec->kind) {
    case RefKind::Foreign: return new wasm_foreign_t(store, rec);
    case RefKind::Func:
    case RefKind::Global:
    case RefKind::Table:
    case RefKind::Memory: return rec->ext ? externFrom(store, *rec->ext) : nullptr;
    case RefKind::Instance: return rec->instance ? new wasm_instance_t(store, *rec->instance) : nullptr;
    case RefKind::Module: return rec->module ? new wasm_module_t(store, rec->module) : nullptr;
    case RefKind::Trap: return rec->trap ? new wasm_trap_t(store, rec->trap) : nullptr;
  }
  return nullptr;
}

bool isFuncHeap(const ValType& t) {
  return t.heap() == HeapKind::Func || t.heap() == HeapKind::NoFunc || t.heap() == HeapKind::Concrete;
}

}  // namespace

wasm_extern_t* externFrom(wasm_store_t* store, const Extern& e) {
  switch (e.kind()) {
    case ExternKind::Func: return new wasm_func_t(store, *e.func());
    case ExternKind::Global: return new wasm_global_t(store, *e.global());
    case ExternKind::Table: return new wasm_table_t(store, *e.table());
    case ExternKind::Memory: return new wasm_memory_t(store, *e.memory());
    case ExternKind::Tag: return nullptr;  // wasm.h has no tags
  }
  return nullptr;
}

wasm_ref_t* refFromValue(wasm_store_t* store, const Value& v) {
  const ValType& t = v.type();
  if (!t.isRef() || v.isNull()) return nullptr;
  if (isFuncHeap(t)) {
    std::optional<Func> f = v.func();
    return f ? new wasm_func_t(store, *f) : nullptr;
  }
  if (t.heap() != HeapKind::Extern && t.heap() != HeapKind::NoExtern) return nullptr;  // GC objects: not in wasm.h
  void* ptr = v.externref().ptr;
  auto* rec = static_cast<HostRecord*>(ptr);
  if (store->record_set.count(rec)) return refFromRecord(store, rec);
  // A pointer some other host passed as externref: give it a foreign
  // record keyed by the pointer, which turns back into the same pointer.
  HostRecord* foreign = store->record(ptr, true);
  foreign->kind = RefKind::Foreign;
  return new wasm_foreign_t(store, foreign);
}

std::optional<Value> refToValue(wasm_store_t* store, const wasm_ref_t* r, const ValType& t) {
  if (!t.isRef()) return std::nullopt;
  if (!r) {
    if (!t.nullable()) return std::nullopt;
    return Value::null(t);
  }
  if (isFuncHeap(t)) {
    if (r->kind != RefKind::Func) return std::nullopt;
    return Value::funcref(static_cast<const wasm_func_t*>(r)->func());
  }
  if (t.heap() != HeapKind::Extern) return std::nullopt;
  HostRecord* rec = recordFor(store ? store : r->store, r);
  if (!rec) return std::nullopt;
  void* ptr = rec->identity == rec ? static_cast<void*>(rec) : const_cast<void*>(rec->identity);
  if (rec->kind != RefKind::Foreign) ptr = rec;
  return Value::externref(ExternRef{ptr});
}

void valFrom(wasm_store_t* store, const Value& v, wasm_val_t* out) {
  out->kind = valkindOf(v.type());
  switch (v.type().kind()) {
    case ValType::Kind::I32: out->of.i32 = v.i32(); break;
    case ValType::Kind::I64: out->of.i64 = v.i64(); break;
    case ValType::Kind::F32: out->of.f32 = v.f32(); break;
    case ValType::Kind::F64: out->of.f64 = v.f64(); break;
    case ValType::Kind::V128: std::memcpy(&out->of.i64, v.v128(), 8); break;
    case ValType::Kind::Ref: out->of.ref = refFromValue(store, v); break;
  }
}

std::optional<Value> valTo(wasm_store_t* store, const wasm_val_t* v, const ValType& t) {
  switch (t.kind()) {
    case ValType::Kind::I32: if (v->kind != WASM_I32) return std::nullopt; return Value::i32(v->of.i32);
    case ValType::Kind::I64: if (v->kind != WASM_I64) return std::nullopt; return Value::i64(v->of.i64);
    case ValType::Kind::F32: if (v->kind != WASM_F32) return std::nullopt; return Value::f32(v->of.f32);
    case ValType::Kind::F64: if (v->kind != WASM_F64) return std::nullopt; return Value::f64(v->of.f64);
    case ValType::Kind::V128: return std::nullopt;
    case ValType::Kind::Ref:
      // Either reference kind is accepted: WASM_REF_VAL is spelled with
      // WASM_EXTERNREF even for function references.
      if (!wasm_valkind_is_ref(v->kind)) return std::nullopt;
      return refToValue(store, v->of.ref, t);
  }
  return std::nullopt;
}

}  // namespace petrel::capi

// Host info of store objects lives in the store's record of the object.
HostInfo* wasm_ref_t::hostInfo(bool create) const {
  if (!store) return nullptr;
  if (!create) {
    HostRecord* rec = store->record(identity(), false);
    return rec ? &rec->host_info : nullptr;
  }
  return &petrel::capi::recordFor(store, this)->host_info;
}

wasm_ref_t* wasm_extern_t::clone() const { return petrel::capi::externFrom(store, ext); }

extern "C" {

// ---- What every reference type offers -----------------------------------------------

#define PETREL_CAPI_REF_BASE(name)                                                                  \
  void wasm_##name##_delete(wasm_##name##_t* r) { delete r; }                                        \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* r) {                                    \
    return r ? static_cast<wasm_##name##_t*>(r->clone()) : nullptr;                                 \
  }                                                                                                 \
  bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {                      \
    if (!a || !b) return a == b;                                                                    \
    return a->identity() == b->identity();                                                          \
  }                                                                                                 \
  void* wasm_##name##_get_host_info(const wasm_##name##_t* r) {                                      \
    HostInfo* h = r->hostInfo(false);                                                               \
    return h ? h->info : nullptr;                                                                   \
  }                                                                                                 \
  void wasm_##name##_set_host_info(wasm_##name##_t* r, void* info) {                                 \
    if (HostInfo* h = r->hostInfo(true)) h->replace(info, nullptr);                                 \
  }                                                                                                 \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* r, void* info, void (*fin)(void*)) { \
    if (HostInfo* h = r->hostInfo(true)) h->replace(info, fin);                                     \
  }

#define PETREL_CAPI_REF(name, test)                                                                 \
  PETREL_CAPI_REF_BASE(name)                                                                        \
  wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* r) { return r; }                                \
  const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* r) { return r; }              \
  wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* r) {                                              \
    return r && (test) ? static_cast<wasm_##name##_t*>(r) : nullptr;                                \
  }                                                                                                 \
  const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* r) {                          \
    return r && (test) ? static_cast<const wasm_##name##_t*>(r) : nullptr;                          \
  }

PETREL_CAPI_REF_BASE(ref)
PETREL_CAPI_REF(func, r->kind == RefKind::Func)
PETREL_CAPI_REF(global, r->kind == RefKind::Global)
PETREL_CAPI_REF(table, r->kind == RefKind::Table)
PETREL_CAPI_REF(memory, r->kind == RefKind::Memory)
PETREL_CAPI_REF(extern, r->kind <= RefKind::Memory)
PETREL_CAPI_REF(instance, r->kind == RefKind::Instance)
PETREL_CAPI_REF(foreign, r->kind == RefKind::Foreign)
PETREL_CAPI_REF(trap, r->kind == RefKind::Trap)
PETREL_CAPI_REF(module, r->kind == RefKind::Module)

#undef PETREL_CAPI_REF
#undef PETREL_CAPI_REF_BASE

// ---- Foreign objects ------------------------------------------------------------------

wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) { return new wasm_foreign_t(store, store->newForeign()); }

}  // extern "C"
