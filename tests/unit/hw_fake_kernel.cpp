// The fake kernel (hw_fake_kernel.h): the checks follow the kernel's own
// (drivers/gpio/gpiolib-cdev.c, drivers/i2c/i2c-dev.c, drivers/spi/spidev.c)
// where it has them, and are stricter where a careful caller has no reason
// to differ (reserved fields, flags these devices cannot do).
#include "hw_fake_kernel.h"

#include <fcntl.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace petrel::internal::hw::testing {

namespace {

constexpr const char* kI2cPath = "/dev/i2c-0";
constexpr const char* kGpioPath = "/dev/gpiochip0";
constexpr const char* kSpiPath = "/dev/spidev0.0";
constexpr uint32_t kSpiBufsiz = 4096;  // spidev's default bufsiz
constexpr uint16_t kI2cMaxMessage = 8192;  // i2c-dev's limit per message

constexpr uint64_t kGpioValidFlags =
    GPIO_V2_LINE_FLAG_ACTIVE_LOW | GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_OUTPUT | GPIO_V2_LINE_FLAG_EDGE_RISING |
    GPIO_V2_LINE_FLAG_EDGE_FALLING | GPIO_V2_LINE_FLAG_OPEN_DRAIN | GPIO_V2_LINE_FLAG_OPEN_SOURCE |
    GPIO_V2_LINE_FLAG_BIAS_PULL_UP | GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN | GPIO_V2_LINE_FLAG_BIAS_DISABLED |
    GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME | GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE;
constexpr uint64_t kGpioEdgeFlags = GPIO_V2_LINE_FLAG_EDGE_RISING | GPIO_V2_LINE_FLAG_EDGE_FALLING;
constexpr uint64_t kGpioBiasFlags =
    GPIO_V2_LINE_FLAG_BIAS_PULL_UP | GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN | GPIO_V2_LINE_FLAG_BIAS_DISABLED;
constexpr uint64_t kGpioDriveFlags = GPIO_V2_LINE_FLAG_OPEN_DRAIN | GPIO_V2_LINE_FLAG_OPEN_SOURCE;
constexpr uint64_t kGpioDirectionFlags = GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_OUTPUT;

bool allZero(const void* p, size_t n) {
  const auto* b = static_cast<const uint8_t*>(p);
  return std::all_of(b, b + n, [](uint8_t x) { return x == 0; });
}

// gpio_v2_line_flags_validate() of gpiolib-cdev.c: an empty string, or why not.
const char* lineFlagsProblem(uint64_t flags) {
  if (flags & ~kGpioValidFlags) return "unknown flag";
  if ((flags & GPIO_V2_LINE_FLAG_INPUT) && (flags & GPIO_V2_LINE_FLAG_OUTPUT)) return "both input and output";
  if ((flags & GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME) && (flags & GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE))
    return "two event clocks";
  if ((flags & kGpioEdgeFlags) && !(flags & GPIO_V2_LINE_FLAG_INPUT)) return "edge detection without input";
  if ((flags & GPIO_V2_LINE_FLAG_OPEN_DRAIN) && (flags & GPIO_V2_LINE_FLAG_OPEN_SOURCE))
    return "open drain and open source";
  if ((flags & kGpioDriveFlags) && !(flags & GPIO_V2_LINE_FLAG_OUTPUT)) return "drive without output";
  if ((flags & kGpioBiasFlags) && !(flags & kGpioDirectionFlags)) return "bias without a direction";
  int biases = !!(flags & GPIO_V2_LINE_FLAG_BIAS_PULL_UP) + !!(flags & GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN) +
               !!(flags & GPIO_V2_LINE_FLAG_BIAS_DISABLED);
  if (biases > 1) return "more than one bias";
  return "";
}

// A device model's error as the errno a driver gives.
int errnoOfModel(int32_t code) {
  switch (code) {
    case kHw_ERR_NACK: return EREMOTEIO;
    case kHw_ERR_BUSY: return EBUSY;
    case kHw_ERR_INVALID: return EINVAL;
    case kHw_ERR_UNSUPPORTED: return EIO;  // gpiolib: a line that cannot be driven
  }
  return EIO;
}

}  // namespace

