// Value, heap and reference types (Wasm 3.0, spec 2.3). The representation
// already covers the whole 3.0 type system (abstract heap types, concrete
// type indices, nullability) even where later features (GC objects,
// exceptions) are not executed yet.
#pragma once

#include <cstdint>
#include <string>

#include "base/features.h"

namespace petrel::internal {

enum class ValKind : uint8_t { I32, I64, F32, F64, V128, Ref, Bot };

// Binary codes of the abstract heap types (spec 5.3.3).
enum class AbsHeap : uint8_t {
  NoExn = 0x74,
  NoFunc = 0x73,
  NoExtern = 0x72,
  None = 0x71,
  Func = 0x70,
  Extern = 0x6f,
  Any = 0x6e,
  Eq = 0x6d,
  I31 = 0x6c,
  Struct = 0x6b,
  Array = 0x6a,
  Exn = 0x69,
};

// A heap type is either abstract or a concrete type. A concrete type is named
// by a module-local type index while the module is built and validated, or by
// a canonical id (see type_registry.h) once compared across modules.
struct HeapType {
  uint32_t bits = 0;

  static constexpr uint32_t kAbstractTag = 0xffff0000u;
  static constexpr uint32_t kCanonicalTag = 0x40000000u;
  static constexpr uint32_t kMaxIndex = 0x3fffffffu;

  static constexpr HeapType abstract(AbsHeap h) { return HeapType{kAbstractTag | static_cast<uint8_t>(h)}; }
  static constexpr HeapType index(uint32_t i) { return HeapType{i}; }
  static constexpr HeapType canonical(uint32_t id) { return HeapType{kCanonicalTag | id}; }

  constexpr bool isAbstract() const { return (bits & kAbstractTag) == kAbstractTag; }
  constexpr bool isIndex() const { return bits <= kMaxIndex; }
  constexpr bool isCanonical() const { return !isAbstract() && (bits & kCanonicalTag); }
  constexpr bool isConcrete() const { return !isAbstract(); }
  constexpr AbsHeap abs() const { return static_cast<AbsHeap>(bits & 0xff); }
  constexpr uint32_t typeIndex() const { return bits; }
  constexpr uint32_t canonicalId() const { return bits & ~kCanonicalTag; }
  constexpr bool operator==(const HeapType&) const = default;
};

struct ValType {
  ValKind kind = ValKind::I32;
  bool nullable = false;
  HeapType heap;

  static constexpr ValType i32() { return {ValKind::I32, false, {}}; }
  static constexpr ValType i64() { return {ValKind::I64, false, {}}; }
  static constexpr ValType f32() { return {ValKind::F32, false, {}}; }
  static constexpr ValType f64() { return {ValKind::F64, false, {}}; }
  static constexpr ValType v128() { return {ValKind::V128, false, {}}; }
  static constexpr ValType bot() { return {ValKind::Bot, false, {}}; }
  static constexpr ValType ref(HeapType h, bool nullable) { return {ValKind::Ref, nullable, h}; }
  static constexpr ValType funcref() { return ref(HeapType::abstract(AbsHeap::Func), true); }
  static constexpr ValType externref() { return ref(HeapType::abstract(AbsHeap::Extern), true); }

  constexpr bool isRef() const { return kind == ValKind::Ref; }
  constexpr bool isNum() const { return kind == ValKind::I32 || kind == ValKind::I64 || kind == ValKind::F32 || kind == ValKind::F64; }
  constexpr bool operator==(const ValType& o) const {
    return kind == o.kind && (kind != ValKind::Ref || (nullable == o.nullable && heap == o.heap));
  }
  // Every value type is defaultable except non-nullable references (spec 3.2).
  constexpr bool isDefaultable() const { return kind != ValKind::Ref || nullable; }
};

// The binary single-byte value type codes (spec 5.3.4) and their shorthands.
namespace typecode {
constexpr uint8_t I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;
constexpr uint8_t RefNull = 0x63, Ref = 0x64;
constexpr uint8_t Func = 0x60, Struct = 0x5f, Array = 0x5e, Sub = 0x50, SubFinal = 0x4f, Rec = 0x4e;
constexpr uint8_t EmptyBlock = 0x40;

// Whether this build has the type of a one-byte numeric or vector type code
// (base/features.h: f32/f64 need floats, v128 SIMD).
constexpr bool builtIn(uint8_t code) {
  switch (code) {
    case I32: case I64: return true;
    case F32: case F64: return PETREL_FEATURE_FLOAT;
    case V128: return PETREL_FEATURE_SIMD;
    default: return false;
  }
}
}  // namespace typecode

// Is `code` one of the abstract heap type bytes?
bool isAbstractHeapCode(uint8_t code);

// Text names, for messages and the printer: "i32", "funcref", "(ref null 3)".
std::string toString(ValType t);
std::string toString(HeapType h);
const char* absHeapName(AbsHeap h);
// The shorthand of (ref null h): "funcref", "anyref".
std::string shorthandName(AbsHeap h);

}  // namespace petrel::internal
