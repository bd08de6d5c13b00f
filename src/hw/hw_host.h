// The petrel_hw binding: what a guest is granted (HwGrants), its handles
// (HwContext), and the host functions of import module "petrel_hw" with the
// import resolution (HwHost), done the way wasi/wasi_linker.h does WASI.
//
// This is the part a firmware reuses: it sits on the internal runtime only
// (internal::Store, Module, Import), and compiles for microcontrollers (no
// exceptions, RTTI, threads, iostream or OS headers). A firmware makes an
// HwBackends (its drivers, or the simulated board of sim_devices.h), grants,
// one HwContext per store and one HwHost over it, and resolves each import
// of module "petrel_hw" with HwHost::resolveImport (see docs/HARDWARE.md).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "hw/devices.h"
#include "ir/module.h"
#include "runtime/objects.h"

namespace petrel::internal {
class Store;
}

namespace petrel::internal::hw {

inline constexpr const char* kHwModule = "petrel_hw";

// What the guest may reach. Nothing is granted by default.
//   I2C: bus numbers, each with its 7-bit addresses (or any address).
//   GPIO: lines of chips.
//   SPI and UART: the guest's device and port numbers 0..count-1 (what they
//   stand for is the HwBackends' business: the CLI numbers its --spi and
//   --uart flags in order).
class HwGrants {
 public:
  void grantI2cBus(uint32_t bus);  // any address
  void grantI2cAddress(uint32_t bus, uint16_t addr);
  void grantGpioLines(uint32_t chip, uint32_t first, uint32_t last);  // inclusive
  void grantSpiDevices(uint32_t count) { spi_devices_ = count; }
  void grantUartPorts(uint32_t count) { uart_ports_ = count; }

  bool i2cBus(uint32_t bus) const { return findBus(bus) != nullptr; }
  bool i2cAddress(uint32_t bus, uint16_t addr) const;
  bool gpioLine(uint32_t chip, uint32_t line) const;
  bool spiDevice(uint32_t dev) const { return dev < spi_devices_; }
  bool uartPort(uint32_t port) const { return port < uart_ports_; }

 private:
  struct I2cBusGrant {
    uint32_t bus;
    bool any;
    uint32_t addresses[4];  // bitmap of 7-bit addresses
  };
  struct GpioRange {
    uint32_t chip, first, last;
  };
  I2cBusGrant* findBus(uint32_t bus);
  const I2cBusGrant* findBus(uint32_t bus) const;

  std::vector<I2cBusGrant> i2c_;
  std::vector<GpioRange> gpio_;
  uint32_t spi_devices_ = 0;
  uint32_t uart_ports_ = 0;
};

// One store's hardware state: grants, the handle table, the backends and
// the clock's origin. The operations take host buffers already checked
// against guest memory (HwHost does that) and return the guest's result.
class HwContext {
 public:
  static constexpr uint32_t kMaxHandles = 32;

  // `backends` must outlive the context.
  HwContext(HwBackends& backends, HwGrants grants);
  ~HwContext();
  HwContext(const HwContext&) = delete;
  HwContext& operator=(const HwContext&) = delete;

  const HwGrants& grants() const { return grants_; }
  HwBackends& backends() { return backends_; }
  uint32_t openHandles() const;

  int32_t i2cOpen(int32_t bus);
  int32_t i2cRead(int32_t h, int32_t addr, uint8_t* buf, uint32_t len);
  int32_t i2cWrite(int32_t h, int32_t addr, const uint8_t* buf, uint32_t len);
  int32_t i2cWriteRead(int32_t h, int32_t addr, const uint8_t* wbuf, uint32_t wlen, uint8_t* rbuf, uint32_t rlen);
  int32_t gpioOpen(int32_t chip, int32_t line, int32_t flags);
  int32_t gpioRead(int32_t h);
  int32_t gpioWrite(int32_t h, int32_t active);
  int32_t gpioWaitEdge(int32_t h, int32_t timeout_ms, const WaitControl& wait);
  int32_t spiOpen(int32_t dev, int32_t mode, int32_t speed_hz);
  int32_t spiTransfer(int32_t h, const uint8_t* tx, uint8_t* rx, uint32_t len);
  int32_t spiWriteRead(int32_t h, const uint8_t* tx, uint32_t tx_len, uint8_t* rx, uint32_t rx_len);
  int32_t uartOpen(int32_t port, int32_t baud);
  int32_t uartWrite(int32_t h, const uint8_t* buf, uint32_t len, int32_t timeout_ms, const WaitControl& wait);
  int32_t uartRead(int32_t h, uint8_t* buf, uint32_t len, int32_t timeout_ms, const WaitControl& wait);
  int32_t close(int32_t h);
  int32_t delayUs(int32_t us, const WaitControl& wait);
  int64_t clockUs();

 private:
  enum class Kind : uint8_t { Free, I2c, Gpio, Spi, Uart };
  struct Entry {
    Kind kind = Kind::Free;
    uint32_t generation = 0;  // bumped on close, so a stale handle never names a new object
    uint32_t number = 0;      // bus / chip / device / port
    I2cBus* i2c = nullptr;
    GpioLine* gpio = nullptr;  // owned
    SpiDevice* spi = nullptr;
    SpiSettings spi_settings;
    Uart* uart = nullptr;
  };
  int32_t allocate(Kind kind, Entry*& out);  // a handle, or kHw_ERR_NO_HANDLES
  Entry* lookup(int32_t h, Kind kind);

  HwBackends& backends_;
  HwGrants grants_;
  Entry entries_[kMaxHandles];
  uint64_t start_us_;
};

// One row of hw_functions.def.
struct HwFunctionInfo {
  const char* name;
  uint8_t params;    // all i32
  bool i64_result;  // clock_us
  const char* summary;
};
const HwFunctionInfo* hwFunctions();
uint32_t hwFunctionCount();
const char* hwErrorName(int32_t code);  // "ERR_NACK"; nullptr for codes not in hw_errors.def

// What an HwHost's host functions' `env` points at.
struct HwBinding {
  HwContext* ctx;
  uint32_t index;  // into hwFunctions()
};

// The host functions of one store, bound to one context, created on first use.
class HwHost {
 public:
  // `store` and `ctx` must outlive every call into the functions made here.
  HwHost(Store& store, HwContext& ctx);
  HwHost(const HwHost&) = delete;
  HwHost& operator=(const HwHost&) = delete;

  // One import of module "petrel_hw": the function, or an Unlinkable error
  // naming the import and saying why not (unknown name, not a function,
  // wrong type).
  Result<FunctionInstance*> resolveImport(const Module& module, const Import& import) const;
  FunctionInstance* function(std::string_view name) const;

 private:
  Store& store_;
  std::vector<HwBinding> bindings_;
  mutable std::vector<FunctionInstance*> functions_;
};

}  // namespace petrel::internal::hw
