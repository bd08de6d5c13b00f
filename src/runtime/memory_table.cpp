// Growing memories and tables (spec 4.5.3.9, 4.5.3.8).
#include <algorithm>
#include <limits>
#include <new>

#include "platform/allocator.h"
#include "platform/virtual_memory.h"
#include "runtime/memory_pool.h"
#include "runtime/objects.h"

namespace petrel::internal {

MemoryInstance* noMemory() {
  static MemoryInstance empty;
  return &empty;
}

MemoryInstance::~MemoryInstance() {
  if (PETREL_HAS_VIRTUAL_MEMORY && pool) {
    pool->release(pool_slot, size_bytes, committed_bytes);
  } else if (PETREL_HAS_VIRTUAL_MEMORY && reserved_bytes) {
    platform::releaseAddressSpace(data, static_cast<size_t>(reserved_bytes));
  } else if (data) {
    platform::allocator().release(data, size_bytes);
  }
}

namespace {

// How far ahead of the size a reserved memory commits: at least double what
// it has, so a guest growing one page at a time costs a logarithmic number
// of mprotect calls (the 4 GiB grow bomb: 16 instead of 65 536). Committed
// bytes past the size cost nothing (never touched) and stay unreachable:
// every access is bounds-checked against size_bytes.
uint64_t commitTarget(uint64_t committed, uint64_t needed, uint64_t reserved) {
  uint64_t ahead = committed * 2;
  if (ahead < (uint64_t{1} << 20)) ahead = uint64_t{1} << 20;
  uint64_t target = needed > ahead ? needed : ahead;
  target = platform::roundUpToHostPage(static_cast<size_t>(target));
  return target < reserved ? target : reserved;
}

}  // namespace

bool MemoryInstance::allocate(uint64_t bytes, uint64_t reserve_bytes) {
  if (PETREL_HAS_VIRTUAL_MEMORY && reserve_bytes >= bytes && reserve_bytes <= std::numeric_limits<size_t>::max() &&
      platform::usingDefaultAllocator()) {
    size_t reserve = platform::roundUpToHostPage(static_cast<size_t>(reserve_bytes));
    if (void* base = platform::reserveAddressSpace(reserve)) {
      uint64_t commit = platform::roundUpToHostPage(static_cast<size_t>(bytes));
      if (platform::commitPages(base, static_cast<size_t>(commit))) {
        data = static_cast<uint8_t*>(base);
        reserved_bytes = reserve;
        committed_bytes = commit;
        size_bytes = bytes;
        return true;
      }
      platform::releaseAddressSpace(base, reserve);
    }
    // No address space left (or no commit): the heap may still have room.
  }
  data = static_cast<uint8_t*>(platform::allocator().allocate_zeroed(static_cast<size_t>(bytes)));
  if (!data) return false;
  size_bytes = bytes;
  return true;
}

int64_t MemoryInstance::grow(uint64_t delta) {
  uint64_t old_pages = pages();
  if (delta == 0) return static_cast<int64_t>(old_pages);
  if (delta > max_pages || old_pages > max_pages - delta) return -1;
  uint64_t new_bytes = (old_pages + delta) << type.page_size_log2;
  if (new_bytes > std::numeric_limits<size_t>::max()) return -1;
  uint64_t more = new_bytes - size_bytes;
  for (ResourceBudget* b : budgets)
    if (b && !b->fits(more)) {
      // Counted on the store's budget too, so an embedder can tell a guest
      // that hit its cap (Store::memoryGrowsRefused) from one that failed.
      ++b->refusals;
      if (budgets[1] && budgets[1] != b) ++budgets[1]->refusals;
      return -1;
    }
  if (PETREL_HAS_VIRTUAL_MEMORY && reserved_bytes) {
    if (new_bytes > committed_bytes) {
      if (new_bytes > reserved_bytes) {
        // Past the reservation (a memory64, or a maximum above the
        // configured bound): move the committed pages into a larger one.
        // The kernel moves page tables, nothing is copied; `data` moves,
        // as a heap block's would. Pooled slots never move.
        if (pool) return -1;
        uint64_t max_bytes = max_pages << type.page_size_log2;
        uint64_t want = reserved_bytes * 2 > new_bytes ? reserved_bytes * 2 : new_bytes;
        if (want > max_bytes) want = max_bytes;
        if (want > std::numeric_limits<size_t>::max() / 2) return -1;
        size_t reserve = platform::roundUpToHostPage(static_cast<size_t>(want));
        void* base = platform::reserveAddressSpace(reserve);
        if (!base) return -1;
        if (!platform::movePages(data, static_cast<size_t>(committed_bytes), base)) {
          platform::releaseAddressSpace(base, reserve);
          return -1;
        }
        // The moved range is unmapped already; give back the rest.
        platform::releaseAddressSpace(data + committed_bytes, static_cast<size_t>(reserved_bytes - committed_bytes));
        data = static_cast<uint8_t*>(base);
        reserved_bytes = reserve;
      }
      uint64_t target = commitTarget(committed_bytes, new_bytes, reserved_bytes);
      // A failed mprotect (the kernel out of memory maps) is a failed grow.
      if (!platform::commitPages(data + committed_bytes, static_cast<size_t>(target - committed_bytes))) return -1;
      committed_bytes = target;
    }
    // Pages past the old size were never reachable, so they are still the
    // kernel's zero pages: nothing to clear.
  } else {
    void* p = platform::allocator().reallocate_zeroed(data, size_bytes, static_cast<size_t>(new_bytes));
    if (!p) return -1;  // the host is out of memory: the guest sees an ordinary failed grow
    data = static_cast<uint8_t*>(p);
  }
  size_bytes = new_bytes;
  for (ResourceBudget* b : budgets)
    if (b) b->used += more;
  return static_cast<int64_t>(old_pages);
}

int64_t TableInstance::grow(uint64_t delta, void* init) {
  uint64_t old = size();
  if (delta > max || old > max - delta) return -1;
  if (delta == 0) return static_cast<int64_t>(old);
  for (ResourceBudget* b : budgets)
    if (b && !b->fits(delta)) return -1;
  uint64_t new_size = old + delta;
  if (new_size > elements.max_size()) return -1;
  if (new_size > elements.capacity()) {
    // Capacity doubles (up to the maximum), so a guest growing its table
    // one element at a time copies each element O(1) times on average
    // rather than O(n) (100 000 such grows took 17 s). Built without
    // exceptions, a failed vector allocation would abort: ask the allocator
    // first, without throwing, and fail the grow instead.
    uint64_t capacity = std::max(new_size, std::min(old * 2, max));
    if (capacity > elements.max_size()) capacity = new_size;
    void* probe = ::operator new(static_cast<size_t>(capacity) * sizeof(void*), std::nothrow);
    if (!probe) return -1;
    ::operator delete(probe);
    elements.reserve(static_cast<size_t>(capacity));
  }
  elements.resize(static_cast<size_t>(new_size), init);
  for (ResourceBudget* b : budgets)
    if (b) b->used += delta;
  return static_cast<int64_t>(old);
}

}  // namespace petrel::internal
