// Vectors (wasm.h WASM_DECLARE_VEC) and values: a vector owns its elements,
// so deleting or copying one deletes or copies what it holds.
#include <cstring>

#include "capi/capi_internal.h"

namespace {

template <class Vec, class T>
void vecAlloc(Vec* out, size_t size) {
  out->size = size;
  out->data = size ? new T[size]() : nullptr;
}

}  // namespace

extern "C" {

// ---- Plain-element vectors: bytes and values --------------------------------

void wasm_byte_vec_new_empty(wasm_byte_vec_t* out) { vecAlloc<wasm_byte_vec_t, wasm_byte_t>(out, 0); }
void wasm_byte_vec_new_uninitialized(wasm_byte_vec_t* out, size_t size) {
  vecAlloc<wasm_byte_vec_t, wasm_byte_t>(out, size);
}
void wasm_byte_vec_new(wasm_byte_vec_t* out, size_t size, const wasm_byte_t data[]) {
  vecAlloc<wasm_byte_vec_t, wasm_byte_t>(out, size);
  if (size) std::memcpy(out->data, data, size);
}
void wasm_byte_vec_copy(wasm_byte_vec_t* out, const wasm_byte_vec_t* src) {
  wasm_byte_vec_new(out, src->size, src->data);
}
void wasm_byte_vec_delete(wasm_byte_vec_t* v) {
  if (!v) return;
  delete[] v->data;
  v->data = nullptr;
  v->size = 0;
}

void wasm_val_delete(wasm_val_t* v) {
  if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) {
    wasm_ref_delete(v->of.ref);
    v->of.ref = nullptr;
  }
}

void wasm_val_copy(wasm_val_t* out, const wasm_val_t* src) {
  *out = *src;
  if (wasm_valkind_is_ref(src->kind) && src->of.ref) out->of.ref = wasm_ref_copy(src->of.ref);
}

void wasm_val_vec_new_empty(wasm_val_vec_t* out) { vecAlloc<wasm_val_vec_t, wasm_val_t>(out, 0); }
void wasm_val_vec_new_uninitialized(wasm_val_vec_t* out, size_t size) {
  // Zeroed: kind i32, so deleting a vector that was never filled is safe.
  vecAlloc<wasm_val_vec_t, wasm_val_t>(out, size);
}
// Takes the values (and the references they own) as they are, as for every
// other element type.
void wasm_val_vec_new(wasm_val_vec_t* out, size_t size, const wasm_val_t data[]) {
  vecAlloc<wasm_val_vec_t, wasm_val_t>(out, size);
  for (size_t i = 0; i < size; ++i) out->data[i] = data[i];
}
void wasm_val_vec_copy(wasm_val_vec_t* out, const wasm_val_vec_t* src) {
  vecAlloc<wasm_val_vec_t, wasm_val_t>(out, src->size);
  for (size_t i = 0; i < src->size; ++i) wasm_val_copy(&out->data[i], &src->data[i]);
}
void wasm_val_vec_delete(wasm_val_vec_t* v) {
  if (!v) return;
  for (size_t i = 0; i < v->size; ++i) wasm_val_delete(&v->data[i]);
  delete[] v->data;
  v->data = nullptr;
  v->size = 0;
}

// ---- Pointer vectors ------------------------------------------------------------

#define PETREL_CAPI_PTR_VEC(name)                                                                       \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                                          \
    vecAlloc<wasm_##name##_vec_t, wasm_##name##_t*>(out, 0);                                            \
  }                                                                                                     \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t size) {                     \
    vecAlloc<wasm_##name##_vec_t, wasm_##name##_t*>(out, size);                                         \
  }                                                                                                     \
  void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t size, wasm_##name##_t* const data[]) {    \
    vecAlloc<wasm_##name##_vec_t, wasm_##name##_t*>(out, size);                                         \
    for (size_t i = 0; i < size; ++i) out->data[i] = data[i];                                           \
  }                                                                                                     \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t* out, const wasm_##name##_vec_t* src) {               \
    vecAlloc<wasm_##name##_vec_t, wasm_##name##_t*>(out, src->size);                                    \
    for (size_t i = 0; i < src->size; ++i)                                                              \
      out->data[i] = src->data[i] ? wasm_##name##_copy(src->data[i]) : nullptr;                         \
  }                                                                                                     \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t* v) {                                               \
    if (!v) return;                                                                                     \
    for (size_t i = 0; i < v->size; ++i)                                                                \
      if (v->data[i]) wasm_##name##_delete(v->data[i]);                                                 \
    delete[] v->data;                                                                                   \
    v->data = nullptr;                                                                                  \
    v->size = 0;                                                                                        \
  }

PETREL_CAPI_PTR_VEC(valtype)
PETREL_CAPI_PTR_VEC(functype)
PETREL_CAPI_PTR_VEC(globaltype)
PETREL_CAPI_PTR_VEC(tabletype)
PETREL_CAPI_PTR_VEC(memorytype)
PETREL_CAPI_PTR_VEC(externtype)
PETREL_CAPI_PTR_VEC(importtype)
PETREL_CAPI_PTR_VEC(exporttype)
PETREL_CAPI_PTR_VEC(frame)
PETREL_CAPI_PTR_VEC(extern)

#undef PETREL_CAPI_PTR_VEC

}  // extern "C"

namespace petrel::capi {

void nameFrom(wasm_name_t* out, std::string_view s) { wasm_byte_vec_new(out, s.size(), s.data()); }

std::string_view nameView(const wasm_name_t* name) {
  if (!name || !name->data) return {};
  return std::string_view(name->data, name->size);
}

void messageFrom(wasm_message_t* out, std::string_view s) {
  wasm_byte_vec_new_uninitialized(out, s.size() + 1);
  if (!s.empty()) std::memcpy(out->data, s.data(), s.size());
  out->data[s.size()] = '\0';
}

}  // namespace petrel::capi
