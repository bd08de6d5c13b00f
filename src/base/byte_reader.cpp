#include "base/byte_reader.h"

#include "base/features.h"

namespace petrel::internal {

// The reference interpreter's wording for running out of input anywhere
// (module, section, function body); spec tests match on it.
static constexpr const char* kUnexpectedEnd = "unexpected end of section or function";

bool ByteReader::failAt(uint64_t off, std::string message) {
  if (!failed_) {
    failed_ = true;
    error_ = detail::ErrorSlot(Error::malformed(std::move(message), off));
  }
  pos_ = end_;
  return false;
}

bool ByteReader::failAt(uint64_t off, const char* message) { return failAt(off, std::string(message)); }

uint8_t ByteReader::readU8Slow() {
  fail(kUnexpectedEnd);
  return 0;
}

uint32_t ByteReader::readFixedU32() {
  const uint8_t* p = readBytes(4);
  if (!p) return 0;
  uint32_t v;
  std::memcpy(&v, p, 4);  // wasm is little-endian; hosts we target are too
  return v;
}

uint64_t ByteReader::readFixedU64() {
  const uint8_t* p = readBytes(8);
  if (!p) return 0;
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Spec 5.2.2: an N-bit LEB128 uses at most ceil(N/7) bytes, and the unused
// bits of the last byte must be zero (unsigned) or a sign extension (signed).
uint64_t ByteReader::readLeb(unsigned max_bits, bool is_signed) {
  const unsigned max_bytes = (max_bits + 6) / 7;
#if !PETREL_SIZE_OVER_SPEED  // the loop below alone gives the same, more slowly
  {
    // Fast path: the LEB ends before its last permitted byte and before the
    // end of input, so neither needs checking.
    const uint8_t* p = pos_;
    size_t avail = static_cast<size_t>(end_ - p);
    size_t n = max_bytes - 1 < avail ? max_bytes - 1 : avail;
    uint64_t result = 0;
    unsigned shift = 0;
    for (size_t i = 0; i < n; ++i) {
      uint8_t byte = p[i];
      result |= static_cast<uint64_t>(byte & 0x7f) << shift;
      shift += 7;
      if (!(byte & 0x80)) {
        pos_ = p + i + 1;
        if (is_signed && shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
        return result;
      }
    }
  }
#endif
  uint64_t result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (pos_ >= end_) {
      fail(kUnexpectedEnd);
      return 0;
    }
    uint8_t byte = *pos_++;
    if (i == max_bytes - 1) {
      // Last permitted byte: the bits beyond max_bits must be zero (unsigned)
      // or copies of the sign bit (signed), and no continuation may follow.
      // Checked in that order, as the reference decoder does.
      unsigned used = max_bits - shift;  // bits of this byte that carry value
      if (used < 7) {
        uint8_t spare = static_cast<uint8_t>(byte >> used) & static_cast<uint8_t>((1u << (7 - used)) - 1);
        uint8_t expect = 0;
        if (is_signed && ((byte >> (used - 1)) & 1)) expect = static_cast<uint8_t>((1u << (7 - used)) - 1);
        if (spare != expect) {
          failAt(offset() - 1, "integer too large");
          return 0;
        }
      }
      if (byte & 0x80) {
        fail("integer representation too long");
        return 0;
      }
    }
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    shift += 7;
    if (!(byte & 0x80)) {
      if (is_signed && shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
      return result;
    }
  }
}

int64_t ByteReader::readVarS33() { return static_cast<int64_t>(readLeb(33, true)); }

const uint8_t* ByteReader::readBytes(size_t n) {
  if (remaining() < n) {
    fail(kUnexpectedEnd);
    return nullptr;
  }
  const uint8_t* p = pos_;
  pos_ += n;
  return p;
}

bool ByteReader::readName(std::string& out) {
  uint32_t len = readVarU32();
  if (!ok()) return false;
  if (len > remaining()) return fail(kUnexpectedEnd);
  const uint8_t* p = readBytes(len);
  if (!p) return false;
  if (!isValidUtf8(p, len)) return failAt(offset() - len, "malformed UTF-8 encoding");
  out.assign(reinterpret_cast<const char*>(p), len);
  return true;
}

// Accepts exactly the Unicode scalar values in shortest form (spec 5.2.4).
bool isValidUtf8(const uint8_t* s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

}  // namespace petrel::internal
