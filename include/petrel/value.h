// Runtime values as the embedding API sees them: a number, a v128, or a
// reference (a function, a host pointer passed as externref, or null).
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>

#include <petrel/types.h>

namespace petrel {

class Func;
namespace internal {
struct FunctionInstance;
}
namespace detail {
struct StoreState;
}

// One 8-byte cell, laid out exactly as the interpreter's value slots, so
// typed calls and host functions move values without conversion.
union RawValue {
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
  void* ref;
  uint64_t bits;
};
static_assert(sizeof(RawValue) == 8);

// A host pointer passed to wasm as an `externref`. Petrel never dereferences
// it; null is the null reference.
struct ExternRef {
  void* ptr = nullptr;
  bool operator==(const ExternRef&) const = default;
};

class Value {
 public:
  Value() : Value(ValType::i32()) {}
  static Value i32(int32_t v) { Value r(ValType::i32()); r.raw_.i32 = v; return r; }
  static Value i64(int64_t v) { Value r(ValType::i64()); r.raw_.i64 = v; return r; }
  static Value f32(float v) { Value r(ValType::f32()); r.raw_.f32 = v; return r; }
  static Value f64(double v) { Value r(ValType::f64()); r.raw_.f64 = v; return r; }
  static Value f32Bits(uint32_t bits) { Value r(ValType::f32()); std::memcpy(&r.raw_.f32, &bits, 4); return r; }
  static Value f64Bits(uint64_t bits) { Value r(ValType::f64()); std::memcpy(&r.raw_.f64, &bits, 8); return r; }
  static Value v128(const uint8_t bytes[16]) { Value r(ValType::v128()); std::memcpy(r.v128_, bytes, 16); return r; }
  static Value externref(ExternRef ref) { Value r(ValType::externref()); r.raw_.ref = ref.ptr; return r; }
  static Value funcref(const Func& func);
  // The null reference of a reference type (or the zero value of a number type).
  static Value null(ValType type = ValType::funcref()) { return Value(type); }
  // The default value of a type (spec 4.2.1): zero or null.
  static Value zero(ValType type) { return Value(type); }

  const ValType& type() const { return type_; }
  int32_t i32() const { return raw_.i32; }
  int64_t i64() const { return raw_.i64; }
  float f32() const { return raw_.f32; }
  double f64() const { return raw_.f64; }
  uint32_t f32Bits() const { uint32_t b; std::memcpy(&b, &raw_.f32, 4); return b; }
  uint64_t f64Bits() const { uint64_t b; std::memcpy(&b, &raw_.f64, 8); return b; }
  const uint8_t* v128() const { return v128_; }
  bool isNull() const { return type_.isRef() && raw_.ref == nullptr; }
  ExternRef externref() const { return ExternRef{raw_.ref}; }
  // A function reference's function (none for null or other references).
  std::optional<Func> func() const;

  // The raw cell (numbers and references; v128 is separate).
  RawValue raw() const { return raw_; }
  // For the library and the C API: a value from a raw cell of a known type.
  static Value fromRaw(ValType type, RawValue raw, detail::StoreState* store) {
    Value r(type);
    r.raw_ = raw;
    r.store_ = store;
    return r;
  }
  detail::StoreState* storeState() const { return store_; }

 private:
  explicit Value(ValType t) : type_(t) { raw_.bits = 0; }
  ValType type_;
  RawValue raw_;
  uint8_t v128_[16] = {};
  detail::StoreState* store_ = nullptr;  // function references: the owning store
};

}  // namespace petrel
