// Decoding of value, heap, reference and block types (spec 5.3), shared by
// the module decoder and the instruction reader.
#pragma once

#include "base/byte_reader.h"
#include "ir/types.h"

namespace petrel::internal {

// Reads a heap type (s33: abstract code or type index).
bool readHeapType(ByteReader& r, HeapType& out);
// Reads a value type, including the reference shorthands and (ref null? ht).
bool readValType(ByteReader& r, ValType& out);
// Reads a reference type (fails with "malformed reference type" for numbers).
bool readRefType(ByteReader& r, ValType& out);

struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex } kind = Kind::Empty;
  ValType value;
  uint32_t type_index = 0;
};
bool readBlockType(ByteReader& r, BlockType& out);

}  // namespace petrel::internal
