// The Linux backends of petrel_hw: character devices, opened when a guest
// first opens the bus, chip, device or port they stand for.
//   I2C   /dev/i2c-N, one I2C_RDWR ioctl per call (write-read: two messages,
//         a repeated start between them)
//   GPIO  /dev/gpiochipN, the v2 uAPI: GPIO_V2_GET_LINE_IOCTL per line,
//         GET/SET_VALUES, edge events read after poll() with the timeout
//   SPI   /dev/spidevB.C, SPI_IOC_MESSAGE (mode set with SPI_IOC_WR_MODE when
//         it changes; speed per transfer)
//   UART  a tty in raw mode (termios), poll() for the timeouts
//   clock CLOCK_MONOTONIC; delays sleep in slices that stop on interruption
// Host-only (the one part of src/hw that calls the OS). Every system call
// goes through a LinuxSys (linux_sys.h): the real one unless a test gives
// a fake kernel.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hw/devices.h"
#include "hw/linux_sys.h"

namespace petrel::internal::hw {

// errno of a failed device call as a guest error code.
int32_t hwErrorFromErrno(int error);

class LinuxClock final : public HwClock {
 public:
  explicit LinuxClock(LinuxSys& sys = realLinuxSys()) : sys_(sys) {}
  uint64_t nowUs() override;
  void delayUs(uint32_t us, const WaitControl& wait) override;

 private:
  LinuxSys& sys_;
};

// Each opens `path`; on failure null, with the guest error in `error`. The
// device keeps `sys` (which must outlive it) for all its calls.
std::unique_ptr<I2cBus> openLinuxI2c(const std::string& path, int32_t& error, LinuxSys& sys = realLinuxSys());
std::unique_ptr<GpioChip> openLinuxGpioChip(const std::string& path, int32_t& error, LinuxSys& sys = realLinuxSys());
std::unique_ptr<SpiDevice> openLinuxSpi(const std::string& path, int32_t& error, LinuxSys& sys = realLinuxSys());
std::unique_ptr<Uart> openLinuxUart(const std::string& path, int32_t& error, LinuxSys& sys = realLinuxSys());

// The guest's numbers to device paths: I2C bus N is /dev/i2c-N and GPIO chip
// N /dev/gpiochipN (under `dev_dir`, /dev unless a test says otherwise);
// SPI device and UART port numbers index `spi_paths` and `uart_paths`.
// All devices and the clock make their calls through `sys`, which must
// outlive the backends.
class LinuxBackends final : public HwBackends {
 public:
  LinuxBackends(std::vector<std::string> spi_paths, std::vector<std::string> uart_paths,
                std::string dev_dir = "/dev", LinuxSys& sys = realLinuxSys());
  ~LinuxBackends() override;

  int32_t i2cBus(uint32_t bus, I2cBus*& out) override;
  int32_t gpioChip(uint32_t chip, GpioChip*& out) override;
  int32_t spiDevice(uint32_t dev, SpiDevice*& out) override;
  int32_t uart(uint32_t port, Uart*& out) override;
  HwClock& clock() override { return clock_; }

 private:
  template <class T>
  struct Opened {
    uint32_t number;
    std::unique_ptr<T> device;
  };
  std::vector<std::string> spi_paths_, uart_paths_;
  std::string dev_dir_;
  std::vector<Opened<I2cBus>> i2c_;
  std::vector<Opened<GpioChip>> gpio_;
  std::vector<Opened<SpiDevice>> spi_;
  std::vector<Opened<Uart>> uart_;
  LinuxSys& sys_;
  LinuxClock clock_;
};

}  // namespace petrel::internal::hw