FakeKernel::FakeKernel(SimBoard& board) : board_(board) {}

FakeKernel::~FakeKernel() = default;

void FakeKernel::failNext(Op op, int error, int times) {
  Fault& f = faults_[op];
  f.error = error;
  f.times = times;
}

void FakeKernel::shortenNext(Op op) { faults_[op].shorten = true; }

bool FakeKernel::injected(Op op, int& error) {
  auto it = faults_.find(op);
  if (it == faults_.end() || it->second.times == 0) return false;
  --it->second.times;
  error = it->second.error;
  return true;
}

bool FakeKernel::shortened(Op op) {
  auto it = faults_.find(op);
  if (it == faults_.end() || !it->second.shorten) return false;
  it->second.shorten = false;
  return true;
}

int FakeKernel::fail(int error, const std::string& why) {
  violations_.push_back(why);
  errno = error;
  return -1;
}

FakeKernel::Open* FakeKernel::find(int fd) {
  auto it = fds_.find(fd);
  return it == fds_.end() ? nullptr : &it->second;
}

// --- Descriptors -----------------------------------------------------------------

int FakeKernel::open(const char* path, int flags) {
  if (!path) return fail(EFAULT, "open: null path");
  opened_.push_back(path);
  // A descriptor without close-on-exec leaks into every child the host starts.
  if (!(flags & O_CLOEXEC)) return fail(EINVAL, std::string("open ") + path + ": without O_CLOEXEC");
  if ((flags & O_ACCMODE) != O_RDWR) return fail(EINVAL, std::string("open ") + path + ": not O_RDWR");
  int error;
  if (injected(Op::Open, error)) {
    errno = error;
    return -1;
  }
  Node node;
  if (std::strcmp(path, kI2cPath) == 0) {
    node = Node::I2cAdapter;
  } else if (std::strcmp(path, kGpioPath) == 0) {
    node = Node::GpioChip;
  } else if (std::strcmp(path, kSpiPath) == 0) {
    node = Node::Spidev;
  } else {
    errno = ENOENT;
    return -1;
  }
  int fd = next_fd_++;
  fds_[fd] = Open{node, nullptr};
  return fd;
}

int FakeKernel::close(int fd) {
  auto it = fds_.find(fd);
  if (it == fds_.end()) return fail(EBADF, "close " + std::to_string(fd) + ": not open (closed twice?)");
  fds_.erase(it);  // a line request's lines are released with it
  return 0;
}

int FakeKernel::ioctl(int fd, unsigned long request, void* arg) {
  Open* o = find(fd);
  if (!o) return fail(EBADF, "ioctl on " + std::to_string(fd) + ": not open");
  switch (o->node) {
    case Node::I2cAdapter: return i2cIoctl(request, arg);
    case Node::Spidev: return spiIoctl(request, arg);
    case Node::GpioChip: return gpioChipIoctl(request, arg);
    case Node::LineRequest: return lineIoctl(*o->lines, request, arg);
  }
  return fail(ENOTTY, "ioctl: unknown node");
}

