#include "hw/hw_host.h"

#include <cstring>

#include "runtime/guest_memory.h"
#include "runtime/instance.h"
#include "runtime/linker.h"
#include "runtime/store.h"

namespace petrel::internal::hw {

// --- Grants ------------------------------------------------------------------

HwGrants::I2cBusGrant* HwGrants::findBus(uint32_t bus) {
  for (I2cBusGrant& g : i2c_)
    if (g.bus == bus) return &g;
  return nullptr;
}
const HwGrants::I2cBusGrant* HwGrants::findBus(uint32_t bus) const {
  for (const I2cBusGrant& g : i2c_)
    if (g.bus == bus) return &g;
  return nullptr;
}

void HwGrants::grantI2cBus(uint32_t bus) {
  I2cBusGrant* g = findBus(bus);
  if (!g) {
    i2c_.push_back({bus, true, {0, 0, 0, 0}});
    return;
  }
  g->any = true;
}

void HwGrants::grantI2cAddress(uint32_t bus, uint16_t addr) {
  if (addr > 0x7f) return;
  I2cBusGrant* g = findBus(bus);
  if (!g) {
    i2c_.push_back({bus, false, {0, 0, 0, 0}});
    g = &i2c_.back();
  }
  g->addresses[addr / 32] |= 1u << (addr % 32);
}

bool HwGrants::i2cAddress(uint32_t bus, uint16_t addr) const {
  const I2cBusGrant* g = findBus(bus);
  if (!g || addr > 0x7f) return false;
  return g->any || (g->addresses[addr / 32] >> (addr % 32) & 1u);
}

void HwGrants::grantGpioLines(uint32_t chip, uint32_t first, uint32_t last) {
  if (first <= last) gpio_.push_back({chip, first, last});
}

bool HwGrants::gpioLine(uint32_t chip, uint32_t line) const {
  for (const GpioRange& r : gpio_)
    if (r.chip == chip && line >= r.first && line <= r.last) return true;
  return false;
}

// --- Handles -----------------------------------------------------------------

// A handle is (generation << 5) | slot: positive, and a closed handle's
// number is not reused until its slot's generation wraps (2^26 closes).
namespace {
constexpr uint32_t kSlotBits = 5;
static_assert((1u << kSlotBits) == HwContext::kMaxHandles);
constexpr uint32_t kGenerationLimit = 1u << (31 - kSlotBits);
}  // namespace

HwContext::HwContext(HwBackends& backends, HwGrants grants)
    : backends_(backends), grants_(static_cast<HwGrants&&>(grants)), start_us_(backends.clock().nowUs()) {}

HwContext::~HwContext() {
  for (Entry& e : entries_) delete e.gpio;
}

uint32_t HwContext::openHandles() const {
  uint32_t n = 0;
  for (const Entry& e : entries_) n += e.kind != Kind::Free;
  return n;
}

int32_t HwContext::allocate(Kind kind, Entry*& out) {
  for (uint32_t i = 0; i < kMaxHandles; ++i) {
    Entry& e = entries_[i];
    if (e.kind != Kind::Free) continue;
    if (++e.generation >= kGenerationLimit) e.generation = 1;
    e.kind = kind;
    out = &e;
    return static_cast<int32_t>(e.generation << kSlotBits | i);
  }
  return kHw_ERR_NO_HANDLES;
}

HwContext::Entry* HwContext::lookup(int32_t h, Kind kind) {
  if (h <= 0) return nullptr;
  uint32_t u = static_cast<uint32_t>(h);
  Entry& e = entries_[u & (kMaxHandles - 1)];
  if (e.kind != kind || e.generation != u >> kSlotBits) return nullptr;
  return &e;
}

int32_t HwContext::close(int32_t h) {
  if (h <= 0) return kHw_ERR_BAD_HANDLE;
  uint32_t u = static_cast<uint32_t>(h);
  Entry& e = entries_[u & (kMaxHandles - 1)];
  if (e.kind == Kind::Free || e.generation != u >> kSlotBits) return kHw_ERR_BAD_HANDLE;
  delete e.gpio;
  uint32_t generation = e.generation;
  e = Entry();
  e.generation = generation;
  return kHw_OK;
}

// --- I2C ---------------------------------------------------------------------

int32_t HwContext::i2cOpen(int32_t bus) {
  if (bus < 0 || !grants_.i2cBus(static_cast<uint32_t>(bus))) return kHw_ERR_NOT_GRANTED;
  I2cBus* device = nullptr;
  int32_t r = backends_.i2cBus(static_cast<uint32_t>(bus), device);
  if (r < 0) return r;
  if (!device) return kHw_ERR_IO;
  Entry* e;
  int32_t h = allocate(Kind::I2c, e);
  if (h < 0) return h;
  e->number = static_cast<uint32_t>(bus);
  e->i2c = device;
  return h;
}

namespace {
// Address checks shared by the three I2C calls: the grant first (an
// ungranted address is refused whatever it is), then the 7-bit range.
int32_t checkAddress(const HwGrants& grants, uint32_t bus, int32_t addr) {
  if (addr < 0 || addr > 0x7f) return kHw_ERR_INVALID;
  if (!grants.i2cAddress(bus, static_cast<uint16_t>(addr))) return kHw_ERR_NOT_GRANTED;
  return kHw_OK;
}
}  // namespace

int32_t HwContext::i2cRead(int32_t h, int32_t addr, uint8_t* buf, uint32_t len) {
  Entry* e = lookup(h, Kind::I2c);
  if (!e) return kHw_ERR_BAD_HANDLE;
  if (int32_t r = checkAddress(grants_, e->number, addr)) return r;
  return e->i2c->read(static_cast<uint16_t>(addr), buf, len);
}

int32_t HwContext::i2cWrite(int32_t h, int32_t addr, const uint8_t* buf, uint32_t len) {
  Entry* e = lookup(h, Kind::I2c);
  if (!e) return kHw_ERR_BAD_HANDLE;
  if (int32_t r = checkAddress(grants_, e->number, addr)) return r;
  return e->i2c->write(static_cast<uint16_t>(addr), buf, len);
}

int32_t HwContext::i2cWriteRead(int32_t h, int32_t addr, const uint8_t* wbuf, uint32_t wlen, uint8_t* rbuf,
                                uint32_t rlen) {
  Entry* e = lookup(h, Kind::I2c);
  if (!e) return kHw_ERR_BAD_HANDLE;
  if (int32_t r = checkAddress(grants_, e->number, addr)) return r;
  return e->i2c->writeRead(static_cast<uint16_t>(addr), wbuf, wlen, rbuf, rlen);
}

// --- GPIO --------------------------------------------------------------------

int32_t HwContext::gpioOpen(int32_t chip, int32_t line, int32_t flags) {
  if (chip < 0 || line < 0 || !grants_.gpioLine(static_cast<uint32_t>(chip), static_cast<uint32_t>(line)))
    return kHw_ERR_NOT_GRANTED;
  uint32_t f = static_cast<uint32_t>(flags);
  if (flags < 0 || (f & ~gpio_flags::kAll)) return kHw_ERR_INVALID;
  bool output = f & gpio_flags::kOutput;
  bool edges = f & (gpio_flags::kEdgeRising | gpio_flags::kEdgeFalling);
  if (output && edges) return kHw_ERR_INVALID;                     // edge detection is for inputs
  if (!output && (f & gpio_flags::kInitialActive)) return kHw_ERR_INVALID;  // an initial level is for outputs
  GpioChip* device = nullptr;
  int32_t r = backends_.gpioChip(static_cast<uint32_t>(chip), device);
  if (r < 0) return r;
  if (!device) return kHw_ERR_IO;
  Entry* e;
  int32_t h = allocate(Kind::Gpio, e);
  if (h < 0) return h;
  GpioLine* requested = nullptr;
  r = device->requestLine(static_cast<uint32_t>(line), f, requested);
  if (r < 0 || !requested) {
    delete requested;
    close(h);
    return r < 0 ? r : kHw_ERR_IO;
  }
  e->number = static_cast<uint32_t>(chip);
  e->gpio = requested;
  return h;
}

int32_t HwContext::gpioRead(int32_t h) {
  Entry* e = lookup(h, Kind::Gpio);
  return e ? e->gpio->read() : kHw_ERR_BAD_HANDLE;
}

int32_t HwContext::gpioWrite(int32_t h, int32_t active) {
  Entry* e = lookup(h, Kind::Gpio);
  return e ? e->gpio->write(active != 0) : kHw_ERR_BAD_HANDLE;
}

int32_t HwContext::gpioWaitEdge(int32_t h, int32_t timeout_ms, const WaitControl& wait) {
  Entry* e = lookup(h, Kind::Gpio);
  return e ? e->gpio->waitEdge(timeout_ms, wait) : kHw_ERR_BAD_HANDLE;
}

// --- SPI ---------------------------------------------------------------------

int32_t HwContext::spiOpen(int32_t dev, int32_t mode, int32_t speed_hz) {
  if (dev < 0 || !grants_.spiDevice(static_cast<uint32_t>(dev))) return kHw_ERR_NOT_GRANTED;
  if (mode < 0 || mode > 3 || speed_hz <= 0) return kHw_ERR_INVALID;
  SpiDevice* device = nullptr;
  int32_t r = backends_.spiDevice(static_cast<uint32_t>(dev), device);
  if (r < 0) return r;
  if (!device) return kHw_ERR_IO;
  Entry* e;
  int32_t h = allocate(Kind::Spi, e);
  if (h < 0) return h;
  e->number = static_cast<uint32_t>(dev);
  e->spi = device;
  e->spi_settings.mode = static_cast<uint8_t>(mode);
  e->spi_settings.speed_hz = static_cast<uint32_t>(speed_hz);
  return h;
}

int32_t HwContext::spiTransfer(int32_t h, const uint8_t* tx, uint8_t* rx, uint32_t len) {
  Entry* e = lookup(h, Kind::Spi);
  return e ? e->spi->transfer(e->spi_settings, tx, rx, len) : kHw_ERR_BAD_HANDLE;
}

int32_t HwContext::spiWriteRead(int32_t h, const uint8_t* tx, uint32_t tx_len, uint8_t* rx, uint32_t rx_len) {
  Entry* e = lookup(h, Kind::Spi);
  return e ? e->spi->writeRead(e->spi_settings, tx, tx_len, rx, rx_len) : kHw_ERR_BAD_HANDLE;
}

// --- UART --------------------------------------------------------------------

int32_t HwContext::uartOpen(int32_t port, int32_t baud) {
  if (port < 0 || !grants_.uartPort(static_cast<uint32_t>(port))) return kHw_ERR_NOT_GRANTED;
  if (baud <= 0) return kHw_ERR_INVALID;
  for (const Entry& other : entries_)
    if (other.kind == Kind::Uart && other.number == static_cast<uint32_t>(port)) return kHw_ERR_BUSY;
  Uart* device = nullptr;
  int32_t r = backends_.uart(static_cast<uint32_t>(port), device);
  if (r < 0) return r;
  if (!device) return kHw_ERR_IO;
  r = device->configure(static_cast<uint32_t>(baud));
  if (r < 0) return r;
  Entry* e;
  int32_t h = allocate(Kind::Uart, e);
  if (h < 0) return h;
  e->number = static_cast<uint32_t>(port);
  e->uart = device;
  return h;
}

int32_t HwContext::uartWrite(int32_t h, const uint8_t* buf, uint32_t len, int32_t timeout_ms,
                             const WaitControl& wait) {
  Entry* e = lookup(h, Kind::Uart);
  return e ? e->uart->write(buf, len, timeout_ms, wait) : kHw_ERR_BAD_HANDLE;
}

int32_t HwContext::uartRead(int32_t h, uint8_t* buf, uint32_t len, int32_t timeout_ms, const WaitControl& wait) {
  Entry* e = lookup(h, Kind::Uart);
  if (!e) return kHw_ERR_BAD_HANDLE;
  if (len == 0) return kHw_ERR_INVALID;  // "bytes read (>= 1)": nothing to read into
  return e->uart->read(buf, len, timeout_ms, wait);
}

// --- Time --------------------------------------------------------------------

int32_t HwContext::delayUs(int32_t us, const WaitControl& wait) {
  if (us < 0) return kHw_ERR_INVALID;
  backends_.clock().delayUs(static_cast<uint32_t>(us), wait);
  return kHw_OK;
}

int64_t HwContext::clockUs() { return static_cast<int64_t>(backends_.clock().nowUs() - start_us_); }

// --- The function table ------------------------------------------------------

namespace {

enum FunctionIndex : uint32_t {
#define HW_FUNCTION(name, result, summary, ...) k_##name,
#include "hw/hw_functions.def"
#undef HW_FUNCTION
  kFunctionCount
};

// The number of parameter names in a stringified list: "" has none,
// "h, addr, buf, len" four.
constexpr uint8_t countNames(const char* list) {
  if (!*list) return 0;
  uint8_t n = 1;
  for (; *list; ++list) n += *list == ',';
  return n;
}

#define I32 false
#define I64 true
constexpr HwFunctionInfo kFunctions[] = {
#define HW_FUNCTION(name, result, summary, ...) {#name, countNames(#__VA_ARGS__), result, summary},
#include "hw/hw_functions.def"
#undef HW_FUNCTION
};
#undef I32
#undef I64
static_assert(sizeof(kFunctions) / sizeof(kFunctions[0]) == kFunctionCount);

}  // namespace

const HwFunctionInfo* hwFunctions() { return kFunctions; }
uint32_t hwFunctionCount() { return kFunctionCount; }

const char* hwErrorName(int32_t code) {
  switch (code) {
#define HW_ERROR(name, value, description) \
  case value:                              \
    return #name;
#include "hw/hw_errors.def"
#undef HW_ERROR
  }
  return nullptr;
}

// --- The host functions ------------------------------------------------------

namespace {

bool storeInterrupted(void* arg) { return static_cast<Store*>(arg)->interrupted(); }

// One call: its arguments and the caller's memory 0, every guest buffer
// checked here before anything else sees it.
class HwCall {
 public:
  HwCall(HostCallContext& host, const Slot* args) : args_(args), memory_(host) {
    if (host.store) {
      wait_.interrupted = storeInterrupted;
      wait_.arg = host.store;
    }
  }
  int32_t i32(int i) const { return static_cast<int32_t>(args_[i].i32); }
  const WaitControl& wait() const { return wait_; }

