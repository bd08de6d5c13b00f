// Reading, writing and positioning through descriptors.
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "wasi/host_errno.h"
#include "wasi/wasi_call.h"

namespace petrel::internal::wasi {

namespace {

constexpr uint64_t kMaxOffset = INT64_MAX;

template <class Op>
Errno retryingIo(Op op, ssize_t& n) {
  do {
    n = op();
  } while (n < 0 && errno == EINTR);
  return n < 0 ? lastHostError() : esuccess;
}

}  // namespace

namespace {

// fd_read and fd_write on in-memory stdio: copy out of the input (end of
// file once it is used up) or append to the sink. Output past the sink's
// limit is cut short; a write of which nothing fits fails with `fbig`.
Errno memoryStreamIo(FdEntry& f, IovecList& iov, ssize_t& n) {
  MemoryStream& m = *f.memory;
  size_t done = 0;
  for (int i = 0; i < iov.count(); ++i) {
    iovec& v = iov.data()[i];
    if (f.writable) {
      size_t room = m.limit > m.sink->size() ? m.limit - m.sink->size() : 0;
      size_t take = v.iov_len < room ? v.iov_len : room;
      m.sink->append(static_cast<const char*>(v.iov_base), take);
      done += take;
      if (take < v.iov_len) {
        if (done == 0 && iov.totalBytes() > 0) return efbig;
        break;
      }
    } else {
      size_t left = m.size - m.pos;
      size_t take = v.iov_len < left ? v.iov_len : left;
      if (take) std::memcpy(v.iov_base, m.data + m.pos, take);
      m.pos += take;
      done += take;
      if (take < v.iov_len) break;
    }
  }
  n = static_cast<ssize_t>(done);
  return esuccess;
}

// fd_read, fd_write, fd_pread and fd_pwrite share one shape: check the
// descriptor's rights (then the file offset of pread/pwrite, if `offset`),
// load the iovecs (arguments 1 and 2), do the scatter/gather call and store
// the byte count where argument `count_arg` points.
template <class Io>
Errno vectoredIo(WasiCall& call, uint64_t needed_rights, const uint64_t* offset, int count_arg, Io io) {
  FdEntry* f;
  if (Errno e = call.fileFd(call.u32(0), needed_rights, f)) return e;
  if (offset && *offset > kMaxOffset) return einval;
  IovecList iov;
  if (Errno e = call.loadIovecs(call.u32(1), call.u32(2), iov)) return e;
  ssize_t n;
  if (f->memory) {
    if (Errno e = memoryStreamIo(*f, iov, n)) return e;
  } else if (Errno e = retryingIo([&] { return io(f->host_fd, iov); }, n)) {
    return e;
  }
  return call.store<uint32_t>(call.u32(count_arg), static_cast<uint32_t>(n));
}

}  // namespace

Errno wasi_fd_read(WasiCall& call) {
  return vectoredIo(call, rights::fd_read, nullptr, 3,
                    [](int fd, IovecList& iov) { return ::readv(fd, iov.data(), iov.count()); });
}

Errno wasi_fd_write(WasiCall& call) {
  return vectoredIo(call, rights::fd_write, nullptr, 3,
                    [](int fd, IovecList& iov) { return ::writev(fd, iov.data(), iov.count()); });
}

Errno wasi_fd_pread(WasiCall& call) {
  uint64_t offset = call.u64(3);
  return vectoredIo(call, rights::fd_read | rights::fd_seek, &offset, 4, [offset](int fd, IovecList& iov) {
    return ::preadv(fd, iov.data(), iov.count(), static_cast<off_t>(offset));
  });
}

Errno wasi_fd_pwrite(WasiCall& call) {
  uint64_t offset = call.u64(3);
  return vectoredIo(call, rights::fd_write | rights::fd_seek, &offset, 4, [offset](int fd, IovecList& iov) {
    return ::pwritev(fd, iov.data(), iov.count(), static_cast<off_t>(offset));
  });
}

Errno wasi_fd_seek(WasiCall& call) {
  int64_t offset = static_cast<int64_t>(call.u64(1));
  uint32_t whence = call.u32(2);
  if (whence > kWhenceEnd) return einval;
  // Asking for the position only needs fd_tell (witx, $rights).
  uint64_t right = (offset == 0 && whence == kWhenceCur) ? rights::fd_tell : rights::fd_seek;
  FdEntry* f;
  Errno e = call.fileFd(call.u32(0), 0, f);
  if (e) return e;
  if (f->unseekable()) return espipe;
  if ((f->rights_base & right) != right) return enotcapable;
  static constexpr int kHostWhence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  off_t pos = ::lseek(f->host_fd, static_cast<off_t>(offset), kHostWhence[whence]);
  if (pos < 0) return lastHostError();
  return call.store<uint64_t>(call.u32(3), static_cast<uint64_t>(pos));
}

Errno wasi_fd_tell(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.fileFd(call.u32(0), 0, f)) return e;
  if (f->unseekable()) return espipe;
  if (!(f->rights_base & rights::fd_tell)) return enotcapable;
  off_t pos = ::lseek(f->host_fd, 0, SEEK_CUR);
  if (pos < 0) return lastHostError();
  return call.store<uint64_t>(call.u32(1), static_cast<uint64_t>(pos));
}

Errno wasi_fd_sync(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.fileFd(call.u32(0), rights::fd_sync, f)) return e;
  return ::fsync(f->host_fd) == 0 ? esuccess : lastHostError();
}

Errno wasi_fd_datasync(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.fileFd(call.u32(0), rights::fd_datasync, f)) return e;
  return ::fdatasync(f->host_fd) == 0 ? esuccess : lastHostError();
}

Errno wasi_fd_advise(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.fileFd(call.u32(0), rights::fd_advise, f)) return e;
  uint64_t offset = call.u64(1), len = call.u64(2);
  uint32_t advice = call.u32(3);
  if (advice > kAdviceMax) return einval;
  if (offset > kMaxOffset || len > kMaxOffset) return einval;
  static constexpr int kHostAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                        POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  int r = ::posix_fadvise(f->host_fd, static_cast<off_t>(offset), static_cast<off_t>(len), kHostAdvice[advice]);
  return r == 0 ? esuccess : fromHostErrno(r);  // returns the error, errno untouched
}

Errno wasi_fd_allocate(WasiCall& call) {
  FdEntry* f;
  if (Errno e = call.fileFd(call.u32(0), rights::fd_allocate, f)) return e;
  uint64_t offset = call.u64(1), len = call.u64(2);
  if (offset > kMaxOffset || len > kMaxOffset) return einval;
  if (offset + len > kMaxOffset) return efbig;
  if (len == 0) return einval;  // as posix_fallocate
  int r = ::posix_fallocate(f->host_fd, static_cast<off_t>(offset), static_cast<off_t>(len));
  return r == 0 ? esuccess : fromHostErrno(r);
}

}  // namespace petrel::internal::wasi
