#include "value_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace petrel::internal::cli {

namespace {

// Takes an optional sign and an optional 0x off `text`: what is left are the digits.
std::string_view signAndBase(std::string_view text, bool& negative, int& base) {
  negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  return text;
}

// Parses [-]digits or [-]0xhex into a magnitude and sign.
bool parseInteger(std::string_view text, bool& negative, uint64_t& magnitude) {
  int base;
  text = signAndBase(text, negative, base);
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), magnitude, base);
  return ec == std::errc() && end == text.data() + text.size();
}

// Accepts the signed and the unsigned range of an N-bit integer.
std::optional<uint64_t> parseIntBits(std::string_view text, unsigned bits) {
  bool negative;
  uint64_t magnitude;
  if (!parseInteger(text, negative, magnitude)) return std::nullopt;
  uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  if (negative) {
    if (magnitude > (uint64_t{1} << (bits - 1))) return std::nullopt;
    return (uint64_t{0} - magnitude) & mask;
  }
  if (magnitude > mask) return std::nullopt;
  return magnitude;
}

template <class F>
std::optional<F> parseFloat(std::string_view text) {
  std::string s(text);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  F v;
  if constexpr (sizeof(F) == 4)
    v = std::strtof(s.c_str(), &end);
  else
    v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

// Rust's Display for floats: the shortest digits that read back to the
// same value, laid out without exponent ("1e300" is a 1 and 300 zeros, not
// the exact binary value's 301 digits).
template <class F>
std::string shortestFixed(F v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  if (ec != std::errc()) return "?";
  std::string sci(buf, end);  // [-]d[.ddd]e[+-]xx
  std::string sign = sci[0] == '-' ? "-" : "";
  if (!sign.empty()) sci.erase(0, 1);
  size_t e = sci.find('e');
  int exponent = std::atoi(sci.c_str() + e + 1);
  std::string digits;
  for (size_t i = 0; i < e; ++i)
    if (sci[i] != '.') digits += sci[i];
  if (digits == "0") return sign + "0";
  if (exponent < 0) return sign + "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
  size_t int_len = static_cast<size_t>(exponent) + 1;
  if (digits.size() <= int_len) return sign + digits + std::string(int_len - digits.size(), '0');
  return sign + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

// The shortest decimal that reads back to `v` (fixed or exponent form,
// whichever is shorter: "1.5", "1e+300"), valid as a script float literal.
template <class F>
std::string shortestFloat(F v) {
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "?";
}

// A NaN lane in script syntax with its payload: "nan:0x400000", "-nan:0x1".
std::string nanText(bool negative, uint64_t payload) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%snan:0x%llx", negative ? "-" : "", static_cast<unsigned long long>(payload));
  return buf;
}

}  // namespace

bool parseU128(std::string_view text, uint8_t out[16]) {
  bool negative;
  int base;
  text = signAndBase(text, negative, base);
  if (text.empty()) return false;
  uint8_t v[16] = {};
  for (char c : text) {
    unsigned digit;
    if (c >= '0' && c <= '9')
      digit = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f')
      digit = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F')
      digit = static_cast<unsigned>(c - 'A' + 10);
    else
      return false;
    // v = v * base + digit, byte by byte from the low end.
    unsigned carry = digit;
    for (uint8_t& b : v) {
      carry += b * base;
      b = static_cast<uint8_t>(carry);
      carry >>= 8;
    }
    if (carry) return false;  // beyond 2^128 - 1
  }
  if (negative) {
    // Magnitudes up to 2^127, like parseIntBits allows for narrower integers.
    bool above = (v[15] & 0x80) != 0;
    if (above) {
      bool exactly = v[15] == 0x80;
      for (int i = 0; exactly && i < 15; ++i) exactly = v[i] == 0;
      if (!exactly) return false;
    }
    unsigned carry = 1;  // two's complement: invert, add one
    for (uint8_t& b : v) {
      carry += static_cast<uint8_t>(~b);
      b = static_cast<uint8_t>(carry);
      carry >>= 8;
    }
  }
  std::memcpy(out, v, 16);
  return true;
}

