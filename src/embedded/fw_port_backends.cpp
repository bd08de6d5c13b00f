// The petrel_hw backends of a microcontroller port: hw/devices.h's classes
// over the C functions of petrel_port_hw (include/petrel_port.h), so a port
// writes plain C and the binding (hw/hw_host.h) stays the one every host uses.
#include "embedded/fw_internal.h"
#include "hw/devices.h"
#include "petrel_port.h"

namespace petrel::internal::fw {
namespace {

using hw::kHw_ERR_UNSUPPORTED;

class PortClock final : public hw::HwClock {
 public:
  uint64_t nowUs() override { return petrel_port_clock_us(); }
  void delayUs(uint32_t us, const hw::WaitControl&) override { petrel_port_delay_us(us); }
};

class PortI2c final : public hw::I2cBus {
 public:
  PortI2c(const petrel_port_hw& p, uint32_t bus) : p_(p), bus_(bus) {}
  int32_t read(uint16_t addr, uint8_t* buf, uint32_t len) override {
    return p_.i2c_read ? p_.i2c_read(bus_, addr, buf, len) : kHw_ERR_UNSUPPORTED;
  }
  int32_t write(uint16_t addr, const uint8_t* buf, uint32_t len) override {
    return p_.i2c_write ? p_.i2c_write(bus_, addr, buf, len) : kHw_ERR_UNSUPPORTED;
  }
  int32_t writeRead(uint16_t addr, const uint8_t* w, uint32_t wlen, uint8_t* r, uint32_t rlen) override {
    return p_.i2c_write_read ? p_.i2c_write_read(bus_, addr, w, wlen, r, rlen) : kHw_ERR_UNSUPPORTED;
  }

 private:
  const petrel_port_hw& p_;
  uint32_t bus_;
};

class PortGpioLine final : public hw::GpioLine {
 public:
  PortGpioLine(const petrel_port_hw& p, uint32_t chip, uint32_t line) : p_(p), chip_(chip), line_(line) {}
  ~PortGpioLine() override {
    if (p_.gpio_release) p_.gpio_release(chip_, line_);
  }
  int32_t read() override { return p_.gpio_read ? p_.gpio_read(chip_, line_) : kHw_ERR_UNSUPPORTED; }
  int32_t write(bool active) override {
    return p_.gpio_write ? p_.gpio_write(chip_, line_, active ? 1 : 0) : kHw_ERR_UNSUPPORTED;
  }
  int32_t waitEdge(int32_t timeout_ms, const hw::WaitControl&) override {
    return p_.gpio_wait_edge ? p_.gpio_wait_edge(chip_, line_, timeout_ms) : kHw_ERR_UNSUPPORTED;
  }

 private:
  const petrel_port_hw& p_;
  uint32_t chip_, line_;
};

class PortGpioChip final : public hw::GpioChip {
 public:
  PortGpioChip(const petrel_port_hw& p, uint32_t chip) : p_(p), chip_(chip) {}
  int32_t requestLine(uint32_t line, uint32_t flags, hw::GpioLine*& out) override {
    if (!p_.gpio_configure) return kHw_ERR_UNSUPPORTED;
    int32_t r = p_.gpio_configure(chip_, line, flags);
    if (r < 0) return r;
    out = new PortGpioLine(p_, chip_, line);
    return 0;
  }

 private:
  const petrel_port_hw& p_;
  uint32_t chip_;
};

class PortSpi final : public hw::SpiDevice {
 public:
  PortSpi(const petrel_port_hw& p, uint32_t dev) : p_(p), dev_(dev) {}
  int32_t transfer(const hw::SpiSettings& s, const uint8_t* tx, uint8_t* rx, uint32_t len) override {
    return p_.spi_transfer ? p_.spi_transfer(dev_, s.mode, s.speed_hz, tx, rx, len) : kHw_ERR_UNSUPPORTED;
  }
  int32_t writeRead(const hw::SpiSettings& s, const uint8_t* tx, uint32_t tx_len, uint8_t* rx,
                    uint32_t rx_len) override {
    return p_.spi_write_read ? p_.spi_write_read(dev_, s.mode, s.speed_hz, tx, tx_len, rx, rx_len)
                             : kHw_ERR_UNSUPPORTED;
  }

 private:
  const petrel_port_hw& p_;
  uint32_t dev_;
};

class PortUart final : public hw::Uart {
 public:
  PortUart(const petrel_port_hw& p, uint32_t port) : p_(p), port_(port) {}
  int32_t configure(uint32_t baud) override {
    return p_.uart_configure ? p_.uart_configure(port_, baud) : kHw_ERR_UNSUPPORTED;
  }
  int32_t write(const uint8_t* buf, uint32_t len, int32_t timeout_ms, const hw::WaitControl&) override {
    return p_.uart_write ? p_.uart_write(port_, buf, len, timeout_ms) : kHw_ERR_UNSUPPORTED;
  }
  int32_t read(uint8_t* buf, uint32_t len, int32_t timeout_ms, const hw::WaitControl&) override {
    return p_.uart_read ? p_.uart_read(port_, buf, len, timeout_ms) : kHw_ERR_UNSUPPORTED;
  }

 private:
  const petrel_port_hw& p_;
  uint32_t port_;
};

// Device objects per number, made on first use and kept (devices outlive
// every handle, as hw/devices.h asks). Numbers past kMaxUnits are refused.
class PortBackends final : public hw::HwBackends {
 public:
  static constexpr uint32_t kMaxUnits = 8;
  explicit PortBackends(const petrel_port_hw& p) : p_(p) {}
  int32_t i2cBus(uint32_t bus, hw::I2cBus*& out) override { return unit(i2c_, bus, out); }
  int32_t gpioChip(uint32_t chip, hw::GpioChip*& out) override { return unit(gpio_, chip, out); }
  int32_t spiDevice(uint32_t dev, hw::SpiDevice*& out) override { return unit(spi_, dev, out); }
  int32_t uart(uint32_t port, hw::Uart*& out) override { return unit(uart_, port, out); }
  hw::HwClock& clock() override { return clock_; }

 private:
  template <class Device, class Base>
  int32_t unit(Device* (&units)[kMaxUnits], uint32_t n, Base*& out) {
    if (n >= kMaxUnits) return hw::kHw_ERR_IO;
    if (!units[n]) units[n] = new Device(p_, n);
    out = units[n];
    return 0;
  }
  const petrel_port_hw& p_;
  PortClock clock_;
  PortI2c* i2c_[kMaxUnits] = {};
  PortGpioChip* gpio_[kMaxUnits] = {};
  PortSpi* spi_[kMaxUnits] = {};
  PortUart* uart_[kMaxUnits] = {};
};

}  // namespace

hw::HwBackends* portBackends() {
  static PortBackends* backends = nullptr;
  if (!backends) {
    const petrel_port_hw* p = petrel_port_hardware();
    if (!p) return nullptr;
    backends = new PortBackends(*p);
  }
  return backends;
}

}  // namespace petrel::internal::fw
