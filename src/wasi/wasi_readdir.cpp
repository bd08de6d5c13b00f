// fd_readdir: directory entries by cookie.
//
// The cookie is an entry's index: "." is 0, ".." is 1, then the host's
// entries in the host's order; an entry's d_next is its index + 1. The
// listing is read once when a guest starts at cookie 0 and kept with the
// descriptor, so reading on in small buffers walks one consistent snapshot
// (wasmtime reads the whole directory each call; the numbering is the same).
// "..": its inode is the directory's own, as wasmtime reports it, so the
// sandbox root does not reveal its host parent.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "wasi/host_errno.h"
#include "wasi/wasi_call.h"

namespace petrel::internal::wasi {

namespace {

Filetype filetypeFromDirent(unsigned char d_type) {
  switch (d_type) {
    case DT_REG: return kFiletypeRegularFile;
    case DT_DIR: return kFiletypeDirectory;
    case DT_LNK: return kFiletypeSymbolicLink;
    case DT_CHR: return kFiletypeCharacterDevice;
    case DT_BLK: return kFiletypeBlockDevice;
    case DT_SOCK: return kFiletypeSocketStream;
    default: return kFiletypeUnknown;
  }
}

Errno readListing(int dir_fd, DirListing& out) {
  struct stat self;
  if (::fstat(dir_fd, &self) != 0) return lastHostError();
  out.entries.clear();
  out.entries.push_back({".", static_cast<uint64_t>(self.st_ino), kFiletypeDirectory});
  out.entries.push_back({"..", static_cast<uint64_t>(self.st_ino), kFiletypeDirectory});
  // A descriptor of our own: reading moves its offset, and fdopendir takes it over.
  int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return lastHostError();
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    Errno e = lastHostError();
    ::close(fd);
    return e;
  }
  errno = 0;
  while (dirent* d = ::readdir(dir)) {
    if (std::strcmp(d->d_name, ".") == 0 || std::strcmp(d->d_name, "..") == 0) continue;
    DirListing::Entry e{d->d_name, static_cast<uint64_t>(d->d_ino), filetypeFromDirent(d->d_type)};
    if (d->d_type == DT_UNKNOWN) {
      struct stat st;
      if (::fstatat(dir_fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) e.type = filetypeFromMode(st.st_mode);
    }
    out.entries.push_back(std::move(e));
    errno = 0;
  }
  Errno e = errno ? lastHostError() : esuccess;
  ::closedir(dir);
  return e;
}

}  // namespace

Errno wasi_fd_readdir(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.dirFd(call.u32(0), rights::fd_readdir, f)) return e;
  uint32_t buf = call.u32(1), buf_len = call.u32(2);
  uint64_t cookie = call.u64(3);
  GuestMemory& mem = call.memory();
  if (!mem.contains(buf, buf_len)) return efault;
  if (cookie == 0 || !f->listing) {
    auto listing = std::make_unique<DirListing>();
    if (Errno e = readListing(f->host_fd, *listing)) return e;
    f->listing = std::move(listing);
  }
  const std::vector<DirListing::Entry>& entries = f->listing->entries;
  uint32_t used = 0;
  for (uint64_t i = cookie; i < entries.size() && used < buf_len; ++i) {
    const DirListing::Entry& entry = entries[i];
    uint8_t header[layout::dirent_size] = {};
    uint64_t next = i + 1, ino = entry.ino;
    uint32_t namlen = static_cast<uint32_t>(entry.name.size());
    for (int b = 0; b < 8; ++b) header[layout::dirent_d_next + b] = static_cast<uint8_t>(next >> (8 * b));
    for (int b = 0; b < 8; ++b) header[layout::dirent_d_ino + b] = static_cast<uint8_t>(ino >> (8 * b));
    for (int b = 0; b < 4; ++b) header[layout::dirent_d_namlen + b] = static_cast<uint8_t>(namlen >> (8 * b));
    header[layout::dirent_d_type] = entry.type;
    // The last entry is cut at the end of the buffer: the guest sees a full
    // buffer and asks again with a bigger one (witx).
    uint32_t n = std::min<uint32_t>(layout::dirent_size, buf_len - used);
    mem.storeBytes(buf + used, header, n);
    used += n;
    n = std::min<uint32_t>(namlen, buf_len - used);
    mem.storeBytes(buf + used, entry.name.data(), n);
    used += n;
  }
  return call.store<uint32_t>(call.u32(4), used);
}

}  // namespace petrel::internal::wasi
