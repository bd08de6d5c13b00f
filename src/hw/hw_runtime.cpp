#include "hw/hw_runtime.h"

#include "hw/linux_backends.h"
#include "hw/sim_devices.h"

namespace petrel::internal::hw {

namespace {

// The simulated board behind the guest's numbers: SPI device i and UART
// port i are the i-th grant's device, which must be one the board has.
class SimBackends final : public HwBackends {
 public:
  SimBackends(std::vector<HwSpiGrant> spi, std::vector<HwUartGrant> uart)
      : spi_(std::move(spi)), uart_(std::move(uart)) {}
  SimBoard& board() { return board_; }

  int32_t i2cBus(uint32_t bus, I2cBus*& out) override { return board_.i2cBus(bus, out); }
  int32_t gpioChip(uint32_t chip, GpioChip*& out) override { return board_.gpioChip(chip, out); }
  int32_t spiDevice(uint32_t dev, SpiDevice*& out) override {
    if (dev >= spi_.size()) return kHw_ERR_NOT_GRANTED;
    const HwSpiGrant& g = spi_[dev];
    if (!g.path.empty() || g.bus != 0 || g.chip_select != 0) return kHw_ERR_IO;  // the board has spidev 0.0 only
    return board_.spiDevice(0, out);
  }
  int32_t uart(uint32_t port, Uart*& out) override {
    if (port >= uart_.size()) return kHw_ERR_NOT_GRANTED;
    const HwUartGrant& g = uart_[port];
    if (!g.path.empty()) return kHw_ERR_IO;
    return board_.uart(g.port, out);
  }
  HwClock& clock() override { return board_.clock(); }

 private:
  SimBoard board_;
  std::vector<HwSpiGrant> spi_;
  std::vector<HwUartGrant> uart_;
};

void logLine(void* arg, const char* line) {
  auto* log = static_cast<std::function<void(std::string_view)>*>(arg);
  (*log)(line);
}

}  // namespace

HwGrants grantsOf(const HwConfig& config) {
  HwGrants grants;
  for (const HwI2cGrant& g : config.i2c) {
    if (g.addresses.empty()) grants.grantI2cBus(g.bus);
    for (uint16_t a : g.addresses) grants.grantI2cAddress(g.bus, a);
  }
  for (const HwGpioGrant& g : config.gpio)
    for (uint32_t line : g.lines) grants.grantGpioLines(g.chip, line, line);
  grants.grantSpiDevices(static_cast<uint32_t>(config.spi.size()));
  grants.grantUartPorts(static_cast<uint32_t>(config.uart.size()));
  return grants;
}

HwRuntime::~HwRuntime() = default;

Result<std::unique_ptr<HwRuntime>> HwRuntime::create(Store& store, const HwConfig& config) {
  std::unique_ptr<HwRuntime> rt(new HwRuntime());
  if (config.backend == HwBackend::Simulated) {
    auto sim = std::make_unique<SimBackends>(config.spi, config.uart);
    SimBoard& board = sim->board();
    if (config.button_presses) {
      std::vector<ButtonPress> presses;
      for (const HwButtonPress& p : *config.button_presses) presses.push_back({p.at_ms * 1000, p.hold_ms * 1000});
      if (!board.setButtonSchedule(presses.data(), static_cast<uint32_t>(presses.size())))
        return Error::make(ErrorKind::Other,
                           "button schedule: presses must be in order, not overlap, last at least 1 ms, and "
                           "number at most " + std::to_string(SimBoard::kMaxPresses));
    }
    if (config.event_log) {
      rt->log_ = config.event_log;
      board.setLog(logLine, &rt->log_);
    }
    rt->board_ = &board;
    rt->backends_ = std::move(sim);
  } else {
    std::vector<std::string> spi, uart;
    for (const HwSpiGrant& g : config.spi)
      spi.push_back(!g.path.empty() ? g.path
                                    : "/dev/spidev" + std::to_string(g.bus) + "." + std::to_string(g.chip_select));
    for (const HwUartGrant& g : config.uart)
      uart.push_back(!g.path.empty() ? g.path : "/dev/ttyS" + std::to_string(g.port));
    rt->backends_ = std::make_unique<LinuxBackends>(std::move(spi), std::move(uart));
  }
  rt->context_ = std::make_unique<HwContext>(*rt->backends_, grantsOf(config));
  rt->host_ = std::make_unique<HwHost>(store, *rt->context_);
  return rt;
}

}  // namespace petrel::internal::hw
