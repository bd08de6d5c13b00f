#include "hw/hw_grant_parse.h"

#include <string>

namespace petrel::internal::hw {

namespace {

// Decimal, or hex with 0x; at most `max`.
bool parseNumber(std::string_view s, uint64_t max, uint64_t& out) {
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return false;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
    if (v > max) return false;
  }
  out = v;
  return true;
}

Error bad(std::string_view flag, std::string_view spec, std::string_view expected) {
  return Error::make(ErrorKind::Other,
                     std::string(flag) + " \"" + std::string(spec) + "\": expected " + std::string(expected));
}

// Calls each(item) for the comma-separated items of `list` (none empty).
template <class F>
bool forEachItem(std::string_view list, F each) {
  while (true) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    if (item.empty() || !each(item)) return false;
    if (comma == std::string_view::npos) return true;
    list.remove_prefix(comma + 1);
  }
}

constexpr uint64_t kMaxNumber = 0xffff;   // buses, chips, lines, ports
constexpr uint64_t kMaxLinesPerFlag = 4096;

}  // namespace

Status parseI2cGrant(std::string_view spec, HwConfig& config) {
  constexpr std::string_view kExpected = "BUS[:ADDR,...] (e.g. 1, or 1:0x48,0x76; 7-bit addresses)";
  size_t colon = spec.find(':');
  uint64_t bus;
  if (!parseNumber(spec.substr(0, colon), kMaxNumber, bus)) return bad("--i2c", spec, kExpected);
  HwI2cGrant grant;
  grant.bus = static_cast<uint32_t>(bus);
  if (colon != std::string_view::npos) {
    bool ok = forEachItem(spec.substr(colon + 1), [&](std::string_view item) {
      uint64_t a;
      if (!parseNumber(item, 0x7f, a)) return false;
      grant.addresses.push_back(static_cast<uint16_t>(a));
      return true;
    });
    if (!ok) return bad("--i2c", spec, kExpected);
  }
  config.i2c.push_back(std::move(grant));
  return Status::success();
}

Status parseGpioGrant(std::string_view spec, HwConfig& config) {
  constexpr std::string_view kExpected = "CHIP:LINES (e.g. 0:0-4 or 0:1,3,17)";
  size_t colon = spec.find(':');
  uint64_t chip;
  if (colon == std::string_view::npos || !parseNumber(spec.substr(0, colon), kMaxNumber, chip))
    return bad("--gpio", spec, kExpected);
  HwGpioGrant grant;
  grant.chip = static_cast<uint32_t>(chip);
  bool ok = forEachItem(spec.substr(colon + 1), [&](std::string_view item) {
    size_t dash = item.find('-');
    uint64_t first, last;
    if (!parseNumber(item.substr(0, dash), kMaxNumber, first)) return false;
    last = first;
    if (dash != std::string_view::npos && !parseNumber(item.substr(dash + 1), kMaxNumber, last)) return false;
    if (last < first || grant.lines.size() + (last - first + 1) > kMaxLinesPerFlag) return false;
    for (uint64_t l = first; l <= last; ++l) grant.lines.push_back(static_cast<uint32_t>(l));
    return true;
  });
  if (!ok) return bad("--gpio", spec, kExpected);
  config.gpio.push_back(std::move(grant));
  return Status::success();
}

Status parseSpiGrant(std::string_view spec, HwConfig& config) {
  HwSpiGrant grant;
  if (!spec.empty() && spec[0] == '/') {
    grant.path = std::string(spec);
  } else {
    size_t dot = spec.find('.');
    uint64_t bus, cs;
    if (dot == std::string_view::npos || !parseNumber(spec.substr(0, dot), kMaxNumber, bus) ||
        !parseNumber(spec.substr(dot + 1), kMaxNumber, cs))
      return bad("--spi", spec, "B.C (/dev/spidevB.C, e.g. 0.0) or a /dev path");
    grant.bus = static_cast<uint32_t>(bus);
    grant.chip_select = static_cast<uint32_t>(cs);
  }
  config.spi.push_back(std::move(grant));
  return Status::success();
}

Status parseUartGrant(std::string_view spec, HwConfig& config) {
  HwUartGrant grant;
  if (!spec.empty() && spec[0] == '/') {
    grant.path = std::string(spec);
  } else {
    uint64_t port;
    if (!parseNumber(spec, kMaxNumber, port))
      return bad("--uart", spec, "a port number (0) or a /dev path (/dev/ttyUSB0)");
    grant.port = static_cast<uint32_t>(port);
  }
  config.uart.push_back(std::move(grant));
  return Status::success();
}

Status parseHwBackend(std::string_view spec, HwConfig& config) {
  if (spec == "linux") config.backend = HwBackend::Linux;
  else if (spec == "sim") config.backend = HwBackend::Simulated;
  else return bad("--hw", spec, "linux or sim");
  return Status::success();
}

Status parseButtonSchedule(std::string_view spec, HwConfig& config) {
  constexpr std::string_view kExpected = "MS[+HOLD_MS],... in increasing order (e.g. 250,750+50), or none";
  std::vector<HwButtonPress> presses;
  if (spec != "none") {
    constexpr uint64_t kMaxMs = uint64_t{1} << 40;
    bool ok = forEachItem(spec, [&](std::string_view item) {
      size_t plus = item.find('+');
      HwButtonPress p;
      if (!parseNumber(item.substr(0, plus), kMaxMs, p.at_ms)) return false;
      if (plus != std::string_view::npos && (!parseNumber(item.substr(plus + 1), kMaxMs, p.hold_ms) || !p.hold_ms))
        return false;
      if (!presses.empty() && p.at_ms < presses.back().at_ms + presses.back().hold_ms) return false;
      presses.push_back(p);
      return presses.size() <= 64;
    });
    if (!ok) return bad("--hw-button", spec, kExpected);
  }
  config.button_presses = std::move(presses);
  return Status::success();
}

}  // namespace petrel::internal::hw
