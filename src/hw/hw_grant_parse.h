// The command line's hardware grants (petrel run --i2c, --gpio, --spi,
// --uart, --hw, --hw-button) into an HwConfig. Every malformed value is an
// error whose message names the flag and says what was expected.
#pragma once

#include <string_view>

#include <petrel/hw.h>
#include <petrel/result.h>

namespace petrel::internal::hw {

// BUS[:ADDR,...]: addresses 7-bit, hex (0x48) or decimal; none: any address.
Status parseI2cGrant(std::string_view spec, HwConfig& config);
// CHIP:LINES, LINES a comma-separated list of N and N-M (inclusive).
Status parseGpioGrant(std::string_view spec, HwConfig& config);
// B.C (/dev/spidevB.C), or a path. The guest's device number is the order.
Status parseSpiGrant(std::string_view spec, HwConfig& config);
// A port number (/dev/ttyS<N>; the simulated board's UART N), or a path.
// The guest's port number is the order.
Status parseUartGrant(std::string_view spec, HwConfig& config);
// linux or sim.
Status parseHwBackend(std::string_view spec, HwConfig& config);
// MS[+HOLD_MS],... (hold 100 ms unless given), or `none`.
Status parseButtonSchedule(std::string_view spec, HwConfig& config);

}  // namespace petrel::internal::hw
