// The path_* functions. Every path is resolved beneath a directory
// descriptor by path_resolver (the sandbox); the host call then uses the
// directory it returns and the final component, never following it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "wasi/file_attributes.h"
#include "wasi/host_errno.h"
#include "wasi/wasi_call.h"

namespace petrel::internal::wasi {

namespace {

Errno checkLookupflags(uint32_t flags) { return (flags & ~kLookupSymlinkFollow) ? einval : esuccess; }

// A path that ended in '/' must name a directory.
Errno requireDirectoryIfSlash(const ResolvedPath& r) {
  if (!r.trailing_slash) return esuccess;
  struct stat st;
  if (::fstatat(r.dirfd, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return lastHostError();
  return S_ISDIR(st.st_mode) ? esuccess : enotdir;
}

int hostOpenFlags(uint32_t oflags, uint32_t fdflags, bool read, bool write, bool trailing_slash) {
  int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  flags |= read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY;
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if ((oflags & kOflagDirectory) || trailing_slash) flags |= O_DIRECTORY;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & kFdflagRsync) flags |= O_RSYNC;
  if (fdflags & kFdflagSync) flags |= O_SYNC;
  return flags;
}

}  // namespace

Errno wasi_path_open(WasiCall& call) {
  uint32_t dirflags = call.u32(1), oflags = call.u32(4), fdflags = call.u32(7), fd_out = call.u32(8);
  uint64_t base = call.u64(5), inheriting = call.u64(6);
  FdEntry* dir;
  if (Errno e = call.dirFd(call.u32(0), rights::path_open, dir)) return e;
  if (Errno e = checkLookupflags(dirflags)) return e;
  if ((oflags & ~uint32_t{kOflagsAll}) || (fdflags & ~uint32_t{kFdflagsAll})) return einval;
  if ((oflags & kOflagCreat) && (oflags & kOflagDirectory)) return einval;  // as Linux 6.4+ says
  if ((oflags & kOflagCreat) && !(dir->rights_base & rights::path_create_file)) return enotcapable;
  // The new descriptor's rights come out of what the directory may hand on.
  if ((base & ~dir->rights_inheriting) || (inheriting & ~dir->rights_inheriting)) return enotcapable;
  bool read = base & (rights::fd_read | rights::fd_readdir);
  bool write = base & (rights::fd_write | rights::fd_allocate | rights::fd_filestat_set_size);
  if ((oflags & kOflagTrunc) && !write) return eperm;  // truncating needs write access (wasmtime)
  if (!call.memory().contains(fd_out, 4)) return efault;

  ResolvedPath r;
  if (Errno e = call.resolve(call.u32(0), rights::path_open, call.u32(2), call.u32(3), WasiCall::kLookup,
                             dirflags & kLookupSymlinkFollow, r))
    return e;
  int flags = hostOpenFlags(oflags, fdflags, read, write, r.trailing_slash);
  int fd;
  do {
    fd = ::openat(r.dirfd, r.name.c_str(), flags, 0666);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return lastHostError();

  auto entry = describeHostFd(fd, /*owns=*/true);
  entry->sync_flags = fdflags & (kFdflagDsync | kFdflagRsync | kFdflagSync);
  entry->rights_base = base & entry->rights_base;
  entry->rights_inheriting = entry->isDirectory() ? inheriting : 0;
  uint32_t new_fd;
  if (Errno e = call.ctx().fds().insert(std::move(entry), new_fd)) return e;  // the entry closes fd
  return call.store<uint32_t>(fd_out, new_fd);
}

Errno wasi_path_create_directory(WasiCall& call) {
  ResolvedPath r;
  if (Errno e = call.resolve(call.u32(0), rights::path_create_directory, call.u32(1), call.u32(2),
                             WasiCall::kCreateOrRemove, false, r))
    return e;
  return ::mkdirat(r.dirfd, r.nameForCreate().c_str(), 0777) == 0 ? esuccess : lastHostError();
}

Errno wasi_path_filestat_get(WasiCall& call) {
  uint32_t flags = call.u32(1);
  if (Errno e = checkLookupflags(flags)) return e;
  uint32_t out = call.u32(4);
  if (!call.memory().contains(out, layout::filestat_size)) return efault;
  ResolvedPath r;
  if (Errno e = call.resolve(call.u32(0), rights::path_filestat_get, call.u32(2), call.u32(3), WasiCall::kLookup,
                             flags & kLookupSymlinkFollow, r))
    return e;
  struct stat st;
  if (::fstatat(r.dirfd, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return lastHostError();
  if (r.trailing_slash && !S_ISDIR(st.st_mode)) return enotdir;
  return storeFilestat(call, out, st, filetypeFromMode(st.st_mode));
}

Errno wasi_path_filestat_set_times(WasiCall& call) {
  uint32_t flags = call.u32(1);
  if (Errno e = checkLookupflags(flags)) return e;
  timespec times[2];
  if (Errno e = hostTimes(call.u64(4), call.u64(5), call.u32(6), times)) return e;
  ResolvedPath r;
  if (Errno e = call.resolve(call.u32(0), rights::path_filestat_set_times, call.u32(2), call.u32(3),
                             WasiCall::kLookup, flags & kLookupSymlinkFollow, r))
    return e;
  if (Errno e = requireDirectoryIfSlash(r)) return e;
  return ::utimensat(r.dirfd, r.name.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0 ? esuccess : lastHostError();
}

Errno wasi_path_link(WasiCall& call) {
  uint32_t old_flags = call.u32(1);
  if (Errno e = checkLookupflags(old_flags)) return e;
  ResolvedPath from, to;
  if (Errno e = call.resolve(call.u32(0), rights::path_link_source, call.u32(2), call.u32(3), WasiCall::kLookup,
                             old_flags & kLookupSymlinkFollow, from))
    return e;
  if (Errno e = requireDirectoryIfSlash(from)) return e;
  if (Errno e = call.resolve(call.u32(4), rights::path_link_target, call.u32(5), call.u32(6),
                             WasiCall::kCreateOrRemove, false, to))
    return e;
  return ::linkat(from.dirfd, from.name.c_str(), to.dirfd, to.nameForCreate().c_str(), 0) == 0 ? esuccess
                                                                                              : lastHostError();
}

Errno wasi_path_readlink(WasiCall& call) {
  uint32_t buf = call.u32(3), buf_len = call.u32(4);
  GuestMemory& mem = call.memory();
  if (!mem.contains(buf, buf_len) || !mem.contains(call.u32(5), 4)) return efault;
  ResolvedPath r;
  if (Errno e = call.resolve(call.u32(0), rights::path_readlink, call.u32(1), call.u32(2), WasiCall::kLookup,
                             false, r))
    return e;
  std::string target;
  if (Errno e = readLinkAt(r.dirfd, r.name, target)) return e;
  // A short buffer gets the first bytes (wasmtime; Node says `nobufs`).
  uint32_t n = static_cast<uint32_t>(std::min<size_t>(buf_len, target.size()));
  mem.storeBytes(buf, target.data(), n);
  return call.store<uint32_t>(call.u32(5), n);
}

Errno wasi_path_remove_directory(WasiCall& call) {
  ResolvedPath r;
  if (Errno e = call.resolve(call.u32(0), rights::path_remove_directory, call.u32(1), call.u32(2),
                             WasiCall::kCreateOrRemove, false, r))
    return e;
  return ::unlinkat(r.dirfd, r.nameForCreate().c_str(), AT_REMOVEDIR) == 0 ? esuccess : lastHostError();
}

Errno wasi_path_rename(WasiCall& call) {
  ResolvedPath from, to;
  if (Errno e = call.resolve(call.u32(0), rights::path_rename_source, call.u32(1), call.u32(2),
                             WasiCall::kCreateOrRemove, false, from))
    return e;
  if (Errno e = call.resolve(call.u32(3), rights::path_rename_target, call.u32(4), call.u32(5),
                             WasiCall::kCreateOrRemove, false, to))
    return e;
  return ::renameat(from.dirfd, from.nameForCreate().c_str(), to.dirfd, to.nameForCreate().c_str()) == 0
             ? esuccess
             : lastHostError();
}

// The target is stored as given, but an absolute one is refused: it could
// only point outside the sandbox, and host programs that later follow the
// link would go there.
Errno wasi_path_symlink(WasiCall& call) {
  std::string target;
  if (!call.memory().loadString(call.u32(0), call.u32(1), target)) return efault;
  if (Errno e = checkGuestPath(target)) return e;
  ResolvedPath r;
  if (Errno e = call.resolve(call.u32(2), rights::path_symlink, call.u32(3), call.u32(4), WasiCall::kCreateOrRemove,
                             false, r))
    return e;
  if (r.trailing_slash) {
    // "name/" where a file exists: `notdir` (wasmtime), where Linux says `exist`.
    struct stat st;
    if (::fstatat(r.dirfd, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode)) return enotdir;
  }
  return ::symlinkat(target.c_str(), r.dirfd, r.nameForCreate().c_str()) == 0 ? esuccess : lastHostError();
}

Errno wasi_path_unlink_file(WasiCall& call) {
  ResolvedPath r;
  if (Errno e = call.resolve(call.u32(0), rights::path_unlink_file, call.u32(1), call.u32(2),
                             WasiCall::kCreateOrRemove, false, r))
    return e;
  return ::unlinkat(r.dirfd, r.nameForCreate().c_str(), 0) == 0 ? esuccess : lastHostError();
}

}  // namespace petrel::internal::wasi
