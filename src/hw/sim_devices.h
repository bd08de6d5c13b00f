// The simulated board: deterministic devices on a virtual clock, for tests,
// examples and the QEMU firmware (docs/HARDWARE.md describes the board).
//
//   I2C bus 0, address 0x48: a TMP102-style temperature sensor
//   SPI device 0: a W25Q-style NOR flash (JEDEC id EF 40 xx)
//   GPIO chip 0: lines 0-3 LEDs, line 4 a button pressed on a schedule
//   UART 0: a line-echo peer that answers "ECHO: <line>\n"
//
// Time is virtual: delay_us advances it, an edge wait or a read timeout
// jumps to the event or the deadline, an SPI transfer takes its bits at the
// handle's speed. Nothing sleeps, so a run gives the same output every time.
// Every LED and button change goes to the event log with its virtual time.
//
// Compiles for microcontrollers (no exceptions, RTTI, threads or OS calls;
// snprintf only).
#pragma once

#include <cstdint>

#include "hw/devices.h"

namespace petrel::internal::hw {

class SimBoard;

class SimClock final : public HwClock {
 public:
  explicit SimClock(SimBoard& board) : board_(board) {}
  uint64_t nowUs() override { return now_; }
  void delayUs(uint32_t us, const WaitControl&) override;
  void advance(uint64_t us);  // moves time on, logging the button's changes on the way

 private:
  friend class SimBoard;
  SimBoard& board_;
  uint64_t now_ = 0;
};

// TMP102-style sensor. Registers are 16 bits, most significant byte first,
// selected by the pointer byte a write starts with:
//   0x00 temperature (read-only): 12-bit two's complement in bits 15..4,
//        0.0625 degC per step
//   0x01 configuration: 0x60a0 at reset; bits 14..13 (resolution) read as 1
//   0x02 T_low: 0x4b00 (75 degC) at reset; 0x03 T_high: 0x5000 (80 degC);
//        bits 3..0 read as 0
//   0x0f device id (read-only): 0x0102
// A write of one byte sets the pointer; of three, also the register (a
// read-only or unknown register NACKs the data). Reads return the pointed
// register's two bytes, repeated for longer reads. The temperature is
// base + drift per whole virtual second (23.5 degC and +0.25 degC/s unless set).
class SimTempSensor final : public I2cBus {
 public:
  static constexpr uint16_t kAddress = 0x48;
  static constexpr uint16_t kDeviceId = 0x0102;

  explicit SimTempSensor(SimClock& clock) : clock_(clock) {}
  void setTemperature(int32_t base_millic, int32_t drift_millic_per_s) {
    base_millic_ = base_millic;
    drift_millic_per_s_ = drift_millic_per_s;
  }
  int32_t temperatureMilliC();
  uint16_t registerValue(uint8_t reg);  // as a read would see it

  int32_t read(uint16_t addr, uint8_t* buf, uint32_t len) override;
  int32_t write(uint16_t addr, const uint8_t* buf, uint32_t len) override;
  int32_t writeRead(uint16_t addr, const uint8_t* wbuf, uint32_t wlen, uint8_t* rbuf, uint32_t rlen) override;

 private:
  SimClock& clock_;
  int32_t base_millic_ = 23500;
  int32_t drift_millic_per_s_ = 250;
  uint8_t pointer_ = 0;
  uint16_t config_ = 0x60a0, t_low_ = 0x4b00, t_high_ = 0x5000;
};

// W25Q-style SPI NOR flash, any power-of-two size from 4 KiB; the JEDEC id
// is EF 40 log2(size) (EF 40 16 for 4 MiB). Commands, one per chip select:
//   0x9f JEDEC id   0x05 status (bit 0 WIP busy, bit 1 WEL write enabled)
//   0x06 write enable   0x04 write disable
//   0x03 A2 A1 A0: read from the address on, wrapping at the end
//   0x02 A2 A1 A0 data: page program when chip select ends: data wraps
//        within the 256-byte page, bits only go from 1 to 0 (new = old & data)
//   0x20 A2 A1 A0: erase the 4 KiB sector to 0xff
// Program and erase need WEL (else ignored), clear it, and keep the chip busy
// (WIP) for 700 us / 45 ms of virtual time; while busy only 0x05 is answered.
// Bytes the flash does not drive read 0xff. Any other command is ignored.
class SimFlash final : public SpiDevice {
 public:
  static constexpr uint32_t kPageSize = 256;
  static constexpr uint32_t kSectorSize = 4096;
  static constexpr uint64_t kProgramUs = 700;
  static constexpr uint64_t kEraseUs = 45000;

  // `storage` (size bytes, a power of two >= 4096) is the caller's; it is
  // erased (0xff) here.
  SimFlash(SimClock& clock, uint8_t* storage, uint32_t size);
  uint32_t size() const { return size_; }
  const uint8_t* data() const { return storage_; }
  uint8_t status() const;
  uint8_t capacityCode() const;  // log2(size): the third JEDEC id byte

  int32_t transfer(const SpiSettings& s, const uint8_t* tx, uint8_t* rx, uint32_t len) override;
  int32_t writeRead(const SpiSettings& s, const uint8_t* tx, uint32_t tx_len, uint8_t* rx, uint32_t rx_len) override;

 private:
  void begin();
  uint8_t exchange(uint8_t in);
  void end();
  void spend(const SpiSettings& s, uint64_t bytes);  // the transfer's time on the clock

