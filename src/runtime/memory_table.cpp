// Growing memories and tables (spec 4.5.3.9, 4.5.3.8).
#include <limits>
#include <new>

#include "platform/allocator.h"
#include "runtime/objects.h"

namespace petrel::internal {

MemoryInstance* noMemory() {
  static MemoryInstance empty;
  return &empty;
}

MemoryInstance::~MemoryInstance() {
  if (data) platform::allocator().release(data, size_bytes);
}

int64_t MemoryInstance::grow(uint64_t delta) {
  uint64_t old_pages = pages();
  if (delta == 0) return static_cast<int64_t>(old_pages);
  if (delta > max_pages || old_pages > max_pages - delta) return -1;
  uint64_t new_bytes = (old_pages + delta) << type.page_size_log2;
  if (new_bytes > std::numeric_limits<size_t>::max()) return -1;
  uint64_t more = new_bytes - size_bytes;
  for (ResourceBudget* b : budgets)
    if (b && !b->fits(more)) return -1;
  void* p = platform::allocator().reallocate_zeroed(data, size_bytes, static_cast<size_t>(new_bytes));
  if (!p) return -1;  // the host is out of memory: the guest sees an ordinary failed grow
  data = static_cast<uint8_t*>(p);
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
    // Built without exceptions, a failed vector allocation would abort: ask
    // the allocator first, without throwing, and fail the grow instead.
    void* probe = ::operator new(static_cast<size_t>(new_size) * sizeof(void*), std::nothrow);
    if (!probe) return -1;
    ::operator delete(probe);
    elements.reserve(static_cast<size_t>(new_size));
  }
  elements.resize(static_cast<size_t>(new_size), init);
  for (ResourceBudget* b : budgets)
    if (b) b->used += delta;
  return static_cast<int64_t>(old);
}

}  // namespace petrel::internal
