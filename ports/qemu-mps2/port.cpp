// The port layer of the QEMU mps2 firmware (include/petrel_port.h): the
// console is ARM semihosting (picolibc's stdio), and the hardware is the
// simulated board of src/hw/sim_devices.h behind the port's C functions,
// the same path a real board's drivers take. The board's time is virtual
// (a delay advances it), and so is the port's clock: a run prints the same
// thing every time, and the same as `petrel run --hw sim` on Linux.
#include <cstdio>

#include "hw/sim_devices.h"
#include "petrel_port.h"

using namespace petrel::internal::hw;

namespace {

// The simulated SPI flash's 4 MiB (JEDEC id EF 40 16, as under `petrel run
// --hw sim`) live in the board's 16 MiB of PSRAM at 0x21000000, which the
// firmware's image and heap never use.
uint8_t* const g_flash = reinterpret_cast<uint8_t*>(0x21000000);
constexpr uint32_t kFlashSize = 4u << 20;

SimBoard* g_board = nullptr;
SimBoard& board() {
  if (!g_board) {
    g_board = new SimBoard(g_flash, kFlashSize);
    g_board->setLog([](void*, const char* line) { std::printf("[board] %s\n", line); }, nullptr);
  }
  return *g_board;
}

const WaitControl kNoStop{};

// GPIO lines the guest has configured, by line number (chip 0 only).
GpioLine* g_lines[SimGpioChip::kLines] = {};

int32_t i2cRead(uint32_t bus, uint16_t addr, uint8_t* buf, uint32_t len) {
  I2cBus* b;
  int32_t r = board().i2cBus(bus, b);
  return r < 0 ? r : b->read(addr, buf, len);
}
int32_t i2cWrite(uint32_t bus, uint16_t addr, const uint8_t* buf, uint32_t len) {
  I2cBus* b;
  int32_t r = board().i2cBus(bus, b);
  return r < 0 ? r : b->write(addr, buf, len);
}
int32_t i2cWriteRead(uint32_t bus, uint16_t addr, const uint8_t* w, uint32_t wlen, uint8_t* rd, uint32_t rlen) {
  I2cBus* b;
  int32_t r = board().i2cBus(bus, b);
  return r < 0 ? r : b->writeRead(addr, w, wlen, rd, rlen);
}

int32_t gpioConfigure(uint32_t chip, uint32_t line, uint32_t flags) {
  GpioChip* c;
  int32_t r = board().gpioChip(chip, c);
  if (r < 0) return r;
  if (line >= SimGpioChip::kLines) return kHw_ERR_IO;
  if (g_lines[line]) return kHw_ERR_BUSY;
  return c->requestLine(line, flags, g_lines[line]);
}
GpioLine* lineOf(uint32_t line) { return line < SimGpioChip::kLines ? g_lines[line] : nullptr; }
int32_t gpioRead(uint32_t, uint32_t line) { return lineOf(line) ? lineOf(line)->read() : kHw_ERR_BAD_HANDLE; }
int32_t gpioWrite(uint32_t, uint32_t line, int32_t active) {
  return lineOf(line) ? lineOf(line)->write(active != 0) : kHw_ERR_BAD_HANDLE;
}
int32_t gpioWaitEdge(uint32_t, uint32_t line, int32_t timeout_ms) {
  return lineOf(line) ? lineOf(line)->waitEdge(timeout_ms, kNoStop) : kHw_ERR_BAD_HANDLE;
}
void gpioRelease(uint32_t, uint32_t line) {
  if (!lineOf(line)) return;
  delete g_lines[line];
  g_lines[line] = nullptr;
}

int32_t spiTransfer(uint32_t dev, uint32_t mode, uint32_t speed, const uint8_t* tx, uint8_t* rx, uint32_t len) {
  SpiDevice* d;
  int32_t r = board().spiDevice(dev, d);
  SpiSettings s{static_cast<uint8_t>(mode), speed};
  return r < 0 ? r : d->transfer(s, tx, rx, len);
}
int32_t spiWriteRead(uint32_t dev, uint32_t mode, uint32_t speed, const uint8_t* tx, uint32_t tx_len, uint8_t* rx,
                     uint32_t rx_len) {
  SpiDevice* d;
  int32_t r = board().spiDevice(dev, d);
  SpiSettings s{static_cast<uint8_t>(mode), speed};
  return r < 0 ? r : d->writeRead(s, tx, tx_len, rx, rx_len);
}

int32_t uartConfigure(uint32_t port, uint32_t baud) {
  Uart* u;
  int32_t r = board().uart(port, u);
  return r < 0 ? r : u->configure(baud);
}
int32_t uartWrite(uint32_t port, const uint8_t* buf, uint32_t len, int32_t timeout_ms) {
  Uart* u;
  int32_t r = board().uart(port, u);
  return r < 0 ? r : u->write(buf, len, timeout_ms, kNoStop);
}
int32_t uartRead(uint32_t port, uint8_t* buf, uint32_t len, int32_t timeout_ms) {
  Uart* u;
  int32_t r = board().uart(port, u);
  return r < 0 ? r : u->read(buf, len, timeout_ms, kNoStop);
}

const petrel_port_hw kHardware = {
    i2cRead,     i2cWrite,     i2cWriteRead, gpioConfigure, gpioRead, gpioWrite, gpioWaitEdge, gpioRelease,
    spiTransfer, spiWriteRead, uartConfigure, uartWrite,    uartRead,
};

}  // namespace

extern "C" {

// This port's own: a fresh board (time 0, flash erased, LEDs off) before
// each guest, as each `petrel run --hw sim` starts with one.
void qemu_port_reset_board(void) {
  for (GpioLine*& line : g_lines) {
    delete line;
    line = nullptr;
  }
  delete g_board;
  g_board = nullptr;
}

void petrel_port_console_write(int fd, const uint8_t* bytes, size_t size) {
  std::fwrite(bytes, 1, size, fd == 2 ? stderr : stdout);
}
uint64_t petrel_port_clock_us(void) { return board().simClock().nowUs(); }
void petrel_port_delay_us(uint32_t us) { board().simClock().delayUs(us, kNoStop); }
const petrel_port_hw* petrel_port_hardware(void) { return &kHardware; }

}  // extern "C"
