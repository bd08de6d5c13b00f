// Type objects: valtype, functype, globaltype, tabletype, memorytype,
// externtype, importtype, exporttype, and their conversions to and from
// petrel::*Type. Constructors take ownership of what is marked `own`.
#include "capi/capi_internal.h"

using petrel::ValType;

namespace petrel::capi {

wasm_valkind_t valkindOf(const ValType& t) {
  switch (t.kind()) {
    case ValType::Kind::I32: return WASM_I32;
    case ValType::Kind::I64: return WASM_I64;
    case ValType::Kind::F32: return WASM_F32;
    case ValType::Kind::F64: return WASM_F64;
    case ValType::Kind::V128: return WASM_I64;  // wasm.h has no v128; never reached by its programs
    case ValType::Kind::Ref: break;
  }
  switch (t.heap()) {
    case HeapKind::Func:
    case HeapKind::NoFunc:
    case HeapKind::Concrete: return WASM_FUNCREF;
    default: return WASM_EXTERNREF;
  }
}

ValType valtypeOfKind(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return ValType::i32();
    case WASM_I64: return ValType::i64();
    case WASM_F32: return ValType::f32();
    case WASM_F64: return ValType::f64();
    case WASM_FUNCREF: return ValType::funcref();
    default: return ValType::externref();
  }
}

namespace {

wasm_valtype_t* newValtype(const ValType& t) { return new wasm_valtype_t{t}; }

void valtypeVecFrom(wasm_valtype_vec_t* out, const std::vector<ValType>& types) {
  wasm_valtype_vec_new_uninitialized(out, types.size());
  for (size_t i = 0; i < types.size(); ++i) out->data[i] = newValtype(types[i]);
}

std::vector<ValType> valtypeVecTo(const wasm_valtype_vec_t* v) {
  std::vector<ValType> out;
  out.reserve(v->size);
  for (size_t i = 0; i < v->size; ++i) out.push_back(v->data[i] ? v->data[i]->type : ValType::i32());
  return out;
}

wasm_limits_t limitsFrom(const Limits& l) {
  wasm_limits_t r;
  r.min = l.min > 0xffffffffu ? 0xffffffffu : static_cast<uint32_t>(l.min);
  r.max = !l.max || *l.max > 0xffffffffu ? wasm_limits_max_default : static_cast<uint32_t>(*l.max);
  return r;
}

Limits limitsTo(const wasm_limits_t& l) {
  Limits r;
  r.min = l.min;
  if (l.max != wasm_limits_max_default) r.max = l.max;
  return r;
}

}  // namespace

wasm_functype_t* functypeFrom(const FuncType& t) {
  auto* ft = new wasm_functype_t;
  valtypeVecFrom(&ft->params, t.params);
  valtypeVecFrom(&ft->results, t.results);
  return ft;
}

FuncType functypeTo(const wasm_functype_t* t) {
  FuncType r;
  r.params = valtypeVecTo(&t->params);
  r.results = valtypeVecTo(&t->results);
  return r;
}

GlobalType globaltypeTo(const wasm_globaltype_t* t) {
  GlobalType r;
  r.type = t->content ? t->content->type : ValType::i32();
  r.mutability = t->mutability == WASM_VAR ? Mutability::Var : Mutability::Const;
  return r;
}

TableType tabletypeTo(const wasm_tabletype_t* t) {
  TableType r;
  r.element = t->element ? t->element->type : ValType::funcref();
  r.limits = limitsTo(t->limits);
  r.is64 = t->is64;
  return r;
}

MemoryType memorytypeTo(const wasm_memorytype_t* t) {
  MemoryType r = t->full;
  r.limits = limitsTo(t->limits);
  // Keep a larger maximum (memory64) that the 32-bit limits could not hold.
  if (t->limits.max == wasm_limits_max_default && t->full.limits.max && *t->full.limits.max > 0xffffffffu)
    r.limits.max = t->full.limits.max;
  return r;
}

wasm_externtype_t* externtypeFrom(const ExternType& t) {
  switch (t.kind) {
    case ExternKind::Func: return functypeFrom(t.func);
    case ExternKind::Global: {
      auto* g = new wasm_globaltype_t;
      g->content = newValtype(t.global.type);
      g->mutability = t.global.mutability == Mutability::Var ? WASM_VAR : WASM_CONST;
      return g;
    }
    case ExternKind::Table: {
      auto* tt = new wasm_tabletype_t;
      tt->element = newValtype(t.table.element);
      tt->limits = limitsFrom(t.table.limits);
      tt->is64 = t.table.is64;
      return tt;
    }
    case ExternKind::Memory: {
      auto* m = new wasm_memorytype_t;
      m->limits = limitsFrom(t.memory.limits);
      m->full = t.memory;
      return m;
    }
    case ExternKind::Tag: return nullptr;
  }
  return nullptr;
}

ExternType externtypeTo(const wasm_externtype_t* t) {
  ExternType r;
  switch (t->kind) {
    case WASM_EXTERN_FUNC:
      r.kind = ExternKind::Func;
      r.func = functypeTo(static_cast<const wasm_functype_t*>(t));
      break;
    case WASM_EXTERN_GLOBAL:
      r.kind = ExternKind::Global;
      r.global = globaltypeTo(static_cast<const wasm_globaltype_t*>(t));
      break;
    case WASM_EXTERN_TABLE:
      r.kind = ExternKind::Table;
      r.table = tabletypeTo(static_cast<const wasm_tabletype_t*>(t));
      break;
    default:
      r.kind = ExternKind::Memory;
      r.memory = memorytypeTo(static_cast<const wasm_memorytype_t*>(t));
      break;
  }
  return r;
}

}  // namespace petrel::capi

// ---- Clones and destructors -------------------------------------------------------

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}

