// The one place the core allocates large blocks (linear memories, execution
// stacks go through new[] for now). An embedder on a small device can install
// its own allocator; the default uses the C heap.
#pragma once

#include <cstddef>

namespace petrel::internal::platform {

struct Allocator {
  // Returns zero-filled memory of `size` bytes, or null.
  void* (*allocate_zeroed)(size_t size);
  // Resizes a block from `old_size` to `new_size`, zero-filling the new tail; null on failure
  // (the old block stays valid then).
  void* (*reallocate_zeroed)(void* ptr, size_t old_size, size_t new_size);
  void (*release)(void* ptr, size_t size);
};

const Allocator& allocator();
void setAllocator(const Allocator& custom);
// Whether the default (C heap) allocator is installed: only then may linear memories use
// reserved address space (platform/virtual_memory.h) instead; an embedder's
// own allocator always gets every memory.
bool usingDefaultAllocator();

}  // namespace petrel::internal::platform
