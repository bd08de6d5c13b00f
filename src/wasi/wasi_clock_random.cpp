// Clocks and randomness.
#include <sys/random.h>
#include <time.h>

#include <cerrno>

#include "wasi/host_errno.h"
#include "wasi/wasi_call.h"

namespace petrel::internal::wasi {

namespace {

bool hostClock(uint32_t id, clockid_t& out) {
  switch (id) {
    case kClockRealtime: out = CLOCK_REALTIME; return true;
    case kClockMonotonic: out = CLOCK_MONOTONIC; return true;
    case kClockProcessCputime: out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case kClockThreadCputime: out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
  }
}

}  // namespace

Errno wasi_clock_res_get(WasiCall& call) {
  clockid_t id;
  if (!hostClock(call.u32(0), id)) return einval;
  timespec ts;
  if (::clock_getres(id, &ts) != 0) return lastHostError();
  uint64_t ns = timespecToNs(ts);
  return call.store<uint64_t>(call.u32(1), ns ? ns : 1);  // the witx asks for a non-zero resolution
}

Errno wasi_clock_time_get(WasiCall& call) {
  clockid_t id;
  if (!hostClock(call.u32(0), id)) return einval;
  timespec ts;
  if (::clock_gettime(id, &ts) != 0) return lastHostError();
  return call.store<uint64_t>(call.u32(2), timespecToNs(ts));
}

Errno wasi_random_get(WasiCall& call) {
  uint8_t* p = call.memory().span(call.u32(0), call.u32(1));
  if (!p) return efault;
  size_t left = call.u32(1);
  while (left > 0) {
    ssize_t n = ::getrandom(p, left, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return lastHostError();
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return esuccess;
}

}  // namespace petrel::internal::wasi
