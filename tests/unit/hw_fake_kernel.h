// A fake Linux kernel for the Linux hardware backends' tests: a LinuxSys
// (src/hw/linux_sys.h) that implements the character-device ioctls the
// backends use the way the uapi headers document them, in front of the
// simulated board's device models (src/hw/sim_devices.h). So the Linux
// backend, driven through it, must give the guest what the simulated board
// gives it, and a test can see the exact requests a real kernel would see.
//
//   /dev/i2c-0      i2c-dev: I2C_FUNCS, I2C_RDWR (i2c_rdwr_ioctl_data of
//                   i2c_msg); the TMP102-style sensor at 0x48; an absent
//                   address is ENXIO, a data byte the device NACKs EREMOTEIO
//   /dev/gpiochip0  gpiochip v2: GPIO_V2_GET_LINE_IOCTL (gpio_v2_line_request,
//                   its config's flags and attributes: flags, output values,
//                   debounce), then on the line request's descriptor
//                   GPIO_V2_LINE_GET/SET_VALUES_IOCTL (bits/mask), poll and
//                   read of gpio_v2_line_event; the board's five lines
//   /dev/spidev0.0  spidev: SPI_IOC_MESSAGE(n) of spi_ioc_transfer (one
//                   chip select unless cs_change), SPI_IOC_{RD,WR}_MODE,
//                   _MAX_SPEED_HZ, _BITS_PER_WORD; the W25Q-style flash
//   time            CLOCK_MONOTONIC and nanosleep on the board's virtual
//                   clock; a poll that waits for an edge advances it
//
// It validates every field it receives: what a real kernel rejects fails
// with the kernel's errno, and what a careful caller never sends (nonzero
// reserved or padding fields, a missing O_CLOEXEC, a blocking read, an
// unknown descriptor) also fails; both are recorded in violations(), which
// a test expects to stay empty. There are no ttys (isatty is ENOTTY).
#pragma once

#include <linux/gpio.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <linux/spi/spidev.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hw/linux_sys.h"
#include "hw/sim_devices.h"

namespace petrel::internal::hw::testing {

class FakeKernel final : public LinuxSys {
 public:
  // The calls a test can make fail.
  enum class Op { Open, I2cFuncs, I2cRdwr, SpiWrMode, SpiMessage, GpioGetLine, GpioGetValues, GpioSetValues, Poll, Read };

  // One I2C message as the kernel received it; `data` is what a write
  // message carried, or what the device answered a read with.
  struct I2cMessage {
    uint16_t addr = 0, flags = 0, len = 0;
    std::vector<uint8_t> data;
  };
  // One spi_ioc_transfer as received, with the bytes its tx_buf held.
  struct SpiTransfer {
    spi_ioc_transfer raw{};
    std::vector<uint8_t> tx;
  };
  // One event handed to a read.
  struct LineEvent {
    int fd;
    gpio_v2_line_event event;
  };

  explicit FakeKernel(SimBoard& board);
  ~FakeKernel() override;
  FakeKernel(const FakeKernel&) = delete;
  FakeKernel& operator=(const FakeKernel&) = delete;

  // Fault injection. failNext: the next `times` calls of `op` fail with
  // `error` before they reach a device. shortenNext: the next call of `op`
  // reaches the devices but does less than asked and says so, as a real
  // driver may: I2C_RDWR does all messages but the last and returns their
  // number, SPI_IOC_MESSAGE returns one byte less than it clocked, a read of
  // events returns half an event.
  void failNext(Op op, int error, int times = 1);
  void shortenNext(Op op);
  // What I2C_FUNCS reports (default I2C_FUNC_I2C | I2C_FUNC_SMBUS_EMUL).
  void setI2cFunctionality(unsigned long funcs) { i2c_funcs_ = funcs; }

