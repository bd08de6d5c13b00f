// The simulated board (src/hw/sim_devices.h) on its own: the flash's
// program/erase rules, the sensor's registers, the button's schedule and
// the event log. Expected values come from the device model in the header.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "hw/sim_devices.h"

namespace petrel::internal::hw {
namespace {

constexpr SpiSettings kFast{0, 1000000};

struct HwFlash : ::testing::Test {
  SimBoard board;
  SimFlash& flash = *board.flash();

  std::vector<uint8_t> command(std::vector<uint8_t> bytes) {
    std::vector<uint8_t> rx(bytes.size());
    flash.transfer(kFast, bytes.data(), rx.data(), static_cast<uint32_t>(bytes.size()));
    return rx;
  }
  void writeEnable() { command({0x06}); }
  void waitReady() {
    while (flash.status() & 1) board.simClock().advance(100);
  }
  void program(uint32_t addr, std::vector<uint8_t> data) {
    std::vector<uint8_t> c = {0x02, uint8_t(addr >> 16), uint8_t(addr >> 8), uint8_t(addr)};
    c.insert(c.end(), data.begin(), data.end());
    command(c);
  }
  void erase(uint32_t addr) { command({0x20, uint8_t(addr >> 16), uint8_t(addr >> 8), uint8_t(addr)}); }
  std::vector<uint8_t> read(uint32_t addr, uint32_t n) {
    uint8_t c[4] = {0x03, uint8_t(addr >> 16), uint8_t(addr >> 8), uint8_t(addr)};
    std::vector<uint8_t> rx(n);
    flash.writeRead(kFast, c, 4, rx.data(), n);
    return rx;
  }
};

TEST_F(HwFlash, JedecIdAndErasedState) {
  uint8_t c = 0x9f, id[3];
  EXPECT_EQ(flash.writeRead(kFast, &c, 1, id, 3), 3);
  EXPECT_EQ(id[0], 0xef);
  EXPECT_EQ(id[1], 0x40);
  EXPECT_EQ(id[2], 0x16);  // 4 MiB = 2^22
  EXPECT_EQ(read(0, 4), std::vector<uint8_t>(4, 0xff));
  EXPECT_EQ(flash.status(), 0);
}

TEST_F(HwFlash, ProgramNeedsWriteEnableAndClearsIt) {
  program(0x100, {0x12});
  waitReady();
  EXPECT_EQ(read(0x100, 1)[0], 0xff);  // ignored without WEL
  writeEnable();
  EXPECT_EQ(flash.status(), 0x02);
  program(0x100, {0x12});
  EXPECT_EQ(flash.status(), 0x01);  // busy, WEL cleared
  waitReady();
  EXPECT_EQ(read(0x100, 1)[0], 0x12);
  program(0x100, {0x00});  // WEL was cleared by the program
  waitReady();
  EXPECT_EQ(read(0x100, 1)[0], 0x12);
}

TEST_F(HwFlash, ProgramOnlyClearsBits) {
  writeEnable();
  program(0x200, {0xf0});
  waitReady();
  writeEnable();
  program(0x200, {0x3c});
  waitReady();
  EXPECT_EQ(read(0x200, 1)[0], 0x30);  // 0xf0 & 0x3c
}

TEST_F(HwFlash, ProgramWrapsWithinThePage) {
  writeEnable();
  program(0x3fe, {1, 2, 3, 4});  // page 0x300..0x3ff: 3 and 4 go to 0x300, 0x301
  waitReady();
  EXPECT_EQ(read(0x3fe, 2), (std::vector<uint8_t>{1, 2}));
  EXPECT_EQ(read(0x300, 3), (std::vector<uint8_t>{3, 4, 0xff}));
  EXPECT_EQ(read(0x400, 1)[0], 0xff);  // the next page is untouched
}

TEST_F(HwFlash, MoreThanAPageKeepsTheLast256Bytes) {
  std::vector<uint8_t> data(300);
  for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i);
  writeEnable();
  program(0x1000, data);
  waitReady();
  // Byte i goes to offset i % 256: offsets 0..43 hold bytes 256..299.
  // A later byte replaces the earlier one for its offset (not ANDed).
  EXPECT_EQ(read(0x1000, 1)[0], 0);        // byte 256
  EXPECT_EQ(read(0x1001, 1)[0], 1);        // byte 257
  EXPECT_EQ(read(0x1000 + 43, 1)[0], 43);  // byte 299
  EXPECT_EQ(read(0x1000 + 44, 1)[0], 44);  // byte 44, not replaced
}

TEST_F(HwFlash, SectorEraseIs4KiBAndTakesTime) {
  writeEnable();
  program(0x1ffe, {0, 0});
  waitReady();
  writeEnable();
  program(0x2000, {0});
  waitReady();
  writeEnable();
  erase(0x1234);  // sector 0x1000..0x1fff
  uint64_t start = board.simClock().nowUs();
  EXPECT_EQ(flash.status() & 1, 1);
  // Busy: reads answer nothing but the status.
  EXPECT_EQ(read(0x2000, 1)[0], 0xff);
  waitReady();
  EXPECT_GE(board.simClock().nowUs() - start, SimFlash::kEraseUs - 100);
  EXPECT_EQ(read(0x1ffe, 2), std::vector<uint8_t>(2, 0xff));
  EXPECT_EQ(read(0x2000, 1)[0], 0x00);  // the next sector keeps its data
  EXPECT_EQ(flash.status(), 0);
}

TEST_F(HwFlash, TransferTimeFollowsTheSpeed) {
  uint64_t t = board.simClock().nowUs();
  uint8_t tx[125] = {}, rx[125];
  flash.transfer(SpiSettings{0, 1000000}, tx, rx, 125);  // 1000 bits at 1 MHz
  EXPECT_EQ(board.simClock().nowUs() - t, 1000u);
}

TEST(HwSimFlash, SmallFlashForMicrocontrollers) {
  static uint8_t storage[64 * 1024];
  SimBoard board(storage, sizeof storage);
  ASSERT_NE(board.flash(), nullptr);
  EXPECT_EQ(board.flash()->capacityCode(), 16);
  EXPECT_EQ(storage[100], 0xff);
  SimBoard odd(nullptr, 5000);  // not a power of two
  EXPECT_EQ(odd.flash(), nullptr);
  SpiDevice* dev = nullptr;
  EXPECT_EQ(odd.spiDevice(0, dev), kHw_ERR_IO);
}

struct HwSensor : ::testing::Test {
  SimBoard board;
  SimTempSensor& sensor = board.sensor();
  uint16_t reg(uint8_t r) {
    uint8_t v[2];
    EXPECT_EQ(sensor.writeRead(0x48, &r, 1, v, 2), 2);
    return uint16_t(v[0] << 8 | v[1]);
  }
};

TEST_F(HwSensor, Registers) {
  EXPECT_EQ(reg(0x00), 0x1780);  // 23.5 degC = 376 steps
  EXPECT_EQ(reg(0x01), 0x60a0);
  EXPECT_EQ(reg(0x02), 0x4b00);
  EXPECT_EQ(reg(0x03), 0x5000);
  EXPECT_EQ(reg(0x0f), 0x0102);
  uint8_t w[3] = {0x03, 0x1e, 0x0f};
  EXPECT_EQ(sensor.write(0x48, w, 3), 3);
  EXPECT_EQ(reg(0x03), 0x1e00);  // bits 3..0 read as 0
  uint8_t c[3] = {0x01, 0x00, 0x00};
  EXPECT_EQ(sensor.write(0x48, c, 3), 3);
  EXPECT_EQ(reg(0x01), 0x6000);  // resolution bits stay set
}

TEST_F(HwSensor, ReadOnlyUnknownAndAbsent) {
  uint8_t w[3] = {0x00, 0x12, 0x34};
  EXPECT_EQ(sensor.write(0x48, w, 3), kHw_ERR_NACK);
  EXPECT_EQ(reg(0x00), 0x1780);
  uint8_t u = 0x07;
  EXPECT_EQ(sensor.write(0x48, &u, 1), kHw_ERR_NACK);
  uint8_t b[2];
  EXPECT_EQ(sensor.read(0x49, b, 2), kHw_ERR_NACK);
  EXPECT_EQ(sensor.write(0x48, nullptr, 0), 0);  // an address probe
}

TEST_F(HwSensor, TemperatureFollowsVirtualTime) {
  board.simClock().advance(2500000);  // two whole seconds: +0.5 degC
  EXPECT_EQ(reg(0x00), 0x1800);       // 24.0 degC = 384 steps
  sensor.setTemperature(-10250, 0);   // -164 steps: 0xf5c in 12 bits
  EXPECT_EQ(reg(0x00), 0xf5c0);
  sensor.setTemperature(-10260, 0);   // rounds towards minus infinity: -165 steps
  EXPECT_EQ(reg(0x00), 0xf5b0);
  sensor.setTemperature(200000, 0);   // clamped to the sensor's range
  EXPECT_EQ(reg(0x00), 0x7ff0);
}

TEST(HwSimGpio, ButtonScheduleEdgesAndLog) {
  SimBoard board;
  std::vector<std::string> log;
  board.setLog([](void* arg, const char* line) { static_cast<std::vector<std::string>*>(arg)->push_back(line); },
               &log);
  ButtonPress presses[] = {{1000000, 500000}, {5000000, 100000}};
  ASSERT_TRUE(board.setButtonSchedule(presses, 2));
  ButtonPress overlapping[] = {{1000000, 500000}, {1200000, 100000}};
  EXPECT_FALSE(board.setButtonSchedule(overlapping, 2));

  GpioLine* button = nullptr;
  ASSERT_EQ(board.gpio().requestLine(4, gpio_flags::kEdgeRising | gpio_flags::kEdgeFalling, button), kHw_OK);
  GpioLine* again = nullptr;
  EXPECT_EQ(board.gpio().requestLine(4, 0, again), kHw_ERR_BUSY);
  WaitControl wait;
  EXPECT_EQ(button->read(), 0);
  EXPECT_EQ(button->waitEdge(0, wait), kHw_ERR_TIMEOUT);
  EXPECT_EQ(button->waitEdge(-1, wait), kEdgeRisingEvent);
  EXPECT_EQ(board.simClock().nowUs(), 1000000u);
  EXPECT_EQ(button->read(), 1);
  EXPECT_EQ(button->waitEdge(100, wait), kHw_ERR_TIMEOUT);  // the release is 500 ms later
  EXPECT_EQ(board.simClock().nowUs(), 1100000u);
  // Edges in the past are queued: the release, then the next press.
  board.simClock().advance(10000000);
  EXPECT_EQ(button->waitEdge(0, wait), kEdgeFallingEvent);
  EXPECT_EQ(button->waitEdge(0, wait), kEdgeRisingEvent);
  EXPECT_EQ(button->waitEdge(0, wait), kEdgeFallingEvent);
  EXPECT_EQ(button->waitEdge(-1, wait), kHw_ERR_TIMEOUT);  // no more presses: at once
  delete button;
  EXPECT_EQ(board.gpio().requestLine(4, 0, again), kHw_OK);  // released by the delete
  delete again;
  EXPECT_EQ(log, (std::vector<std::string>{"t=1000000us button=1", "t=1500000us button=0",
                                           "t=5000000us button=1", "t=5100000us button=0"}));
}

TEST(HwSimGpio, LedsActiveLowAndLog) {
  SimBoard board;
  std::vector<std::string> log;
  board.setLog([](void* arg, const char* line) { static_cast<std::vector<std::string>*>(arg)->push_back(line); },
               &log);
  GpioLine* led = nullptr;
  ASSERT_EQ(board.gpio().requestLine(2, gpio_flags::kOutput | gpio_flags::kActiveLow, led), kHw_OK);
  EXPECT_TRUE(board.gpio().led(2));  // inactive = physically high
  EXPECT_EQ(led->read(), 0);
  board.simClock().advance(7);
  EXPECT_EQ(led->write(true), kHw_OK);
  EXPECT_FALSE(board.gpio().led(2));
  EXPECT_EQ(led->write(true), kHw_OK);  // no change, no log line
  EXPECT_EQ(led->waitEdge(5, WaitControl{}), kHw_ERR_UNSUPPORTED);
  GpioLine* bad = nullptr;
  EXPECT_EQ(board.gpio().requestLine(4, gpio_flags::kOutput, bad), kHw_ERR_UNSUPPORTED);
  EXPECT_EQ(board.gpio().requestLine(5, 0, bad), kHw_ERR_INVALID);
  delete led;
  EXPECT_EQ(log, (std::vector<std::string>{"t=0us led2=1", "t=7us led2=0"}));
}

TEST(HwSimUart, EchoesLines) {
  SimBoard board;
  Uart& uart = board.echoUart();
  WaitControl wait;
  EXPECT_EQ(uart.configure(9600), kHw_OK);
  uint8_t buf[64];
  EXPECT_EQ(uart.read(buf, sizeof buf, 20, wait), kHw_ERR_TIMEOUT);
  EXPECT_EQ(board.simClock().nowUs(), 20000u);
  const char* text = "ab\r\ncd";
  EXPECT_EQ(uart.write(reinterpret_cast<const uint8_t*>(text), 6, 0, wait), 6);
  int32_t n = uart.read(buf, 3, 0, wait);
  ASSERT_EQ(n, 3);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), 3), "ECH");
  n = uart.read(buf, sizeof buf, 0, wait);
  ASSERT_EQ(n, 6);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), 6), "O: ab\n");
  EXPECT_EQ(uart.write(reinterpret_cast<const uint8_t*>("\n"), 1, 0, wait), 1);  // "cd" was pending
  n = uart.read(buf, sizeof buf, 0, wait);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), n), "ECHO: cd\n");
}

}  // namespace
}  // namespace petrel::internal::hw
