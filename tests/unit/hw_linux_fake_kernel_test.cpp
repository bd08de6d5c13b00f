// The Linux backends on their working paths, without devices: the gpiochip,
// i2c-dev and spidev backends (and LinuxClock) make their system calls into
// a fake kernel (hw_fake_kernel.h) that implements the uapi ioctls in front
// of the simulated board's device models. A guest (hw_test_guest.h) runs
// the examples' operations through petrel_hw:
//   HwBoardExamples/*   the same calls on the simulated board and on the
//                       Linux backend + fake kernel, with the same expected
//                       results, worked out from the device model
//                       (docs/HARDWARE.md, sim_devices.h)
//   HwLinuxFakeKernel   the exact requests the kernel receives, fault
//                       injection (errno and short results become the
//                       documented error codes, and the host keeps working),
//                       descriptor hygiene
//   HwFakeKernel        the fake kernel itself rejects malformed requests,
//                       so the checks above are not vacuous
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "hw/hw_host.h"
#include "hw/linux_backends.h"
#include "hw/sim_devices.h"
#include "hw_fake_kernel.h"
#include "hw_test_guest.h"

namespace petrel::internal::hw::testing {
namespace {

using Bytes = std::vector<uint8_t>;
using Lines = std::vector<std::string>;

enum class Board { Simulated, LinuxOnFakeKernel };
void PrintTo(Board b, std::ostream* os) { *os << (b == Board::Simulated ? "SimBoard" : "LinuxOnFakeKernel"); }

// gpio_open flags (docs/HARDWARE.md), spelled out so the tests read like a guest.
constexpr int32_t kOutput = 1, kActiveLow = 2, kInitialActive = 4, kPullUp = 1 << 3, kPullDown = 2 << 3,
                  kBiasDisabled = 3 << 3, kRising = 1 << 5, kFalling = 1 << 6;

// A guest on one board: the simulated board as the backends, or the Linux
// backends over a fake kernel in front of the same board. Granted: I2C bus
// 0 at 0x48 (the sensor) and 0x50 (nobody), GPIO chip 0 lines 0-5 (line 5
// is not on the chip), SPI device 0 (/dev/spidev0.0, the flash) and 1 (a
// node that does not exist).
struct Rig {
  SimBoard board;
  Lines log;
  std::unique_ptr<FakeKernel> kernel;
  std::unique_ptr<LinuxBackends> linux_backends;
  std::unique_ptr<HwContext> ctx;
  std::unique_ptr<HwTestGuest> guest;

  explicit Rig(Board which) {
    board.setLog([](void* arg, const char* line) { static_cast<Lines*>(arg)->emplace_back(line); }, &log);
    HwBackends* backends = &board;
    if (which == Board::LinuxOnFakeKernel) {
      kernel = std::make_unique<FakeKernel>(board);
      linux_backends = std::make_unique<LinuxBackends>(std::vector<std::string>{"/dev/spidev0.0", "/dev/spidev9.9"},
                                                       std::vector<std::string>{}, "/dev", *kernel);
      backends = linux_backends.get();
    }
    HwGrants grants;
    grants.grantI2cAddress(0, 0x48);
    grants.grantI2cAddress(0, 0x50);
    grants.grantGpioLines(0, 0, 5);
    grants.grantSpiDevices(2);
    ctx = std::make_unique<HwContext>(*backends, std::move(grants));
    guest = std::make_unique<HwTestGuest>(*ctx);
  }
  ~Rig() {
    if (kernel) {
      EXPECT_EQ(kernel->violations(), Lines{}) << "requests a kernel would have rejected";
    }
  }
  // Closes every handle and device, as the end of a run does.
  void release() {
    guest.reset();
    ctx.reset();
    linux_backends.reset();
  }

  int64_t call(const std::string& name, std::vector<int32_t> args) { return guest->call(name, std::move(args)); }
  void put(uint32_t at, const Bytes& bytes) { guest->put(at, bytes); }
  Bytes get(uint32_t at, uint32_t n) { return guest->get(at, n); }
  uint64_t hostAddress(uint32_t at) { return reinterpret_cast<uintptr_t>(guest->memory() + at); }
};

// --- The examples, on both boards ------------------------------------------------------

class HwBoardExamples : public ::testing::TestWithParam<Board> {
 protected:
  Rig rig{GetParam()};
  void SetUp() override { ASSERT_TRUE(rig.guest->ok()) << rig.guest->error(); }