ssize_t FakeKernel::read(int fd, void* buf, size_t len) {
  Open* o = find(fd);
  if (!o) return fail(EBADF, "read " + std::to_string(fd) + ": not open");
  if (o->node != Node::LineRequest) return fail(EINVAL, "read: only a line request has something to read");
  if (!buf) return fail(EFAULT, "read: null buffer");
  // linereq_read(): whole events only.
  if (len < sizeof(gpio_v2_line_event)) return fail(EINVAL, "read: buffer smaller than one event");
  int error;
  if (injected(Op::Read, error)) {
    errno = error;
    return -1;
  }
  LineRequest& lr = *o->lines;
  // The descriptor is blocking (the backends open it so): reading an empty
  // queue would hang; a careful caller polls first.
  if (lr.events.empty()) return fail(EAGAIN, "read: no event queued (would block)");
  size_t n = 0;
  auto* out = static_cast<uint8_t*>(buf);
  while (!lr.events.empty() && len - n >= sizeof(gpio_v2_line_event)) {
    std::memcpy(out + n, &lr.events.front(), sizeof(gpio_v2_line_event));
    events_read_.push_back({fd, lr.events.front()});
    lr.events.pop_front();
    n += sizeof(gpio_v2_line_event);
  }
  if (shortened(Op::Read)) return static_cast<ssize_t>(sizeof(gpio_v2_line_event) / 2);
  return static_cast<ssize_t>(n);
}

ssize_t FakeKernel::write(int fd, const void*, size_t) {
  if (!find(fd)) return fail(EBADF, "write " + std::to_string(fd) + ": not open");
  return fail(EINVAL, "write: none of these devices takes write()");
}

int FakeKernel::poll(pollfd* fds, nfds_t count, int timeout_ms) {
  ++polls_;
  if (count != 1 || !fds) return fail(EINVAL, "poll: the backends wait for one descriptor");
  fds[0].revents = 0;
  Open* o = find(fds[0].fd);
  if (!o) return fail(EBADF, "poll: descriptor not open");
  if (o->node != Node::LineRequest) return fail(EINVAL, "poll: only line requests have events here");
  if (fds[0].events != POLLIN) return fail(EINVAL, "poll: a line request is only ever readable");
  if (timeout_ms < 0) return fail(EINVAL, "poll: without a timeout (the backends poll in slices)");
  int error;
  if (injected(Op::Poll, error)) {
    errno = error;
    return -1;
  }
  int r = pollLine(*o->lines, timeout_ms);
  if (r > 0) fds[0].revents = POLLIN;
  return r;
}

// --- Terminals and time -------------------------------------------------------------

int FakeKernel::isatty(int fd) {
  errno = find(fd) ? ENOTTY : EBADF;
  return 0;
}

int FakeKernel::tcgetattr(int fd, termios*) {
  errno = find(fd) ? ENOTTY : EBADF;
  return -1;
}

int FakeKernel::tcsetattr(int fd, int, const termios*) {
  errno = find(fd) ? ENOTTY : EBADF;
  return -1;
}

int FakeKernel::clockGettime(clockid_t clock, timespec* ts) {
  if (clock != CLOCK_MONOTONIC) return fail(EINVAL, "clock_gettime: not CLOCK_MONOTONIC");
  if (!ts) return fail(EFAULT, "clock_gettime: null timespec");
  uint64_t us = board_.simClock().nowUs();
  ts->tv_sec = static_cast<time_t>(us / 1000000);
  ts->tv_nsec = static_cast<long>(us % 1000000 * 1000);
  return 0;
}

int FakeKernel::nanosleep(const timespec* ts) {
  if (!ts) return fail(EFAULT, "nanosleep: null timespec");
  if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000) return fail(EINVAL, "nanosleep: bad timespec");
  uint64_t ns = static_cast<uint64_t>(ts->tv_sec) * 1000000000 + static_cast<uint64_t>(ts->tv_nsec);
  board_.simClock().advance((ns + 999) / 1000);  // the board counts whole microseconds
  return 0;
}

// --- i2c-dev ---------------------------------------------------------------------------

int FakeKernel::i2cIoctl(unsigned long request, void* arg) {
  int error;
  switch (request) {
    case I2C_FUNCS:
      if (!arg) return fail(EFAULT, "I2C_FUNCS: null pointer");
      if (injected(Op::I2cFuncs, error)) {
        errno = error;
        return -1;
      }
      *static_cast<unsigned long*>(arg) = i2c_funcs_;
      return 0;
    case I2C_RDWR:
      if (!arg) return fail(EFAULT, "I2C_RDWR: null i2c_rdwr_ioctl_data");
      return i2cRdwr(static_cast<i2c_rdwr_ioctl_data*>(arg));
  }
  return fail(ENOTTY, "i2c-dev: unexpected ioctl " + std::to_string(request));
}

