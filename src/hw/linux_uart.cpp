// A UART through a tty: raw mode (no echo, no line editing, no character
// translation), 8N1 at the guest's baud rate, non-blocking I/O with poll()
// for the timeouts.
#include <termios.h>

#include "hw/linux_backends.h"
#include "hw/linux_fd.h"

namespace petrel::internal::hw {

namespace {

bool baudConstant(uint32_t baud, speed_t& out) {
  static const struct {
    uint32_t rate;
    speed_t constant;
  } kRates[] = {{1200, B1200},       {2400, B2400},       {4800, B4800},       {9600, B9600},
                {19200, B19200},     {38400, B38400},     {57600, B57600},     {115200, B115200},
                {230400, B230400},   {460800, B460800},   {500000, B500000},   {576000, B576000},
                {921600, B921600},   {1000000, B1000000}, {1152000, B1152000}, {1500000, B1500000},
                {2000000, B2000000}, {3000000, B3000000}, {4000000, B4000000}};
  for (const auto& r : kRates)
    if (r.rate == baud) {
      out = r.constant;
      return true;
    }
  return false;
}

class LinuxUart final : public Uart {
 public:
  LinuxUart(LinuxSys& sys, int fd) : fd_(sys, fd) {}

  int32_t configure(uint32_t baud) override {
    speed_t speed;
    if (!baudConstant(baud, speed)) return kHw_ERR_INVALID;
    termios t;
    if (fd_.sys().tcgetattr(fd_.get(), &t) < 0) return hwErrorFromErrno(errno);
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (cfsetispeed(&t, speed) < 0 || cfsetospeed(&t, speed) < 0) return kHw_ERR_INVALID;
    if (fd_.sys().tcsetattr(fd_.get(), TCSANOW, &t) < 0) return hwErrorFromErrno(errno);
    return kHw_OK;
  }

  int32_t write(const uint8_t* buf, uint32_t len, int32_t timeout_ms, const WaitControl& wait) override {
    uint32_t done = 0;
    while (done < len) {
      ssize_t n = fd_.sys().write(fd_.get(), buf + done, len - done);
      if (n > 0) {
        done += static_cast<uint32_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EINTR) return done ? static_cast<int32_t>(done) : hwErrorFromErrno(errno);
      // The output buffer is full: wait for room, within the timeout.
      int r = pollSliced(fd_.sys(), fd_.get(), POLLOUT, timeout_ms, wait);
      if (r < 0) return done ? static_cast<int32_t>(done) : hwErrorFromErrno(errno);
      if (r == 0) break;
    }
    if (done == 0 && len > 0) return kHw_ERR_TIMEOUT;
    return static_cast<int32_t>(done);
  }

  int32_t read(uint8_t* buf, uint32_t len, int32_t timeout_ms, const WaitControl& wait) override {
    bool readable = false;
    while (true) {
      ssize_t n = fd_.sys().read(fd_.get(), buf, len);
      if (n > 0) return static_cast<int32_t>(n);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return hwErrorFromErrno(errno);
      if (n == 0 && readable) return kHw_ERR_IO;  // readable yet nothing: the other end hung up
      int r = pollSliced(fd_.sys(), fd_.get(), POLLIN, timeout_ms, wait);
      if (r < 0) return hwErrorFromErrno(errno);
      if (r == 0) return kHw_ERR_TIMEOUT;
      readable = true;
    }
  }

 private:
  LinuxFd fd_;
};

}  // namespace

std::unique_ptr<Uart> openLinuxUart(const std::string& path, int32_t& error, LinuxSys& sys) {
  int fd = openDeviceNode(sys, path, O_RDWR | O_NOCTTY | O_NONBLOCK, error);
  if (fd < 0) return nullptr;
  auto uart = std::make_unique<LinuxUart>(sys, fd);  // closes fd if it is not a tty
  if (!sys.isatty(fd)) {
    error = kHw_ERR_UNSUPPORTED;
    return nullptr;
  }
  return uart;
}

}  // namespace petrel::internal::hw
