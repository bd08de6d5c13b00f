// The guest's descriptor table: preview1 fd numbers mapped to host
// descriptors with their preview1 type, rights and open mode.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wasi/unique_fd.h"
#include "wasi/wasi_abi.h"

namespace petrel::internal::wasi {

// A directory read once by fd_readdir and served by cookie (the index of
// the next entry), so a guest reading in small buffers sees one snapshot.
struct DirListing {
  struct Entry {
    std::string name;
    uint64_t ino = 0;
    Filetype type = kFiletypeUnknown;
  };
  std::vector<Entry> entries;  // "." and ".." first
};

// Stdio held in memory instead of a host descriptor (a host serving one
// guest per request): input is read from `data` until the end, output is
// appended to `sink` up to `limit` bytes. The WasiContext owns these.
struct MemoryStream {
  const char* data = nullptr;  // input
  size_t size = 0;
  size_t pos = 0;
  std::string* sink = nullptr;  // output
  size_t limit = 0;
};

struct FdEntry {
  int host_fd = -1;
  MemoryStream* memory = nullptr;  // set (and host_fd -1) for in-memory stdio
  bool owns_host_fd = true;  // false for the host's stdio: fd_close must not close the CLI's streams
  Filetype filetype = kFiletypeUnknown;
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  bool readable = false;  // the host descriptor's open mode
  bool writable = false;
  bool is_tty = false;       // a terminal: cannot seek (`spipe`), and has no seek/tell rights
  uint16_t sync_flags = 0;   // kFdflagDsync/Rsync/Sync as opened (the host cannot tell rsync from sync)
  bool is_preopen = false;
  std::string preopen_name;  // the guest's name of a preopened directory
  std::unique_ptr<DirListing> listing;

  FdEntry() = default;
  FdEntry(const FdEntry&) = delete;
  FdEntry& operator=(const FdEntry&) = delete;
  ~FdEntry();

  bool isDirectory() const { return filetype == kFiletypeDirectory; }
  bool isSocket() const { return filetype == kFiletypeSocketStream || filetype == kFiletypeSocketDgram; }
  // Terminals and in-memory streams have no position (`spipe`).
  bool unseekable() const { return is_tty || memory; }
};

// An in-memory stdio descriptor: a pipe to the guest (filetype `unknown`, as
// a host pipe is), readable or writable, never seekable.
std::unique_ptr<FdEntry> describeMemoryStream(MemoryStream* stream, bool writable);

// Describes a host descriptor: type from fstat (sockets refined by
// SO_TYPE), open mode from F_GETFL, and the rights that fit both. A
// terminal gets no seek/tell rights (wasi-libc's isatty looks for that).
std::unique_ptr<FdEntry> describeHostFd(int host_fd, bool owns);

// Rights that make sense for a descriptor of this type and open mode.
uint64_t rightsFor(Filetype type, bool readable, bool writable, bool is_tty);

class FdTable {
 public:
  // Numbers are below this (and below 2^31, as preview1 promises).
  static constexpr uint32_t kMaxFds = 1u << 16;

  FdEntry* get(uint32_t fd) const { return fd < slots_.size() ? slots_[fd].get() : nullptr; }
  // Takes the lowest free number; `mfile` when the table is full.
  Errno insert(std::unique_ptr<FdEntry> entry, uint32_t& fd_out);
  // Puts the entry at `fd` (replacing what was there); for set-up.
  void insertAt(uint32_t fd, std::unique_ptr<FdEntry> entry);
  Errno close(uint32_t fd);
  // Moves `from` onto `to` (closing what `to` held); both must be open.
  Errno renumber(uint32_t from, uint32_t to);
  size_t size() const { return slots_.size(); }

 private:
  void trim();
  std::vector<std::unique_ptr<FdEntry>> slots_;
};

}  // namespace petrel::internal::wasi
