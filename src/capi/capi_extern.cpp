// Globals, tables, memories, and the extern views of all four objects.
#include "capi/capi_internal.h"

using petrel::Value;
namespace capi = petrel::capi;

extern "C" {

// ---- Globals ---------------------------------------------------------------------

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type, const wasm_val_t* val) {
  petrel::GlobalType gt = capi::globaltypeTo(type);
  std::optional<Value> v = capi::valTo(store, val, gt.type);
  if (!v) return nullptr;
  petrel::Result<petrel::Global> g = petrel::Global::create(*store->store, gt, *v);
  if (!g.ok()) return nullptr;
  return new wasm_global_t(store, *g);
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* g) {
  petrel::ExternType t;
  t.kind = petrel::ExternKind::Global;
  t.global = g->global().type();
  return static_cast<wasm_globaltype_t*>(capi::externtypeFrom(t));
}

void wasm_global_get(const wasm_global_t* g, wasm_val_t* out) { capi::valFrom(g->store, g->global().get(), out); }

void wasm_global_set(wasm_global_t* g, const wasm_val_t* val) {
  petrel::Global global = g->global();
  std::optional<Value> v = capi::valTo(g->store, val, global.type().type);
  if (!v) return;  // wasm.h gives set no way to fail; a mistyped value is ignored
  (void)global.set(*v);
}

// ---- Tables ----------------------------------------------------------------------

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init) {
  petrel::TableType tt = capi::tabletypeTo(type);
  std::optional<Value> v = capi::refToValue(store, init, tt.element);
  if (!v) return nullptr;
  petrel::Result<petrel::Table> t = petrel::Table::create(*store->store, tt, *v);
  if (!t.ok()) return nullptr;
  return new wasm_table_t(store, *t);
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* t) {
  petrel::ExternType et;
  et.kind = petrel::ExternKind::Table;
  et.table = t->table().type();
  return static_cast<wasm_tabletype_t*>(capi::externtypeFrom(et));
}

wasm_ref_t* wasm_table_get(const wasm_table_t* t, wasm_table_size_t index) {
  petrel::Result<Value> v = t->table().get(index);
  if (!v.ok()) return nullptr;
  return capi::refFromValue(t->store, *v);
}

bool wasm_table_set(wasm_table_t* t, wasm_table_size_t index, wasm_ref_t* ref) {
  petrel::Table table = t->table();
  std::optional<Value> v = capi::refToValue(t->store, ref, table.type().element);
  if (!v) return false;
  return table.set(index, *v).ok();
}

wasm_table_size_t wasm_table_size(const wasm_table_t* t) {
  uint64_t n = t->table().size();
  return n > 0xffffffffu ? 0xffffffffu : static_cast<wasm_table_size_t>(n);
}

bool wasm_table_grow(wasm_table_t* t, wasm_table_size_t delta, wasm_ref_t* init) {
  petrel::Table table = t->table();
  std::optional<Value> v = capi::refToValue(t->store, init, table.type().element);
  if (!v) return false;
  return table.grow(delta, *v).ok();
}

// ---- Memories --------------------------------------------------------------------

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  petrel::Result<petrel::Memory> m = petrel::Memory::create(*store->store, capi::memorytypeTo(type));
  if (!m.ok()) return nullptr;
  return new wasm_memory_t(store, *m);
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* m) {
  petrel::ExternType et;
  et.kind = petrel::ExternKind::Memory;
  et.memory = m->memory().type();
  return static_cast<wasm_memorytype_t*>(capi::externtypeFrom(et));
}

byte_t* wasm_memory_data(wasm_memory_t* m) { return reinterpret_cast<byte_t*>(m->memory().data()); }
size_t wasm_memory_data_size(const wasm_memory_t* m) { return static_cast<size_t>(m->memory().size()); }

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* m) {
  uint64_t p = m->memory().pages();
  return p > 0xffffffffu ? 0xffffffffu : static_cast<wasm_memory_pages_t>(p);
}

bool wasm_memory_grow(wasm_memory_t* m, wasm_memory_pages_t delta) {
  petrel::Memory mem = m->memory();
  return mem.grow(delta).ok();
}

// ---- Externs ---------------------------------------------------------------------

wasm_externkind_t wasm_extern_kind(const wasm_extern_t* e) {
  switch (e->ext.kind()) {
    case petrel::ExternKind::Func: return WASM_EXTERN_FUNC;
    case petrel::ExternKind::Global: return WASM_EXTERN_GLOBAL;
    case petrel::ExternKind::Table: return WASM_EXTERN_TABLE;
    default: return WASM_EXTERN_MEMORY;
  }
}

wasm_externtype_t* wasm_extern_type(const wasm_extern_t* e) { return capi::externtypeFrom(e->ext.type()); }

#define PETREL_CAPI_EXTERN_VIEWS(name, KIND)                                                   \
  wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t* x) { return x; }                     \
  const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t* x) { return x; }   \
  wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* e) {                                   \
    return e && e->kind == capi::RefKind::KIND ? static_cast<wasm_##name##_t*>(e) : nullptr;   \
  }                                                                                            \
  const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* e) {               \
    return e && e->kind == capi::RefKind::KIND ? static_cast<const wasm_##name##_t*>(e) : nullptr; \
  }
PETREL_CAPI_EXTERN_VIEWS(func, Func)
PETREL_CAPI_EXTERN_VIEWS(global, Global)
PETREL_CAPI_EXTERN_VIEWS(table, Table)
PETREL_CAPI_EXTERN_VIEWS(memory, Memory)
#undef PETREL_CAPI_EXTERN_VIEWS

}  // extern "C"
