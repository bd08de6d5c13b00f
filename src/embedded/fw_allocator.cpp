// The one place the embedded build allocates: the core's large blocks
// (platform/allocator.h) and, in firmware, C++'s operator new/delete
// (fw_cxx_runtime.cpp) land here, on the firmware's allocator, a static
// arena, or the C heap, counted for petrel_fw_memory_usage.
#include <cstddef>
#include <cstdlib>
#include <cstring>

#include "embedded/fw_internal.h"
#include "petrel_fw.h"
#include "platform/allocator.h"

namespace petrel::internal::fw {
namespace {

// Every block starts with a header holding its size (for the statistics and
// for realloc), padded so the payload stays 8-byte aligned.
struct alignas(8) BlockHeader {
  size_t size;
  size_t linear;  // 1: a linear memory (platform allocator)
};

// A first-fit heap in one static block: free blocks in an address-ordered
// list, merged with their neighbours when freed. Enough for a runtime that
// allocates a few dozen blocks per instance.
struct Arena {
  struct Free {
    size_t size;  // of the whole free block, header included
    Free* next;
  };
  Free* head = nullptr;

  void init(void* base, size_t size) {
    uintptr_t b = (reinterpret_cast<uintptr_t>(base) + 7) & ~uintptr_t{7};
    size -= b - reinterpret_cast<uintptr_t>(base);
    head = reinterpret_cast<Free*>(b);
    head->size = size & ~size_t{7};
    head->next = nullptr;
  }
  void* allocate(size_t size) {
    size_t need = (size + 2 * sizeof(size_t) + 7) & ~size_t{7};  // two header words: size, pad
    if (need < sizeof(Free)) need = sizeof(Free);
    for (Free** link = &head; *link; link = &(*link)->next) {
      Free* f = *link;
      if (f->size < need) continue;
      if (f->size - need >= sizeof(Free) + 8) {  // split: the tail stays free
        Free* rest = reinterpret_cast<Free*>(reinterpret_cast<char*>(f) + need);
        rest->size = f->size - need;
        rest->next = f->next;
        *link = rest;
      } else {
        need = f->size;
        *link = f->next;
      }
      size_t* block = reinterpret_cast<size_t*>(f);
      block[0] = need;
      return block + 2;  // keeps 8-byte alignment: the size word and a pad word
    }
    return nullptr;
  }
  void release(void* p) {
    size_t* block = static_cast<size_t*>(p) - 2;
    Free* f = reinterpret_cast<Free*>(block);
    f->size = block[0];
    Free** link = &head;
    while (*link && *link < f) link = &(*link)->next;
    f->next = *link;
    *link = f;
    if (f->next && reinterpret_cast<char*>(f) + f->size == reinterpret_cast<char*>(f->next)) {
      f->size += f->next->size;
      f->next = f->next->next;
    }
    if (link != &head) {
      Free* prev = reinterpret_cast<Free*>(reinterpret_cast<char*>(link) - offsetof(Free, next));
      if (reinterpret_cast<char*>(prev) + prev->size == reinterpret_cast<char*>(f)) {
        prev->size += f->size;
        prev->next = f->next;
      }
    }
  }
};

petrel_fw_allocator g_custom{};
bool g_use_custom = false;
Arena g_arena;
bool g_use_arena = false;
petrel_fw_memory_stats g_stats{};

void* rawAllocate(size_t size) {
  if (g_use_arena) return g_arena.allocate(size);
  if (g_use_custom) return g_custom.allocate(size, g_custom.user);
  return std::malloc(size);
}
void rawRelease(void* p) {
  if (g_use_arena) g_arena.release(p);
  else if (g_use_custom) g_custom.release(p, g_custom.user);
  else std::free(p);
}

void* allocate(size_t size, bool linear) {
  void* raw = rawAllocate(size + sizeof(BlockHeader));
  if (!raw) return nullptr;
  BlockHeader* h = static_cast<BlockHeader*>(raw);
  h->size = size;
  h->linear = linear;
  g_stats.heap_now += size;
  if (g_stats.heap_now > g_stats.heap_peak) g_stats.heap_peak = g_stats.heap_now;
  if (linear) {
    g_stats.linear_memory_now += size;
    if (g_stats.linear_memory_now > g_stats.linear_memory_peak) g_stats.linear_memory_peak = g_stats.linear_memory_now;
  }
  return h + 1;
}
void release(void* p) {
  if (!p) return;
  BlockHeader* h = static_cast<BlockHeader*>(p) - 1;
  g_stats.heap_now -= h->size;
  if (h->linear) g_stats.linear_memory_now -= h->size;
  rawRelease(h);
}

void* linearAllocateZeroed(size_t size) {
  void* p = allocate(size ? size : 1, true);
  if (p) std::memset(p, 0, size);
  return p;
}
void* linearReallocateZeroed(void* old, size_t old_size, size_t new_size) {
  void* p = linearAllocateZeroed(new_size);
  if (!p) return nullptr;
  if (old) {
    std::memcpy(p, old, old_size < new_size ? old_size : new_size);
    release(old);
  }
  return p;
}
void linearRelease(void* p, size_t) { release(p); }

}  // namespace

void installAllocator() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  platform::setAllocator({linearAllocateZeroed, linearReallocateZeroed, linearRelease});
}

void* allocateBytes(size_t size) { return allocate(size ? size : 1, false); }
void releaseBytes(void* p) { release(p); }

}  // namespace petrel::internal::fw

extern "C" void petrel_fw_set_allocator(const petrel_fw_allocator* allocator) {
  petrel::internal::fw::g_custom = *allocator;
  petrel::internal::fw::g_use_custom = true;
  petrel::internal::fw::installAllocator();
}
extern "C" void petrel_fw_use_arena(void* base, size_t size) {
  petrel::internal::fw::g_arena.init(base, size);
  petrel::internal::fw::g_use_arena = true;
  petrel::internal::fw::installAllocator();
}
extern "C" void petrel_fw_memory_usage(petrel_fw_memory_stats* out) { *out = petrel::internal::fw::g_stats; }
extern "C" void petrel_fw_memory_reset_peak(void) {
  petrel::internal::fw::g_stats.heap_peak = petrel::internal::fw::g_stats.heap_now;
  petrel::internal::fw::g_stats.linear_memory_peak = petrel::internal::fw::g_stats.linear_memory_now;
}