  // A sensor register: pointer write, repeated start, two-byte read.
  Bytes readRegister(int32_t bus, uint8_t reg) {
    rig.put(0, {reg});
    EXPECT_EQ(rig.call("i2c_write_read", {bus, 0x48, 0, 1, 16, 2}), 2);
    return rig.get(16, 2);
  }
  // Flash commands as spi_flash.c sends them.
  uint8_t status(int32_t h) {
    rig.put(0, {0x05});
    EXPECT_EQ(rig.call("spi_write_read", {h, 0, 1, 16, 1}), 1);
    return rig.get(16, 1)[0];
  }
  void writeEnable(int32_t h) {
    rig.put(0, {0x06});
    EXPECT_EQ(rig.call("spi_transfer", {h, 0, 8, 1}), 1);
  }
  int waitReady(int32_t h) {
    int polls = 0;
    do {
      EXPECT_EQ(rig.call("delay_us", {1000}), 0);
      ++polls;
    } while (status(h) & 1);
    return polls;
  }
  void commandAt(uint8_t cmd, uint32_t addr, const Bytes& data, int32_t h) {
    Bytes c(4 + data.size());
    c[0] = cmd;
    c[1] = uint8_t(addr >> 16);
    c[2] = uint8_t(addr >> 8);
    c[3] = uint8_t(addr);
    std::copy(data.begin(), data.end(), c.begin() + 4);
    rig.put(0, c);
    EXPECT_EQ(rig.call("spi_write_read", {h, 0, int32_t(c.size()), 0, 0}), 0);
  }
  Bytes readAt(int32_t h, uint32_t addr, uint32_t n) {
    rig.put(0, {0x03, uint8_t(addr >> 16), uint8_t(addr >> 8), uint8_t(addr)});
    EXPECT_EQ(rig.call("spi_write_read", {h, 0, 4, 1024, int32_t(n)}), int32_t(n));
    return rig.get(1024, n);
  }
};

INSTANTIATE_TEST_SUITE_P(BothBoards, HwBoardExamples, ::testing::Values(Board::Simulated, Board::LinuxOnFakeKernel),
                         [](const ::testing::TestParamInfo<Board>& p) {
                           return p.param == Board::Simulated ? "SimBoard" : "LinuxOnFakeKernel";
                         });

// temperature.c: the device id, T_high written and read back, the
// temperature once a second (23.5 degC + 0.25 degC per virtual second:
// 376, 380, 384, 388 steps of 1/16 degC in bits 15..4).
TEST_P(HwBoardExamples, TemperatureOverI2c) {
  int32_t bus = int32_t(rig.call("i2c_open", {0}));
  ASSERT_GT(bus, 0);
  EXPECT_EQ(readRegister(bus, 0x0f), (Bytes{0x01, 0x02}));
  rig.put(32, {0x03, 0x1e, 0x00});  // T_high = 30 degC
  EXPECT_EQ(rig.call("i2c_write", {bus, 0x48, 32, 3}), 3);
  EXPECT_EQ(readRegister(bus, 0x03), (Bytes{0x1e, 0x00}));
  const Bytes expected[4] = {{0x17, 0x80}, {0x17, 0xc0}, {0x18, 0x00}, {0x18, 0x40}};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(readRegister(bus, 0x00), expected[i]) << "second " << i;
    EXPECT_EQ(rig.call("clock_us", {}), int64_t(i) * 1000000);
    EXPECT_EQ(rig.call("delay_us", {1000000}), 0);
  }
  // A pointer write, then a plain read: the register's two bytes repeat.
  rig.put(32, {0x0f});
  EXPECT_EQ(rig.call("i2c_write", {bus, 0x48, 32, 1}), 1);
  EXPECT_EQ(rig.call("i2c_read", {bus, 0x48, 48, 4}), 4);
  EXPECT_EQ(rig.get(48, 4), (Bytes{0x01, 0x02, 0x01, 0x02}));
  // T_low keeps bits 15..4 only.
  rig.put(32, {0x02, 0x4c, 0x5f});
  EXPECT_EQ(rig.call("i2c_write", {bus, 0x48, 32, 3}), 3);
  EXPECT_EQ(readRegister(bus, 0x02), (Bytes{0x4c, 0x50}));
  // Nobody at 0x50; the temperature register NACKs data; a probe is fine.
  EXPECT_EQ(rig.call("i2c_read", {bus, 0x50, 48, 1}), kHw_ERR_NACK);
  rig.put(32, {0x00, 0x12, 0x34});
  EXPECT_EQ(rig.call("i2c_write", {bus, 0x48, 32, 3}), kHw_ERR_NACK);
  EXPECT_EQ(rig.call("i2c_write", {bus, 0x48, 32, 0}), 0);
  EXPECT_EQ(readRegister(bus, 0x0f), (Bytes{0x01, 0x02}));  // still working
  EXPECT_EQ(rig.call("close", {bus}), 0);
}

// spi_flash.c at 1 MHz (8 us per byte): JEDEC id, erase, a program across a
// page end, read back, bits only cleared, no program without write enable.
TEST_P(HwBoardExamples, SpiFlashIdProgramReadErase) {
  int32_t h = int32_t(rig.call("spi_open", {0, 0, 1000000}));
  ASSERT_GT(h, 0);
  rig.put(0, {0x9f});
  EXPECT_EQ(rig.call("spi_write_read", {h, 0, 1, 16, 3}), 3);
  EXPECT_EQ(rig.get(16, 3), (Bytes{0xef, 0x40, 0x16}));  // 4 MiB: 2^22
  writeEnable(h);
  EXPECT_EQ(status(h), 0x02);  // WEL
  commandAt(0x20, 0x001000, {}, h);
  EXPECT_EQ(status(h), 0x01);  // busy, WEL cleared
  // The erase ended at 88 us (id 32, enable 8, status 16, erase 32) and
  // takes 45 ms; each poll is a 1 ms delay and a 16 us status read, which
  // sees the flash ready once 88 + 1016 * k >= 45088: k = 45.
  EXPECT_EQ(waitReady(h), 45);
  EXPECT_EQ(rig.call("clock_us", {}), 104 + 1016 * 45);
  EXPECT_EQ(readAt(h, 0x001000, 16), Bytes(16, 0xff));

  const std::string text = "Petrel SPI flash page-wrap test!";
  writeEnable(h);
  commandAt(0x02, 0x0010f0, Bytes(text.begin(), text.end()), h);
  EXPECT_EQ(waitReady(h), 1);  // 700 us of programming is over after the first 1 ms
  Bytes first = readAt(h, 0x0010f0, 16), wrapped = readAt(h, 0x001000, 16);
  EXPECT_EQ(std::string(first.begin(), first.end()), "Petrel SPI flash");
  EXPECT_EQ(std::string(wrapped.begin(), wrapped.end()), " page-wrap test!");

  writeEnable(h);
  commandAt(0x02, 0x001100, {0xf0}, h);
  waitReady(h);
  writeEnable(h);
  commandAt(0x02, 0x001100, {0x0f}, h);
  waitReady(h);
  EXPECT_EQ(readAt(h, 0x001100, 1), Bytes{0x00});
  commandAt(0x02, 0x001200, {0x00}, h);  // no write enable
  waitReady(h);
  EXPECT_EQ(readAt(h, 0x001200, 1), Bytes{0xff});

  // Full duplex in place: the id comes back one byte late, after the command.
  rig.put(64, {0x9f, 0x00, 0x00, 0x00});
  EXPECT_EQ(rig.call("spi_transfer", {h, 64, 64, 4}), 4);
  EXPECT_EQ(rig.get(64, 4), (Bytes{0xff, 0xef, 0x40, 0x16}));
  EXPECT_EQ(rig.call("close", {h}), 0);
}

// blink.c: led0 blinks three times (40 ms each way), each press of the
// button (250, 750, 1250 ms, 100 ms each) toggles led1; the button reads 1
// while pressed; no press within 100 ms afterwards.
TEST_P(HwBoardExamples, GpioBlinkAndButtonEdges) {
  int32_t led0 = int32_t(rig.call("gpio_open", {0, 0, kOutput}));
  int32_t led1 = int32_t(rig.call("gpio_open", {0, 1, kOutput}));
  int32_t button = int32_t(rig.call("gpio_open", {0, 4, kRising}));
  ASSERT_GT(led0, 0);
  ASSERT_GT(led1, 0);
  ASSERT_GT(button, 0);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(rig.call("gpio_write", {led0, 1}), 0);
    EXPECT_EQ(rig.call("delay_us", {40000}), 0);
    EXPECT_EQ(rig.call("gpio_write", {led0, 0}), 0);
    EXPECT_EQ(rig.call("delay_us", {40000}), 0);
  }
  EXPECT_EQ(rig.call("gpio_read", {led0}), 0);
  const int64_t presses[3] = {250000, 750000, 1250000};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kEdgeRisingEvent);
    EXPECT_EQ(rig.call("clock_us", {}), presses[i]);
    EXPECT_EQ(rig.call("gpio_write", {led1, i % 2 == 0}), 0);
  }
  EXPECT_EQ(rig.call("gpio_read", {led1}), 1);
  EXPECT_EQ(rig.call("gpio_read", {button}), 1);
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 100}), kHw_ERR_TIMEOUT);
  EXPECT_EQ(rig.call("clock_us", {}), 1350000);
  EXPECT_EQ(rig.call("close", {button}), 0);
  EXPECT_EQ(rig.call("close", {led1}), 0);
  EXPECT_EQ(rig.call("close", {led0}), 0);
  EXPECT_EQ(rig.log, (Lines{"t=0us led0=1", "t=40000us led0=0", "t=80000us led0=1", "t=120000us led0=0",
                            "t=160000us led0=1", "t=200000us led0=0", "t=250000us button=1", "t=250000us led1=1",
                            "t=350000us button=0", "t=750000us button=1", "t=750000us led1=0", "t=850000us button=0",
                            "t=1250000us button=1", "t=1250000us led1=1", "t=1350000us button=0"}));
}

