#include "hw/sim_devices.h"

#include <cstring>
#include <new>

namespace petrel::internal::hw {

namespace {

uint64_t msToUs(int32_t ms) { return static_cast<uint64_t>(ms) * 1000; }

// Appends the decimal digits of v to `out` (no printf: its integer support
// varies between embedded C libraries).
char* appendNumber(char* out, uint64_t v) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) *out++ = digits[--n];
  return out;
}

char* appendText(char* out, const char* s) {
  while (*s) *out++ = *s++;
  return out;
}

}  // namespace

// --- Clock -------------------------------------------------------------------

void SimClock::delayUs(uint32_t us, const WaitControl&) { advance(us); }

void SimClock::advance(uint64_t us) {
  now_ += us;
  board_.logButtonUpTo(now_);
}

// --- Temperature sensor -------------------------------------------------------

int32_t SimTempSensor::temperatureMilliC() {
  uint64_t seconds = clock_.nowUs() / 1000000;
  int64_t t = base_millic_ + static_cast<int64_t>(drift_millic_per_s_) * static_cast<int64_t>(seconds);
  if (t > 1000000) t = 1000000;  // far outside the sensor's range; registerValue clamps
  if (t < -1000000) t = -1000000;
  return static_cast<int32_t>(t);
}

uint16_t SimTempSensor::registerValue(uint8_t reg) {
  switch (reg) {
    case 0x00: {
      // Steps of 1/16 degC, rounded towards minus infinity.
      int32_t millic = temperatureMilliC();
      int32_t steps = millic * 16 / 1000;
      if (millic * 16 % 1000 < 0) --steps;
      // The sensor's range: -128 .. +127.9375 degC (12 bits).
      if (steps > 2047) steps = 2047;
      if (steps < -2048) steps = -2048;
      return static_cast<uint16_t>((static_cast<uint32_t>(steps) & 0xfff) << 4);
    }
    case 0x01:
      return config_;
    case 0x02:
      return t_low_;
    case 0x03:
      return t_high_;
    case 0x0f:
      return kDeviceId;
  }
  return 0xffff;
}

int32_t SimTempSensor::write(uint16_t addr, const uint8_t* buf, uint32_t len) {
  if (addr != kAddress) return kHw_ERR_NACK;
  if (len == 0) return 0;  // an address probe
  uint8_t reg = buf[0];
  if (reg > 0x03 && reg != 0x0f) return kHw_ERR_NACK;
  pointer_ = reg;
  if (len == 1) return 1;
  if (reg == 0x00 || reg == 0x0f) return kHw_ERR_NACK;  // read-only: the data byte is not acknowledged
  if (len == 2) return 2;                                // an incomplete value changes nothing
  uint16_t v = static_cast<uint16_t>(buf[1] << 8 | buf[2]);
  if (reg == 0x01) config_ = static_cast<uint16_t>(v | 0x6000);
  if (reg == 0x02) t_low_ = static_cast<uint16_t>(v & 0xfff0);
  if (reg == 0x03) t_high_ = static_cast<uint16_t>(v & 0xfff0);
  if (len > 3) return kHw_ERR_NACK;  // a register takes two bytes
  return 3;
}

int32_t SimTempSensor::read(uint16_t addr, uint8_t* buf, uint32_t len) {
  if (addr != kAddress) return kHw_ERR_NACK;
  uint16_t v = registerValue(pointer_);
  for (uint32_t i = 0; i < len; ++i) buf[i] = static_cast<uint8_t>(i % 2 == 0 ? v >> 8 : v);
  return static_cast<int32_t>(len);
}

int32_t SimTempSensor::writeRead(uint16_t addr, const uint8_t* wbuf, uint32_t wlen, uint8_t* rbuf, uint32_t rlen) {
  int32_t w = write(addr, wbuf, wlen);
  if (w < 0) return w;
  return read(addr, rbuf, rlen);
}

// --- SPI flash ------------------------------------------------------------------

SimFlash::SimFlash(SimClock& clock, uint8_t* storage, uint32_t size) : clock_(clock), storage_(storage), size_(size) {
  std::memset(storage_, 0xff, size_);
}

uint8_t SimFlash::status() const {
  uint8_t s = 0;
  if (clock_.nowUs() < busy_until_) s |= 0x01;
  if (wel_) s |= 0x02;
  return s;
}

