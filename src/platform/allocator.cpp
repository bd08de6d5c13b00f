#include "platform/allocator.h"

#include <cstdlib>
#include <cstring>

namespace petrel::internal::platform {

namespace {
void* heapAllocateZeroed(size_t size) { return std::calloc(size ? size : 1, 1); }
void* heapReallocateZeroed(void* ptr, size_t old_size, size_t new_size) {
  void* p = std::realloc(ptr, new_size ? new_size : 1);
  if (p && new_size > old_size) std::memset(static_cast<char*>(p) + old_size, 0, new_size - old_size);
  return p;
}
void heapRelease(void* ptr, size_t) { std::free(ptr); }

Allocator g_allocator{heapAllocateZeroed, heapReallocateZeroed, heapRelease};
}  // namespace

const Allocator& allocator() { return g_allocator; }
void setAllocator(const Allocator& custom) { g_allocator = custom; }
bool usingDefaultAllocator() {
  return g_allocator.allocate_zeroed == heapAllocateZeroed && g_allocator.reallocate_zeroed == heapReallocateZeroed &&
         g_allocator.release == heapRelease;
}

}  // namespace petrel::internal::platform