// Active-low: levels and edges are logical. The button pressed (physically
// high) reads 0 and its press is a falling edge.
TEST_P(HwBoardExamples, GpioActiveLowLevelsAndEdges) {
  int32_t led = int32_t(rig.call("gpio_open", {0, 2, kOutput | kActiveLow}));  // inactive: physically high
  int32_t button = int32_t(rig.call("gpio_open", {0, 4, kActiveLow | kRising | kFalling | kPullUp}));
  ASSERT_GT(led, 0);
  ASSERT_GT(button, 0);
  EXPECT_EQ(rig.call("gpio_read", {button}), 1);
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kEdgeFallingEvent);
  EXPECT_EQ(rig.call("clock_us", {}), 250000);
  EXPECT_EQ(rig.call("gpio_read", {button}), 0);
  EXPECT_EQ(rig.call("gpio_write", {led, 1}), 0);  // active: physically low
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kEdgeRisingEvent);
  EXPECT_EQ(rig.call("clock_us", {}), 350000);
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 120}), kHw_ERR_TIMEOUT);  // the next press is at 750 ms
  EXPECT_EQ(rig.call("clock_us", {}), 470000);
  EXPECT_EQ(rig.log, (Lines{"t=0us led2=1", "t=250000us button=1", "t=250000us led2=0", "t=350000us button=0"}));
}

TEST_P(HwBoardExamples, GpioRequestErrors) {
  EXPECT_EQ(rig.call("gpio_open", {0, 6, 0}), kHw_ERR_NOT_GRANTED);
  EXPECT_EQ(rig.call("gpio_open", {0, 5, 0}), kHw_ERR_INVALID);  // granted, not on the chip
  int32_t in = int32_t(rig.call("gpio_open", {0, 3, kPullDown}));
  ASSERT_GT(in, 0);
  EXPECT_EQ(rig.call("gpio_open", {0, 3, 0}), kHw_ERR_BUSY);
  EXPECT_EQ(rig.call("gpio_write", {in, 1}), kHw_ERR_INVALID);   // an input
  EXPECT_EQ(rig.call("gpio_wait_edge", {in, 10}), kHw_ERR_UNSUPPORTED);  // no edge flags
  EXPECT_EQ(rig.call("close", {in}), 0);
  int32_t again = int32_t(rig.call("gpio_open", {0, 3, kBiasDisabled}));
  EXPECT_GT(again, 0);  // released by the close
  EXPECT_EQ(rig.call("gpio_read", {again}), 0);
}

TEST_P(HwBoardExamples, SpiWithoutTheFlashIsIo) {
  EXPECT_EQ(rig.call("spi_open", {1, 0, 1000000}), kHw_ERR_IO);
  EXPECT_EQ(rig.call("spi_open", {2, 0, 1000000}), kHw_ERR_NOT_GRANTED);
}

