#include "wasi/wasi_call.h"

#include "runtime/store.h"

#include <climits>

namespace petrel::internal::wasi {

bool WasiCall::interrupted() const { return host_.store && host_.store->interrupted(); }

void IovecList::reset(uint32_t n) {
  count_ = static_cast<int>(n);
  total_ = 0;
  heap_.clear();
  if (n > kInline) heap_.resize(n);
}

void IovecList::set(uint32_t i, void* base, uint32_t len) {
  iovec& v = data()[i];
  v.iov_base = base;
  v.iov_len = len;
  total_ += len;
}

Errno WasiCall::anyFd(uint32_t fd, uint64_t right, FdEntry*& out) {
  out = ctx_.fds().get(fd);
  if (!out) return ebadf;
  if ((out->rights_base & right) != right) return enotcapable;
  return esuccess;
}

Errno WasiCall::fileFd(uint32_t fd, uint64_t right, FdEntry*& out) {
  out = ctx_.fds().get(fd);
  if (!out || out->isDirectory()) return ebadf;
  if ((right & rights::fd_read) && !out->readable) return ebadf;
  if ((right & (rights::fd_write | rights::fd_allocate | rights::fd_filestat_set_size)) && !out->writable)
    return ebadf;
  if ((out->rights_base & right) != right) return enotcapable;
  return esuccess;
}

Errno WasiCall::dirFd(uint32_t fd, uint64_t right, FdEntry*& out) {
  out = ctx_.fds().get(fd);
  if (!out) return ebadf;
  if (!out->isDirectory()) return enotdir;
  if ((out->rights_base & right) != right) return enotcapable;
  return esuccess;
}

Errno WasiCall::loadPath(uint32_t ptr, uint32_t len, std::string& out) {
  if (!memory().loadString(ptr, len, out)) return efault;
  return checkGuestPath(out);
}

Errno WasiCall::resolve(uint32_t dirfd, uint64_t right, uint32_t ptr, uint32_t len, Use use, bool follow_final,
                        ResolvedPath& out) {
  FdEntry* dir;
  if (Errno e = dirFd(dirfd, right, dir)) return e;
  std::string path;
  if (Errno e = loadPath(ptr, len, path)) return e;
  if (use == kLookup && path.size() > 1 && path.back() == '/') follow_final = true;
  if (use == kCreateOrRemove) follow_final = false;
  return resolveBeneath(dir->host_fd, path, follow_final, out);
}

Errno WasiCall::loadIovecs(uint32_t iovs, uint32_t count, IovecList& out) {
  GuestMemory& mem = memory();
  if (!mem.contains(iovs, uint64_t{count} * layout::iovec_size)) return efault;
  uint32_t n = count > IOV_MAX ? IOV_MAX : count;
  out.reset(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t buf = 0, len = 0;
    mem.load(iovs + uint64_t{i} * layout::iovec_size, buf);
    mem.load(iovs + uint64_t{i} * layout::iovec_size + 4, len);
    uint8_t* p = mem.span(buf, len);
    if (!p) return efault;
    out.set(i, p, len);
  }
  return esuccess;
}

}  // namespace petrel::internal::wasi