uint8_t SimFlash::capacityCode() const {
  uint8_t n = 0;
  while ((1u << n) < size_) ++n;
  return n;
}

void SimFlash::begin() {
  count_ = 0;
  command_ = 0;
  address_ = 0;
  busy_at_start_ = clock_.nowUs() < busy_until_;
  page_bytes_ = 0;
  std::memset(page_touched_, 0, sizeof(page_touched_));
}

uint8_t SimFlash::exchange(uint8_t in) {
  uint32_t i = count_++;
  if (i == 0) {
    command_ = in;
    return 0xff;
  }
  if (busy_at_start_ && command_ != 0x05) return 0xff;  // busy: only the status answers
  switch (command_) {
    case 0x9f:
      if (i == 1) return 0xef;
      if (i == 2) return 0x40;
      if (i == 3) return capacityCode();
      return 0xff;
    case 0x05:
      return status();
    case 0x03:
      if (i <= 3) {
        address_ = address_ << 8 | in;
        return 0xff;
      }
      return storage_[(address_ + (i - 4)) & (size_ - 1)];
    case 0x02:
      if (i <= 3) {
        address_ = address_ << 8 | in;
        return 0xff;
      }
      {
        // Past the page's end the address wraps to its start; a later byte
        // for the same offset replaces the earlier (the last 256 count).
        uint32_t offset = ((address_ & (kPageSize - 1)) + (i - 4)) & (kPageSize - 1);
        page_[offset] = in;
        page_touched_[offset] = true;
        ++page_bytes_;
      }
      return 0xff;
    case 0x20:
      if (i <= 3) address_ = address_ << 8 | in;
      return 0xff;
  }
  return 0xff;
}

void SimFlash::end() {
  if (busy_at_start_) return;
  uint64_t now = clock_.nowUs();
  switch (command_) {
    case 0x06:
      wel_ = true;
      break;
    case 0x04:
      wel_ = false;
      break;
    case 0x02:
      if (!wel_ || count_ < 5) break;
      {
        uint32_t base = (address_ & (size_ - 1)) & ~(kPageSize - 1);
        for (uint32_t off = 0; off < kPageSize; ++off)
          if (page_touched_[off]) storage_[base + off] &= page_[off];  // programming only clears bits
      }
      wel_ = false;
      busy_until_ = now + kProgramUs;
      break;
    case 0x20:
      if (!wel_ || count_ < 4) break;
      std::memset(storage_ + ((address_ & (size_ - 1)) & ~(kSectorSize - 1)), 0xff, kSectorSize);
      wel_ = false;
      busy_until_ = now + kEraseUs;
      break;
  }
}

void SimFlash::spend(const SpiSettings& s, uint64_t bytes) {
  uint64_t hz = s.speed_hz ? s.speed_hz : 1;
  clock_.advance((bytes * 8 * 1000000 + hz - 1) / hz);
}

int32_t SimFlash::transfer(const SpiSettings& s, const uint8_t* tx, uint8_t* rx, uint32_t len) {
  begin();
  for (uint32_t i = 0; i < len; ++i) rx[i] = exchange(tx[i]);  // tx may be rx: each byte is read first
  spend(s, len);
  end();
  return static_cast<int32_t>(len);
}

int32_t SimFlash::writeRead(const SpiSettings& s, const uint8_t* tx, uint32_t tx_len, uint8_t* rx, uint32_t rx_len) {
  begin();
  for (uint32_t i = 0; i < tx_len; ++i) exchange(tx[i]);
  for (uint32_t i = 0; i < rx_len; ++i) rx[i] = exchange(0xff);  // an idle MOSI reads as ones
  spend(s, uint64_t{tx_len} + rx_len);
  end();
  return static_cast<int32_t>(rx_len);
}

// --- UART ----------------------------------------------------------------------

int32_t SimEchoUart::configure(uint32_t baud) {
  baud_ = baud;
  return kHw_OK;
}

void SimEchoUart::push(const char* s, uint32_t n) {
  for (uint32_t i = 0; i < n && rx_count_ < kRxSize; ++i) {
    rx_[(rx_head_ + rx_count_) % kRxSize] = static_cast<uint8_t>(s[i]);
    ++rx_count_;
  }
}

