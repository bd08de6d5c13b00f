// Descriptors for the Linux backends, all through a LinuxSys: one that
// closes itself, opening a device node with the guest's error for a
// failure, and poll() for one descriptor in slices.
#pragma once

#include <fcntl.h>
#include <poll.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "hw/devices.h"
#include "hw/linux_sys.h"

namespace petrel::internal::hw {

int32_t hwErrorFromErrno(int error);  // linux_backends.cpp

class LinuxFd {
 public:
  LinuxFd(LinuxSys& sys, int fd) : sys_(sys), fd_(fd) {}
  ~LinuxFd() {
    if (fd_ >= 0) sys_.close(fd_);
  }
  LinuxFd(const LinuxFd&) = delete;
  LinuxFd& operator=(const LinuxFd&) = delete;
  int get() const { return fd_; }
  LinuxSys& sys() const { return sys_; }

 private:
  LinuxSys& sys_;
  int fd_;
};

// Opens `path` (O_CLOEXEC added); on failure -1 with the guest's error in
// `error`: a node that does not exist is a device that does not, IO.
inline int openDeviceNode(LinuxSys& sys, const std::string& path, int flags, int32_t& error) {
  int fd = sys.open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) error = errno == ENOENT ? kHw_ERR_IO : hwErrorFromErrno(errno);
  return fd;
}

// Waits until `fd` has `events` (1), the timeout passes (0; timeout_ms < 0:
// none) or the store is interrupted (0), in slices of at most 50 ms so that
// an interruption is seen soon. -1 with errno set when poll fails.
inline int pollSliced(LinuxSys& sys, int fd, short events, int32_t timeout_ms, const WaitControl& wait) {
  int64_t left = timeout_ms;
  while (true) {
    int slice = 50;
    if (timeout_ms >= 0 && left < slice) slice = static_cast<int>(left);
    pollfd p{fd, events, 0};
    int r = sys.poll(&p, 1, slice);
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