  // The guest range [ptr, ptr + len) as a host pointer, or nullptr when it
  // lies outside memory 0 or is longer than one transfer may be.
  uint8_t* buffer(int i, int32_t len) const {
    if (len < 0 || static_cast<uint32_t>(len) > kMaxTransfer) return nullptr;
    return memory_.span(args_[i].i32, static_cast<uint32_t>(len));
  }

 private:
  const Slot* args_;
  GuestMemory memory_;
  WaitControl wait_;
};

using Impl = int64_t (*)(HwContext&, HwCall&);

// Arguments in the order of hw_functions.def.
int64_t call_i2c_open(HwContext& c, HwCall& a) { return c.i2cOpen(a.i32(0)); }
int64_t call_i2c_read(HwContext& c, HwCall& a) {
  uint8_t* buf = a.buffer(2, a.i32(3));
  if (!buf) return kHw_ERR_INVALID;
  return c.i2cRead(a.i32(0), a.i32(1), buf, static_cast<uint32_t>(a.i32(3)));
}
int64_t call_i2c_write(HwContext& c, HwCall& a) {
  uint8_t* buf = a.buffer(2, a.i32(3));
  if (!buf) return kHw_ERR_INVALID;
  return c.i2cWrite(a.i32(0), a.i32(1), buf, static_cast<uint32_t>(a.i32(3)));
}
int64_t call_i2c_write_read(HwContext& c, HwCall& a) {
  uint8_t* w = a.buffer(2, a.i32(3));
  uint8_t* r = a.buffer(4, a.i32(5));
  if (!w || !r) return kHw_ERR_INVALID;
  return c.i2cWriteRead(a.i32(0), a.i32(1), w, static_cast<uint32_t>(a.i32(3)), r, static_cast<uint32_t>(a.i32(5)));
}
int64_t call_gpio_open(HwContext& c, HwCall& a) { return c.gpioOpen(a.i32(0), a.i32(1), a.i32(2)); }
int64_t call_gpio_read(HwContext& c, HwCall& a) { return c.gpioRead(a.i32(0)); }
int64_t call_gpio_write(HwContext& c, HwCall& a) { return c.gpioWrite(a.i32(0), a.i32(1)); }
int64_t call_gpio_wait_edge(HwContext& c, HwCall& a) { return c.gpioWaitEdge(a.i32(0), a.i32(1), a.wait()); }
int64_t call_spi_open(HwContext& c, HwCall& a) { return c.spiOpen(a.i32(0), a.i32(1), a.i32(2)); }
int64_t call_spi_transfer(HwContext& c, HwCall& a) {
  // tx and rx may be the same buffer (in place), as spidev allows.
  uint8_t* tx = a.buffer(1, a.i32(3));
  uint8_t* rx = a.buffer(2, a.i32(3));
  if (!tx || !rx) return kHw_ERR_INVALID;
  return c.spiTransfer(a.i32(0), tx, rx, static_cast<uint32_t>(a.i32(3)));
}
int64_t call_spi_write_read(HwContext& c, HwCall& a) {
  uint8_t* tx = a.buffer(1, a.i32(2));
  uint8_t* rx = a.buffer(3, a.i32(4));
  if (!tx || !rx) return kHw_ERR_INVALID;
  return c.spiWriteRead(a.i32(0), tx, static_cast<uint32_t>(a.i32(2)), rx, static_cast<uint32_t>(a.i32(4)));
}
int64_t call_uart_open(HwContext& c, HwCall& a) { return c.uartOpen(a.i32(0), a.i32(1)); }
int64_t call_uart_write(HwContext& c, HwCall& a) {
  uint8_t* buf = a.buffer(1, a.i32(2));
  if (!buf) return kHw_ERR_INVALID;
  return c.uartWrite(a.i32(0), buf, static_cast<uint32_t>(a.i32(2)), a.i32(3), a.wait());
}
int64_t call_uart_read(HwContext& c, HwCall& a) {
  uint8_t* buf = a.buffer(1, a.i32(2));
  if (!buf) return kHw_ERR_INVALID;
  return c.uartRead(a.i32(0), buf, static_cast<uint32_t>(a.i32(2)), a.i32(3), a.wait());
}
int64_t call_close(HwContext& c, HwCall& a) { return c.close(a.i32(0)); }
int64_t call_delay_us(HwContext& c, HwCall& a) { return c.delayUs(a.i32(0), a.wait()); }
int64_t call_clock_us(HwContext& c, HwCall&) { return c.clockUs(); }

const Impl kImpls[] = {
#define HW_FUNCTION(name, result, summary, ...) &call_##name,
#include "hw/hw_functions.def"
#undef HW_FUNCTION
};

// Every petrel_hw function goes through here. An error is a result code,
// never a trap: the guest decides what a missing device means. `args` and
// `results` are the same slots, so the result is written last.
Status callHw(void* env, HostCallContext& host, const Slot* args, Slot* results) {
  const auto* b = static_cast<const HwBinding*>(env);
  HwCall call(host, args);
  int64_t r = kImpls[b->index](*b->ctx, call);
  results[0].bits = 0;
  if (kFunctions[b->index].i64_result)
    results[0].i64 = static_cast<uint64_t>(r);
  else
    results[0].i32 = static_cast<uint32_t>(static_cast<int32_t>(r));
  return Status::success();
}

// The types, made once per process and shared by every
// store (a store holds only references).
struct SharedHwFunctions {
  FuncType types[kFunctionCount];
  TypeGroupRef type_refs[kFunctionCount];

