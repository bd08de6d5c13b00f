#include "ir/types.h"

namespace petrel::internal {

bool isAbstractHeapCode(uint8_t code) { return code >= 0x69 && code <= 0x74; }

const char* absHeapName(AbsHeap h) {
  switch (h) {
    case AbsHeap::NoExn: return "noexn";
    case AbsHeap::NoFunc: return "nofunc";
    case AbsHeap::NoExtern: return "noextern";
    case AbsHeap::None: return "none";
    case AbsHeap::Func: return "func";
    case AbsHeap::Extern: return "extern";
    case AbsHeap::Any: return "any";
    case AbsHeap::Eq: return "eq";
    case AbsHeap::I31: return "i31";
    case AbsHeap::Struct: return "struct";
    case AbsHeap::Array: return "array";
    case AbsHeap::Exn: return "exn";
  }
  return "?";
}

std::string shorthandName(AbsHeap h) { return std::string(absHeapName(h)) + "ref"; }

std::string toString(HeapType h) {
  if (h.isAbstract()) return absHeapName(h.abs());
  if (h.isCanonical()) return "canon#" + std::to_string(h.canonicalId());
  return std::to_string(h.typeIndex());
}

std::string toString(ValType t) {
  switch (t.kind) {
    case ValKind::I32: return "i32";
    case ValKind::I64: return "i64";
    case ValKind::F32: return "f32";
    case ValKind::F64: return "f64";
    case ValKind::V128: return "v128";
    case ValKind::Bot: return "bot";
    case ValKind::Ref:
      if (t.nullable && t.heap.isAbstract()) return shorthandName(t.heap.abs());
      return std::string("(ref ") + (t.nullable ? "null " : "") + toString(t.heap) + ")";
  }
  return "?";
}

}  // namespace petrel::internal
