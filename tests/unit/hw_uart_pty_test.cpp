// The Linux backends without hardware: the UART over a pseudo-terminal
// pair (a real tty), and clean errors for device nodes that do not exist.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "hw/linux_backends.h"

namespace petrel::internal::hw {
namespace {

struct HwPty : ::testing::Test {
  int master = -1;
  std::string slave;
  void SetUp() override {
    master = posix_openpt(O_RDWR | O_NOCTTY);
    ASSERT_GE(master, 0);
    ASSERT_EQ(grantpt(master), 0);
    ASSERT_EQ(unlockpt(master), 0);
    slave = ptsname(master);
  }
  void TearDown() override {
    if (master >= 0) close(master);
  }
  std::string readMaster(size_t n) {
    std::string s;
    while (s.size() < n) {
      pollfd p{master, POLLIN, 0};
      if (poll(&p, 1, 1000) <= 0) break;
      char buf[256];
      ssize_t r = ::read(master, buf, sizeof buf);
      if (r <= 0) break;
      s.append(buf, size_t(r));
    }
    return s;
  }
};

TEST_F(HwPty, UartWritesReadsAndTimesOut) {
  int32_t error = 0;
  std::unique_ptr<Uart> uart = openLinuxUart(slave, error);
  ASSERT_TRUE(uart) << error;
  EXPECT_EQ(uart->configure(115200), kHw_OK);
  EXPECT_EQ(uart->configure(12345), kHw_ERR_INVALID);
  WaitControl wait;
  // Raw mode: "\n" is not turned into "\r\n", bytes pass unchanged.
  const uint8_t out[] = {'h', 'i', '\n', 0x00, 0xff};
  EXPECT_EQ(uart->write(out, sizeof out, 100, wait), 5);
  EXPECT_EQ(readMaster(5), std::string("hi\n\0\xff", 5));

  uint8_t buf[16];
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(uart->read(buf, sizeof buf, 50, wait), kHw_ERR_TIMEOUT);
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(45));
  EXPECT_LT(waited, std::chrono::seconds(2));

  ASSERT_EQ(::write(master, "abc", 3), 3);
  int32_t n = uart->read(buf, sizeof buf, 1000, wait);
  ASSERT_GT(n, 0);
  std::string got(reinterpret_cast<char*>(buf), size_t(n));
  while (got.size() < 3) {
    n = uart->read(buf, sizeof buf, 1000, wait);
    ASSERT_GT(n, 0);
    got.append(reinterpret_cast<char*>(buf), size_t(n));
  }
  EXPECT_EQ(got, "abc");
}

TEST_F(HwPty, InterruptedReadStopsEarly) {
  int32_t error = 0;
  std::unique_ptr<Uart> uart = openLinuxUart(slave, error);
  ASSERT_TRUE(uart);
  ASSERT_EQ(uart->configure(9600), kHw_OK);
  WaitControl stop{[](void*) { return true; }, nullptr};
  uint8_t b;
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(uart->read(&b, 1, -1, stop), kHw_ERR_TIMEOUT);  // forever, but interrupted
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(HwLinux, MissingDevicesAreCleanErrors) {
  int32_t error = 0;
  EXPECT_FALSE(openLinuxUart("/dev/petrel-no-such-tty", error));
  EXPECT_EQ(error, kHw_ERR_IO);
  EXPECT_FALSE(openLinuxUart("/dev/null", error));  // not a tty
  EXPECT_EQ(error, kHw_ERR_UNSUPPORTED);
  EXPECT_FALSE(openLinuxI2c("/dev/petrel-no-such-i2c", error));
  EXPECT_EQ(error, kHw_ERR_IO);
  EXPECT_FALSE(openLinuxI2c("/dev/null", error));  // no I2C_FUNCS
  EXPECT_EQ(error, kHw_ERR_UNSUPPORTED);
  EXPECT_FALSE(openLinuxGpioChip("/dev/petrel-no-such-gpiochip", error));
  EXPECT_EQ(error, kHw_ERR_IO);
  EXPECT_FALSE(openLinuxSpi("/dev/petrel-no-such-spidev", error));
  EXPECT_EQ(error, kHw_ERR_IO);

  LinuxBackends backends({"/dev/petrel-no-such-spidev"}, {}, "/dev/petrel-none");
  I2cBus* bus = nullptr;
  EXPECT_EQ(backends.i2cBus(3, bus), kHw_ERR_IO);
  GpioChip* chip = nullptr;
  EXPECT_EQ(backends.gpioChip(0, chip), kHw_ERR_IO);
  SpiDevice* spi = nullptr;
  EXPECT_EQ(backends.spiDevice(0, spi), kHw_ERR_IO);
  EXPECT_EQ(backends.spiDevice(1, spi), kHw_ERR_NOT_GRANTED);
  Uart* uart = nullptr;
  EXPECT_EQ(backends.uart(0, uart), kHw_ERR_NOT_GRANTED);
}

TEST(HwLinux, ClockAndInterruptedDelay) {
  LinuxClock clock;
  uint64_t a = clock.nowUs();
  clock.delayUs(2000, WaitControl{});
  EXPECT_GE(clock.nowUs() - a, 2000u);
  WaitControl stop{[](void*) { return true; }, nullptr};
  a = clock.nowUs();
  clock.delayUs(5000000, stop);
  EXPECT_LT(clock.nowUs() - a, 1000000u);
}

}  // namespace
}  // namespace petrel::internal::hw
