// What a guest of the petrel_hw import module may reach: I2C buses and
// addresses, GPIO lines, SPI devices and UARTs, on the host's devices
// (Linux character devices) or on the simulated board. Nothing is reachable
// unless granted here; an ungranted access is an error code to the guest
// (see docs/HARDWARE.md for the ABI and the board).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace petrel {

enum class HwBackend : uint8_t {
  Linux,      // /dev/i2c-N, /dev/gpiochipN, /dev/spidevB.C, ttys
  Simulated,  // the deterministic board on a virtual clock (docs/HARDWARE.md)
};

// Guest bus N is the host's bus N (/dev/i2c-N). No addresses: any address.
struct HwI2cGrant {
  uint32_t bus = 0;
  std::vector<uint16_t> addresses;  // 7-bit
};

// Guest chip N is /dev/gpiochipN; only the lines listed.
struct HwGpioGrant {
  uint32_t chip = 0;
  std::vector<uint32_t> lines;
};

// The guest's SPI device numbers and UART port numbers are the positions
// of these in HwConfig::spi and HwConfig::uart (0, 1, ...).
struct HwSpiGrant {
  // Linux: path, or /dev/spidev<bus>.<chip_select> when empty. Simulated:
  // the flash is 0.0 (any other device, or a path, does not exist).
  uint32_t bus = 0;
  uint32_t chip_select = 0;
  std::string path;
};
struct HwUartGrant {
  // Linux: path, or /dev/ttyS<port> when empty. Simulated: UART <port>
  // (0 is the echo peer; a path does not exist).
  uint32_t port = 0;
  std::string path;
};

// Simulated button presses, in virtual time from the store's start.
struct HwButtonPress {
  uint64_t at_ms = 0;
  uint64_t hold_ms = 100;
};

struct HwConfig {
  HwBackend backend = HwBackend::Linux;
  std::vector<HwI2cGrant> i2c;
  std::vector<HwGpioGrant> gpio;
  std::vector<HwSpiGrant> spi;
  std::vector<HwUartGrant> uart;
  // Simulated board only. Unset: the default schedule (docs/HARDWARE.md);
  // presses in order, not overlapping, at most 64.
  std::optional<std::vector<HwButtonPress>> button_presses;
  // Simulated board only: called with each line of the event log (every LED
  // and button change, "t=<us>us led0=1"), on the thread running the guest.
  std::function<void(std::string_view line)> event_log;
};

}  // namespace petrel
