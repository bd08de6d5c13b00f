// Bounds-checked reader over a byte range, with LEB128 decoding as the
// WebAssembly binary format defines it (spec 5.2.2). Errors are sticky: the
// first failure is recorded and every later read returns 0, so callers can
// read a whole structure and check ok() once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "base/features.h"
#include "base/result.h"

namespace petrel::internal {

class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size, uint64_t base_offset = 0)
      : begin_(data), pos_(data), end_(data + size), base_(base_offset) {}

  // Starts over on another range, as if newly constructed.
  void reset(const uint8_t* data, size_t size, uint64_t base_offset = 0) {
    begin_ = pos_ = data;
    end_ = data + size;
    base_ = base_offset;
    failed_ = false;
    error_ = detail::ErrorSlot();
  }

  bool ok() const { return !failed_; }
  bool atEnd() const { return pos_ >= end_; }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
  // Offset of the next byte, relative to the start of the whole module.
  uint64_t offset() const { return base_ + static_cast<uint64_t>(pos_ - begin_); }
  const uint8_t* cursor() const { return pos_; }
  // Moves past n bytes the caller has checked are there (n <= remaining()).
  void advance(size_t n) { pos_ += n; }
  const Error& error() const { return error_.get(); }
  Error takeError() { return error_.take(); }

  // Records the first error only; returns false so callers can `return r.fail(..)`.
  // The const char* forms keep the std::string's construction out of the
  // many call sites that pass a literal.
  bool fail(const char* message) { return failAt(offset(), message); }
  bool fail(std::string message) { return failAt(offset(), std::move(message)); }
  bool failAt(uint64_t off, const char* message);
  bool failAt(uint64_t off, std::string message);

  // The one-byte cases inline: they are most of every function body, which
  // validation reads up front for every module.
  uint8_t readU8() {
    if (pos_ < end_) [[likely]] return *pos_++;
    return readU8Slow();
  }
  uint8_t peekU8() const { return pos_ < end_ ? *pos_ : 0; }
  uint32_t readFixedU32();  // little-endian, 4 bytes
  uint64_t readFixedU64();
#if PETREL_SIZE_OVER_SPEED
  // Every LEB through readLeb where flash counts more (base/features.h).
  uint32_t readVarU32() { return static_cast<uint32_t>(readLeb(32, false)); }
  uint64_t readVarU64() { return readLeb(64, false); }
  int32_t readVarS32() { return static_cast<int32_t>(readLeb(32, true)); }
  int64_t readVarS64() { return static_cast<int64_t>(readLeb(64, true)); }
#else
  // One- and two-byte LEBs inline (indices, offsets and small constants);
  // longer ones, and every error, take readLeb. Two bytes never reach the
  // last permitted byte of a 32- or 64-bit LEB, so need no range check.
  uint32_t readVarU32() {
    if (pos_ < end_ && *pos_ < 0x80) [[likely]] return *pos_++;
    if (end_ - pos_ >= 2 && pos_[1] < 0x80) {
      uint32_t v = (pos_[0] & 0x7fu) | (static_cast<uint32_t>(pos_[1]) << 7);
      pos_ += 2;
      return v;
    }
    return static_cast<uint32_t>(readLeb(32, false));
  }
  uint64_t readVarU64() {
    if (pos_ < end_ && *pos_ < 0x80) [[likely]] return *pos_++;
    if (end_ - pos_ >= 2 && pos_[1] < 0x80) {
      uint64_t v = (pos_[0] & 0x7fu) | (static_cast<uint64_t>(pos_[1]) << 7);
      pos_ += 2;
      return v;
    }
    return readLeb(64, false);
  }
  int32_t readVarS32() {
    if (end_ - pos_ >= 2) [[likely]] {
      uint32_t b0 = pos_[0];
      if (b0 < 0x80) {
        ++pos_;
        return static_cast<int32_t>(b0 << 25) >> 25;
      }
      uint32_t b1 = pos_[1];
      if (b1 < 0x80) {
        pos_ += 2;
        return static_cast<int32_t>(((b0 & 0x7f) | (b1 << 7)) << 18) >> 18;
      }
    }
    return static_cast<int32_t>(readLeb(32, true));
  }
  int64_t readVarS64() {
    if (end_ - pos_ >= 2) [[likely]] {
      uint64_t b0 = pos_[0];
      if (b0 < 0x80) {
        ++pos_;
        return static_cast<int64_t>(b0 << 57) >> 57;
      }
      uint64_t b1 = pos_[1];
      if (b1 < 0x80) {
        pos_ += 2;
        return static_cast<int64_t>(((b0 & 0x7f) | (b1 << 7)) << 50) >> 50;
      }
    }
    return static_cast<int64_t>(readLeb(64, true));
  }
#endif
  // A signed 33-bit LEB (block types), widened.
  int64_t readVarS33();
  // Reads `n` bytes and returns a pointer to them (nullptr on failure).
  const uint8_t* readBytes(size_t n);
  // A length-prefixed UTF-8 name (spec 5.2.4); fails with "malformed UTF-8 encoding".
  bool readName(std::string& out);
  void skip(size_t n) { readBytes(n); }

 private:
  uint64_t readLeb(unsigned max_bits, bool is_signed);
  uint8_t readU8Slow();

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  uint64_t base_;
  bool failed_ = false;
  // Allocated only on failure: a reader is made for every function body and
  // constant expression.
  detail::ErrorSlot error_;
};

bool isValidUtf8(const uint8_t* data, size_t size);

}  // namespace petrel::internal