int FakeKernel::i2cRdwr(i2c_rdwr_ioctl_data* data) {
  if (!data->msgs || data->nmsgs == 0) return fail(EINVAL, "I2C_RDWR: no messages");
  if (data->nmsgs > I2C_RDWR_IOCTL_MAX_MSGS) return fail(EINVAL, "I2C_RDWR: more than 42 messages");
  for (uint32_t i = 0; i < data->nmsgs; ++i) {
    const i2c_msg& m = data->msgs[i];
    std::string which = "I2C_RDWR message " + std::to_string(i) + ": ";
    if (m.len > kI2cMaxMessage) return fail(EINVAL, which + "longer than 8192 bytes");
    if (m.len && !m.buf) return fail(EFAULT, which + "null buffer");
    // The adapter does plain I2C only: no 10-bit addresses, no protocol
    // mangling, no block reads.
    if (m.flags & ~I2C_M_RD) return fail(EOPNOTSUPP, which + "flags other than I2C_M_RD");
    if (m.addr > 0x7f) return fail(EINVAL, which + "address above 0x7f");
  }
  int error;
  if (injected(Op::I2cRdwr, error)) {
    errno = error;
    return -1;
  }
  // One transaction: start, the messages with repeated starts between, stop.
  uint32_t n = data->nmsgs;
  if (shortened(Op::I2cRdwr)) --n;  // an adapter that stopped early without an error
  std::vector<I2cMessage> seen;
  for (uint32_t i = 0; i < n; ++i) {
    i2c_msg& m = data->msgs[i];
    I2cMessage rec{m.addr, m.flags, m.len, {}};
    bool read = m.flags & I2C_M_RD;
    if (!read) rec.data.assign(m.buf, m.buf + m.len);
    if (m.addr != SimTempSensor::kAddress) {
      seen.push_back(std::move(rec));
      i2c_transfers_.push_back(std::move(seen));
      errno = ENXIO;  // nobody acknowledged the address
      return -1;
    }
    int32_t r = read ? board_.sensor().read(m.addr, m.buf, m.len) : board_.sensor().write(m.addr, m.buf, m.len);
    if (read && r >= 0) rec.data.assign(m.buf, m.buf + m.len);
    seen.push_back(std::move(rec));
    if (r < 0) {
      i2c_transfers_.push_back(std::move(seen));
      errno = errnoOfModel(r);  // a data byte not acknowledged: EREMOTEIO
      return -1;
    }
  }
  i2c_transfers_.push_back(std::move(seen));
  return static_cast<int>(n);  // i2c_transfer(): the number of messages done
}

// --- spidev ----------------------------------------------------------------------------

