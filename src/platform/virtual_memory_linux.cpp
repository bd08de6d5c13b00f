// Linux implementation of platform/virtual_memory.h. Compiles to nothing
// where PETREL_HAS_VIRTUAL_MEMORY is 0 (the Cortex-M build compiles every
// file of src/platform).
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1  // mremap, memfd_create
#endif
#include "platform/virtual_memory.h"

#if PETREL_HAS_VIRTUAL_MEMORY

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

namespace petrel::internal::platform {

size_t hostPageSize() {
  static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  return page;
}

void* reserveAddressSpace(size_t bytes) {
  // MAP_NORESERVE: a reservation, and what is committed inside it later, is
  // not charged against the commit limit up front (heuristic overcommit);
  // pages are only charged when touched.
  void* p = ::mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

bool commitPages(void* addr, size_t bytes) {
  return bytes == 0 || ::mprotect(addr, bytes, PROT_READ | PROT_WRITE) == 0;
}

bool discardPages(void* addr, size_t bytes) {
  // MADV_DONTNEED on a private mapping frees the private copies at once:
  // anonymous pages refault as zero, file-backed pages as the file.
  return bytes == 0 || ::madvise(addr, bytes, MADV_DONTNEED) == 0;
}

bool residentPages(void* addr, size_t bytes, uint8_t* out) {
  return bytes == 0 || ::mincore(addr, bytes, reinterpret_cast<unsigned char*>(out)) == 0;
}

void releaseAddressSpace(void* addr, size_t bytes) {
  if (addr) ::munmap(addr, bytes);
}

bool movePages(void* from, size_t bytes, void* to) {
  if (bytes == 0) return true;
  void* p = ::mremap(from, bytes, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, to);
  return p != MAP_FAILED;
}

int createMemoryImage(const uint8_t* data, size_t bytes) {
  int fd = ::memfd_create("petrel-memory-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return -1;
  if (::ftruncate(fd, static_cast<off_t>(bytes)) != 0) {
    ::close(fd);
    return -1;
  }
  size_t done = 0;
  while (done < bytes) {
    ssize_t n = ::pwrite(fd, data + done, bytes - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return -1;
    }
    done += static_cast<size_t>(n);
  }
  // Sealed, so nothing can change an image that live memories map.
  (void)::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return fd;
}

void closeMemoryImage(int image) {
  if (image >= 0) ::close(image);
}

bool mapMemoryImage(void* addr, size_t bytes, int image) {
  if (bytes == 0) return true;
  void* p = ::mmap(addr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, image, 0);
  return p != MAP_FAILED;
}

bool mapZeroPages(void* addr, size_t bytes) {
  if (bytes == 0) return true;
  void* p = ::mmap(addr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  return p != MAP_FAILED;
}

}  // namespace petrel::internal::platform

#endif
