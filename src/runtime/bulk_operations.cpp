#include "runtime/bulk_operations.h"

#include <algorithm>
#include <cstring>

#include "runtime/instance.h"

namespace petrel::internal {

TrapKind memoryInit(Instance& inst, uint32_t data_index, MemoryInstance& mem, uint64_t dst, uint64_t src, uint64_t len) {
  const DataSegment& seg = inst.module().datas[data_index];
  uint64_t seg_size = inst.data_dropped[data_index] ? 0 : seg.size;
  if (!inBounds(src, len, seg_size) || !inBounds(dst, len, mem.size_bytes)) return TrapKind::MemoryOutOfBounds;
  if (len) std::memcpy(mem.data + dst, inst.module().dataBytes(seg) + src, len);
  return TrapKind::None;
}

TrapKind memoryCopy(MemoryInstance& dst_mem, MemoryInstance& src_mem, uint64_t dst, uint64_t src, uint64_t len) {
  if (!inBounds(src, len, src_mem.size_bytes) || !inBounds(dst, len, dst_mem.size_bytes))
    return TrapKind::MemoryOutOfBounds;
  if (len) std::memmove(dst_mem.data + dst, src_mem.data + src, len);
  return TrapKind::None;
}

TrapKind memoryFill(MemoryInstance& mem, uint64_t dst, uint8_t value, uint64_t len) {
  if (!inBounds(dst, len, mem.size_bytes)) return TrapKind::MemoryOutOfBounds;
  if (len) std::memset(mem.data + dst, value, len);
  return TrapKind::None;
}

TrapKind tableInit(Instance& inst, uint32_t elem_index, TableInstance& table, uint64_t dst, uint64_t src, uint64_t len) {
  const std::vector<void*>& seg = inst.elem_segments[elem_index];
  if (!inBounds(src, len, seg.size()) || !inBounds(dst, len, table.size())) return TrapKind::TableOutOfBounds;
  std::copy(seg.begin() + static_cast<ptrdiff_t>(src), seg.begin() + static_cast<ptrdiff_t>(src + len),
            table.elements.begin() + static_cast<ptrdiff_t>(dst));
  return TrapKind::None;
}

TrapKind tableCopy(TableInstance& dst_table, TableInstance& src_table, uint64_t dst, uint64_t src, uint64_t len) {
  if (!inBounds(src, len, src_table.size()) || !inBounds(dst, len, dst_table.size())) return TrapKind::TableOutOfBounds;
  if (len) std::memmove(dst_table.elements.data() + dst, src_table.elements.data() + src, len * sizeof(void*));
  return TrapKind::None;
}

TrapKind tableFill(TableInstance& table, uint64_t index, void* value, uint64_t len) {
  if (!inBounds(index, len, table.size())) return TrapKind::TableOutOfBounds;
  std::fill_n(table.elements.begin() + static_cast<ptrdiff_t>(index), len, value);
  return TrapKind::None;
}

}  // namespace petrel::internal