int FakeKernel::spiIoctl(unsigned long request, void* arg) {
  if (!arg) return fail(EFAULT, "spidev: null argument");
  int error;
  switch (request) {
    case SPI_IOC_RD_MODE:
      *static_cast<uint8_t*>(arg) = spi_mode_;
      return 0;
    case SPI_IOC_WR_MODE: {
      uint8_t mode = *static_cast<uint8_t*>(arg);
      spi_modes_.push_back(mode);
      // This controller does the four clock modes, nothing else (no
      // SPI_CS_HIGH, SPI_LSB_FIRST, SPI_3WIRE...).
      if (mode & ~(SPI_CPHA | SPI_CPOL)) return fail(EINVAL, "SPI_IOC_WR_MODE: bits other than CPOL/CPHA");
      if (injected(Op::SpiWrMode, error)) {
        errno = error;
        return -1;
      }
      spi_mode_ = mode;
      return 0;
    }
    case SPI_IOC_RD_MAX_SPEED_HZ:
      *static_cast<uint32_t*>(arg) = spi_max_speed_hz_;
      return 0;
    case SPI_IOC_WR_MAX_SPEED_HZ:
      if (*static_cast<uint32_t*>(arg) == 0) return fail(EINVAL, "SPI_IOC_WR_MAX_SPEED_HZ: 0");
      spi_max_speed_hz_ = *static_cast<uint32_t*>(arg);
      return 0;
    case SPI_IOC_RD_BITS_PER_WORD:
      *static_cast<uint8_t*>(arg) = spi_bits_per_word_;
      return 0;
    case SPI_IOC_WR_BITS_PER_WORD: {
      uint8_t bits = *static_cast<uint8_t*>(arg);
      if (bits != 0 && bits != 8) return fail(EINVAL, "SPI_IOC_WR_BITS_PER_WORD: the controller does 8");
      spi_bits_per_word_ = 8;
      return 0;
    }
  }
  // spidev_get_ioc_message(): SPI_IOC_MESSAGE(n) carries n transfers in its
  // size field.
  if (_IOC_TYPE(request) != SPI_IOC_MAGIC || _IOC_NR(request) != _IOC_NR(SPI_IOC_MESSAGE(0)) ||
      _IOC_DIR(request) != _IOC_WRITE)
    return fail(ENOTTY, "spidev: unexpected ioctl " + std::to_string(request));
  uint32_t size = _IOC_SIZE(request);
  if (size % sizeof(spi_ioc_transfer)) return fail(EINVAL, "SPI_IOC_MESSAGE: size not a whole number of transfers");
  return spiMessage(static_cast<const spi_ioc_transfer*>(arg), size / sizeof(spi_ioc_transfer));
}

int FakeKernel::spiMessage(const spi_ioc_transfer* xfers, uint32_t count) {
  if (count == 0) return 0;
  uint32_t tx_total = 0, rx_total = 0, total = 0;
  std::vector<SpiTransfer> seen;
  for (uint32_t i = 0; i < count; ++i) {
    const spi_ioc_transfer& t = xfers[i];
    std::string which = "SPI_IOC_MESSAGE transfer " + std::to_string(i) + ": ";
    if (t.pad != 0) return fail(EINVAL, which + "pad not zero");
    if (t.bits_per_word != 0 && t.bits_per_word != 8) return fail(EINVAL, which + "bits_per_word not 8");
    if (t.tx_nbits > 1 || t.rx_nbits > 1) return fail(EINVAL, which + "dual/quad transfer on a single-wire bus");
    if (t.len && !t.tx_buf && !t.rx_buf) return fail(EINVAL, which + "a length without buffers");
    if (t.tx_buf) tx_total += t.len;
    if (t.rx_buf) rx_total += t.len;
    total += t.len;
    if (tx_total > kSpiBufsiz || rx_total > kSpiBufsiz) return fail(EMSGSIZE, which + "over spidev's bufsiz");
    SpiTransfer rec{t, {}};
    if (t.tx_buf) {
      const auto* p = reinterpret_cast<const uint8_t*>(static_cast<uintptr_t>(t.tx_buf));
      rec.tx.assign(p, p + t.len);
    }
    seen.push_back(std::move(rec));
  }
  spi_messages_.push_back(seen);
  int error;
  if (injected(Op::SpiMessage, error)) {
    errno = error;
    return -1;
  }
  // Chip select stays asserted across transfers unless one has cs_change;
  // each stretch is one transaction of the flash. A transfer without tx_buf
  // clocks out zeros, as the SPI core's dummy buffer does.
  uint32_t first = 0;
  for (uint32_t i = 0; i < count; ++i) {
    if (i + 1 < count && !xfers[i].cs_change) continue;
    std::vector<uint8_t> tx, rx;
    for (uint32_t k = first; k <= i; ++k) {
      if (seen[k].tx.empty())
        tx.insert(tx.end(), xfers[k].len, 0);
      else
        tx.insert(tx.end(), seen[k].tx.begin(), seen[k].tx.end());
    }
    rx.resize(tx.size());
    uint32_t speed = xfers[first].speed_hz ? xfers[first].speed_hz : spi_max_speed_hz_;
    if (speed > spi_max_speed_hz_) speed = spi_max_speed_hz_;  // the SPI core's clamp
    for (uint32_t k = first + 1; k <= i; ++k)
      if (xfers[k].speed_hz != xfers[first].speed_hz)
        return fail(EINVAL, "SPI_IOC_MESSAGE: speeds that differ within one chip select (not modelled)");
    SpiSettings settings{spi_mode_, speed};
    int32_t r = board_.flash()->transfer(settings, tx.data(), rx.data(), static_cast<uint32_t>(tx.size()));
    if (r < 0) {
      errno = errnoOfModel(r);
      return -1;
    }
    size_t at = 0;
    for (uint32_t k = first; k <= i; ++k) {
      if (xfers[k].rx_buf)
        std::memcpy(reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(xfers[k].rx_buf)), rx.data() + at, xfers[k].len);
      at += xfers[k].len;
    }
    first = i + 1;
  }
  if (shortened(Op::SpiMessage)) return static_cast<int>(total) - 1;
  return static_cast<int>(total);  // spidev_message(): the bytes transferred
}

