// The system calls the Linux backends make, behind one interface of their
// own. The backends make no OS call except through a LinuxSys, so a test can
// put a fake kernel behind them (tests/unit/hw_fake_kernel.h) and drive the
// gpiochip, i2c-dev and spidev paths without devices, kernel modules or
// LD_PRELOAD. Production uses realLinuxSys(), which forwards each call
// unchanged; one virtual call next to a system call costs nothing that
// matters.
//
// Every method has the contract of the call it is named after: the same
// arguments, -1 (a negative result) with errno set on failure.
// Host-only.
#pragma once

#include <poll.h>
#include <sys/types.h>
#include <termios.h>
#include <time.h>

namespace petrel::internal::hw {

class LinuxSys {
 public:
  virtual ~LinuxSys() = default;

  // Descriptors: device nodes, and the line requests gpiochip hands out.
  virtual int open(const char* path, int flags) = 0;
  virtual int close(int fd) = 0;
  virtual int ioctl(int fd, unsigned long request, void* arg) = 0;
  virtual ssize_t read(int fd, void* buf, size_t len) = 0;
  virtual ssize_t write(int fd, const void* buf, size_t len) = 0;
  virtual int poll(pollfd* fds, nfds_t count, int timeout_ms) = 0;

  // Terminals (the UART backend).
  virtual int isatty(int fd) = 0;  // 1, or 0 with errno set
  virtual int tcgetattr(int fd, termios* t) = 0;
  virtual int tcsetattr(int fd, int when, const termios* t) = 0;

  // Time (LinuxClock): a fake kernel can keep virtual time, so that a wait
  // it models takes no real time and every run gives the same result.
  virtual int clockGettime(clockid_t clock, timespec* ts) = 0;
  virtual int nanosleep(const timespec* ts) = 0;
};

// The real system calls (one instance, shared; it has no state).
LinuxSys& realLinuxSys();

}  // namespace petrel::internal::hw
