#include "binary/type_reader.h"

#include "ir/feature.h"

namespace petrel::internal {

// The feature a heap type needs (base/features.h): func and extern are
// reference types', exn and noexn exception handling's, the rest GC's.
static Feature heapFeature(AbsHeap h) {
  switch (h) {
    case AbsHeap::Func: case AbsHeap::Extern: return Feature::ReferenceTypes;
    case AbsHeap::Exn: case AbsHeap::NoExn: return Feature::Exceptions;
    default: return Feature::Gc;
  }
}

// Builds without some of the reference features refuse the heap types that
// need them, by name.
[[gnu::cold]] static bool refuseHeapType(ByteReader& r, uint64_t start, HeapType h) {
  Feature f = h.isAbstract() ? heapFeature(h.abs()) : Feature::Gc;
  return refuseFeature(r, start, f, "heap type " + toString(h));
}

bool readHeapType(ByteReader& r, HeapType& out) {
  uint64_t start = r.offset();
  uint8_t first = r.peekU8();
  if (!r.ok()) return false;
  if (isAbstractHeapCode(first)) {
    r.readU8();
    out = HeapType::abstract(static_cast<AbsHeap>(first));
    if constexpr (!PETREL_FEATURE_GC || !PETREL_FEATURE_EXCEPTIONS) {
      if (!builtIn(heapFeature(out.abs()))) return refuseHeapType(r, start, out);
    }
    return r.ok();
  }
  int64_t v = r.readVarS33();
  if (!r.ok()) return false;
  if (v < 0 || v > HeapType::kMaxIndex) return r.failAt(start, "malformed heap type");
  out = HeapType::index(static_cast<uint32_t>(v));
  if constexpr (!PETREL_FEATURE_GC) return refuseHeapType(r, start, out);
  return true;
}

static bool valTypeFromCode(ByteReader& r, uint8_t code, uint64_t start, ValType& out) {
  switch (code) {
    case typecode::I32: out = ValType::i32(); return true;
    case typecode::I64: out = ValType::i64(); return true;
#if PETREL_FEATURE_FLOAT
    case typecode::F32: out = ValType::f32(); return true;
    case typecode::F64: out = ValType::f64(); return true;
#else
    case typecode::F32:
    case typecode::F64:
      return r.failAt(start, "f32 and f64 need floats, which this build of Petrel leaves out (PETREL_FEATURE_FLOAT)");
#endif
    case typecode::V128:
#if PETREL_FEATURE_SIMD
      out = ValType::v128();
      return true;
#else
      return r.failAt(start, "v128 needs SIMD, which this build of Petrel leaves out (PETREL_FEATURE_SIMD)");
#endif
    case typecode::Ref:
    case typecode::RefNull: {
      if constexpr (!PETREL_FEATURE_GC)
        return refuseFeature(r, start, Feature::Gc,
                             code == typecode::Ref ? "reference type (ref ...)" : "reference type (ref null ...)");
      HeapType h;
      if (!readHeapType(r, h)) return false;
      out = ValType::ref(h, code == typecode::RefNull);
      return true;
    }
    default:
      if (isAbstractHeapCode(code)) {
        out = ValType::ref(HeapType::abstract(static_cast<AbsHeap>(code)), true);
        if constexpr (!PETREL_FEATURE_REFERENCE_TYPES || !PETREL_FEATURE_GC || !PETREL_FEATURE_EXCEPTIONS) {
          Feature f = heapFeature(out.heap.abs());
          if (!builtIn(f)) return refuseFeature(r, start, f, "reference type " + shorthandName(out.heap.abs()));
        }
        return true;
      }
      // The reference decoder tries number, vector and then reference types,
      // so an unknown code is reported as a malformed reference type.
      return r.failAt(start, "malformed reference type");
  }
}

bool readValType(ByteReader& r, ValType& out) {
  uint64_t start = r.offset();
  uint8_t code = r.readU8();
  if (!r.ok()) return false;
  return valTypeFromCode(r, code, start, out);
}

bool readRefType(ByteReader& r, ValType& out) {
  uint64_t start = r.offset();
  uint8_t code = r.readU8();
  if (!r.ok()) return false;
  if (code != typecode::Ref && code != typecode::RefNull && !isAbstractHeapCode(code))
    return r.failAt(start, "malformed reference type");
  if constexpr (!PETREL_FEATURE_REFERENCE_TYPES) {
    // The MVP's one reference type, of its tables.
    if (code == static_cast<uint8_t>(AbsHeap::Func)) {
      out = ValType::funcref();
      return true;
    }
  }
  return valTypeFromCode(r, code, start, out);
}

bool readBlockType(ByteReader& r, BlockType& out) {
  uint64_t start = r.offset();
  uint8_t first = r.peekU8();
  if (!r.ok()) return false;
  if (first == typecode::EmptyBlock) {
    r.readU8();
    out.kind = BlockType::Kind::Empty;
    return true;
  }
  // Value types are single negative bytes (or 0x63/0x64 + heap type); a type
  // index is a non-negative s33.
  if (!(first & 0x80) && (first & 0x40)) {
    out.kind = BlockType::Kind::Value;
    return readValType(r, out.value);
  }
  int64_t v = r.readVarS33();
  if (!r.ok()) return false;
  if (v < 0 || v > HeapType::kMaxIndex) return r.failAt(start, "malformed block type");
  out.kind = BlockType::Kind::TypeIndex;
  out.type_index = static_cast<uint32_t>(v);
  return true;
}

}  // namespace petrel::internal
