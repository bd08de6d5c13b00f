#include "text/number_literal.h"

#include <initializer_list>
#include <vector>

namespace petrel::internal::text {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
unsigned hexValue(char c) {
  if (isDigit(c)) return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

// Scans `num` / `hexnum` (spec 6.3.1): digits with single underscores only
// between two digits. Returns the end position, or `pos` if none matched.
size_t scanDigits(std::string_view s, size_t pos, bool hex) {
  size_t i = pos;
  auto ok = [&](char c) { return hex ? isHexDigit(c) : isDigit(c); };
  if (i >= s.size() || !ok(s[i])) return pos;
  ++i;
  while (i < s.size()) {
    if (ok(s[i])) {
      ++i;
    } else if (s[i] == '_' && i + 1 < s.size() && ok(s[i + 1])) {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

// Arbitrary-precision unsigned integer, just enough for correctly rounded
// decimal-to-binary conversion (little-endian 32-bit limbs).
class BigUint {
 public:
  bool isZero() const { return limbs_.empty(); }
  void mulAdd(uint32_t mul, uint32_t add) {
    uint64_t carry = add;
    for (auto& limb : limbs_) {
      uint64_t v = uint64_t{limb} * mul + carry;
      limb = static_cast<uint32_t>(v);
      carry = v >> 32;
    }
    if (carry) limbs_.push_back(static_cast<uint32_t>(carry));
  }
  void shiftLeft(size_t n) {
    if (isZero()) return;
    size_t words = n / 32, bits = n % 32;
    if (bits) {
      uint32_t carry = 0;
      for (auto& limb : limbs_) {
        uint32_t next = limb >> (32 - bits);
        limb = (limb << bits) | carry;
        carry = next;
      }
      if (carry) limbs_.push_back(carry);
    }
    limbs_.insert(limbs_.begin(), words, 0u);
  }
  size_t bitLength() const {
    if (limbs_.empty()) return 0;
    uint32_t top = limbs_.back();
    size_t n = 0;
    while (top) { ++n; top >>= 1; }
    return (limbs_.size() - 1) * 32 + n;
  }
  bool bit(size_t i) const {
    size_t w = i / 32;
    return w < limbs_.size() && ((limbs_[w] >> (i % 32)) & 1);
  }
  // Are any of bits [0, n) set?
  bool anyBelow(size_t n) const {
    for (size_t w = 0; w < limbs_.size() && w * 32 < n; ++w) {
      uint32_t mask = (n - w * 32 >= 32) ? ~0u : ((1u << (n - w * 32)) - 1);
      if (limbs_[w] & mask) return true;
    }
    return false;
  }
  // Bits [from, from+count) as an integer; count <= 64.
  uint64_t extract(size_t from, unsigned count) const {
    uint64_t v = 0;
    for (unsigned i = 0; i < count; ++i)
      if (bit(from + i)) v |= uint64_t{1} << i;
    return v;
  }
  int compare(const BigUint& o) const {
    if (limbs_.size() != o.limbs_.size()) return limbs_.size() < o.limbs_.size() ? -1 : 1;
    for (size_t i = limbs_.size(); i-- > 0;)
      if (limbs_[i] != o.limbs_[i]) return limbs_[i] < o.limbs_[i] ? -1 : 1;
    return 0;
  }
  void subtract(const BigUint& o) {  // requires *this >= o
    int64_t borrow = 0;
    for (size_t i = 0; i < limbs_.size(); ++i) {
      int64_t v = int64_t{limbs_[i]} - borrow - (i < o.limbs_.size() ? int64_t{o.limbs_[i]} : 0);
      borrow = v < 0;
      limbs_[i] = static_cast<uint32_t>(v + (borrow << 32));
    }
    trim();
  }
  void setBit(size_t i) {
    if (limbs_.size() <= i / 32) limbs_.resize(i / 32 + 1, 0);
    limbs_[i / 32] |= 1u << (i % 32);
  }
  // Long division, one bit at a time: the numbers involved are at most a few
  // thousand bits, so simplicity wins over speed.
  static void divide(const BigUint& num, const BigUint& den, BigUint& quot, BigUint& rem) {
    quot = BigUint();
    rem = BigUint();
    for (size_t i = num.bitLength(); i-- > 0;) {
      rem.shiftLeft(1);
      if (num.bit(i)) {
        if (rem.isZero()) rem.limbs_.push_back(1);
        else rem.limbs_[0] |= 1;
      }
      if (rem.compare(den) >= 0) {
        rem.subtract(den);
        quot.setBit(i);
      }
    }
  }

 private:
  void trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  }
  std::vector<uint32_t> limbs_;
};

struct FloatFormat {
  unsigned mant_bits;  // explicit significand bits: 23 or 52
  int bias;            // 127 or 1023
};
constexpr FloatFormat kF32{23, 127};
constexpr FloatFormat kF64{52, 1023};

// Rounds the value (q + f) * 2^e2, where 0 <= f < 1 and f > 0 iff `sticky`,
// to the nearest representable value (ties to even). Fails when the result
// would be infinite: the spec makes such literals malformed.
LiteralStatus roundToFloat(const BigUint& q, bool sticky, int64_t e2, FloatFormat fmt, uint64_t& bits) {
  const int64_t p = fmt.mant_bits + 1;
  const int64_t emin = 1 - fmt.bias;
  const int64_t len = static_cast<int64_t>(q.bitLength());
  const int64_t exp = len - 1 + e2;  // exponent of the leading bit
  const int64_t keep = exp >= emin ? p : p - (emin - exp);
  const int64_t drop = len - keep;
  uint64_t m;
  if (drop > 0) {
    size_t d = static_cast<size_t>(drop);
    m = keep > 0 ? q.extract(d, static_cast<unsigned>(keep)) : 0;
    bool round = q.bit(d - 1);
    bool rest = sticky || q.anyBelow(d - 1);
    if (round && (rest || (m & 1))) ++m;
  } else {
    m = q.extract(0, static_cast<unsigned>(len)) << (-drop);
  }
  if (exp >= emin) {
    int64_t e = exp;
    if (m == (uint64_t{1} << p)) {
      m >>= 1;
      ++e;
    }
    if (e > fmt.bias) return LiteralStatus::OutOfRange;
    bits = (static_cast<uint64_t>(e + fmt.bias) << fmt.mant_bits) | (m & ((uint64_t{1} << fmt.mant_bits) - 1));
  } else {
    // Subnormal: exponent field 0. Rounding up to 2^mant_bits lands exactly
    // on the smallest normal encoding.
    bits = m;
  }
  return LiteralStatus::Ok;
}

// Parses the digits of a `num`/`hexnum` (underscores skipped) into `out`.
void accumulate(std::string_view digits, bool hex, BigUint& out, size_t* count = nullptr) {
  for (char c : digits) {
    if (c == '_') continue;
    out.mulAdd(hex ? 16 : 10, hexValue(c));
    if (count) ++*count;
  }
}

// Parses a decimal exponent with saturation (huge exponents just mean
// overflow or underflow).
int64_t parseExponent(std::string_view s) {
  bool neg = false;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '_') continue;
    if (v < 100000000) v = v * 10 + (s[i] - '0');
  }
  return neg ? -v : v;
}

LiteralStatus parseFloat(std::string_view s, FloatFormat fmt, uint64_t& bits) {
  NumberClass cls = classifyNumber(s);
  if (cls == NumberClass::None) return LiteralStatus::Malformed;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  const uint64_t sign = neg ? uint64_t{1} << (fmt.mant_bits + (fmt.mant_bits == 23 ? 8 : 11)) : 0;
  const uint64_t exp_all_ones = (uint64_t{2} * fmt.bias + 1) << fmt.mant_bits;
  if (s == "inf") {
    bits = sign | exp_all_ones;
    return LiteralStatus::Ok;
  }
  if (s.substr(0, 3) == "nan") {
    uint64_t payload = uint64_t{1} << (fmt.mant_bits - 1);  // canonical NaN
    if (s.size() > 3) {
      // nan:0xN, with 1 <= N < 2^mant_bits (spec 6.3.2).
      BigUint v;
      accumulate(s.substr(6), true, v);
      if (v.isZero() || v.bitLength() > fmt.mant_bits) return LiteralStatus::OutOfRange;
      payload = v.extract(0, fmt.mant_bits);
    }
    bits = sign | exp_all_ones | payload;
    return LiteralStatus::Ok;
  }

  bool hex = s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  if (hex) s.remove_prefix(2);
  size_t int_end = scanDigits(s, 0, hex);
  std::string_view int_part = s.substr(0, int_end);
  std::string_view frac_part;
  size_t i = int_end;
  if (i < s.size() && s[i] == '.') {
    size_t frac_end = scanDigits(s, i + 1, hex);
    frac_part = s.substr(i + 1, frac_end - i - 1);
    i = frac_end;
  }
  int64_t exp10_or_2 = 0;
  if (i < s.size()) exp10_or_2 = parseExponent(s.substr(i + 1));  // after e/E/p/P

  BigUint mant;
  size_t frac_digits = 0;
  accumulate(int_part, hex, mant);
  accumulate(frac_part, hex, mant, &frac_digits);
  if (mant.isZero()) {
    bits = sign;
    return LiteralStatus::Ok;
  }

  LiteralStatus st;
  if (hex) {
    // Exact binary mantissa: value = mant * 2^(exp - 4 * fraction digits).
    st = roundToFloat(mant, false, exp10_or_2 - 4 * static_cast<int64_t>(frac_digits), fmt, bits);
  } else {
    int64_t e10 = exp10_or_2 - static_cast<int64_t>(frac_digits);
    // Bail out early on magnitudes far outside any float format; the bounds
    // are loose, the exact check happens in roundToFloat.
    int64_t digits = 0;  // significant digits, from the first nonzero one
    for (std::string_view part : {int_part, frac_part})
      for (char c : part)
        if (c != '_' && (digits > 0 || c != '0')) ++digits;
    if (e10 + digits > 400) return LiteralStatus::OutOfRange;
    if (e10 + digits < -400) {
      bits = sign;
      return LiteralStatus::Ok;
    }
    if (e10 >= 0) {
      for (int64_t k = 0; k < e10; ++k) mant.mulAdd(10, 0);
      st = roundToFloat(mant, false, 0, fmt, bits);
    } else {
      // value = mant / 10^-e10: divide with enough extra bits for rounding.
      BigUint den;
      den.mulAdd(1, 1);
      for (int64_t k = 0; k < -e10; ++k) den.mulAdd(10, 0);
      int64_t shift = static_cast<int64_t>(den.bitLength()) - static_cast<int64_t>(mant.bitLength()) + fmt.mant_bits + 4;
      if (shift < 0) shift = 0;
      mant.shiftLeft(static_cast<size_t>(shift));
      BigUint quot, rem;
      BigUint::divide(mant, den, quot, rem);
      st = roundToFloat(quot, !rem.isZero(), -shift, fmt, bits);
    }
  }
  if (st == LiteralStatus::Ok) bits |= sign;
  return st;
}

}  // namespace

NumberClass classifyNumber(std::string_view s) {
  size_t i = 0;
  bool sign = !s.empty() && (s[0] == '+' || s[0] == '-');
  if (sign) ++i;
  std::string_view rest = s.substr(i);
  if (rest == "inf" || rest == "nan") return NumberClass::Float;
  if (rest.substr(0, 6) == "nan:0x") {
    size_t end = scanDigits(rest, 6, true);
    return end > 6 && end == rest.size() ? NumberClass::Float : NumberClass::None;
  }
  bool hex = rest.size() > 1 && rest[0] == '0' && rest[1] == 'x';
  size_t start = hex ? 2 : 0;
  size_t end = scanDigits(rest, start, hex);
  if (end == start) return NumberClass::None;
  if (end == rest.size()) return sign ? NumberClass::Int : NumberClass::Nat;
  size_t j = end;
  if (rest[j] == '.') {
    ++j;
    size_t frac_end = scanDigits(rest, j, hex);
    j = frac_end;
  }
  if (j < rest.size()) {
    char e = rest[j];
    bool is_exp = hex ? (e == 'p' || e == 'P') : (e == 'e' || e == 'E');
    if (!is_exp) return NumberClass::None;
    ++j;
    if (j < rest.size() && (rest[j] == '+' || rest[j] == '-')) ++j;
    size_t exp_end = scanDigits(rest, j, false);
    if (exp_end == j) return NumberClass::None;
    j = exp_end;
  }
  return j == rest.size() ? NumberClass::Float : NumberClass::None;
}

LiteralStatus parseUnsigned(std::string_view s, uint64_t max, uint64_t& out) {
  if (classifyNumber(s) != NumberClass::Nat) return LiteralStatus::Malformed;
  bool hex = s.size() > 1 && s[1] == 'x';
  uint64_t v = 0;
  for (size_t i = hex ? 2 : 0; i < s.size(); ++i) {
    if (s[i] == '_') continue;
    unsigned d = hexValue(s[i]);
    unsigned base = hex ? 16 : 10;
    if (v > (~uint64_t{0} - d) / base) return LiteralStatus::OutOfRange;
    v = v * base + d;
  }
  if (v > max) return LiteralStatus::OutOfRange;
  out = v;
  return LiteralStatus::Ok;
}

LiteralStatus parseIntN(std::string_view s, unsigned bits, uint64_t& out) {
  NumberClass cls = classifyNumber(s);
  if (cls != NumberClass::Nat && cls != NumberClass::Int) return LiteralStatus::Malformed;
  const uint64_t umax = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  const uint64_t half = uint64_t{1} << (bits - 1);  // 2^(N-1)
  const uint64_t mask = umax;
  if (cls == NumberClass::Nat) return parseUnsigned(s, umax, out);
  bool neg = s[0] == '-';
  uint64_t mag = 0;
  LiteralStatus st = parseUnsigned(s.substr(1), neg ? half : half - 1, mag);
  if (st != LiteralStatus::Ok) return st;
  out = (neg ? (~mag + 1) : mag) & mask;
  return LiteralStatus::Ok;
}

LiteralStatus parseF32(std::string_view text, uint32_t& bits) {
  uint64_t b = 0;
  LiteralStatus st = parseFloat(text, kF32, b);
  bits = static_cast<uint32_t>(b);
  return st;
}

LiteralStatus parseF64(std::string_view text, uint64_t& bits) { return parseFloat(text, kF64, bits); }

}  // namespace petrel::internal::text