// --- What the kernel sees -----------------------------------------------------------

struct HwLinuxFakeKernel : ::testing::Test {
  Rig rig{Board::LinuxOnFakeKernel};
  FakeKernel& kernel = *rig.kernel;
  void SetUp() override { ASSERT_TRUE(rig.guest->ok()) << rig.guest->error(); }
};

// A write-read is one I2C_RDWR with two messages: the write, then the read
// with I2C_M_RD (a repeated start between, no stop).
TEST_F(HwLinuxFakeKernel, I2cWriteReadIsOneRdwrWithTwoMessages) {
  int32_t bus = int32_t(rig.call("i2c_open", {0}));
  ASSERT_GT(bus, 0);
  EXPECT_GT(rig.call("i2c_open", {0}), 0);  // a second handle, the same descriptor
  EXPECT_EQ(kernel.opened(), Lines{"/dev/i2c-0"});
  rig.put(0, {0x0f});
  EXPECT_EQ(rig.call("i2c_write_read", {bus, 0x48, 0, 1, 16, 2}), 2);
  ASSERT_EQ(kernel.i2cTransfers().size(), 1u);
  const auto& t = kernel.i2cTransfers()[0];
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].addr, 0x48);
  EXPECT_EQ(t[0].flags, 0);
  EXPECT_EQ(t[0].len, 1);
  EXPECT_EQ(t[0].data, Bytes{0x0f});
  EXPECT_EQ(t[1].addr, 0x48);
  EXPECT_EQ(t[1].flags, I2C_M_RD);
  EXPECT_EQ(t[1].len, 2);
  EXPECT_EQ(t[1].data, (Bytes{0x01, 0x02}));

  rig.put(0, {0x03, 0x1e, 0x00});
  EXPECT_EQ(rig.call("i2c_write", {bus, 0x48, 0, 3}), 3);
  EXPECT_EQ(rig.call("i2c_read", {bus, 0x48, 16, 2}), 2);
  EXPECT_EQ(rig.call("i2c_write", {bus, 0x48, 0, 0}), 0);  // a probe: one empty write
  ASSERT_EQ(kernel.i2cTransfers().size(), 4u);
  const auto& w = kernel.i2cTransfers()[1];
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].flags, 0);
  EXPECT_EQ(w[0].data, (Bytes{0x03, 0x1e, 0x00}));
  const auto& r = kernel.i2cTransfers()[2];
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].flags, I2C_M_RD);
  EXPECT_EQ(r[0].len, 2);
  EXPECT_EQ(r[0].data, (Bytes{0x1e, 0x00}));
  const auto& probe = kernel.i2cTransfers()[3];
  ASSERT_EQ(probe.size(), 1u);
  EXPECT_EQ(probe[0].len, 0);
  EXPECT_EQ(probe[0].flags, 0);
}

// A transfer is one SPI_IOC_MESSAGE(1) with both buffers and the length; a
// write-read SPI_IOC_MESSAGE(2), tx then rx, chip select held between
// (cs_change 0); 8 bits per word and the handle's speed in each; the mode
// set only when it changes.
TEST_F(HwLinuxFakeKernel, SpiTransfersAndModes) {
  int32_t a = int32_t(rig.call("spi_open", {0, 0, 1000000}));
  int32_t b = int32_t(rig.call("spi_open", {0, 3, 2000000}));
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  EXPECT_EQ(kernel.opened(), Lines{"/dev/spidev0.0"});
  EXPECT_EQ(kernel.spiModesSet(), Bytes{});  // nothing until the first transfer
  rig.put(0, {0x9f});
  EXPECT_EQ(rig.call("spi_write_read", {a, 0, 1, 16, 3}), 3);
  EXPECT_EQ(kernel.spiModesSet(), Bytes{0});
  ASSERT_EQ(kernel.spiMessages().size(), 1u);
  const auto& m = kernel.spiMessages()[0];
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].raw.tx_buf, rig.hostAddress(0));
  EXPECT_EQ(m[0].raw.rx_buf, 0u);
  EXPECT_EQ(m[0].raw.len, 1u);
  EXPECT_EQ(m[0].tx, Bytes{0x9f});
  EXPECT_EQ(m[1].raw.tx_buf, 0u);
  EXPECT_EQ(m[1].raw.rx_buf, rig.hostAddress(16));
  EXPECT_EQ(m[1].raw.len, 3u);
  for (const auto& t : m) {
    EXPECT_EQ(t.raw.speed_hz, 1000000u);
    EXPECT_EQ(t.raw.bits_per_word, 8);
    EXPECT_EQ(t.raw.cs_change, 0);
    EXPECT_EQ(t.raw.delay_usecs, 0);
    EXPECT_EQ(t.raw.word_delay_usecs, 0);
  }

  rig.put(32, {0x9f, 0, 0, 0});
  EXPECT_EQ(rig.call("spi_transfer", {b, 32, 40, 4}), 4);
  EXPECT_EQ(rig.get(40, 4), (Bytes{0xff, 0xef, 0x40, 0x16}));
  EXPECT_EQ(kernel.spiModesSet(), (Bytes{0, 3}));
  ASSERT_EQ(kernel.spiMessages().size(), 2u);
  const auto& t = kernel.spiMessages()[1];
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].raw.tx_buf, rig.hostAddress(32));
  EXPECT_EQ(t[0].raw.rx_buf, rig.hostAddress(40));
  EXPECT_EQ(t[0].raw.len, 4u);
  EXPECT_EQ(t[0].raw.speed_hz, 2000000u);
  EXPECT_EQ(t[0].tx, (Bytes{0x9f, 0, 0, 0}));

  EXPECT_EQ(rig.call("spi_transfer", {b, 32, 40, 4}), 4);
  EXPECT_EQ(kernel.spiModesSet(), (Bytes{0, 3}));  // unchanged: not set again
  // A write-read without its read half is one transfer; with neither half
  // nothing reaches the kernel.
  rig.put(0, {0x06});
  EXPECT_EQ(rig.call("spi_write_read", {a, 0, 1, 0, 0}), 0);
  EXPECT_EQ(kernel.spiModesSet(), (Bytes{0, 3, 0}));
  ASSERT_EQ(kernel.spiMessages().size(), 4u);
  ASSERT_EQ(kernel.spiMessages()[3].size(), 1u);
  EXPECT_EQ(kernel.spiMessages()[3][0].raw.rx_buf, 0u);
  EXPECT_EQ(kernel.spiMessages()[3][0].tx, Bytes{0x06});
  EXPECT_EQ(rig.call("spi_write_read", {a, 0, 0, 16, 0}), 0);
  EXPECT_EQ(kernel.spiMessages().size(), 4u);
}

