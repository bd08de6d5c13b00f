// realLinuxSys(): the Linux backends' system calls, forwarded to the kernel
// unchanged.
#include "hw/linux_sys.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace petrel::internal::hw {

namespace {

class RealLinuxSys final : public LinuxSys {
 public:
  int open(const char* path, int flags) override { return ::open(path, flags); }
  int close(int fd) override { return ::close(fd); }
  int ioctl(int fd, unsigned long request, void* arg) override { return ::ioctl(fd, request, arg); }
  ssize_t read(int fd, void* buf, size_t len) override { return ::read(fd, buf, len); }
  ssize_t write(int fd, const void* buf, size_t len) override { return ::write(fd, buf, len); }
  int poll(pollfd* fds, nfds_t count, int timeout_ms) override { return ::poll(fds, count, timeout_ms); }
  int isatty(int fd) override { return ::isatty(fd); }
  int tcgetattr(int fd, termios* t) override { return ::tcgetattr(fd, t); }
  int tcsetattr(int fd, int when, const termios* t) override { return ::tcsetattr(fd, when, t); }
  int clockGettime(clockid_t clock, timespec* ts) override { return ::clock_gettime(clock, ts); }
  int nanosleep(const timespec* ts) override { return ::nanosleep(ts, nullptr); }
};

}  // namespace

LinuxSys& realLinuxSys() {
  static RealLinuxSys sys;
  return sys;
}

}  // namespace petrel::internal::hw