  SharedHwFunctions() {
    const HwFunctionInfo* fns = hwFunctions();
    for (uint32_t i = 0; i < kFunctionCount; ++i) {
      types[i].params.assign(fns[i].params, ValType::i32());
      types[i].results = {fns[i].i64_result ? ValType::i64() : ValType::i32()};
      type_refs[i] = TypeRegistry::global().internFuncType(types[i]);
    }
  }
  static const SharedHwFunctions& get() {
    static const SharedHwFunctions shared;
    return shared;
  }
};

}  // namespace

HwHost::HwHost(Store& store, HwContext& ctx) : store_(store) {
  bindings_.reserve(kFunctionCount);
  for (uint32_t i = 0; i < kFunctionCount; ++i) bindings_.push_back({&ctx, i});
  functions_.assign(kFunctionCount, nullptr);
}

FunctionInstance* HwHost::function(std::string_view name) const {
  const HwFunctionInfo* fns = hwFunctions();
  for (uint32_t i = 0; i < kFunctionCount; ++i) {
    if (name != fns[i].name) continue;
    const SharedHwFunctions& shared = SharedHwFunctions::get();
    FunctionInstance*& f = functions_[i];
    if (!f)
      f = store_.createHostFunction(&shared.types[i], shared.type_refs[i], callHw,
                                    const_cast<HwBinding*>(&bindings_[i]));
    return f;
  }
  return nullptr;
}

Result<FunctionInstance*> HwHost::resolveImport(const Module& module, const Import& im) const {
  return resolveHostFunctionImport(module, im, function(im.name), kHwModule);
}

}  // namespace petrel::internal::hw
