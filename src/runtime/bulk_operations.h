// Bounds-checked bulk operations on memories and tables (spec 4.4.7, 4.4.6),
// shared by the interpreter and instantiation (active segments).
#pragma once

#include <cstdint>

#include "exec/trap.h"
#include "runtime/objects.h"

namespace petrel::internal {

TrapKind memoryInit(Instance& inst, uint32_t data_index, MemoryInstance& mem, uint64_t dst, uint64_t src, uint64_t len);
TrapKind memoryCopy(MemoryInstance& dst_mem, MemoryInstance& src_mem, uint64_t dst, uint64_t src, uint64_t len);
TrapKind memoryFill(MemoryInstance& mem, uint64_t dst, uint8_t value, uint64_t len);
TrapKind tableInit(Instance& inst, uint32_t elem_index, TableInstance& table, uint64_t dst, uint64_t src, uint64_t len);
TrapKind tableCopy(TableInstance& dst_table, TableInstance& src_table, uint64_t dst, uint64_t src, uint64_t len);
TrapKind tableFill(TableInstance& table, uint64_t index, void* value, uint64_t len);

// Is [offset, offset + len) inside [0, size)? Written to avoid overflow.
inline bool inBounds(uint64_t offset, uint64_t len, uint64_t size) { return offset <= size && len <= size - offset; }

}  // namespace petrel::internal