// GPIO_V2_GET_LINE_IOCTL per handle: one line, consumer "petrel", the
// direction, active-low, bias and edge flags, the initial output value as
// an OUTPUT_VALUES attribute; GET/SET_VALUES with mask 1; edge events read
// after poll.
TEST_F(HwLinuxFakeKernel, GpioLineRequestsValuesAndEvents) {
  int32_t led = int32_t(rig.call("gpio_open", {0, 0, kOutput | kInitialActive}));
  ASSERT_GT(led, 0);
  ASSERT_EQ(kernel.lineRequests().size(), 1u);
  const gpio_v2_line_request& out = kernel.lineRequests()[0];
  EXPECT_EQ(out.num_lines, 1u);
  EXPECT_EQ(out.offsets[0], 0u);
  EXPECT_STREQ(out.consumer, "petrel");
  EXPECT_EQ(out.config.flags, uint64_t(GPIO_V2_LINE_FLAG_OUTPUT));
  ASSERT_EQ(out.config.num_attrs, 1u);
  EXPECT_EQ(out.config.attrs[0].mask, 1u);
  EXPECT_EQ(out.config.attrs[0].attr.id, uint32_t(GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES));
  EXPECT_EQ(out.config.attrs[0].attr.values, 1u);
  EXPECT_EQ(out.event_buffer_size, 0u);
  EXPECT_EQ(rig.log, Lines{"t=0us led0=1"});  // driven from the request on, no glitch

  int32_t low = int32_t(rig.call("gpio_open", {0, 1, kOutput | kActiveLow}));
  ASSERT_GT(low, 0);
  EXPECT_EQ(kernel.lineRequests()[1].offsets[0], 1u);
  EXPECT_EQ(kernel.lineRequests()[1].config.flags, uint64_t(GPIO_V2_LINE_FLAG_OUTPUT | GPIO_V2_LINE_FLAG_ACTIVE_LOW));
  EXPECT_EQ(kernel.lineRequests()[1].config.attrs[0].attr.values, 0u);

  const struct {
    int32_t flags;
    uint64_t v2;
  } inputs[] = {
      {0, GPIO_V2_LINE_FLAG_INPUT},
      {kPullUp, GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_BIAS_PULL_UP},
      {kPullDown, GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN},
      {kBiasDisabled, GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_BIAS_DISABLED},
  };
  for (const auto& in : inputs) {
    int32_t h = int32_t(rig.call("gpio_open", {0, 3, in.flags}));
    ASSERT_GT(h, 0);
    const gpio_v2_line_request& r = kernel.lineRequests().back();
    EXPECT_EQ(r.config.flags, in.v2) << in.flags;
    EXPECT_EQ(r.config.num_attrs, 0u);
    EXPECT_EQ(r.event_buffer_size, 0u);
    EXPECT_EQ(rig.call("close", {h}), 0);
  }

  EXPECT_EQ(rig.call("gpio_write", {led, 0}), 0);
  ASSERT_EQ(kernel.valuesSet().size(), 1u);
  EXPECT_EQ(kernel.valuesSet()[0].mask, 1u);
  EXPECT_EQ(kernel.valuesSet()[0].bits, 0u);
  EXPECT_EQ(rig.call("gpio_read", {led}), 0);
  ASSERT_EQ(kernel.valuesGot().size(), 1u);
  EXPECT_EQ(kernel.valuesGot()[0].mask, 1u);

  int32_t button = int32_t(rig.call("gpio_open", {0, 4, kRising | kFalling}));
  ASSERT_GT(button, 0);
  const gpio_v2_line_request& edges = kernel.lineRequests().back();
  EXPECT_EQ(edges.config.flags,
            uint64_t(GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING | GPIO_V2_LINE_FLAG_EDGE_FALLING));
  EXPECT_EQ(edges.event_buffer_size, 16u);
  uint32_t polls = kernel.polls();
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kEdgeRisingEvent);
  EXPECT_EQ(kernel.polls() - polls, 5u);  // 50 ms slices up to 250 ms
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kEdgeFallingEvent);
  ASSERT_EQ(kernel.eventsRead().size(), 2u);
  const gpio_v2_line_event& press = kernel.eventsRead()[0].event;
  EXPECT_EQ(press.id, uint32_t(GPIO_V2_LINE_EVENT_RISING_EDGE));
  EXPECT_EQ(press.offset, 4u);
  EXPECT_EQ(press.timestamp_ns, 250000000u);
  EXPECT_EQ(press.seqno, 1u);
  EXPECT_EQ(press.line_seqno, 1u);
  const gpio_v2_line_event& release = kernel.eventsRead()[1].event;
  EXPECT_EQ(release.id, uint32_t(GPIO_V2_LINE_EVENT_FALLING_EDGE));
  EXPECT_EQ(release.timestamp_ns, 350000000u);
  EXPECT_EQ(release.seqno, 2u);

  // No edge flags: no poll at all.
  polls = kernel.polls();
  EXPECT_EQ(rig.call("gpio_wait_edge", {led, 10}), kHw_ERR_UNSUPPORTED);
  EXPECT_EQ(kernel.polls(), polls);
}

