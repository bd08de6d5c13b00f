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

// How many slots a value of type `t` takes in a frame, in a global and in
// the argument and result cells of calls: one, or two for a v128 (its low
// then its high 8 bytes, lanes little-endian).
constexpr uint32_t slotCount(ValType t) { return t.kind == ValKind::V128 ? 2 : 1; }

// The bits of a value without its type: a v128 fills both halves, any other
// value only `lo` (a global's storage, a constant expression's result).
struct WideSlot {
  Slot lo{.bits = 0};
  Slot hi{.bits = 0};
};

struct Value {
  ValType type = ValType::i32();
  Slot slot{.bits = 0};
  Slot hi{.bits = 0};  // a v128's high 8 bytes (slot holds the low ones)

  static Value i32(uint32_t v) { Value r; r.type = ValType::i32(); r.slot.bits = 0; r.slot.i32 = v; return r; }
  static Value i64(uint64_t v) { Value r; r.type = ValType::i64(); r.slot.i64 = v; return r; }
  static Value f32Bits(uint32_t bits) { Value r; r.type = ValType::f32(); r.slot.bits = 0; r.slot.i32 = bits; return r; }
  static Value f64Bits(uint64_t bits) { Value r; r.type = ValType::f64(); r.slot.i64 = bits; return r; }
  static Value f32(float v) { uint32_t b; std::memcpy(&b, &v, 4); return f32Bits(b); }
  static Value f64(double v) { uint64_t b; std::memcpy(&b, &v, 8); return f64Bits(b); }
  static Value ref(ValType t, void* p) { Value r; r.type = t; r.slot.bits = 0; r.slot.ref = p; return r; }
  static Value v128(const uint8_t bytes[16]) {
    Value r;
    r.type = ValType::v128();
    std::memcpy(&r.slot.bits, bytes, 8);
    std::memcpy(&r.hi.bits, bytes + 8, 8);
    return r;
  }
  void v128Bytes(uint8_t out[16]) const {
    std::memcpy(out, &slot.bits, 8);
    std::memcpy(out + 8, &hi.bits, 8);
  }

  uint32_t asI32() const { return slot.i32; }
  uint64_t asI64() const { return slot.i64; }
  void* asRef() const { return slot.ref; }
};

// The slots a list of values of these types takes (calls' argument and
// result cells, a function's parameters).
template <class Types>
uint32_t slotCount(const Types& types) {
  uint32_t n = 0;
  for (ValType t : types) n += slotCount(t);
  return n;
}

// Writes `v` into its cells at `at` (one slot, two for a v128).
inline void putValueCells(Slot* at, const Value& v) {
  at[0] = v.slot;
  if (v.type.kind == ValKind::V128) at[1] = v.hi;
}
// The value of type `t` held in the cells at `at`.
inline Value valueFromCells(ValType t, const Slot* at) {
  Value v;
  v.type = t;
  v.slot = at[0];
  if (t.kind == ValKind::V128) v.hi = at[1];
  return v;
}

// The default value of a type (spec 4.2.1): zero or null.
inline Value defaultValue(ValType t) {
  Value v;
  v.type = t;
  v.slot.bits = 0;
  return v;
}

}  // namespace petrel::internal