int32_t SimEchoUart::write(const uint8_t* buf, uint32_t len, int32_t, const WaitControl&) {
  for (uint32_t i = 0; i < len; ++i) {
    char c = static_cast<char>(buf[i]);
    if (c != '\n') {
      if (line_len_ < kLineMax) line_[line_len_++] = c;
      continue;
    }
    if (line_len_ && line_[line_len_ - 1] == '\r') --line_len_;
    push("ECHO: ", 6);
    push(line_, line_len_);
    push("\n", 1);
    line_len_ = 0;
  }
  return static_cast<int32_t>(len);
}

int32_t SimEchoUart::read(uint8_t* buf, uint32_t len, int32_t timeout_ms, const WaitControl&) {
  if (rx_count_ == 0) {
    if (timeout_ms > 0) clock_.advance(msToUs(timeout_ms));
    return kHw_ERR_TIMEOUT;
  }
  uint32_t n = 0;
  while (n < len && rx_count_) {
    buf[n++] = rx_[rx_head_];
    rx_head_ = (rx_head_ + 1) % kRxSize;
    --rx_count_;
  }
  return static_cast<int32_t>(n);
}

// --- GPIO ----------------------------------------------------------------------

class SimGpioLine final : public GpioLine {
 public:
  SimGpioLine(SimGpioChip& chip, uint32_t line, uint32_t flags, uint64_t now)
      : chip_(chip), line_(line), flags_(flags), cursor_(now) {}
  ~SimGpioLine() override { chip_.requested_ &= ~(1u << line_); }

  int32_t read() override {
    bool physical = line_ == SimGpioChip::kButtonLine ? chip_.board_.buttonPressedAt(chip_.board_.simClock().nowUs())
                                                      : chip_.leds_[line_];
    return physical != activeLow() ? 1 : 0;
  }

  int32_t write(bool active) override {
    if (!(flags_ & gpio_flags::kOutput)) return kHw_ERR_INVALID;  // an input is not driven
    chip_.drive(line_, active != activeLow());
    return kHw_OK;
  }

  int32_t waitEdge(int32_t timeout_ms, const WaitControl&) override {
    uint32_t wanted = flags_ & (gpio_flags::kEdgeRising | gpio_flags::kEdgeFalling);
    if (!wanted) return kHw_ERR_UNSUPPORTED;
    SimClock& clock = chip_.board_.simClock();
    uint64_t now = clock.nowUs();
    uint64_t search = cursor_, at;
    bool rising;
    // Only the button changes by itself; an LED line waits out its timeout.
    // Edges since the request (or the last one reported) are queued, as the
    // kernel queues them: one in the past is reported at once.
    while (line_ == SimGpioChip::kButtonLine && chip_.board_.nextButtonEdge(search, at, rising)) {
      search = at;
      bool logical_rising = rising != activeLow();
      if (!(wanted & (logical_rising ? gpio_flags::kEdgeRising : gpio_flags::kEdgeFalling))) continue;
      if (at > now) {
        if (timeout_ms >= 0 && at - now > msToUs(timeout_ms)) break;
        clock.advance(at - now);
      }
      cursor_ = at;
      return logical_rising ? kEdgeRisingEvent : kEdgeFallingEvent;
    }
    // Nothing (more) before the deadline. Without one, nothing will ever
    // come: the wait ends at once rather than hang.
    if (timeout_ms >= 0) clock.advance(msToUs(timeout_ms));
    return kHw_ERR_TIMEOUT;
  }

 private:
  bool activeLow() const { return flags_ & gpio_flags::kActiveLow; }
  SimGpioChip& chip_;
  uint32_t line_;
  uint32_t flags_;
  uint64_t cursor_;  // edges after this time are still to be reported
};

void SimGpioChip::drive(uint32_t line, bool physical) {
  if (leds_[line] == physical) return;
  leds_[line] = physical;
  char name[8] = {'l', 'e', 'd', static_cast<char>('0' + line), 0};
  board_.logLevel(name, physical);
}

int32_t SimGpioChip::requestLine(uint32_t line, uint32_t flags, GpioLine*& out) {
  if (line >= kLines) return kHw_ERR_INVALID;
  if (requested_ & (1u << line)) return kHw_ERR_BUSY;
  bool output = flags & gpio_flags::kOutput;
  if (output && line == kButtonLine) return kHw_ERR_UNSUPPORTED;  // the button is an input
  requested_ |= 1u << line;
  if (output) {
    bool active = flags & gpio_flags::kInitialActive;
    drive(line, active != static_cast<bool>(flags & gpio_flags::kActiveLow));
  }
  out = new SimGpioLine(*this, line, flags, board_.simClock().nowUs());
  return kHw_OK;
}