// The board's button cannot be driven; gpiolib says EIO (the simulated
// board says UNSUPPORTED: the one place the two differ).
TEST_F(HwLinuxFakeKernel, OutputOnAnInputOnlyLineIsTheKernelsEio) {
  EXPECT_EQ(rig.call("gpio_open", {0, 4, kOutput}), kHw_ERR_IO);
  EXPECT_GT(rig.call("gpio_open", {0, 4, 0}), 0);  // as an input it is free
}

TEST_F(HwLinuxFakeKernel, I2cFaultsAreErrorCodesAndTheBusKeepsWorking) {
  kernel.failNext(FakeKernel::Op::Open, EACCES);
  EXPECT_EQ(rig.call("i2c_open", {0}), kHw_ERR_NOT_GRANTED);  // refused by the host
  kernel.setI2cFunctionality(I2C_FUNC_SMBUS_EMUL);
  EXPECT_EQ(rig.call("i2c_open", {0}), kHw_ERR_UNSUPPORTED);  // SMBus only
  kernel.setI2cFunctionality(I2C_FUNC_I2C);
  kernel.failNext(FakeKernel::Op::I2cFuncs, ENOTTY);
  EXPECT_EQ(rig.call("i2c_open", {0}), kHw_ERR_UNSUPPORTED);  // not an i2c-dev node
  int32_t bus = int32_t(rig.call("i2c_open", {0}));
  ASSERT_GT(bus, 0);
  EXPECT_EQ(kernel.openDescriptors(), 1u);  // the failed opens closed theirs

  rig.put(0, {0x0f});
  const struct {
    int error;
    int32_t code;
  } faults[] = {{EIO, kHw_ERR_IO},           {ETIMEDOUT, kHw_ERR_TIMEOUT}, {EBUSY, kHw_ERR_BUSY},
                {EAGAIN, kHw_ERR_BUS},       {EPROTO, kHw_ERR_BUS},        {ENXIO, kHw_ERR_NACK},
                {EREMOTEIO, kHw_ERR_NACK},   {EOPNOTSUPP, kHw_ERR_UNSUPPORTED}};
  for (const auto& f : faults) {
    kernel.failNext(FakeKernel::Op::I2cRdwr, f.error);
    EXPECT_EQ(rig.call("i2c_write_read", {bus, 0x48, 0, 1, 16, 2}), f.code) << f.error;
    rig.put(16, {0, 0});
    EXPECT_EQ(rig.call("i2c_write_read", {bus, 0x48, 0, 1, 16, 2}), 2) << f.error;
    EXPECT_EQ(rig.get(16, 2), (Bytes{0x01, 0x02})) << f.error;
  }
  // The adapter did the write but not the read, and said so: IO.
  kernel.shortenNext(FakeKernel::Op::I2cRdwr);
  EXPECT_EQ(rig.call("i2c_write_read", {bus, 0x48, 0, 1, 16, 2}), kHw_ERR_IO);
  EXPECT_EQ(kernel.i2cTransfers().back().size(), 1u);
  EXPECT_EQ(rig.call("i2c_write_read", {bus, 0x48, 0, 1, 16, 2}), 2);
}

TEST_F(HwLinuxFakeKernel, SpiFaultsAreErrorCodesAndTheDeviceKeepsWorking) {
  kernel.failNext(FakeKernel::Op::Open, EBUSY);
  EXPECT_EQ(rig.call("spi_open", {0, 0, 1000000}), kHw_ERR_BUSY);
  int32_t h = int32_t(rig.call("spi_open", {0, 0, 1000000}));
  ASSERT_GT(h, 0);
  rig.put(0, {0x9f});
  auto jedecWorks = [&] {
    rig.put(16, {0, 0, 0});
    EXPECT_EQ(rig.call("spi_write_read", {h, 0, 1, 16, 3}), 3);
    EXPECT_EQ(rig.get(16, 3), (Bytes{0xef, 0x40, 0x16}));
  };
  // The mode is set again after a failure to set it.
  kernel.failNext(FakeKernel::Op::SpiWrMode, EINVAL);
  EXPECT_EQ(rig.call("spi_write_read", {h, 0, 1, 16, 3}), kHw_ERR_INVALID);
  jedecWorks();
  EXPECT_EQ(kernel.spiModesSet(), (Bytes{0, 0}));
  const struct {
    int error;
    int32_t code;
  } faults[] = {{EIO, kHw_ERR_IO}, {ETIMEDOUT, kHw_ERR_TIMEOUT}, {EMSGSIZE, kHw_ERR_IO}, {EBUSY, kHw_ERR_BUSY}};
  for (const auto& f : faults) {
    kernel.failNext(FakeKernel::Op::SpiMessage, f.error);
    EXPECT_EQ(rig.call("spi_write_read", {h, 0, 1, 16, 3}), f.code) << f.error;
    EXPECT_EQ(rig.call("spi_transfer", {h, 0, 16, 1}), 1) << f.error;  // the next one goes through
    jedecWorks();
  }
  // spidev clocked fewer bytes than asked: IO, for both kinds of call.
  kernel.shortenNext(FakeKernel::Op::SpiMessage);
  EXPECT_EQ(rig.call("spi_write_read", {h, 0, 1, 16, 3}), kHw_ERR_IO);
  kernel.shortenNext(FakeKernel::Op::SpiMessage);
  EXPECT_EQ(rig.call("spi_transfer", {h, 0, 16, 4}), kHw_ERR_IO);
  jedecWorks();
}

