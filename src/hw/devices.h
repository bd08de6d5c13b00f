// The hardware backends behind petrel_hw: small abstract classes a backend
// implements (Linux character devices in linux_*.cpp, the simulated board in
// sim_devices.h, a microcontroller's drivers in a firmware port). The
// binding (hw_host.h) checks grants, handles and guest buffers before it
// calls any of these, so a backend only ever sees in-bounds host buffers of
// at most kMaxTransfer bytes and arguments already range-checked.
//
// Compiles for microcontrollers: no exceptions, RTTI, threads or OS headers.
// Every operation returns an int32_t in the guest ABI's convention (>= 0
// success, < 0 a HwError), so a backend's answer goes to the guest unchanged.
#pragma once

#include <cstdint>

namespace petrel::internal::hw {

enum HwError : int32_t {
#define HW_ERROR(name, value, description) kHw_##name = value,
#include "hw/hw_errors.def"
#undef HW_ERROR
};

// The longest transfer one call may ask for (guest ABI).
inline constexpr uint32_t kMaxTransfer = 4096;

// gpio_open flags (guest ABI).
namespace gpio_flags {
inline constexpr uint32_t kOutput = 1u << 0;
inline constexpr uint32_t kActiveLow = 1u << 1;
inline constexpr uint32_t kInitialActive = 1u << 2;
inline constexpr uint32_t kBiasShift = 3;
inline constexpr uint32_t kBiasMask = 3u << kBiasShift;
inline constexpr uint32_t kBiasAsIs = 0, kBiasPullUp = 1, kBiasPullDown = 2, kBiasDisabled = 3;
inline constexpr uint32_t kEdgeRising = 1u << 5;
inline constexpr uint32_t kEdgeFalling = 1u << 6;
inline constexpr uint32_t kAll = (1u << 7) - 1;
}  // namespace gpio_flags

inline constexpr int32_t kEdgeRisingEvent = 1;
inline constexpr int32_t kEdgeFallingEvent = 2;

// How a blocking wait learns that the guest should stop (the store was
// interrupted: --timeout, an epoch deadline): backends that wait in the OS
// wait in slices and ask between them. No std::function, so a plain
// function pointer.
struct WaitControl {
  bool (*interrupted)(void* arg) = nullptr;
  void* arg = nullptr;
  bool stop() const { return interrupted && interrupted(arg); }
};

// Time as the guest sees it: monotonic microseconds, and a delay. The
// simulated board's clock is virtual (a delay advances it, nothing sleeps).
class HwClock {
 public:
  virtual ~HwClock() = default;
  virtual uint64_t nowUs() = 0;
  virtual void delayUs(uint32_t us, const WaitControl& wait) = 0;
};

// One I2C bus (wasi-i2c's `i2c` resource). Addresses are 7-bit (0..0x7f).
class I2cBus {
 public:
  virtual ~I2cBus() = default;
  virtual int32_t read(uint16_t addr, uint8_t* buf, uint32_t len) = 0;
  virtual int32_t write(uint16_t addr, const uint8_t* buf, uint32_t len) = 0;
  // One transaction: write, repeated start, read. Returns rlen.
  virtual int32_t writeRead(uint16_t addr, const uint8_t* wbuf, uint32_t wlen, uint8_t* rbuf, uint32_t rlen) = 0;
};

// One requested GPIO line. Levels are logical (1 = active); active-low is
// the backend's business, as it is the kernel's for gpiochip v2.
class GpioLine {
 public:
  virtual ~GpioLine() = default;
  virtual int32_t read() = 0;
  virtual int32_t write(bool active) = 0;
  // 1 rising, 2 falling (logical edges), kHw_ERR_TIMEOUT, or
  // kHw_ERR_UNSUPPORTED when the line was requested without edge flags.
  // timeout_ms < 0 waits without a limit (still stopping on `wait`).
  virtual int32_t waitEdge(int32_t timeout_ms, const WaitControl& wait) = 0;
};

// A GPIO controller (a gpiochip). requestLine creates a line object the
// caller owns (deletes); a line another request holds is kHw_ERR_BUSY.
class GpioChip {
 public:
  virtual ~GpioChip() = default;
  virtual int32_t requestLine(uint32_t line, uint32_t flags, GpioLine*& out) = 0;
};

// One SPI device (a bus and a chip select). Mode and speed come with every
// call: handles to the same device may use different settings.
struct SpiSettings {
  uint8_t mode = 0;  // 0..3: CPOL = bit 1, CPHA = bit 0
  uint32_t speed_hz = 1000000;
};
class SpiDevice {
 public:
  virtual ~SpiDevice() = default;
  // Full duplex, chip select asserted for the whole call. Returns len.
  virtual int32_t transfer(const SpiSettings& s, const uint8_t* tx, uint8_t* rx, uint32_t len) = 0;
  // tx_len bytes out, then rx_len bytes in, one chip select. Returns rx_len.
  virtual int32_t writeRead(const SpiSettings& s, const uint8_t* tx, uint32_t tx_len, uint8_t* rx, uint32_t rx_len) = 0;
};

// A serial port. configure() is called when a guest opens it.
class Uart {
 public:
  virtual ~Uart() = default;
  virtual int32_t configure(uint32_t baud) = 0;  // kHw_ERR_INVALID for a rate it cannot do
  virtual int32_t write(const uint8_t* buf, uint32_t len, int32_t timeout_ms, const WaitControl& wait) = 0;
  // >= 1 bytes, or kHw_ERR_TIMEOUT when nothing arrived in time.
  virtual int32_t read(uint8_t* buf, uint32_t len, int32_t timeout_ms, const WaitControl& wait) = 0;
};

// What a host (the CLI, a firmware) gives the binding: the devices behind
// the guest's bus, chip, device and port numbers, opened on first use and
// owned by the provider (they outlive every handle). The binding asks only
// for numbers the guest was granted; a device that does not exist or cannot
// be opened is an error code (kHw_ERR_IO, or whatever the backend says).
class HwBackends {
 public:
  virtual ~HwBackends() = default;
  virtual int32_t i2cBus(uint32_t bus, I2cBus*& out) = 0;
  virtual int32_t gpioChip(uint32_t chip, GpioChip*& out) = 0;
  virtual int32_t spiDevice(uint32_t dev, SpiDevice*& out) = 0;
  virtual int32_t uart(uint32_t port, Uart*& out) = 0;
  virtual HwClock& clock() = 0;
};

}  // namespace petrel::internal::hw
