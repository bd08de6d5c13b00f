// A file descriptor that closes itself, and poll() for one descriptor in
// slices, for the Linux backends.
#pragma once

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "hw/devices.h"

namespace petrel::internal::hw {

class LinuxFd {
 public:
  explicit LinuxFd(int fd = -1) : fd_(fd) {}
  ~LinuxFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  LinuxFd(const LinuxFd&) = delete;
  LinuxFd& operator=(const LinuxFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Waits until `fd` has `events` (1), the timeout passes (0; timeout_ms < 0:
// none) or the store is interrupted (0), in slices of at most 50 ms so that
// an interruption is seen soon. -1 with errno set when poll fails.
inline int pollSliced(int fd, short events, int32_t timeout_ms, const WaitControl& wait) {
  int64_t left = timeout_ms;
  while (true) {
    int slice = 50;
    if (timeout_ms >= 0 && left < slice) slice = static_cast<int>(left);
    pollfd p{fd, events, 0};
    int r = ::poll(&p, 1, slice);
    if (r < 0 && errno != EINTR) return -1;
    if (r > 0) return 1;
    if (timeout_ms >= 0) {
      left -= slice;
      if (left <= 0) return 0;
    }
    if (wait.stop()) return 0;
  }
}

}  // namespace petrel::internal::hw