TEST_F(HwLinuxFakeKernel, GpioFaultsAreErrorCodesAndTheLineKeepsWorking) {
  kernel.failNext(FakeKernel::Op::Open, ENOENT);
  EXPECT_EQ(rig.call("gpio_open", {0, 0, kOutput}), kHw_ERR_IO);  // no such chip (yet)
  kernel.failNext(FakeKernel::Op::GpioGetLine, EBUSY);
  EXPECT_EQ(rig.call("gpio_open", {0, 0, kOutput}), kHw_ERR_BUSY);  // another process has the line
  kernel.failNext(FakeKernel::Op::GpioGetLine, EPERM);
  EXPECT_EQ(rig.call("gpio_open", {0, 0, kOutput}), kHw_ERR_NOT_GRANTED);
  int32_t led = int32_t(rig.call("gpio_open", {0, 0, kOutput}));
  ASSERT_GT(led, 0);
  kernel.failNext(FakeKernel::Op::GpioSetValues, EIO);
  EXPECT_EQ(rig.call("gpio_write", {led, 1}), kHw_ERR_IO);
  EXPECT_EQ(rig.log, Lines{});  // the LED never changed
  EXPECT_EQ(rig.call("gpio_write", {led, 1}), 0);
  EXPECT_EQ(rig.log, Lines{"t=0us led0=1"});
  kernel.failNext(FakeKernel::Op::GpioGetValues, EIO);
  EXPECT_EQ(rig.call("gpio_read", {led}), kHw_ERR_IO);
  EXPECT_EQ(rig.call("gpio_read", {led}), 1);

  int32_t button = int32_t(rig.call("gpio_open", {0, 4, kRising}));
  ASSERT_GT(button, 0);
  kernel.failNext(FakeKernel::Op::Poll, ENOMEM);
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kHw_ERR_IO);
  kernel.failNext(FakeKernel::Op::Poll, EINTR, 3);  // a signal: polled again
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kEdgeRisingEvent);
  EXPECT_EQ(rig.call("clock_us", {}), 250000);
  // A failed read leaves the event queued: the next wait returns it at once.
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kEdgeRisingEvent);  // 750 ms
  kernel.failNext(FakeKernel::Op::Read, EIO);
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kHw_ERR_IO);  // the one at 1250 ms is queued
  EXPECT_EQ(rig.call("clock_us", {}), 1250000);
  uint32_t polls = kernel.polls();
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kEdgeRisingEvent);
  EXPECT_EQ(kernel.polls(), polls + 1);
  EXPECT_EQ(kernel.eventsRead().back().event.timestamp_ns, 1250000000u);
  // Half an event: IO.
  kernel.shortenNext(FakeKernel::Op::Read);
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kHw_ERR_IO);
  EXPECT_EQ(rig.call("clock_us", {}), 1750000);
  EXPECT_EQ(rig.call("gpio_wait_edge", {button, 1000}), kEdgeRisingEvent);
  EXPECT_EQ(rig.call("clock_us", {}), 2250000);
}

// Every descriptor the backends open is closed: a line request when its
// handle is, the device nodes when the backends go.
TEST_F(HwLinuxFakeKernel, DescriptorsAreClosed) {
  int32_t bus = int32_t(rig.call("i2c_open", {0}));
  int32_t spi = int32_t(rig.call("spi_open", {0, 0, 1000000}));
  int32_t a = int32_t(rig.call("gpio_open", {0, 0, kOutput}));
  int32_t b = int32_t(rig.call("gpio_open", {0, 4, kFalling}));
  ASSERT_GT(bus, 0);
  ASSERT_GT(spi, 0);
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  EXPECT_EQ(kernel.openDescriptors(), 5u);  // i2c-0, spidev0.0, gpiochip0, two line requests
  EXPECT_EQ(rig.call("close", {a}), 0);
  EXPECT_EQ(kernel.openDescriptors(), 4u);
  EXPECT_EQ(rig.call("close", {bus}), 0);
  EXPECT_EQ(kernel.openDescriptors(), 4u);  // the bus stays open for the next handle
  rig.release();
  EXPECT_EQ(kernel.openDescriptors(), 0u);
}

// --- The fake kernel's own checks -----------------------------------------------------

struct HwFakeKernel : ::testing::Test {
  SimBoard board;
  FakeKernel kernel{board};

  // The call failed with `error` and was recorded as a violation.
  void rejected(int r, int error, const char* what) {
    EXPECT_EQ(r, -1) << what;
    EXPECT_EQ(errno, error) << what;
  }
};

