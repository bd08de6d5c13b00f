#include "base/quantity.h"

#include <cstdlib>
#include <string>

namespace petrel::internal {

bool parseUnsigned(std::string_view text, uint64_t& out) {
  if (text.empty()) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (~uint64_t{0} - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

bool parseByteSize(std::string_view text, uint64_t& out) {
  if (!text.empty() && (text.back() == 'B' || text.back() == 'b')) text.remove_suffix(1);
  uint64_t scale = 1;
  bool binary = text.size() >= 2 && (text.back() == 'i' || text.back() == 'I');
  if (binary) text.remove_suffix(1);
  if (!text.empty()) {
    uint64_t base = binary ? 1024 : 1000;
    switch (text.back()) {
      case 'k': case 'K': scale = base; break;
      case 'm': case 'M': scale = base * base; break;
      case 'g': case 'G': scale = base * base * base; break;
      default: if (binary) return false;
    }
    if (scale != 1) text.remove_suffix(1);
  }
  uint64_t n;
  if (!parseUnsigned(text, n) || n > ~uint64_t{0} / scale) return false;
  out = n * scale;
  return true;
}

bool parseDuration(std::string_view text, uint64_t& nanos) {
  size_t unit_at = text.size();
  while (unit_at > 0 && ((text[unit_at - 1] >= 'a' && text[unit_at - 1] <= 'z'))) --unit_at;
  std::string number(text.substr(0, unit_at));
  std::string_view unit = text.substr(unit_at);
  if (number.empty()) return false;
  char* end = nullptr;
  double v = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !(v >= 0)) return false;
  double ns_per_unit;
  if (unit == "ns") ns_per_unit = 1;
  else if (unit == "us") ns_per_unit = 1e3;
  else if (unit == "ms") ns_per_unit = 1e6;
  else if (unit == "s" || unit.empty()) ns_per_unit = 1e9;
  else if (unit == "m") ns_per_unit = 60e9;
  else if (unit == "h") ns_per_unit = 3600e9;
  else return false;
  double ns = v * ns_per_unit;
  if (ns > 9e18) return false;
  nanos = static_cast<uint64_t>(ns);
  return true;
}

}  // namespace petrel::internal
