// The petrel_hw binding: grants, the handle table, and every guest buffer
// checked before a backend sees it. Through HwContext with a recording
// backend, and through the public API from wasm (Store::configureHardware,
// Linker::defineHardware) for bounds, link errors and results.
#include <gtest/gtest.h>

#include <petrel/petrel.hpp>

#include <string>
#include <vector>

#include "hw/hw_host.h"
#include "hw/sim_devices.h"
#include "hw_test_guest.h"

namespace petrel::internal::hw {
namespace {

// A bus that records what reached it.
struct RecordingBus : I2cBus {
  int calls = 0;
  int32_t read(uint16_t, uint8_t* buf, uint32_t len) override {
    ++calls;
    for (uint32_t i = 0; i < len; ++i) buf[i] = uint8_t(i);
    return int32_t(len);
  }
  int32_t write(uint16_t, const uint8_t*, uint32_t len) override {
    ++calls;
    return int32_t(len);
  }
  int32_t writeRead(uint16_t, const uint8_t*, uint32_t, uint8_t*, uint32_t rlen) override {
    ++calls;
    return int32_t(rlen);
  }
};

struct FakeClock : HwClock {
  uint64_t now = 1000;
  uint64_t nowUs() override { return now; }
  void delayUs(uint32_t us, const WaitControl&) override { now += us; }
};

struct FakeBackends : HwBackends {
  RecordingBus bus;
  FakeClock clk;
  int opens = 0;
  int32_t i2cBus(uint32_t n, I2cBus*& out) override {
    ++opens;
    if (n == 9) return kHw_ERR_IO;
    out = &bus;
    return kHw_OK;
  }
  int32_t gpioChip(uint32_t, GpioChip*&) override { return kHw_ERR_IO; }
  int32_t spiDevice(uint32_t, SpiDevice*&) override { return kHw_ERR_IO; }
  int32_t uart(uint32_t, Uart*&) override { return kHw_ERR_IO; }
  HwClock& clock() override { return clk; }
};

TEST(HwGrants, AddressesLinesAndNumbers) {
  HwGrants g;
  g.grantI2cAddress(1, 0x48);
  g.grantI2cAddress(1, 0x76);
  g.grantI2cBus(2);
  g.grantGpioLines(0, 3, 5);
  g.grantSpiDevices(2);
  EXPECT_TRUE(g.i2cAddress(1, 0x48));
  EXPECT_TRUE(g.i2cAddress(1, 0x76));
  EXPECT_FALSE(g.i2cAddress(1, 0x49));
  EXPECT_TRUE(g.i2cAddress(2, 0x00));
  EXPECT_TRUE(g.i2cAddress(2, 0x7f));
  EXPECT_FALSE(g.i2cAddress(2, 0x80));
  EXPECT_FALSE(g.i2cBus(0));
  EXPECT_FALSE(g.gpioLine(0, 2));
  EXPECT_TRUE(g.gpioLine(0, 3));
  EXPECT_TRUE(g.gpioLine(0, 5));
  EXPECT_FALSE(g.gpioLine(1, 4));
  EXPECT_TRUE(g.spiDevice(1));
  EXPECT_FALSE(g.spiDevice(2));
  EXPECT_FALSE(g.uartPort(0));
}

TEST(HwContextTest, NothingGrantedReachesNoBackend) {
  FakeBackends b;
  HwContext ctx(b, HwGrants());
  EXPECT_EQ(ctx.i2cOpen(0), kHw_ERR_NOT_GRANTED);
  EXPECT_EQ(ctx.gpioOpen(0, 0, 0), kHw_ERR_NOT_GRANTED);
  EXPECT_EQ(ctx.spiOpen(0, 0, 1000), kHw_ERR_NOT_GRANTED);
  EXPECT_EQ(ctx.uartOpen(0, 9600), kHw_ERR_NOT_GRANTED);
  EXPECT_EQ(b.opens, 0);
}

TEST(HwContextTest, HandleTableLimitsAndStaleHandles) {
  FakeBackends b;
  HwGrants g;
  g.grantI2cBus(0);
  g.grantI2cBus(9);
  HwContext ctx(b, std::move(g));
  EXPECT_EQ(ctx.i2cOpen(9), kHw_ERR_IO);  // the backend's answer, unchanged
  std::vector<int32_t> handles;
  for (uint32_t i = 0; i < HwContext::kMaxHandles; ++i) {
    int32_t h = ctx.i2cOpen(0);
    ASSERT_GT(h, 0);
    handles.push_back(h);
  }
  EXPECT_EQ(ctx.i2cOpen(0), kHw_ERR_NO_HANDLES);
  EXPECT_EQ(ctx.openHandles(), HwContext::kMaxHandles);
  int32_t old = handles[5];
  EXPECT_EQ(ctx.close(old), kHw_OK);
  EXPECT_EQ(ctx.close(old), kHw_ERR_BAD_HANDLE);
  int32_t reused = ctx.i2cOpen(0);  // the same slot, a new number
  ASSERT_GT(reused, 0);
  EXPECT_NE(reused, old);
  uint8_t buf[4];
  EXPECT_EQ(ctx.i2cRead(old, 0x10, buf, 4), kHw_ERR_BAD_HANDLE);
  EXPECT_EQ(ctx.i2cRead(reused, 0x10, buf, 4), 4);
  EXPECT_EQ(ctx.gpioRead(reused), kHw_ERR_BAD_HANDLE);  // another kind
  EXPECT_EQ(ctx.i2cRead(0, 0x10, buf, 4), kHw_ERR_BAD_HANDLE);
  EXPECT_EQ(ctx.i2cRead(-1, 0x10, buf, 4), kHw_ERR_BAD_HANDLE);
  EXPECT_EQ(ctx.i2cRead(reused, 0x80, buf, 4), kHw_ERR_INVALID);
}

TEST(HwContextTest, ClockStartsWithTheContext) {
  FakeBackends b;
  HwContext ctx(b, HwGrants());
  EXPECT_EQ(ctx.clockUs(), 0);
  EXPECT_EQ(ctx.delayUs(250, WaitControl{}), kHw_OK);
  EXPECT_EQ(ctx.clockUs(), 250);
  EXPECT_EQ(ctx.delayUs(-1, WaitControl{}), kHw_ERR_INVALID);
}

// --- From wasm, through the public API --------------------------------------

// The guest of hw_test_guest.h's module, linked through the public API.
struct Guest {
  petrel::Engine engine;
  petrel::Store store{engine};
  std::optional<petrel::Instance> instance;