TEST_F(HwFakeKernel, RejectsMalformedRequests) {
  rejected(kernel.open("/dev/i2c-0", O_RDWR), EINVAL, "no O_CLOEXEC");
  int i2c = kernel.open("/dev/i2c-0", O_RDWR | O_CLOEXEC);
  int spi = kernel.open("/dev/spidev0.0", O_RDWR | O_CLOEXEC);
  int chip = kernel.open("/dev/gpiochip0", O_RDWR | O_CLOEXEC);
  ASSERT_GE(i2c, 0);
  ASSERT_GE(spi, 0);
  ASSERT_GE(chip, 0);
  EXPECT_EQ(kernel.open("/dev/i2c-7", O_RDWR | O_CLOEXEC), -1);
  EXPECT_EQ(errno, ENOENT);
  size_t before = kernel.violations().size();

  uint8_t buf[4] = {};
  i2c_msg msgs[43] = {};
  i2c_rdwr_ioctl_data data{msgs, 0};
  rejected(kernel.ioctl(i2c, I2C_RDWR, &data), EINVAL, "no messages");
  data.nmsgs = 43;
  for (i2c_msg& m : msgs) m = {0x48, 0, 1, buf};
  rejected(kernel.ioctl(i2c, I2C_RDWR, &data), EINVAL, "43 messages");
  data.nmsgs = 1;
  msgs[0] = {0x48, 0, 2, nullptr};
  rejected(kernel.ioctl(i2c, I2C_RDWR, &data), EFAULT, "null buffer");
  msgs[0] = {0x48, I2C_M_TEN, 1, buf};
  rejected(kernel.ioctl(i2c, I2C_RDWR, &data), EOPNOTSUPP, "10-bit");
  msgs[0] = {0x48, 0, 9000, buf};
  rejected(kernel.ioctl(i2c, I2C_RDWR, &data), EINVAL, "over 8192");

  spi_ioc_transfer t[2] = {};
  t[0].tx_buf = reinterpret_cast<uintptr_t>(buf);
  t[0].len = 1;
  t[0].pad = 1;
  rejected(kernel.ioctl(spi, SPI_IOC_MESSAGE(1), t), EINVAL, "pad");
  t[0].pad = 0;
  t[0].bits_per_word = 16;
  rejected(kernel.ioctl(spi, SPI_IOC_MESSAGE(1), t), EINVAL, "16 bits");
  t[0].bits_per_word = 8;
  t[0].len = 4097;
  rejected(kernel.ioctl(spi, SPI_IOC_MESSAGE(1), t), EMSGSIZE, "over bufsiz");
  t[0].len = 1;
  t[1].len = 3;  // no buffers
  rejected(kernel.ioctl(spi, SPI_IOC_MESSAGE(2), t), EINVAL, "length without buffers");
  rejected(kernel.ioctl(spi, _IOC(_IOC_WRITE, SPI_IOC_MAGIC, 0, sizeof(spi_ioc_transfer) + 1), t), EINVAL, "size");
  uint8_t mode = SPI_CS_HIGH;
  rejected(kernel.ioctl(spi, SPI_IOC_WR_MODE, &mode), EINVAL, "CS_HIGH");

  auto request = [](uint32_t offset, uint64_t flags) {
    gpio_v2_line_request r;
    std::memset(&r, 0, sizeof r);
    r.offsets[0] = offset;
    r.num_lines = 1;
    std::strcpy(r.consumer, "test");
    r.config.flags = flags;
    return r;
  };
  gpio_v2_line_request r = request(0, GPIO_V2_LINE_FLAG_INPUT);
  r.padding[2] = 1;
  rejected(kernel.ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &r), EINVAL, "padding");
  r = request(0, GPIO_V2_LINE_FLAG_INPUT);
  r.num_lines = 0;
  rejected(kernel.ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &r), EINVAL, "no lines");
  r = request(0, GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_OUTPUT);
  rejected(kernel.ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &r), EINVAL, "input and output");
  r = request(0, GPIO_V2_LINE_FLAG_OUTPUT | GPIO_V2_LINE_FLAG_EDGE_RISING);
  rejected(kernel.ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &r), EINVAL, "edges on an output");
  r = request(0, GPIO_V2_LINE_FLAG_BIAS_PULL_UP);
  rejected(kernel.ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &r), EINVAL, "bias without direction");
  r = request(0, GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_BIAS_PULL_UP | GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN);
  rejected(kernel.ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &r), EINVAL, "two biases");
  r = request(0, GPIO_V2_LINE_FLAG_INPUT);
  r.config.num_attrs = 1;
  r.config.attrs[0].mask = 1;
  r.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
  rejected(kernel.ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &r), EINVAL, "output value for an input");
  r.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_DEBOUNCE;
  r.config.attrs[0].attr.padding = 7;
  rejected(kernel.ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &r), EINVAL, "attribute padding");
  EXPECT_EQ(kernel.violations().size() - before, 19u);
  // Kernel answers that are not a caller's mistake: a line off the chip.
  r = request(5, GPIO_V2_LINE_FLAG_INPUT);
  rejected(kernel.ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &r), EINVAL, "line 5");
  EXPECT_EQ(kernel.violations().size() - before, 19u);

  // A valid request with a debounce attribute, then values with bad masks.
  r = request(4, GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING);
  r.config.num_attrs = 1;
  r.config.attrs[0].mask = 1;
  r.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_DEBOUNCE;
  r.config.attrs[0].attr.debounce_period_us = 5000;
  ASSERT_EQ(kernel.ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &r), 0);
  int line = r.fd;
  gpio_v2_line_values v{};
  rejected(kernel.ioctl(line, GPIO_V2_LINE_GET_VALUES_IOCTL, &v), EINVAL, "empty mask");
  v.mask = 2;
  rejected(kernel.ioctl(line, GPIO_V2_LINE_GET_VALUES_IOCTL, &v), EINVAL, "line not requested");
  v.mask = 1;
  EXPECT_EQ(kernel.ioctl(line, GPIO_V2_LINE_SET_VALUES_IOCTL, &v), -1);
  EXPECT_EQ(errno, EPERM);  // an input
  gpio_v2_line_event e;
  rejected(int(kernel.read(line, &e, sizeof e)), EAGAIN, "read before poll");
  pollfd p{line, POLLIN, 0};
  EXPECT_EQ(kernel.poll(&p, 1, 300), 1);  // the press at 250 ms
  EXPECT_EQ(p.revents, POLLIN);
  EXPECT_EQ(board.simClock().nowUs(), 250000u);
  EXPECT_EQ(kernel.read(line, &e, sizeof e), ssize_t(sizeof e));
  EXPECT_EQ(e.id, uint32_t(GPIO_V2_LINE_EVENT_RISING_EDGE));
  EXPECT_EQ(kernel.close(line), 0);
  rejected(kernel.close(line), EBADF, "closed twice");
  EXPECT_EQ(kernel.violations().size() - before, 23u);
  EXPECT_EQ(kernel.close(i2c) | kernel.close(spi) | kernel.close(chip), 0);
}

}  // namespace
}  // namespace petrel::internal::hw::testing
