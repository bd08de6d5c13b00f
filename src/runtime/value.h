// Runtime values. A Slot is one cell of the interpreter's value stack and of
// globals; a Value is a Slot with its type, as the embedding API sees it.
#pragma once

#include <cstdint>
#include <cstring>

#include "ir/types.h"

namespace petrel::internal {

// One 64-bit cell. References are pointers: a function reference is a
// FunctionInstance*, an extern reference is the host's opaque pointer, and
// null is nullptr.
union Slot {
  uint32_t i32;
  uint64_t i64;
  float f32;
  double f64;
  void* ref;
  uint64_t bits;
};
static_assert(sizeof(Slot) == 8, "the interpreter assumes 8-byte slots");

struct Value {
  ValType type = ValType::i32();
  Slot slot{.bits = 0};

  static Value i32(uint32_t v) { Value r; r.type = ValType::i32(); r.slot.bits = 0; r.slot.i32 = v; return r; }
  static Value i64(uint64_t v) { Value r; r.type = ValType::i64(); r.slot.i64 = v; return r; }
  static Value f32Bits(uint32_t bits) { Value r; r.type = ValType::f32(); r.slot.bits = 0; r.slot.i32 = bits; return r; }
  static Value f64Bits(uint64_t bits) { Value r; r.type = ValType::f64(); r.slot.i64 = bits; return r; }
  static Value f32(float v) { uint32_t b; std::memcpy(&b, &v, 4); return f32Bits(b); }
  static Value f64(double v) { uint64_t b; std::memcpy(&b, &v, 8); return f64Bits(b); }
  static Value ref(ValType t, void* p) { Value r; r.type = t; r.slot.bits = 0; r.slot.ref = p; return r; }

  uint32_t asI32() const { return slot.i32; }
  uint64_t asI64() const { return slot.i64; }
  void* asRef() const { return slot.ref; }
};

// The default value of a type (spec 4.2.1): zero or null.
inline Value defaultValue(ValType t) {
  Value v;
  v.type = t;
  v.slot.bits = 0;
  return v;
}

}  // namespace petrel::internal
