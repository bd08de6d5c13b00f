// The command line's hardware grants (src/hw/hw_grant_parse.h): accepted
// spellings, the HwConfig they make, and errors that name the flag.
#include <gtest/gtest.h>

#include "hw/hw_grant_parse.h"
#include "hw/hw_runtime.h"

namespace petrel::internal::hw {
namespace {

std::string errorOf(Status s) { return s.ok() ? "" : s.error().message; }

TEST(HwGrantParse, I2c) {
  HwConfig c;
  ASSERT_TRUE(parseI2cGrant("1", c).ok());
  ASSERT_TRUE(parseI2cGrant("0x2:0x48,118", c).ok());
  ASSERT_EQ(c.i2c.size(), 2u);
  EXPECT_EQ(c.i2c[0].bus, 1u);
  EXPECT_TRUE(c.i2c[0].addresses.empty());
  EXPECT_EQ(c.i2c[1].bus, 2u);
  EXPECT_EQ(c.i2c[1].addresses, (std::vector<uint16_t>{0x48, 118}));
  HwGrants g = grantsOf(c);
  EXPECT_TRUE(g.i2cAddress(1, 0x33));
  EXPECT_TRUE(g.i2cAddress(2, 0x76));
  EXPECT_FALSE(g.i2cAddress(2, 0x77));
  for (const char* bad : {"", "x", "1:", "1:0x80", "1:0x48,", "1:,0x48", "-1", "1:0xzz", "99999999999"})
    EXPECT_NE(errorOf(parseI2cGrant(bad, c)).find("--i2c \"" + std::string(bad) + "\": expected"), std::string::npos)
        << bad;
}

TEST(HwGrantParse, Gpio) {
  HwConfig c;
  ASSERT_TRUE(parseGpioGrant("0:0-4", c).ok());
  ASSERT_TRUE(parseGpioGrant("2:1,3,17-18", c).ok());
  EXPECT_EQ(c.gpio[0].lines, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(c.gpio[1].chip, 2u);
  EXPECT_EQ(c.gpio[1].lines, (std::vector<uint32_t>{1, 3, 17, 18}));
  HwGrants g = grantsOf(c);
  EXPECT_TRUE(g.gpioLine(2, 18));
  EXPECT_FALSE(g.gpioLine(2, 2));
  EXPECT_FALSE(g.gpioLine(1, 0));
  for (const char* bad : {"0", "0:", ":1", "0:4-2", "0:1,,2", "0:a", "0:0-70000", "0:1-"})
    EXPECT_NE(errorOf(parseGpioGrant(bad, c)).find("--gpio \"" + std::string(bad) + "\": expected CHIP:LINES"),
              std::string::npos)
        << bad;
}

TEST(HwGrantParse, SpiUartBackendButton) {
  HwConfig c;
  ASSERT_TRUE(parseSpiGrant("0.1", c).ok());
  ASSERT_TRUE(parseSpiGrant("/dev/spidev3.0", c).ok());
  EXPECT_EQ(c.spi[0].bus, 0u);
  EXPECT_EQ(c.spi[0].chip_select, 1u);
  EXPECT_EQ(c.spi[1].path, "/dev/spidev3.0");
  EXPECT_NE(errorOf(parseSpiGrant("1", c)).find("--spi \"1\": expected B.C"), std::string::npos);
  EXPECT_NE(errorOf(parseSpiGrant("a.b", c)).find("--spi"), std::string::npos);

  ASSERT_TRUE(parseUartGrant("0", c).ok());
  ASSERT_TRUE(parseUartGrant("/dev/ttyUSB0", c).ok());
  EXPECT_EQ(c.uart[1].path, "/dev/ttyUSB0");
  EXPECT_NE(errorOf(parseUartGrant("ttyS0", c)).find("--uart \"ttyS0\""), std::string::npos);
  HwGrants g = grantsOf(c);
  EXPECT_TRUE(g.spiDevice(1));
  EXPECT_FALSE(g.spiDevice(2));
  EXPECT_TRUE(g.uartPort(1));
  EXPECT_FALSE(g.uartPort(2));

  ASSERT_TRUE(parseHwBackend("sim", c).ok());
  EXPECT_EQ(c.backend, HwBackend::Simulated);
  EXPECT_NE(errorOf(parseHwBackend("qemu", c)).find("--hw \"qemu\": expected linux or sim"), std::string::npos);

  ASSERT_TRUE(parseButtonSchedule("250,750+50", c).ok());
  ASSERT_EQ(c.button_presses->size(), 2u);
  EXPECT_EQ((*c.button_presses)[0].at_ms, 250u);
  EXPECT_EQ((*c.button_presses)[0].hold_ms, 100u);
  EXPECT_EQ((*c.button_presses)[1].hold_ms, 50u);
  ASSERT_TRUE(parseButtonSchedule("none", c).ok());
  EXPECT_TRUE(c.button_presses->empty());
  for (const char* bad : {"", "100,50", "100+50,120", "100+0", "x"})
    EXPECT_NE(errorOf(parseButtonSchedule(bad, c)).find("--hw-button"), std::string::npos) << bad;
}

}  // namespace
}  // namespace petrel::internal::hw
