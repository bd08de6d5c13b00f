#include "wasi/host_errno.h"

#include <cerrno>

namespace petrel::internal::wasi {

const char* errnoName(uint32_t e) {
  switch (e) {
#define WASI_ERRNO(name, value, description) \
  case value: return #name;
#include "wasi/wasi_errno.def"
#undef WASI_ERRNO
  }
  return "unknown errno";
}

Errno fromHostErrno(int host_errno) {
  switch (host_errno) {
    case 0: return esuccess;
    case E2BIG: return e2big;
    case EACCES: return eacces;
    case EADDRINUSE: return eaddrinuse;
    case EADDRNOTAVAIL: return eaddrnotavail;
    case EAFNOSUPPORT: return eafnosupport;
    case EAGAIN: return eagain;
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK: return eagain;
#endif
    case EALREADY: return ealready;
    case EBADF: return ebadf;
    case EBADMSG: return ebadmsg;
    case EBUSY: return ebusy;
    case ECANCELED: return ecanceled;
    case ECHILD: return echild;
    case ECONNABORTED: return econnaborted;
    case ECONNREFUSED: return econnrefused;
    case ECONNRESET: return econnreset;
    case EDEADLK: return edeadlk;
    case EDESTADDRREQ: return edestaddrreq;
    case EDOM: return edom;
    case EDQUOT: return edquot;
    case EEXIST: return eexist;
    case EFAULT: return efault;
    case EFBIG: return efbig;
    case EHOSTUNREACH: return ehostunreach;
    case EIDRM: return eidrm;
    case EILSEQ: return eilseq;
    case EINPROGRESS: return einprogress;
    case EINTR: return eintr;
    case EINVAL: return einval;
    case EIO: return eio;
    case EISCONN: return eisconn;
    case EISDIR: return eisdir;
    case ELOOP: return eloop;
    case EMFILE: return emfile;
    case EMLINK: return emlink;
    case EMSGSIZE: return emsgsize;
    case EMULTIHOP: return emultihop;
    case ENAMETOOLONG: return enametoolong;
    case ENETDOWN: return enetdown;
    case ENETRESET: return enetreset;
    case ENETUNREACH: return enetunreach;
    case ENFILE: return enfile;
    case ENOBUFS: return enobufs;
    case ENODEV: return enodev;
    case ENOENT: return enoent;
    case ENOEXEC: return enoexec;
    case ENOLCK: return enolck;
    case ENOLINK: return enolink;
    case ENOMEM: return enomem;
    case ENOMSG: return enomsg;
    case ENOPROTOOPT: return enoprotoopt;
    case ENOSPC: return enospc;
    case ENOSYS: return enosys;
    case ENOTCONN: return enotconn;
    case ENOTDIR: return enotdir;
    case ENOTEMPTY: return enotempty;
    case ENOTRECOVERABLE: return enotrecoverable;
    case ENOTSOCK: return enotsock;
    case ENOTSUP: return enotsup;
#if EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return enotsup;
#endif
    case ENOTTY: return enotty;
    case ENXIO: return enxio;
    case EOVERFLOW: return eoverflow;
    case EOWNERDEAD: return eownerdead;
    case EPERM: return eperm;
    case EPIPE: return epipe;
    case EPROTO: return eproto;
    case EPROTONOSUPPORT: return eprotonosupport;
    case EPROTOTYPE: return eprototype;
    case ERANGE: return erange;
    case EROFS: return erofs;
    case ESPIPE: return espipe;
    case ESRCH: return esrch;
    case ESTALE: return estale;
    case ETIMEDOUT: return etimedout;
    case ETXTBSY: return etxtbsy;
    case EXDEV: return exdev;
    default: return eio;
  }
}

Errno lastHostError() { return fromHostErrno(errno); }

Filetype filetypeFromMode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return kFiletypeRegularFile;
    case S_IFDIR: return kFiletypeDirectory;
    case S_IFLNK: return kFiletypeSymbolicLink;
    case S_IFCHR: return kFiletypeCharacterDevice;
    case S_IFBLK: return kFiletypeBlockDevice;
    case S_IFSOCK: return kFiletypeSocketStream;  // refined with SO_TYPE where a descriptor is at hand
    default: return kFiletypeUnknown;             // FIFOs have no preview1 type
  }
}

uint64_t timespecToNs(const timespec& ts) {
  if (ts.tv_sec < 0) return 0;
  uint64_t sec = static_cast<uint64_t>(ts.tv_sec);
  if (sec > UINT64_MAX / 1'000'000'000ull - 1) return UINT64_MAX;
  return sec * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace petrel::internal::wasi
