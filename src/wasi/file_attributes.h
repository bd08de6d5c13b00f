// File attributes in preview1 form: the $filestat record and the host
// timestamps of the *_set_times functions.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <ctime>

#include "wasi/wasi_call.h"

namespace petrel::internal::wasi {

// Writes a $filestat for `st` at `ptr`; `type` overrides the type from
// st_mode when the caller knows better (datagram sockets).
Errno storeFilestat(WasiCall& call, uint32_t ptr, const struct stat& st, Filetype type);

// The two timespecs of futimens/utimensat for (atim, mtim, fst_flags):
// a time both given and `now` is `inval`, as are unknown flag bits.
Errno hostTimes(uint64_t atim, uint64_t mtim, uint32_t fst_flags, timespec out[2]);

}  // namespace petrel::internal::wasi