  explicit Guest(const petrel::HwConfig& config, const std::string& wat = testing::hwWrapperModule()) {
    EXPECT_TRUE(store.configureHardware(config).ok());
    std::vector<uint8_t> bytes(wat.begin(), wat.end());
    auto module = petrel::Module::compile(engine, std::move(bytes));
    EXPECT_TRUE(module.ok()) << module.error().message;
    petrel::Linker linker(engine);
    EXPECT_TRUE(linker.defineHardware().ok());
    auto inst = linker.instantiate(store, *module);
    EXPECT_TRUE(inst.ok()) << inst.error().message;
    if (inst.ok()) instance = std::move(*inst);
  }
  int64_t call(const std::string& name, std::vector<int32_t> args) {
    std::optional<petrel::Func> f = instance->func("w_" + name);
    EXPECT_TRUE(f.has_value()) << name;
    std::vector<petrel::Value> values;
    for (int32_t a : args) values.push_back(petrel::Value::i32(a));
    auto r = f->call(values);
    EXPECT_TRUE(r.ok()) << name << ": " << r.error().message;
    if (!r.ok()) return -1000;
    return (*r)[0].type() == petrel::ValType::i64() ? (*r)[0].i64() : (*r)[0].i32();
  }
  uint8_t* memory() { return instance->memory("memory")->data(); }
};

petrel::HwConfig simConfig() {
  petrel::HwConfig c;
  c.backend = petrel::HwBackend::Simulated;
  c.i2c.push_back({0, {0x48}});
  c.gpio.push_back({0, {0, 1, 2, 3, 4}});
  c.spi.push_back({});
  c.uart.push_back({});
  return c;
}

TEST(HwFromWasm, BuffersAreCheckedAgainstMemoryZero) {
  Guest g(simConfig());
  ASSERT_TRUE(g.instance);
  int32_t bus = int32_t(g.call("i2c_open", {0}));
  ASSERT_GT(bus, 0);
  const int32_t size = 65536;
  EXPECT_EQ(g.call("i2c_read", {bus, 0x48, size - 2, 2}), 2);  // the last two bytes
  EXPECT_EQ(g.call("i2c_read", {bus, 0x48, size - 1, 2}), kHw_ERR_INVALID);
  EXPECT_EQ(g.call("i2c_read", {bus, 0x48, size, 0}), 0);
  EXPECT_EQ(g.call("i2c_read", {bus, 0x48, size + 1, 0}), kHw_ERR_INVALID);
  EXPECT_EQ(g.call("i2c_read", {bus, 0x48, -1, 1}), kHw_ERR_INVALID);  // 0xffffffff
  EXPECT_EQ(g.call("i2c_read", {bus, 0x48, 0, 4096}), 4096);
  EXPECT_EQ(g.call("i2c_read", {bus, 0x48, 0, 4097}), kHw_ERR_INVALID);
  EXPECT_EQ(g.call("i2c_read", {bus, 0x48, 0, -4}), kHw_ERR_INVALID);
  EXPECT_EQ(g.call("i2c_write_read", {bus, 0x48, 0, 1, size, 1}), kHw_ERR_INVALID);
  // The temperature register's bytes arrive in guest memory.
  g.memory()[100] = 0x00;
  EXPECT_EQ(g.call("i2c_write_read", {bus, 0x48, 100, 1, 200, 2}), 2);
  EXPECT_EQ(g.memory()[200], 0x17);
  EXPECT_EQ(g.memory()[201], 0x80);
  EXPECT_EQ(g.call("i2c_read", {bus, 0x49, 0, 1}), kHw_ERR_NOT_GRANTED);
  int32_t spi = int32_t(g.call("spi_open", {0, 0, 1000000}));
  EXPECT_EQ(g.call("spi_transfer", {spi, 0, size - 3, 4}), kHw_ERR_INVALID);
  EXPECT_EQ(g.call("spi_write_read", {spi, size - 1, 2, 0, 1}), kHw_ERR_INVALID);
  int32_t uart = int32_t(g.call("uart_open", {0, 9600}));
  EXPECT_EQ(g.call("uart_write", {uart, size - 1, 2, 0}), kHw_ERR_INVALID);
  EXPECT_EQ(g.call("clock_us", {}), 0);
  EXPECT_EQ(g.call("delay_us", {1234}), 0);
  EXPECT_EQ(g.call("clock_us", {}), 1234);
}

TEST(HwFromWasm, GuestWithoutGrantsGetsErrorsNotTraps) {
  petrel::HwConfig c;
  c.backend = petrel::HwBackend::Simulated;
  Guest g(c);
  ASSERT_TRUE(g.instance);
  EXPECT_EQ(g.call("i2c_open", {0}), kHw_ERR_NOT_GRANTED);
  EXPECT_EQ(g.call("gpio_open", {0, 0, 1}), kHw_ERR_NOT_GRANTED);
  EXPECT_EQ(g.call("spi_open", {0, 0, 1}), kHw_ERR_NOT_GRANTED);
  EXPECT_EQ(g.call("uart_open", {0, 9600}), kHw_ERR_NOT_GRANTED);
  EXPECT_EQ(g.call("close", {32}), kHw_ERR_BAD_HANDLE);
}

TEST(HwFromWasm, EventLogAndButtonSchedule) {
  petrel::HwConfig c = simConfig();
  c.button_presses = std::vector<petrel::HwButtonPress>{{10, 5}};
  std::vector<std::string> log;
  c.event_log = [&](std::string_view line) { log.emplace_back(line); };
  Guest g(c);
  ASSERT_TRUE(g.instance);
  int32_t led = int32_t(g.call("gpio_open", {0, 3, 1 | 4}));  // output, initially active
  int32_t button = int32_t(g.call("gpio_open", {0, 4, 1 << 6}));  // falling edges
  EXPECT_EQ(g.call("gpio_wait_edge", {button, -1}), 2);
  EXPECT_EQ(g.call("clock_us", {}), 15000);
  EXPECT_EQ(g.call("gpio_write", {led, 0}), 0);
  EXPECT_EQ(log, (std::vector<std::string>{"t=0us led3=1", "t=10000us button=1", "t=15000us button=0",
                                           "t=15000us led3=0"}));
}

TEST(HwFromWasm, BadScheduleIsAConfigurationError) {
  petrel::Engine engine;
  petrel::Store store(engine);
  petrel::HwConfig c;
  c.backend = petrel::HwBackend::Simulated;
  c.button_presses = std::vector<petrel::HwButtonPress>{{100, 50}, {120, 10}};
  Status s = store.configureHardware(c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("button schedule"), std::string::npos);
}

std::string linkError(const std::string& wat, bool define = true) {
  petrel::Engine engine;
  petrel::Store store(engine);
  std::vector<uint8_t> bytes(wat.begin(), wat.end());
  auto module = petrel::Module::compile(engine, std::move(bytes));
  if (!module.ok()) return "compile: " + module.error().message;
  petrel::Linker linker(engine);
  if (define) (void)linker.defineHardware();
  auto inst = linker.instantiate(store, *module);
  if (inst.ok()) return "";
  EXPECT_EQ(inst.error().kind, ErrorKind::Unlinkable);
  return inst.error().message;
}

TEST(HwFromWasm, LinkErrorsNameTheImport) {
  EXPECT_EQ(linkError(R"((module (import "petrel_hw" "gpio_read" (func (param i32 i32) (result i32)))))"),
            "import \"petrel_hw\" \"gpio_read\": has type (i32, i32) -> (i32), but petrel_hw defines (i32) -> (i32)");
  EXPECT_EQ(linkError(R"((module (import "petrel_hw" "blink" (func))))"),
            "import \"petrel_hw\" \"blink\": unknown import: no such petrel_hw function");
  EXPECT_EQ(linkError(R"((module (import "petrel_hw" "close" (memory 1))))"),
            "import \"petrel_hw\" \"close\": is a memory, but petrel_hw defines a function");
  EXPECT_NE(linkError(R"((module (import "petrel_hw" "close" (func (param i32) (result i32)))))", false), "");
  EXPECT_EQ(linkError(R"((module (func (export "f"))))"), "");
}

}  // namespace
}  // namespace petrel::internal::hw