// --- gpiochip v2 -----------------------------------------------------------------------

int FakeKernel::gpioChipIoctl(unsigned long request, void* arg) {
  if (request == GPIO_V2_GET_LINE_IOCTL) {
    if (!arg) return fail(EFAULT, "GPIO_V2_GET_LINE_IOCTL: null request");
    return getLine(static_cast<gpio_v2_line_request*>(arg));
  }
  return fail(ENOTTY, "gpiochip: unexpected ioctl " + std::to_string(request));
}

int FakeKernel::getLine(gpio_v2_line_request* req) {
  line_requests_.push_back(*req);
  const char* what = "GPIO_V2_GET_LINE_IOCTL: ";
  // linereq_create() and gpio_v2_line_config_validate().
  if (req->num_lines == 0 || req->num_lines > GPIO_V2_LINES_MAX) return fail(EINVAL, std::string(what) + "num_lines");
  if (!allZero(req->padding, sizeof req->padding)) return fail(EINVAL, std::string(what) + "padding not zero");
  const gpio_v2_line_config& c = req->config;
  if (c.num_attrs > GPIO_V2_LINE_NUM_ATTRS_MAX) return fail(EINVAL, std::string(what) + "num_attrs over 10");
  if (!allZero(c.padding, sizeof c.padding)) return fail(EINVAL, std::string(what) + "config padding not zero");
  if (!std::memchr(req->consumer, 0, sizeof req->consumer))
    return fail(EINVAL, std::string(what) + "consumer not NUL-terminated");
  for (uint32_t i = req->num_lines; i < GPIO_V2_LINES_MAX; ++i)
    if (req->offsets[i]) return fail(EINVAL, std::string(what) + "offsets past num_lines not zero");
  for (uint32_t a = c.num_attrs; a < GPIO_V2_LINE_NUM_ATTRS_MAX; ++a)
    if (!allZero(&c.attrs[a], sizeof c.attrs[a])) return fail(EINVAL, std::string(what) + "unused attribute not zero");
  uint64_t all_lines = req->num_lines == 64 ? ~0ull : (1ull << req->num_lines) - 1;
  for (uint32_t a = 0; a < c.num_attrs; ++a) {
    const gpio_v2_line_config_attribute& ca = c.attrs[a];
    if (ca.attr.padding) return fail(EINVAL, std::string(what) + "attribute padding not zero");
    if (ca.attr.id < GPIO_V2_LINE_ATTR_ID_FLAGS || ca.attr.id > GPIO_V2_LINE_ATTR_ID_DEBOUNCE)
      return fail(EINVAL, std::string(what) + "unknown attribute id");
    if (ca.mask == 0 || (ca.mask & ~all_lines)) return fail(EINVAL, std::string(what) + "attribute mask");
  }
  // Each line's flags: the config's, or those of the first FLAGS attribute
  // naming it (gpio_v2_line_config_flags()); the same for output values
  // and debounce.
  std::vector<RequestedLine> lines;
  for (uint32_t i = 0; i < req->num_lines; ++i) {
    uint64_t flags = c.flags;
    bool have_flags = false, have_value = false, value = false, have_debounce = false;
    uint32_t debounce = 0;
    for (uint32_t a = 0; a < c.num_attrs; ++a) {
      const gpio_v2_line_config_attribute& ca = c.attrs[a];
      if (!(ca.mask & (1ull << i))) continue;
      if (ca.attr.id == GPIO_V2_LINE_ATTR_ID_FLAGS && !have_flags) {
        flags = ca.attr.flags;
        have_flags = true;
      } else if (ca.attr.id == GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES && !have_value) {
        value = ca.attr.values & (1ull << i);
        have_value = true;
      } else if (ca.attr.id == GPIO_V2_LINE_ATTR_ID_DEBOUNCE && !have_debounce) {
        debounce = ca.attr.debounce_period_us;
        have_debounce = true;
      }
    }
    if (const char* p = lineFlagsProblem(flags); *p) return fail(EINVAL, std::string(what) + p);
    bool output = flags & GPIO_V2_LINE_FLAG_OUTPUT;
    if (have_value && !output) return fail(EINVAL, std::string(what) + "output value for an input line");
    if (have_debounce && output) return fail(EINVAL, std::string(what) + "debounce for an output line");
    uint32_t offset = req->offsets[i];
    if (offset >= SimGpioChip::kLines) {
      errno = EINVAL;  // gpiochip_get_desc(): not a line of this chip
      return -1;
    }
    for (const RequestedLine& l : lines)
      if (l.offset == offset) {
        errno = EBUSY;  // the same line twice: the second is already requested
        return -1;
      }
    // The line's configuration as the board's model takes it.
    uint32_t model_flags = 0;
    if (output) model_flags |= gpio_flags::kOutput;
    if (flags & GPIO_V2_LINE_FLAG_ACTIVE_LOW) model_flags |= gpio_flags::kActiveLow;
    if (output && value) model_flags |= gpio_flags::kInitialActive;
    if (flags & GPIO_V2_LINE_FLAG_BIAS_PULL_UP) model_flags |= gpio_flags::kBiasPullUp << gpio_flags::kBiasShift;
    if (flags & GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN) model_flags |= gpio_flags::kBiasPullDown << gpio_flags::kBiasShift;
    if (flags & GPIO_V2_LINE_FLAG_BIAS_DISABLED) model_flags |= gpio_flags::kBiasDisabled << gpio_flags::kBiasShift;
    if (flags & GPIO_V2_LINE_FLAG_EDGE_RISING) model_flags |= gpio_flags::kEdgeRising;
    if (flags & GPIO_V2_LINE_FLAG_EDGE_FALLING) model_flags |= gpio_flags::kEdgeFalling;
    lines.push_back({offset, flags, model_flags, debounce, nullptr, 0});
  }
  int error;
  if (injected(Op::GpioGetLine, error)) {
    errno = error;
    return -1;
  }
  // All lines or none: those requested so far are released with `lines`.
  for (RequestedLine& l : lines) {
    GpioLine* model = nullptr;
    int32_t r = board_.gpio().requestLine(l.offset, l.model_flags, model);
    if (r < 0) {
      errno = errnoOfModel(r);
      return -1;
    }
    l.model.reset(model);
  }
  auto lr = std::make_unique<LineRequest>();
  lr->lines = std::move(lines);
  // The kernel's default is 16 events per line; larger requests are capped.
  lr->event_buffer_size = req->event_buffer_size ? std::min<uint32_t>(req->event_buffer_size, GPIO_V2_LINES_MAX * 16)
                                                 : req->num_lines * 16;
  int fd = next_fd_++;
  fds_[fd] = Open{Node::LineRequest, std::move(lr)};
  req->fd = fd;
  return 0;
}