// --- Board ---------------------------------------------------------------------

SimBoard::SimBoard(uint8_t* flash_storage, uint32_t flash_size)
    : clock_(*this), sensor_(clock_), gpio_(*this), uart_(clock_), flash_storage_(flash_storage),
      flash_size_(flash_size) {
  static constexpr ButtonPress kDefault[] = {
      {250000, 100000}, {750000, 100000}, {1250000, 100000}, {1750000, 100000}, {2250000, 100000}};
  setButtonSchedule(kDefault, 5);
}

SimBoard::~SimBoard() {
  if (flash_) flash_->~SimFlash();
  if (own_storage_) delete[] flash_storage_;
}

SimFlash* SimBoard::flash() {
  if (flash_) return flash_;
  if (flash_size_ < SimFlash::kSectorSize || (flash_size_ & (flash_size_ - 1))) return nullptr;
  if (!flash_storage_) {
    flash_storage_ = new uint8_t[flash_size_];
    own_storage_ = true;
  }
  flash_ = new (flash_space_) SimFlash(clock_, flash_storage_, flash_size_);
  return flash_;
}

bool SimBoard::setButtonSchedule(const ButtonPress* presses, uint32_t count) {
  if (count > kMaxPresses) return false;
  for (uint32_t i = 0; i < count; ++i) {
    if (presses[i].hold_us == 0) return false;
    if (i && presses[i].at_us < presses[i - 1].at_us + presses[i - 1].hold_us) return false;
  }
  for (uint32_t i = 0; i < count; ++i) presses_[i] = presses[i];
  press_count_ = count;
  return true;
}

bool SimBoard::buttonPressedAt(uint64_t t) const {
  for (uint32_t i = 0; i < press_count_; ++i)
    if (t >= presses_[i].at_us && t < presses_[i].at_us + presses_[i].hold_us) return true;
  return false;
}

bool SimBoard::nextButtonEdge(uint64_t after, uint64_t& at, bool& rising) const {
  for (uint32_t i = 0; i < press_count_; ++i) {
    if (presses_[i].at_us > after) {
      at = presses_[i].at_us;
      rising = true;
      return true;
    }
    if (presses_[i].at_us + presses_[i].hold_us > after) {
      at = presses_[i].at_us + presses_[i].hold_us;
      rising = false;
      return true;
    }
  }
  return false;
}

void SimBoard::logButtonUpTo(uint64_t t) {
  if (t < logged_until_) return;
  uint64_t from = logged_until_;
  logged_until_ = t + 1;
  if (!log_) return;
  char line[48];
  for (uint32_t i = 0; i < press_count_; ++i) {
    uint64_t edges[2] = {presses_[i].at_us, presses_[i].at_us + presses_[i].hold_us};
    for (int k = 0; k < 2; ++k) {
      if (edges[k] < from || edges[k] > t) continue;
      char* p = appendText(line, "t=");
      p = appendNumber(p, edges[k]);
      p = appendText(p, k == 0 ? "us button=1" : "us button=0");
      *p = 0;
      log_(log_arg_, line);
    }
  }
}

void SimBoard::logLevel(const char* what, bool level) {
  uint64_t now = clock_.nowUs();
  logButtonUpTo(now);
  if (!log_) return;
  char line[64];
  char* p = appendText(line, "t=");
  p = appendNumber(p, now);
  p = appendText(p, "us ");
  p = appendText(p, what);
  p = appendText(p, level ? "=1" : "=0");
  *p = 0;
  log_(log_arg_, line);
}

int32_t SimBoard::i2cBus(uint32_t bus, I2cBus*& out) {
  if (bus != 0) return kHw_ERR_IO;
  out = &sensor_;
  return kHw_OK;
}

int32_t SimBoard::gpioChip(uint32_t chip, GpioChip*& out) {
  if (chip != 0) return kHw_ERR_IO;
  out = &gpio_;
  return kHw_OK;
}

int32_t SimBoard::spiDevice(uint32_t dev, SpiDevice*& out) {
  if (dev != 0) return kHw_ERR_IO;
  out = flash();
  return out ? kHw_OK : kHw_ERR_IO;
}

int32_t SimBoard::uart(uint32_t port, Uart*& out) {
  if (port != 0) return kHw_ERR_IO;
  out = &uart_;
  return kHw_OK;
}

}  // namespace petrel::internal::hw
