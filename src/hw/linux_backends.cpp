// The Linux backends' provider, the clock and the errno mapping (the
// devices themselves: linux_gpio.cpp, linux_i2c_spi.cpp, linux_uart.cpp).
#include "hw/linux_backends.h"

#include <cerrno>
#include <ctime>

namespace petrel::internal::hw {

int32_t hwErrorFromErrno(int error) {
  switch (error) {
    case ENXIO:      // I2C: address not acknowledged
    case EREMOTEIO:  // I2C: data byte not acknowledged (some adapters: address too)
      return kHw_ERR_NACK;
    case EAGAIN:  // I2C: arbitration lost
    case EPROTO:
      return kHw_ERR_BUS;
    case ETIMEDOUT:
      return kHw_ERR_TIMEOUT;
    case EBUSY:
      return kHw_ERR_BUSY;
    case EINVAL:
    case ERANGE:
      return kHw_ERR_INVALID;
    case EOPNOTSUPP:
    case ENOTTY:  // not the device we expected (an ioctl it does not know)
    case ENOSYS:
      return kHw_ERR_UNSUPPORTED;
    case EACCES:
    case EPERM:
      return kHw_ERR_NOT_GRANTED;  // granted by the command line, refused by the host
  }
  return kHw_ERR_IO;
}

uint64_t LinuxClock::nowUs() {
  timespec ts{};
  sys_.clockGettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000 + static_cast<uint64_t>(ts.tv_nsec) / 1000;
}

void LinuxClock::delayUs(uint32_t us, const WaitControl& wait) {
  // In slices of at most 10 ms, so an interrupted store (--timeout) stops
  // the guest soon after, even in the middle of a long delay.
  uint64_t end = nowUs() + us;
  while (true) {
    uint64_t now = nowUs();
    if (now >= end || wait.stop()) return;
    uint64_t left = end - now;
    if (left > 10000) left = 10000;
    timespec ts{0, static_cast<long>(left * 1000)};
    sys_.nanosleep(&ts);
  }
}

LinuxBackends::LinuxBackends(std::vector<std::string> spi_paths, std::vector<std::string> uart_paths,
                             std::string dev_dir, LinuxSys& sys)
    : spi_paths_(std::move(spi_paths)), uart_paths_(std::move(uart_paths)), dev_dir_(std::move(dev_dir)), sys_(sys),
      clock_(sys) {}

LinuxBackends::~LinuxBackends() = default;

namespace {

// The device already opened for `number`, or opened now with `open(path)`.
template <class T, class Open>
int32_t openOnce(std::vector<T>& opened, uint32_t number, const std::string& path, Open open, LinuxSys& sys,
                 decltype(opened[0].device.get())& out) {
  for (T& o : opened)
    if (o.number == number) {
      out = o.device.get();
      return kHw_OK;
    }
  int32_t error = kHw_ERR_IO;
  auto device = open(path, error, sys);
  if (!device) return error;
  out = device.get();
  opened.push_back({number, std::move(device)});
  return kHw_OK;
}

}  // namespace

int32_t LinuxBackends::i2cBus(uint32_t bus, I2cBus*& out) {
  return openOnce(i2c_, bus, dev_dir_ + "/i2c-" + std::to_string(bus), openLinuxI2c, sys_, out);
}

int32_t LinuxBackends::gpioChip(uint32_t chip, GpioChip*& out) {
  return openOnce(gpio_, chip, dev_dir_ + "/gpiochip" + std::to_string(chip), openLinuxGpioChip, sys_, out);
}

int32_t LinuxBackends::spiDevice(uint32_t dev, SpiDevice*& out) {
  if (dev >= spi_paths_.size()) return kHw_ERR_NOT_GRANTED;
  return openOnce(spi_, dev, spi_paths_[dev], openLinuxSpi, sys_, out);
}

int32_t LinuxBackends::uart(uint32_t port, Uart*& out) {
  if (port >= uart_paths_.size()) return kHw_ERR_NOT_GRANTED;
  return openOnce(uart_, port, uart_paths_[port], openLinuxUart, sys_, out);
}

}  // namespace petrel::internal::hw