std::string formatU128(const uint8_t bytes[16]) {
  uint8_t v[16];
  std::memcpy(v, bytes, 16);
  std::string digits;
  for (;;) {
    // v /= 10, from the high byte down; the remainder is the next digit.
    unsigned rem = 0;
    bool zero = true;
    for (int i = 15; i >= 0; --i) {
      unsigned cur = (rem << 8) | v[i];
      v[i] = static_cast<uint8_t>(cur / 10);
      rem = cur % 10;
      zero = zero && v[i] == 0;
    }
    digits += static_cast<char>('0' + rem);
    if (zero) break;
  }
  return std::string(digits.rbegin(), digits.rend());
}

std::string describeFloatLane(const uint8_t* lane, unsigned lane_bytes) {
  if (lane_bytes == 4) {
    uint32_t b;
    std::memcpy(&b, lane, 4);
    float f;
    std::memcpy(&f, &b, 4);
    return std::isnan(f) ? nanText(b >> 31, b & 0x7fffffu) : shortestFloat(f);
  }
  uint64_t b;
  std::memcpy(&b, lane, 8);
  double d;
  std::memcpy(&d, &b, 8);
  return std::isnan(d) ? nanText(b >> 63, b & 0xfffffffffffffull) : shortestFloat(d);
}

std::string describeV128(const uint8_t bytes[16], unsigned float_lane_bytes) {
  std::string s = "(v128.const ";
  if (float_lane_bytes == 4 || float_lane_bytes == 8) {
    s += float_lane_bytes == 4 ? "f32x4" : "f64x2";
    for (unsigned i = 0; i < 16 / float_lane_bytes; ++i)
      s += " " + describeFloatLane(bytes + i * float_lane_bytes, float_lane_bytes);
  } else {
    s += "i32x4";
    for (int i = 0; i < 4; ++i) {
      uint32_t b;
      std::memcpy(&b, bytes + 4 * i, 4);
      char buf[16];
      std::snprintf(buf, sizeof buf, " 0x%08x", b);
      s += buf;
    }
  }
  return s + ")";
}

bool isExternRefType(ValType type) {
  return type.isRef() && type.heap.isAbstract() &&
         (type.heap.abs() == AbsHeap::Extern || type.heap.abs() == AbsHeap::NoExtern);
}

std::optional<Value> parseArgument(ValType type, std::string_view text) {
  switch (type.kind) {
    case ValKind::I32:
      if (auto v = parseIntBits(text, 32)) return Value::i32(static_cast<uint32_t>(*v));
      return std::nullopt;
    case ValKind::I64:
      if (auto v = parseIntBits(text, 64)) return Value::i64(*v);
      return std::nullopt;
    case ValKind::F32:
      if (auto v = parseFloat<float>(text)) return Value::f32(*v);
      return std::nullopt;
    case ValKind::F64:
      if (auto v = parseFloat<double>(text)) return Value::f64(*v);
      return std::nullopt;
    case ValKind::Ref:
      // Only null, or an extern reference by number.
      if (text == "null" && type.nullable) return Value::ref(type, nullptr);
      if (isExternRefType(type)) {
        if (auto v = parseIntBits(text, 64)) return Value::ref(type, externRefFromIndex(*v));
      }
      return std::nullopt;
    case ValKind::V128: {
      uint8_t bytes[16];
      if (!parseU128(text, bytes)) return std::nullopt;
      return Value::v128(bytes);
    }
    case ValKind::Bot: return std::nullopt;
  }
  return std::nullopt;
}

