#include "wasi/file_attributes.h"

#include <fcntl.h>

#include "wasi/host_errno.h"

namespace petrel::internal::wasi {

Errno storeFilestat(WasiCall& call, uint32_t ptr, const struct stat& st, Filetype type) {
  GuestMemory& mem = call.memory();
  if (!mem.contains(ptr, layout::filestat_size)) return efault;
  uint8_t zeros[layout::filestat_size] = {};
  mem.storeBytes(ptr, zeros, sizeof zeros);  // padding after the type byte
  mem.store<uint64_t>(ptr + layout::filestat_dev, static_cast<uint64_t>(st.st_dev));
  mem.store<uint64_t>(ptr + layout::filestat_ino, static_cast<uint64_t>(st.st_ino));
  mem.store<uint8_t>(ptr + layout::filestat_filetype, type);
  mem.store<uint64_t>(ptr + layout::filestat_nlink, static_cast<uint64_t>(st.st_nlink));
  mem.store<uint64_t>(ptr + layout::filestat_size_field, static_cast<uint64_t>(st.st_size));
  mem.store<uint64_t>(ptr + layout::filestat_atim, timespecToNs(st.st_atim));
  mem.store<uint64_t>(ptr + layout::filestat_mtim, timespecToNs(st.st_mtim));
  mem.store<uint64_t>(ptr + layout::filestat_ctim, timespecToNs(st.st_ctim));
  return esuccess;
}

Errno hostTimes(uint64_t atim, uint64_t mtim, uint32_t fst_flags, timespec out[2]) {
  if (fst_flags & ~uint32_t{kFstflagsAll}) return einval;
  auto one = [](uint64_t ns, bool set, bool now, timespec& ts) {
    if (set && now) return false;
    if (set) {
      ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000ull);
      ts.tv_nsec = static_cast<long>(ns % 1'000'000'000ull);
    } else {
      ts.tv_sec = 0;
      ts.tv_nsec = now ? UTIME_NOW : UTIME_OMIT;
    }
    return true;
  };
  if (!one(atim, fst_flags & kFstflagAtim, fst_flags & kFstflagAtimNow, out[0])) return einval;
  if (!one(mtim, fst_flags & kFstflagMtim, fst_flags & kFstflagMtimNow, out[1])) return einval;
  return esuccess;
}

}  // namespace petrel::internal::wasi
