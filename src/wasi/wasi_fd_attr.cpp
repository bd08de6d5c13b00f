// Descriptor bookkeeping and attributes: close, renumber, fdstat,
// filestat, prestat.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/file_attributes.h"
#include "wasi/host_errno.h"
#include "wasi/wasi_call.h"

namespace petrel::internal::wasi {

Errno wasi_fd_close(WasiCall& call) { return call.ctx().fds().close(call.u32(0)); }

Errno wasi_fd_renumber(WasiCall& call) { return call.ctx().fds().renumber(call.u32(0), call.u32(1)); }

Errno wasi_fd_fdstat_get(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.anyFd(call.u32(0), 0, f)) return e;
  uint16_t flags = f->sync_flags;
  int fl = f->memory ? -1 : ::fcntl(f->host_fd, F_GETFL);
  if (fl >= 0) {
    if (fl & O_APPEND) flags |= kFdflagAppend;
    if (fl & O_NONBLOCK) flags |= kFdflagNonblock;
  }
  uint32_t ptr = call.u32(1);
  GuestMemory& mem = call.memory();
  if (!mem.contains(ptr, layout::fdstat_size)) return efault;
  uint8_t zeros[layout::fdstat_size] = {};
  mem.storeBytes(ptr, zeros, sizeof zeros);
  mem.store<uint8_t>(ptr + layout::fdstat_filetype, f->filetype);
  mem.store<uint16_t>(ptr + layout::fdstat_flags, flags);
  mem.store<uint64_t>(ptr + layout::fdstat_rights_base, f->rights_base);
  mem.store<uint64_t>(ptr + layout::fdstat_rights_inheriting, f->rights_inheriting);
  return esuccess;
}

// Only `append` and `nonblock` can change (like wasmtime); the sync flags
// are fixed at open, so passing them back unchanged is fine.
Errno wasi_fd_fdstat_set_flags(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.fileFd(call.u32(0), rights::fd_fdstat_set_flags, f)) return e;
  uint32_t flags = call.u32(1);
  if (flags & ~uint32_t{kFdflagsAll}) return einval;
  if ((flags & (kFdflagDsync | kFdflagRsync | kFdflagSync)) != f->sync_flags) return einval;
  int fl = ::fcntl(f->host_fd, F_GETFL);
  if (fl < 0) return lastHostError();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) fl |= O_APPEND;
  if (flags & kFdflagNonblock) fl |= O_NONBLOCK;
  call.ctx().noteHostFlagsChanged();
  return ::fcntl(f->host_fd, F_SETFL, fl) == 0 ? esuccess : lastHostError();
}

// Rights can only shrink (witx).
Errno wasi_fd_fdstat_set_rights(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.anyFd(call.u32(0), 0, f)) return e;
  uint64_t base = call.u64(1), inheriting = call.u64(2);
  if ((base & ~f->rights_base) || (inheriting & ~f->rights_inheriting)) return enotcapable;
  f->rights_base = base;
  f->rights_inheriting = inheriting;
  return esuccess;
}

Errno wasi_fd_filestat_get(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.anyFd(call.u32(0), rights::fd_filestat_get, f)) return e;
  struct stat st;
  if (f->memory) {
    st = {};  // a pipe of the host's own: no device, inode, size or times
    st.st_nlink = 1;
  } else if (::fstat(f->host_fd, &st) != 0) {
    return lastHostError();
  }
  return storeFilestat(call, call.u32(1), st, f->filetype);
}

Errno wasi_fd_filestat_set_size(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.fileFd(call.u32(0), rights::fd_filestat_set_size, f)) return e;
  uint64_t size = call.u64(1);
  if (size > INT64_MAX) return einval;
  return ::ftruncate(f->host_fd, static_cast<off_t>(size)) == 0 ? esuccess : lastHostError();
}

Errno wasi_fd_filestat_set_times(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.anyFd(call.u32(0), rights::fd_filestat_set_times, f)) return e;
  timespec times[2];
  if (Errno e = hostTimes(call.u64(1), call.u64(2), call.u32(3), times)) return e;
  return ::futimens(f->host_fd, times) == 0 ? esuccess : lastHostError();
}

Errno wasi_fd_prestat_get(WasiCall& call) {
  FdEntry* f = call.ctx().fds().get(call.u32(0));
  if (!f || !f->is_preopen) return ebadf;
  uint32_t ptr = call.u32(1);
  GuestMemory& mem = call.memory();
  if (!mem.contains(ptr, layout::prestat_size)) return efault;
  mem.store<uint32_t>(ptr + layout::prestat_tag, kPreopentypeDir);  // the tag byte and its padding
  mem.store<uint32_t>(ptr + layout::prestat_name_len, static_cast<uint32_t>(f->preopen_name.size()));
  return esuccess;
}

Errno wasi_fd_prestat_dir_name(WasiCall& call) {
  FdEntry* f = call.ctx().fds().get(call.u32(0));
  if (!f) return ebadf;
  if (!f->is_preopen) return enotdir;  // as wasmtime
  const std::string& name = f->preopen_name;
  if (call.u32(2) < name.size()) return enametoolong;
  return call.memory().storeBytes(call.u32(1), name.data(), name.size()) ? esuccess : efault;
}

}  // namespace petrel::internal::wasi
