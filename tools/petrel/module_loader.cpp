#include "module_loader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <malloc.h>
#include <string_view>
#include <utility>

#include "runtime/store.h"
#include "text/wat_parser.h"

namespace petrel::internal::cli {

namespace {

// Faults in the pages of a large buffer in one system call (and, where the
// kernel gives them, in 2 MiB pages) instead of one fault per 4 KiB page as
// read() fills it: a 30 MB module took ~7,500 faults, a large share of its
// start-up on these VMs. Only a hint: nothing changes if it fails.
void prefault(void* data, size_t size) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  constexpr size_t kMin = size_t{256} << 10;
  if (size < kMin) return;
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + page - 1) & ~(page - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + size) & ~(page - 1);
  if (end <= begin) return;
  ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
  (void)data;
  (void)size;
#endif
}

}  // namespace

Result<std::vector<uint8_t>> readFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::make(ErrorKind::Io, std::string("cannot open: ") + std::strerror(errno));
  // A regular file is read into one buffer of its size; anything else (a
  // pipe, a file still growing) into a buffer that doubles as it fills.
  struct stat st;
  size_t expected = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0
                        ? static_cast<size_t>(st.st_size)
                        : 0;
  std::vector<uint8_t> bytes;
  bytes.reserve(expected ? expected + 1 : size_t{1} << 16);  // +1: room for the read that sees the end
  prefault(bytes.data(), expected);
  bytes.resize(bytes.capacity());
  size_t got = 0;
  for (;;) {
    if (got == bytes.size()) bytes.resize(bytes.size() * 2);
    ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Error::make(ErrorKind::Io, std::string("cannot read: ") + std::strerror(err));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(got);
  return bytes;
}

Status writeFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Error::make(ErrorKind::Io, std::string("cannot create: ") + std::strerror(errno));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) return Error::make(ErrorKind::Io, std::string("cannot write: ") + std::strerror(errno));
  return Status::success();
}

bool looksLikeBinary(const std::vector<uint8_t>& bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "\0asm", 4) == 0;
}

// Decoding and validating a module allocates, in many small blocks, several
// times the module's size. Fault that much of the heap in at once first:
// on these VMs a page fault costs microseconds, and a cold process's
// compile of a 10k-function module took ~1,200 of them.
void warmHeap(size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  if (bytes < (size_t{256} << 10)) return;
  if (bytes > (size_t{16} << 20)) bytes = size_t{16} << 20;  // at most 16 MiB: faults, not memory, are the point
  // From the main heap (not a mapping of its own), kept after free().
  ::mallopt(M_MMAP_THRESHOLD, static_cast<int>(bytes + (size_t{1} << 20)));
  ::mallopt(M_TRIM_THRESHOLD, static_cast<int>(bytes * 2 + (size_t{1} << 20)));
  void* block = std::malloc(bytes);
  if (!block) return;
  prefault(block, bytes);
  std::free(block);
#else
  (void)bytes;
#endif
}

Result<std::vector<uint8_t>> loadBinary(const std::string& path) {
  auto bytes = readFile(path);
  if (bytes.ok()) warmHeap(bytes->size() * 6);
  if (!bytes.ok() || looksLikeBinary(*bytes)) return bytes;
  std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  return watToBinary(text);
}

Result<std::shared_ptr<const CompiledModule>> loadModule(const std::string& path, const CompileOptions& options) {
  auto binary = loadBinary(path);
  if (!binary.ok()) return binary.takeError();
  return compileModule(std::move(binary.value()), options);  // the module keeps the buffer: no copy
}

}  // namespace petrel::internal::cli