std::string formatResult(const Value& value) {
  switch (value.type.kind) {
    case ValKind::I32: return std::to_string(static_cast<int32_t>(value.slot.i32));
    case ValKind::I64: return std::to_string(static_cast<int64_t>(value.slot.i64));
    case ValKind::F32: return shortestFixed(value.slot.f32);
    case ValKind::F64: return shortestFixed(value.slot.f64);
    case ValKind::Ref:
      if (!value.slot.ref) return "null";
      return isExternRefType(value.type) ? "<externref>" : "<ref>";
    case ValKind::V128: {
      uint8_t bytes[16];
      value.v128Bytes(bytes);
      return formatU128(bytes);
    }
    case ValKind::Bot: return "<?>";
  }
  return "<?>";
}

std::optional<petrel::Value> parseArgument(const petrel::ValType& type, std::string_view text) {
  using Kind = petrel::ValType::Kind;
  switch (type.kind()) {
    case Kind::I32:
      if (auto v = parseIntBits(text, 32)) return petrel::Value::i32(static_cast<int32_t>(static_cast<uint32_t>(*v)));
      return std::nullopt;
    case Kind::I64:
      if (auto v = parseIntBits(text, 64)) return petrel::Value::i64(static_cast<int64_t>(*v));
      return std::nullopt;
    case Kind::F32:
      if (auto v = parseFloat<float>(text)) return petrel::Value::f32(*v);
      return std::nullopt;
    case Kind::F64:
      if (auto v = parseFloat<double>(text)) return petrel::Value::f64(*v);
      return std::nullopt;
    case Kind::Ref:
      // Only null, or an extern reference by number.
      if (text == "null" && type.nullable()) return petrel::Value::null(type);
      if (type.heap() == petrel::HeapKind::Extern) {
        if (auto v = parseIntBits(text, 64)) return petrel::Value::externref({externRefFromIndex(*v)});
      }
      return std::nullopt;
    case Kind::V128: {
      uint8_t bytes[16];
      if (!parseU128(text, bytes)) return std::nullopt;
      return petrel::Value::v128(bytes);
    }
  }
  return std::nullopt;
}

std::string formatResult(const petrel::Value& value) {
  using Kind = petrel::ValType::Kind;
  switch (value.type().kind()) {
    case Kind::I32: return std::to_string(value.i32());
    case Kind::I64: return std::to_string(value.i64());
    case Kind::F32: return shortestFixed(value.f32());
    case Kind::F64: return shortestFixed(value.f64());
    case Kind::Ref:
      if (value.isNull()) return "null";
      return value.type().heap() == petrel::HeapKind::Extern ? "<externref>" : "<ref>";
    case Kind::V128: return formatU128(value.v128());
  }
  return "<?>";
}

std::string describeValue(const Value& value) {
  char buf[96];
  switch (value.type.kind) {
    case ValKind::I32:
      std::snprintf(buf, sizeof buf, "(i32.const %d)", static_cast<int32_t>(value.slot.i32));
      return buf;
    case ValKind::I64:
      std::snprintf(buf, sizeof buf, "(i64.const %lld)", static_cast<long long>(value.slot.i64));
      return buf;
    case ValKind::F32:
      return "(f32.const " + shortestFixed(value.slot.f32) + " (0x" +
             (std::snprintf(buf, sizeof buf, "%08x", value.slot.i32), std::string(buf)) + "))";
    case ValKind::F64:
      return "(f64.const " + shortestFixed(value.slot.f64) + " (0x" +
             (std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value.slot.i64)),
              std::string(buf)) +
             "))";
    case ValKind::Ref:
      if (!value.slot.ref) return "(ref.null " + toString(value.type.heap) + ")";
      if (isExternRefType(value.type)) return "(ref.extern " + std::to_string(externRefIndex(value.slot.ref)) + ")";
      return "(ref " + toString(value.type.heap) + ")";
    case ValKind::V128: {
      uint8_t bytes[16];
      value.v128Bytes(bytes);
      return describeV128(bytes);
    }
    case ValKind::Bot: return "(bot)";
  }
  return "?";
}

}  // namespace petrel::internal::cli