  SimClock& clock_;
  uint8_t* storage_;
  uint32_t size_;
  bool wel_ = false;
  uint64_t busy_until_ = 0;
  // The transaction in progress.
  uint32_t count_ = 0;  // bytes exchanged so far
  uint8_t command_ = 0;
  uint32_t address_ = 0;
  bool busy_at_start_ = false;
  uint8_t page_[kPageSize];
  uint32_t page_bytes_ = 0;   // data bytes received for 0x02 (capped at a page)
  uint32_t page_offset_ = 0;  // where in page_ the next byte goes
  bool page_touched_[kPageSize];
};

// Line-echo peer on UART 0: every line the guest sends ("\n"-terminated, a
// trailing "\r" dropped, at most 200 characters kept) comes back at once as
// "ECHO: <line>\n". A read with nothing to receive waits out its timeout in
// virtual time; one without a timeout (< 0) returns TIMEOUT at once, since
// nothing could ever arrive.
class SimEchoUart final : public Uart {
 public:
  explicit SimEchoUart(SimClock& clock) : clock_(clock) {}
  int32_t configure(uint32_t baud) override;
  int32_t write(const uint8_t* buf, uint32_t len, int32_t timeout_ms, const WaitControl& wait) override;
  int32_t read(uint8_t* buf, uint32_t len, int32_t timeout_ms, const WaitControl& wait) override;
  uint32_t baud() const { return baud_; }

 private:
  void push(const char* s, uint32_t n);
  SimClock& clock_;
  uint32_t baud_ = 0;
  static constexpr uint32_t kLineMax = 200;
  char line_[kLineMax];
  uint32_t line_len_ = 0;
  static constexpr uint32_t kRxSize = 1024;
  uint8_t rx_[kRxSize];
  uint32_t rx_head_ = 0, rx_count_ = 0;
};

// GPIO chip 0: lines 0-3 LEDs (outputs; read back as inputs), line 4 the
// button (input only: pressed reads 1 as with a pull-down, so a press is a
// rising edge). Active-low requests invert levels and edges, as gpiochip v2
// does; bias flags are accepted and have no effect.
class SimGpioChip final : public GpioChip {
 public:
  static constexpr uint32_t kLeds = 4;
  static constexpr uint32_t kButtonLine = 4;
  static constexpr uint32_t kLines = 5;

  explicit SimGpioChip(SimBoard& board) : board_(board) {}
  int32_t requestLine(uint32_t line, uint32_t flags, GpioLine*& out) override;
  bool led(uint32_t i) const { return i < kLeds && leds_[i]; }

 private:
  friend class SimGpioLine;
  void drive(uint32_t line, bool physical);  // an LED's level, logged when it changes
  SimBoard& board_;
  bool leds_[kLeds] = {};
  uint32_t requested_ = 0;  // bit per line
};

struct ButtonPress {
  uint64_t at_us;
  uint64_t hold_us;
};

class SimBoard final : public HwBackends {
 public:
  static constexpr uint32_t kMaxPresses = 64;
  static constexpr uint32_t kDefaultFlashSize = 4u << 20;
  using LogSink = void (*)(void* arg, const char* line);

  // Flash storage: `flash_storage` (flash_size bytes) when given, else
  // allocated with new[] on first use (kDefaultFlashSize: 4 MiB).
  explicit SimBoard(uint8_t* flash_storage = nullptr, uint32_t flash_size = kDefaultFlashSize);
  ~SimBoard() override;
  SimBoard(const SimBoard&) = delete;
  SimBoard& operator=(const SimBoard&) = delete;

  // The default schedule: five presses of 100 ms, at 250, 750, 1250, 1750
  // and 2250 ms. Presses must be in order and must not overlap (false if
  // not, or more than kMaxPresses; the schedule is then unchanged).
  bool setButtonSchedule(const ButtonPress* presses, uint32_t count);
  void setLog(LogSink sink, void* arg) {
    log_ = sink;
    log_arg_ = arg;
  }

  SimClock& simClock() { return clock_; }
  SimTempSensor& sensor() { return sensor_; }
  SimGpioChip& gpio() { return gpio_; }
  SimEchoUart& echoUart() { return uart_; }
  SimFlash* flash();  // created on first use

  // The button's physical level at virtual time t, and its first edge
  // strictly after `after` (false when there is none). rising: a press.
  bool buttonPressedAt(uint64_t t) const;
  bool nextButtonEdge(uint64_t after, uint64_t& at, bool& rising) const;

  // HwBackends: bus 0, chip 0, device 0 and port 0 exist; other numbers are
  // kHw_ERR_IO (no such device).
  int32_t i2cBus(uint32_t bus, I2cBus*& out) override;
  int32_t gpioChip(uint32_t chip, GpioChip*& out) override;
  int32_t spiDevice(uint32_t dev, SpiDevice*& out) override;
  int32_t uart(uint32_t port, Uart*& out) override;
  HwClock& clock() override { return clock_; }

  // Logs "t=<us>us <what>=<level>" (button changes up to now go first).
  void logLevel(const char* what, bool level);

 private:
  friend class SimClock;
  void logButtonUpTo(uint64_t t);  // the button's edges in [logged_until_, t]

  SimClock clock_;
  SimTempSensor sensor_;
  SimGpioChip gpio_;
  SimEchoUart uart_;
  uint8_t* flash_storage_;
  uint32_t flash_size_;
  bool own_storage_ = false;
  alignas(SimFlash) unsigned char flash_space_[sizeof(SimFlash)];
  SimFlash* flash_ = nullptr;
  ButtonPress presses_[kMaxPresses];
  uint32_t press_count_ = 0;
  uint64_t logged_until_ = 0;
  LogSink log_ = nullptr;
  void* log_arg_ = nullptr;
};

}  // namespace petrel::internal::hw