int FakeKernel::lineIoctl(LineRequest& lr, unsigned long request, void* arg) {
  if (!arg) return fail(EFAULT, "line request: null argument");
  if (request != GPIO_V2_LINE_GET_VALUES_IOCTL && request != GPIO_V2_LINE_SET_VALUES_IOCTL)
    return fail(ENOTTY, "line request: unexpected ioctl " + std::to_string(request));
  bool set = request == GPIO_V2_LINE_SET_VALUES_IOCTL;
  auto* v = static_cast<gpio_v2_line_values*>(arg);
  (set ? values_set_ : values_got_).push_back(*v);
  const char* what = set ? "GPIO_V2_LINE_SET_VALUES_IOCTL: " : "GPIO_V2_LINE_GET_VALUES_IOCTL: ";
  size_t n = lr.lines.size();
  uint64_t all_lines = n == 64 ? ~0ull : (1ull << n) - 1;
  // The kernel ignores mask bits past num_lines and fails an empty mask.
  if (v->mask == 0) return fail(EINVAL, std::string(what) + "empty mask");
  if (v->mask & ~all_lines) return fail(EINVAL, std::string(what) + "mask names lines not requested");
  if (set && (v->bits & ~v->mask)) return fail(EINVAL, std::string(what) + "bits outside the mask");
  int error;
  if (injected(set ? Op::GpioSetValues : Op::GpioGetValues, error)) {
    errno = error;
    return -1;
  }
  if (set) {
    for (size_t i = 0; i < n; ++i)
      if ((v->mask & (1ull << i)) && !(lr.lines[i].flags & GPIO_V2_LINE_FLAG_OUTPUT)) {
        errno = EPERM;  // linereq_set_values(): an input is not driven
        return -1;
      }
    for (size_t i = 0; i < n; ++i)
      if (v->mask & (1ull << i)) lr.lines[i].model->write(v->bits & (1ull << i));
    return 0;
  }
  uint64_t bits = 0;
  for (size_t i = 0; i < n; ++i)
    if ((v->mask & (1ull << i)) && lr.lines[i].model->read() == 1) bits |= 1ull << i;
  v->bits = bits;
  return 0;
}