wasm_externtype_t* wasm_functype_t::clone() const {
  auto* c = new wasm_functype_t;
  wasm_valtype_vec_copy(&c->params, &params);
  wasm_valtype_vec_copy(&c->results, &results);
  return c;
}

wasm_externtype_t* wasm_globaltype_t::clone() const {
  auto* c = new wasm_globaltype_t;
  c->content = content ? new wasm_valtype_t(*content) : nullptr;
  c->mutability = mutability;
  return c;
}

wasm_externtype_t* wasm_tabletype_t::clone() const {
  auto* c = new wasm_tabletype_t;
  c->element = element ? new wasm_valtype_t(*element) : nullptr;
  c->limits = limits;
  c->is64 = is64;
  return c;
}

wasm_externtype_t* wasm_memorytype_t::clone() const {
  auto* c = new wasm_memorytype_t;
  c->limits = limits;
  c->full = full;
  return c;
}

wasm_importtype_t::~wasm_importtype_t() {
  wasm_byte_vec_delete(&module);
  wasm_byte_vec_delete(&name);
  delete type;
}

wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_byte_vec_delete(&name);
  delete type;
}

extern "C" {

// ---- valtype ------------------------------------------------------------------------

wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind) { return new wasm_valtype_t{petrel::capi::valtypeOfKind(kind)}; }
void wasm_valtype_delete(wasm_valtype_t* t) { delete t; }
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* t) { return new wasm_valtype_t(*t); }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* t) { return petrel::capi::valkindOf(t->type); }

// ---- functype -----------------------------------------------------------------------

wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  auto* ft = new wasm_functype_t;
  // The vectors move in: the caller's vectors are left empty.
  ft->params = *params;
  ft->results = *results;
  *params = {0, nullptr};
  *results = {0, nullptr};
  return ft;
}
void wasm_functype_delete(wasm_functype_t* t) { delete t; }
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* t) { return static_cast<wasm_functype_t*>(t->clone()); }
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* t) { return &t->params; }
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* t) { return &t->results; }

// ---- globaltype ---------------------------------------------------------------------

wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t mutability) {
  auto* g = new wasm_globaltype_t;
  g->content = content;
  g->mutability = mutability;
  return g;
}
void wasm_globaltype_delete(wasm_globaltype_t* t) { delete t; }
wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* t) {
  return static_cast<wasm_globaltype_t*>(t->clone());
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* t) { return t->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* t) { return t->mutability; }

// ---- tabletype ----------------------------------------------------------------------

wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  auto* t = new wasm_tabletype_t;
  t->element = element;
  t->limits = *limits;
  return t;
}
void wasm_tabletype_delete(wasm_tabletype_t* t) { delete t; }
wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* t) { return static_cast<wasm_tabletype_t*>(t->clone()); }
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* t) { return t->element; }
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* t) { return &t->limits; }

// ---- memorytype ---------------------------------------------------------------------

wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  auto* m = new wasm_memorytype_t;
  m->limits = *limits;
  return m;
}
void wasm_memorytype_delete(wasm_memorytype_t* t) { delete t; }
wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* t) {
  return static_cast<wasm_memorytype_t*>(t->clone());
}
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* t) { return &t->limits; }

// ---- externtype ---------------------------------------------------------------------

void wasm_externtype_delete(wasm_externtype_t* t) { delete t; }
wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* t) { return t->clone(); }
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* t) { return t->kind; }

#define PETREL_CAPI_EXTERNTYPE_VIEWS(name, KIND)                                                 \
  wasm_externtype_t* wasm_##name##_as_externtype(wasm_##name##_t* t) { return t; }               \
  const wasm_externtype_t* wasm_##name##_as_externtype_const(const wasm_##name##_t* t) { return t; } \
  wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* t) {                             \
    return t && t->kind == KIND ? static_cast<wasm_##name##_t*>(t) : nullptr;                    \
  }                                                                                              \
  const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t* t) {         \
    return t && t->kind == KIND ? static_cast<const wasm_##name##_t*>(t) : nullptr;              \
  }
PETREL_CAPI_EXTERNTYPE_VIEWS(functype, WASM_EXTERN_FUNC)
PETREL_CAPI_EXTERNTYPE_VIEWS(globaltype, WASM_EXTERN_GLOBAL)
PETREL_CAPI_EXTERNTYPE_VIEWS(tabletype, WASM_EXTERN_TABLE)
PETREL_CAPI_EXTERNTYPE_VIEWS(memorytype, WASM_EXTERN_MEMORY)
#undef PETREL_CAPI_EXTERNTYPE_VIEWS

// ---- importtype / exporttype ---------------------------------------------------------

wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name, wasm_externtype_t* type) {
  auto* it = new wasm_importtype_t;
  it->module = *module;
  it->name = *name;
  it->type = type;
  *module = {0, nullptr};
  *name = {0, nullptr};
  return it;
}
void wasm_importtype_delete(wasm_importtype_t* t) { delete t; }
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* t) {
  auto* c = new wasm_importtype_t;
  wasm_byte_vec_copy(&c->module, &t->module);
  wasm_byte_vec_copy(&c->name, &t->name);
  c->type = t->type ? t->type->clone() : nullptr;
  return c;
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* t) { return &t->module; }
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* t) { return t->type; }

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  auto* et = new wasm_exporttype_t;
  et->name = *name;
  et->type = type;
  *name = {0, nullptr};
  return et;
}
void wasm_exporttype_delete(wasm_exporttype_t* t) { delete t; }
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* t) {
  auto* c = new wasm_exporttype_t;
  wasm_byte_vec_copy(&c->name, &t->name);
  c->type = t->type ? t->type->clone() : nullptr;
  return c;
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* t) { return t->type; }

}  // extern "C"
