// poll_oneoff: wait until a clock deadline passes or a descriptor is ready.
//
// Clock subscriptions (realtime or monotonic, relative or absolute) become
// deadlines on the monotonic clock; descriptor subscriptions on pipes,
// terminals and sockets go to the host's ppoll(). Regular files are always
// ready (fd_read reports the bytes left before the end, and `hangup` at the
// end), as POSIX poll treats them. A subscription that cannot be waited on
// (a closed or unsuitable descriptor, a CPU-time clock) is reported at once
// as an event carrying the error, which is what $event's `error` is for.
// Events come back in subscription order: every descriptor that is ready
// and every clock whose deadline has passed.
#include <algorithm>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "wasi/host_errno.h"
#include "wasi/wasi_call.h"

namespace petrel::internal::wasi {

namespace {

struct Subscription {
  uint64_t userdata = 0;
  uint8_t type = 0;
  // Clocks: the deadline on CLOCK_MONOTONIC, in ns.
  uint64_t deadline = 0;
  // Descriptors.
  uint32_t fd = 0;
  int poll_index = -1;  // into the pollfd array, or -1
  // Filled as events happen.
  bool fired = false;
  Errno error = esuccess;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

uint64_t nowNs(clockid_t clock) {
  timespec ts;
  ::clock_gettime(clock, &ts);
  return timespecToNs(ts);
}

uint64_t saturatingAdd(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

// Reads one subscription record. A bad tag or clock is the caller's error.
Errno readSubscription(GuestMemory& mem, uint64_t at, Subscription& s, FdTable& fds) {
  uint8_t tag = 0;
  mem.load(at + layout::subscription_userdata, s.userdata);
  mem.load(at + layout::subscription_tag, tag);
  s.type = tag;
  if (tag == kEventClock) {
    uint32_t id = 0;
    uint64_t timeout = 0;
    uint16_t flags = 0;
    mem.load(at + layout::subscription_clock_id, id);
    mem.load(at + layout::subscription_clock_timeout, timeout);
    mem.load(at + layout::subscription_clock_flags, flags);
    if (flags & ~kSubscriptionClockAbstime) return einval;
    uint64_t mono = nowNs(CLOCK_MONOTONIC);
    bool absolute = flags & kSubscriptionClockAbstime;
    switch (id) {
      case kClockMonotonic: s.deadline = absolute ? timeout : saturatingAdd(mono, timeout); break;
      case kClockRealtime:
        if (absolute) {
          uint64_t real = nowNs(CLOCK_REALTIME);
          s.deadline = timeout <= real ? mono : saturatingAdd(mono, timeout - real);
        } else {
          s.deadline = saturatingAdd(mono, timeout);
        }
        break;
      case kClockProcessCputime:
      case kClockThreadCputime:
        // CPU time does not pass while we wait, so there is nothing to wait for.
        s.fired = true;
        s.error = enotsup;
        break;
      default: return einval;
    }
    return esuccess;
  }
  if (tag == kEventFdRead || tag == kEventFdWrite) {
    mem.load(at + layout::subscription_fd, s.fd);
    FdEntry* f = fds.get(s.fd);
    uint64_t right = rights::poll_fd_readwrite | (tag == kEventFdRead ? rights::fd_read : rights::fd_write);
    if (!f || f->isDirectory()) {
      s.fired = true;
      s.error = ebadf;
    } else if ((f->rights_base & right) != right) {
      s.fired = true;
      s.error = enotcapable;
    }
    return esuccess;
  }
  return einval;
}

// Files are always ready; say how much is left to read.
void fileReadiness(const FdEntry& f, Subscription& s) {
  s.fired = true;
  if (s.type != kEventFdRead) return;
  struct stat st;
  off_t pos = ::lseek(f.host_fd, 0, SEEK_CUR);
  if (::fstat(f.host_fd, &st) == 0 && pos >= 0) {
    s.nbytes = st.st_size > pos ? static_cast<uint64_t>(st.st_size - pos) : 0;
    if (s.nbytes == 0) s.flags |= kEventFdReadwriteHangup;
  }
}

// In-memory stdio never blocks: input says what is left (hangup at its
// end), output is always writable.
void memoryReadiness(const MemoryStream& m, Subscription& s) {
  s.fired = true;
  if (s.type != kEventFdRead) return;
  s.nbytes = m.size - m.pos;
  if (s.nbytes == 0) s.flags |= kEventFdReadwriteHangup;
}

void writeEvent(GuestMemory& mem, uint64_t at, const Subscription& s) {
  uint8_t zeros[layout::event_size] = {};
  mem.storeBytes(at, zeros, sizeof zeros);
  mem.store<uint64_t>(at + layout::event_userdata, s.userdata);
  mem.store<uint16_t>(at + layout::event_error, s.error);
  mem.store<uint8_t>(at + layout::event_type, s.type);
  if (s.type != kEventClock) {
    mem.store<uint64_t>(at + layout::event_nbytes, s.nbytes);
    mem.store<uint16_t>(at + layout::event_flags, s.flags);
  }
}

}  // namespace

Errno wasi_poll_oneoff(WasiCall& call) {
  uint32_t in = call.u32(0), out = call.u32(1), n = call.u32(2), nevents_out = call.u32(3);
  if (n == 0) return einval;  // would wait forever (witx)
  GuestMemory& mem = call.memory();
  if (!mem.contains(in, uint64_t{n} * layout::subscription_size) ||
      !mem.contains(out, uint64_t{n} * layout::event_size) || !mem.contains(nevents_out, 4))
    return efault;

  FdTable& fds = call.ctx().fds();
  std::vector<Subscription> subs(n);
  std::vector<pollfd> pollfds;
  bool any_ready = false;
  bool any_clock = false;
  uint64_t earliest = UINT64_MAX;
  for (uint32_t i = 0; i < n; ++i) {
    Subscription& s = subs[i];
    if (Errno e = readSubscription(mem, in + uint64_t{i} * layout::subscription_size, s, fds)) return e;
    if (s.fired) {
      any_ready = true;
      continue;
    }
    if (s.type == kEventClock) {
      any_clock = true;
      if (s.deadline < earliest) earliest = s.deadline;
      continue;
    }
    const FdEntry& f = *fds.get(s.fd);
    if (f.memory) {
      memoryReadiness(*f.memory, s);
      any_ready = true;
      continue;
    }
    if (f.filetype == kFiletypeRegularFile || f.filetype == kFiletypeBlockDevice) {
      fileReadiness(f, s);
      any_ready = true;
      continue;
    }
    s.poll_index = static_cast<int>(pollfds.size());
    pollfds.push_back({f.host_fd, static_cast<short>(s.type == kEventFdRead ? POLLIN : POLLOUT), 0});
  }

  // Wait (not at all when something is ready already) until a descriptor is
  // ready or the earliest deadline passes. The wait goes in slices so that an
  // interrupted store (a timeout, a host stopping its guest) gets its guest
  // back within one slice, as a trap, however long the guest meant to sleep.
  constexpr uint64_t kSliceNs = 10'000'000;
  for (;;) {
    if (call.interrupted()) {
      call.fail(Error::make(ErrorKind::Trap, "interrupted"));
      return esuccess;
    }
    uint64_t now = nowNs(CLOCK_MONOTONIC);
    bool clock_due = any_clock && earliest <= now;
    if (pollfds.empty() && (any_ready || clock_due)) break;
    timespec timeout{0, 0};
    if (!any_ready && !clock_due) {
      uint64_t wait = any_clock ? std::min(earliest - now, kSliceNs) : kSliceNs;
      timeout.tv_sec = static_cast<time_t>(wait / 1'000'000'000ull);
      timeout.tv_nsec = static_cast<long>(wait % 1'000'000'000ull);
    }
    int r = pollfds.empty() ? ::nanosleep(&timeout, nullptr)
                            : ::ppoll(pollfds.data(), pollfds.size(), &timeout, nullptr);
    if (r < 0 && errno != EINTR) return lastHostError();
    if (r > 0 && !pollfds.empty()) break;
    if (any_ready || clock_due) break;
    if (any_clock && nowNs(CLOCK_MONOTONIC) >= earliest) break;
  }

  // Descriptor events.
  for (Subscription& s : subs) {
    if (s.poll_index < 0) continue;
    const pollfd& p = pollfds[s.poll_index];
    if (!p.revents) continue;
    s.fired = true;
    if (p.revents & POLLNVAL) {
      s.error = ebadf;
    } else if (s.type == kEventFdRead) {
      int avail = 0;
      if (::ioctl(p.fd, FIONREAD, &avail) == 0 && avail > 0) s.nbytes = static_cast<uint64_t>(avail);
      if ((p.revents & POLLHUP) && s.nbytes == 0) s.flags |= kEventFdReadwriteHangup;
    } else if (p.revents & (POLLHUP | POLLERR)) {
      s.flags |= kEventFdReadwriteHangup;
    }
  }
  // Clock events.
  uint64_t now = nowNs(CLOCK_MONOTONIC);
  for (Subscription& s : subs)
    if (s.type == kEventClock && !s.fired && s.deadline <= now) s.fired = true;

  uint32_t count = 0;
  for (const Subscription& s : subs) {
    if (!s.fired) continue;
    writeEvent(mem, out + uint64_t{count} * layout::event_size, s);
    ++count;
  }
  return call.store<uint32_t>(nevents_out, count);
}

}  // namespace petrel::internal::wasi