int FakeKernel::pollLine(LineRequest& lr, int timeout_ms) {
  if (lr.events.empty()) {
    // Wait for the next edge of the first line that detects edges, on the
    // board's clock; the model advances it to the edge or by the timeout.
    RequestedLine* edge_line = nullptr;
    for (RequestedLine& l : lr.lines)
      if (l.flags & kGpioEdgeFlags) {
        edge_line = &l;
        break;
      }
    if (!edge_line) {
      board_.simClock().advance(static_cast<uint64_t>(timeout_ms) * 1000);  // nothing will ever be readable
      return 0;
    }
    int32_t edge = edge_line->model->waitEdge(timeout_ms, WaitControl{});
    if (edge != kEdgeRisingEvent && edge != kEdgeFallingEvent) return 0;
    gpio_v2_line_event e{};
    e.timestamp_ns = board_.simClock().nowUs() * 1000;
    e.id = edge == kEdgeRisingEvent ? GPIO_V2_LINE_EVENT_RISING_EDGE : GPIO_V2_LINE_EVENT_FALLING_EDGE;
    e.offset = edge_line->offset;
    e.seqno = ++lr.seqno;
    e.line_seqno = ++edge_line->line_seqno;
    if (lr.events.size() == lr.event_buffer_size) lr.events.pop_front();  // the kernel drops the oldest
    lr.events.push_back(e);
  }
  return 1;
}

}  // namespace petrel::internal::hw::testing
