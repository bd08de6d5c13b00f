// Host (POSIX) facts in preview1 terms: error numbers, file types, times.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <ctime>

#include "wasi/wasi_abi.h"

namespace petrel::internal::wasi {

// The preview1 errno for a host errno value (EWOULDBLOCK and EAGAIN are
// one, ENOTSUP and EOPNOTSUPP too); an unknown value becomes `io`.
Errno fromHostErrno(int host_errno);
// fromHostErrno(errno), for right after a failed call.
Errno lastHostError();

Filetype filetypeFromMode(mode_t mode);

// Nanoseconds since the epoch; times before it (or beyond 2554) saturate.
uint64_t timespecToNs(const timespec& ts);

}  // namespace petrel::internal::wasi
