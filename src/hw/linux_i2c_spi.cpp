// I2C through /dev/i2c-N (I2C_RDWR: the whole call is one transaction) and
// SPI through spidev (SPI_IOC_MESSAGE: one chip select per call).
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <linux/spi/spidev.h>

#include <cstring>

#include "hw/linux_backends.h"
#include "hw/linux_fd.h"

namespace petrel::internal::hw {

namespace {

class LinuxI2c final : public I2cBus {
 public:
  LinuxI2c(LinuxSys& sys, int fd) : fd_(sys, fd) {}

  int32_t read(uint16_t addr, uint8_t* buf, uint32_t len) override {
    i2c_msg m{addr, I2C_M_RD, static_cast<uint16_t>(len), buf};
    return transfer(&m, 1, len);
  }
  int32_t write(uint16_t addr, const uint8_t* buf, uint32_t len) override {
    // The kernel only reads a write message's buffer.
    i2c_msg m{addr, 0, static_cast<uint16_t>(len), const_cast<uint8_t*>(buf)};
    return transfer(&m, 1, len);
  }
  int32_t writeRead(uint16_t addr, const uint8_t* wbuf, uint32_t wlen, uint8_t* rbuf, uint32_t rlen) override {
    i2c_msg m[2] = {{addr, 0, static_cast<uint16_t>(wlen), const_cast<uint8_t*>(wbuf)},
                    {addr, I2C_M_RD, static_cast<uint16_t>(rlen), rbuf}};
    return transfer(m, 2, rlen);
  }

 private:
  int32_t transfer(i2c_msg* msgs, uint32_t n, uint32_t result) {
    i2c_rdwr_ioctl_data data{msgs, n};
    int r = fd_.sys().ioctl(fd_.get(), I2C_RDWR, &data);
    if (r < 0) return hwErrorFromErrno(errno);
    // The kernel answers with the number of messages done; an adapter may
    // stop early without an error, and then the guest's data is not all
    // there.
    if (static_cast<uint32_t>(r) != n) return kHw_ERR_IO;
    return static_cast<int32_t>(result);
  }
  LinuxFd fd_;
};

class LinuxSpi final : public SpiDevice {
 public:
  LinuxSpi(LinuxSys& sys, int fd) : fd_(sys, fd) {}

  int32_t transfer(const SpiSettings& s, const uint8_t* tx, uint8_t* rx, uint32_t len) override {
    if (int32_t r = setMode(s.mode)) return r;
    spi_ioc_transfer t;
    std::memset(&t, 0, sizeof t);
    t.tx_buf = reinterpret_cast<uintptr_t>(tx);
    t.rx_buf = reinterpret_cast<uintptr_t>(rx);
    t.len = len;
    t.speed_hz = s.speed_hz;
    t.bits_per_word = 8;
    int r = fd_.sys().ioctl(fd_.get(), SPI_IOC_MESSAGE(1), &t);
    if (r < 0) return hwErrorFromErrno(errno);
    if (static_cast<uint32_t>(r) != len) return kHw_ERR_IO;  // spidev answers with the bytes clocked
    return static_cast<int32_t>(len);
  }

  int32_t writeRead(const SpiSettings& s, const uint8_t* tx, uint32_t tx_len, uint8_t* rx, uint32_t rx_len) override {
    if (int32_t r = setMode(s.mode)) return r;
    spi_ioc_transfer t[2];
    std::memset(t, 0, sizeof t);
    t[0].tx_buf = reinterpret_cast<uintptr_t>(tx);
    t[0].len = tx_len;
    t[1].rx_buf = reinterpret_cast<uintptr_t>(rx);
    t[1].len = rx_len;
    for (spi_ioc_transfer& x : t) {
      x.speed_hz = s.speed_hz;
      x.bits_per_word = 8;
    }
    // Chip select stays asserted between the two (cs_change 0). spidev
    // rejects zero-length transfers on some controllers: skip an empty half.
    spi_ioc_transfer* first = tx_len ? &t[0] : &t[1];
    unsigned count = (tx_len ? 1 : 0) + (rx_len ? 1 : 0);
    if (count == 0) return 0;
    int r = fd_.sys().ioctl(fd_.get(), count == 2 ? SPI_IOC_MESSAGE(2) : SPI_IOC_MESSAGE(1), first);
    if (r < 0) return hwErrorFromErrno(errno);
    if (static_cast<uint32_t>(r) != tx_len + rx_len) return kHw_ERR_IO;
    return static_cast<int32_t>(rx_len);
  }

 private:
  int32_t setMode(uint8_t mode) {
    if (mode == mode_) return kHw_OK;
    if (fd_.sys().ioctl(fd_.get(), SPI_IOC_WR_MODE, &mode) < 0) return hwErrorFromErrno(errno);
    mode_ = mode;
    return kHw_OK;
  }
  LinuxFd fd_;
  int mode_ = -1;  // not set by us yet
};

}  // namespace

std::unique_ptr<I2cBus> openLinuxI2c(const std::string& path, int32_t& error, LinuxSys& sys) {
  int fd = openDeviceNode(sys, path, O_RDWR, error);
  if (fd < 0) return nullptr;
  auto bus = std::make_unique<LinuxI2c>(sys, fd);  // closes fd if it cannot be used
  // An adapter that cannot do plain I2C messages (SMBus-only) cannot serve
  // these calls.
  unsigned long funcs = 0;
  if (sys.ioctl(fd, I2C_FUNCS, &funcs) < 0 || !(funcs & I2C_FUNC_I2C)) {
    error = kHw_ERR_UNSUPPORTED;
    return nullptr;
  }
  return bus;
}

std::unique_ptr<SpiDevice> openLinuxSpi(const std::string& path, int32_t& error, LinuxSys& sys) {
  int fd = openDeviceNode(sys, path, O_RDWR, error);
  if (fd < 0) return nullptr;
  return std::make_unique<LinuxSpi>(sys, fd);
}

}  // namespace petrel::internal::hw
