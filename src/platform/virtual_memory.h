// Address-space reservation for linear memories (and the copy-on-write
// images that pooled memories start from). A memory reserves its largest
// size once and commits pages as it grows, so growing neither moves nor
// copies nor zeroes: the kernel hands out zeroed pages on first touch, and
// resident memory follows only the pages a guest writes. Bounds checks stay
// explicit, so nothing here needs signal handlers.
//
// Where there is no virtual memory (microcontrollers: PETREL_NO_THREADS, or
// any build with PETREL_NO_VIRTUAL_MEMORY, or a host other than 64-bit
// Linux) every function below is an inline stub that reports "unavailable",
// and memories keep using platform/allocator.h.
#pragma once

#include <cstddef>
#include <cstdint>

#if !defined(PETREL_NO_VIRTUAL_MEMORY) && !defined(PETREL_NO_THREADS) && defined(__linux__) && UINTPTR_MAX > 0xffffffffu
#define PETREL_HAS_VIRTUAL_MEMORY 1
#else
#define PETREL_HAS_VIRTUAL_MEMORY 0
#endif

namespace petrel::internal::platform {

#if PETREL_HAS_VIRTUAL_MEMORY

// The host page size (a power of two; 4 KiB on the VMs we measure on).
size_t hostPageSize();
inline size_t roundUpToHostPage(size_t bytes) { return (bytes + hostPageSize() - 1) & ~(hostPageSize() - 1); }

// Reserves `bytes` (a multiple of the host page) of inaccessible address
// space that costs no memory; null when the address space is exhausted.
void* reserveAddressSpace(size_t bytes);
// Makes [addr, addr+bytes) readable and writable. Pages never touched read
// as zero and cost nothing until written. False on failure (the range stays
// as it was).
bool commitPages(void* addr, size_t bytes);
// Drops the contents of [addr, addr+bytes): anonymous pages read as zero
// again, pages of a mapped image read as the image again. Access stays.
bool discardPages(void* addr, size_t bytes);
// Which host pages of [addr, addr+bytes) are resident (one byte per page,
// bit 0 set when resident) into `out`. For anonymous memory that means
// touched since the last discard; pages of a mapped image count as
// resident whenever the image's page is in memory. False on failure.
bool residentPages(void* addr, size_t bytes, uint8_t* out);
// Gives a reservation back.
void releaseAddressSpace(void* addr, size_t bytes);
// Moves the pages of [from, from+bytes) (one committed range) to `to`, inside
// another reservation, without copying them; `from` becomes unmapped.
bool movePages(void* from, size_t bytes, void* to);

// An immutable image in a memory file (memfd) that can be mapped
// copy-on-write: every mapping reads the image, writes stay private.
// Returns a descriptor, or -1 when the host cannot make one.
int createMemoryImage(const uint8_t* data, size_t bytes);
void closeMemoryImage(int image);
// Maps `bytes` of `image` (from its start) over [addr, addr+bytes), which
// must lie in a reservation, readable, writable and private.
bool mapMemoryImage(void* addr, size_t bytes, int image);
// Replaces whatever is mapped at [addr, addr+bytes) by fresh zero pages,
// readable and writable (undoes mapMemoryImage).
bool mapZeroPages(void* addr, size_t bytes);

#else

inline size_t hostPageSize() { return 1; }
inline size_t roundUpToHostPage(size_t bytes) { return bytes; }
inline void* reserveAddressSpace(size_t) { return nullptr; }
inline bool commitPages(void*, size_t) { return false; }
inline bool discardPages(void*, size_t) { return false; }
inline void releaseAddressSpace(void*, size_t) {}
inline bool residentPages(void*, size_t, uint8_t*) { return false; }
inline bool movePages(void*, size_t, void*) { return false; }
inline int createMemoryImage(const uint8_t*, size_t) { return -1; }
inline void closeMemoryImage(int) {}
inline bool mapMemoryImage(void*, size_t, int) { return false; }
inline bool mapZeroPages(void*, size_t) { return false; }

#endif

}  // namespace petrel::internal::platform
