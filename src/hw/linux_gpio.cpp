// GPIO through the gpiochip v2 character device (linux/gpio.h): one line
// request per handle, logical values (the kernel applies active-low), edge
// events read from the request's descriptor after poll().
#include <linux/gpio.h>

#include <cstring>

#include "hw/linux_backends.h"
#include "hw/linux_fd.h"

namespace petrel::internal::hw {

namespace {

class LinuxGpioLine final : public GpioLine {
 public:
  LinuxGpioLine(LinuxSys& sys, int fd, bool output, bool edges) : fd_(sys, fd), output_(output), edges_(edges) {}

  int32_t read() override {
    gpio_v2_line_values v{};
    v.mask = 1;
    if (fd_.sys().ioctl(fd_.get(), GPIO_V2_LINE_GET_VALUES_IOCTL, &v) < 0) return hwErrorFromErrno(errno);
    return (v.bits & 1) ? 1 : 0;
  }

  int32_t write(bool active) override {
    if (!output_) return kHw_ERR_INVALID;
    gpio_v2_line_values v{};
    v.mask = 1;
    v.bits = active ? 1 : 0;
    if (fd_.sys().ioctl(fd_.get(), GPIO_V2_LINE_SET_VALUES_IOCTL, &v) < 0) return hwErrorFromErrno(errno);
    return kHw_OK;
  }

  int32_t waitEdge(int32_t timeout_ms, const WaitControl& wait) override {
    if (!edges_) return kHw_ERR_UNSUPPORTED;
    int r = pollSliced(fd_.sys(), fd_.get(), POLLIN, timeout_ms, wait);
    if (r < 0) return hwErrorFromErrno(errno);
    if (r == 0) return kHw_ERR_TIMEOUT;
    gpio_v2_line_event event;
    ssize_t n = fd_.sys().read(fd_.get(), &event, sizeof event);
    if (n < 0) return hwErrorFromErrno(errno);
    if (n != static_cast<ssize_t>(sizeof event)) return kHw_ERR_IO;
    return event.id == GPIO_V2_LINE_EVENT_RISING_EDGE ? kEdgeRisingEvent : kEdgeFallingEvent;
  }

 private:
  LinuxFd fd_;
  bool output_, edges_;
};

class LinuxGpioChip final : public GpioChip {
 public:
  LinuxGpioChip(LinuxSys& sys, int fd) : fd_(sys, fd) {}

  int32_t requestLine(uint32_t line, uint32_t flags, GpioLine*& out) override {
    gpio_v2_line_request req;
    std::memset(&req, 0, sizeof req);
    req.offsets[0] = line;
    req.num_lines = 1;
    std::strncpy(req.consumer, "petrel", sizeof req.consumer - 1);
    bool output = flags & gpio_flags::kOutput;
    bool edges = flags & (gpio_flags::kEdgeRising | gpio_flags::kEdgeFalling);
    uint64_t f = output ? GPIO_V2_LINE_FLAG_OUTPUT : GPIO_V2_LINE_FLAG_INPUT;
    if (flags & gpio_flags::kActiveLow) f |= GPIO_V2_LINE_FLAG_ACTIVE_LOW;
    switch ((flags & gpio_flags::kBiasMask) >> gpio_flags::kBiasShift) {
      case gpio_flags::kBiasPullUp: f |= GPIO_V2_LINE_FLAG_BIAS_PULL_UP; break;
      case gpio_flags::kBiasPullDown: f |= GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN; break;
      case gpio_flags::kBiasDisabled: f |= GPIO_V2_LINE_FLAG_BIAS_DISABLED; break;
    }
    if (flags & gpio_flags::kEdgeRising) f |= GPIO_V2_LINE_FLAG_EDGE_RISING;
    if (flags & gpio_flags::kEdgeFalling) f |= GPIO_V2_LINE_FLAG_EDGE_FALLING;
    req.config.flags = f;
    if (output) {
      // The initial level, so the line never glitches to the other one.
      req.config.num_attrs = 1;
      req.config.attrs[0].mask = 1;
      req.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
      req.config.attrs[0].attr.values = (flags & gpio_flags::kInitialActive) ? 1 : 0;
    }
    if (edges) req.event_buffer_size = 16;
    if (fd_.sys().ioctl(fd_.get(), GPIO_V2_GET_LINE_IOCTL, &req) < 0) return hwErrorFromErrno(errno);
    out = new LinuxGpioLine(fd_.sys(), req.fd, output, edges);
    return kHw_OK;
  }

 private:
  LinuxFd fd_;
};

}  // namespace

std::unique_ptr<GpioChip> openLinuxGpioChip(const std::string& path, int32_t& error, LinuxSys& sys) {
  int fd = openDeviceNode(sys, path, O_RDWR, error);
  if (fd < 0) return nullptr;
  return std::make_unique<LinuxGpioChip>(sys, fd);
}

}  // namespace petrel::internal::hw
