// Sockets. Preview1 cannot create sockets; a guest gets them from the host
// (stdio connected to a socket, or a listening socket it was given) and
// connections from sock_accept. Anything else: `notsock`.
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/host_errno.h"
#include "wasi/wasi_call.h"

namespace petrel::internal::wasi {

namespace {

Errno socketFd(WasiCall& call, uint32_t fd, uint64_t right, FdEntry*& out) {
  out = call.ctx().fds().get(fd);
  if (!out) return ebadf;
  if (!out->isSocket()) return enotsock;
  if ((out->rights_base & right) != right) return enotcapable;
  return esuccess;
}

}  // namespace

Errno wasi_sock_accept(WasiCall& call) {
  FdEntry* f;
  if (Errno e = socketFd(call, call.u32(0), rights::sock_accept, f)) return e;
  uint32_t flags = call.u32(1), fd_out = call.u32(2);
  if (flags & ~uint32_t{kFdflagNonblock}) return einval;
  if (!call.memory().contains(fd_out, 4)) return efault;
  int fd;
  do {
    fd = ::accept4(f->host_fd, nullptr, nullptr, SOCK_CLOEXEC | ((flags & kFdflagNonblock) ? SOCK_NONBLOCK : 0));
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return lastHostError();
  auto entry = describeHostFd(fd, /*owns=*/true);
  entry->rights_base &= f->rights_inheriting | rights::socket_base;
  uint32_t new_fd;
  if (Errno e = call.ctx().fds().insert(std::move(entry), new_fd)) return e;
  return call.store<uint32_t>(fd_out, new_fd);
}

Errno wasi_sock_recv(WasiCall& call) {
  FdEntry* f;
  if (Errno e = socketFd(call, call.u32(0), rights::fd_read, f)) return e;
  uint32_t ri_flags = call.u32(3), len_out = call.u32(4), flags_out = call.u32(5);
  if (ri_flags & ~uint32_t{kRiflagRecvPeek | kRiflagRecvWaitall}) return einval;
  GuestMemory& mem = call.memory();
  if (!mem.contains(len_out, 4) || !mem.contains(flags_out, 2)) return efault;
  IovecList iov;
  if (Errno e = call.loadIovecs(call.u32(1), call.u32(2), iov)) return e;
  msghdr msg{};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = static_cast<size_t>(iov.count());
  int host_flags = ((ri_flags & kRiflagRecvPeek) ? MSG_PEEK : 0) | ((ri_flags & kRiflagRecvWaitall) ? MSG_WAITALL : 0);
  ssize_t n;
  do {
    n = ::recvmsg(f->host_fd, &msg, host_flags);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return lastHostError();
  mem.store<uint32_t>(len_out, static_cast<uint32_t>(n));
  mem.store<uint16_t>(flags_out, (msg.msg_flags & MSG_TRUNC) ? kRoflagRecvDataTruncated : 0);
  return esuccess;
}

Errno wasi_sock_send(WasiCall& call) {
  FdEntry* f;
  if (Errno e = socketFd(call, call.u32(0), rights::fd_write, f)) return e;
  if (call.u32(3) != 0) return einval;  // no $siflags are defined
  uint32_t len_out = call.u32(4);
  if (!call.memory().contains(len_out, 4)) return efault;
  IovecList iov;
  if (Errno e = call.loadIovecs(call.u32(1), call.u32(2), iov)) return e;
  msghdr msg{};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = static_cast<size_t>(iov.count());
  ssize_t n;
  do {
    n = ::sendmsg(f->host_fd, &msg, MSG_NOSIGNAL);  // a closed peer is `pipe`, not a signal to the runtime
  } while (n < 0 && errno == EINTR);
  if (n < 0) return lastHostError();
  return call.store<uint32_t>(len_out, static_cast<uint32_t>(n));
}

Errno wasi_sock_shutdown(WasiCall& call) {
  FdEntry* f;
  if (Errno e = socketFd(call, call.u32(0), rights::sock_shutdown, f)) return e;
  uint32_t how = call.u32(1);
  int host_how;
  switch (how) {
    case kSdflagRd: host_how = SHUT_RD; break;
    case kSdflagWr: host_how = SHUT_WR; break;
    case kSdflagRd | kSdflagWr: host_how = SHUT_RDWR; break;
    default: return einval;
  }
  return ::shutdown(f->host_fd, host_how) == 0 ? esuccess : lastHostError();
}

}  // namespace petrel::internal::wasi