  // What reached the kernel, in order.
  const std::vector<std::string>& opened() const { return opened_; }
  const std::vector<std::vector<I2cMessage>>& i2cTransfers() const { return i2c_transfers_; }
  const std::vector<std::vector<SpiTransfer>>& spiMessages() const { return spi_messages_; }
  const std::vector<uint8_t>& spiModesSet() const { return spi_modes_; }
  const std::vector<gpio_v2_line_request>& lineRequests() const { return line_requests_; }
  const std::vector<gpio_v2_line_values>& valuesSet() const { return values_set_; }
  const std::vector<gpio_v2_line_values>& valuesGot() const { return values_got_; }
  const std::vector<LineEvent>& eventsRead() const { return events_read_; }
  uint32_t polls() const { return polls_; }
  // Requests that were wrong, each with why ("GPIO_V2_GET_LINE_IOCTL:
  // padding not zero").
  const std::vector<std::string>& violations() const { return violations_; }
  size_t openDescriptors() const { return fds_.size(); }

  // LinuxSys
  int open(const char* path, int flags) override;
  int close(int fd) override;
  int ioctl(int fd, unsigned long request, void* arg) override;
  ssize_t read(int fd, void* buf, size_t len) override;
  ssize_t write(int fd, const void* buf, size_t len) override;
  int poll(pollfd* fds, nfds_t count, int timeout_ms) override;
  int isatty(int fd) override;
  int tcgetattr(int fd, termios* t) override;
  int tcsetattr(int fd, int when, const termios* t) override;
  int clockGettime(clockid_t clock, timespec* ts) override;
  int nanosleep(const timespec* ts) override;

 private:
  enum class Node { I2cAdapter, GpioChip, Spidev, LineRequest };
  struct RequestedLine {
    uint32_t offset;
    uint64_t flags;        // GPIO_V2_LINE_FLAG_*
    uint32_t model_flags;  // the same as the board's model takes them (gpio_flags)
    uint32_t debounce_us;
    std::unique_ptr<GpioLine> model;
    uint32_t line_seqno = 0;
  };
  struct LineRequest {
    std::vector<RequestedLine> lines;
    uint32_t event_buffer_size;
    std::deque<gpio_v2_line_event> events;
    uint32_t seqno = 0;
  };
  struct Open {
    Node node;
    std::unique_ptr<LineRequest> lines;  // Node::LineRequest
  };
  struct Fault {
    int error = 0;
    int times = 0;
    bool shorten = false;
  };

  int fail(int error, const std::string& why);     // a violation: records it, errno = error, -1
  bool injected(Op op, int& error);                 // a failNext due now
  bool shortened(Op op);                            // a shortenNext due now
  Open* find(int fd);

  int i2cIoctl(unsigned long request, void* arg);
  int i2cRdwr(i2c_rdwr_ioctl_data* data);
  int spiIoctl(unsigned long request, void* arg);
  int spiMessage(const spi_ioc_transfer* xfers, uint32_t count);
  int gpioChipIoctl(unsigned long request, void* arg);
  int getLine(gpio_v2_line_request* req);
  int lineIoctl(LineRequest& lr, unsigned long request, void* arg);
  int pollLine(LineRequest& lr, int timeout_ms);

  SimBoard& board_;
  std::map<int, Open> fds_;
  int next_fd_ = 100;
  std::map<Op, Fault> faults_;
  unsigned long i2c_funcs_ = I2C_FUNC_I2C | I2C_FUNC_SMBUS_EMUL;
  uint8_t spi_mode_ = 0;
  uint32_t spi_max_speed_hz_ = 50000000;
  uint8_t spi_bits_per_word_ = 8;

  std::vector<std::string> opened_;
  std::vector<std::vector<I2cMessage>> i2c_transfers_;
  std::vector<std::vector<SpiTransfer>> spi_messages_;
  std::vector<uint8_t> spi_modes_;
  std::vector<gpio_v2_line_request> line_requests_;
  std::vector<gpio_v2_line_values> values_set_, values_got_;
  std::vector<LineEvent> events_read_;
  uint32_t polls_ = 0;
  std::vector<std::string> violations_;
};

}  // namespace petrel::internal::hw::testing
