// Byte-level helpers for producing the binary format (spec 5.1-5.2): LEB128
// integers, fixed-width floats, names and length-prefixed sections.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace petrel::internal::text {

class ByteWriter {
 public:
  void u8(uint8_t b) { bytes_.push_back(b); }
  void u32(uint32_t v) { u64(v); }  // unsigned LEB128
  void u64(uint64_t v);
  void s32(int32_t v) { s64(v); }   // signed LEB128
  void s64(int64_t v);
  void fixed32(uint32_t v);         // little-endian (f32 bits)
  void fixed64(uint64_t v);         // little-endian (f64 bits)
  void bytes(const uint8_t* data, size_t n) { bytes_.insert(bytes_.end(), data, data + n); }
  void bytes(std::string_view s) { bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }
  void append(const ByteWriter& o) { bytes(o.bytes_.data(), o.bytes_.size()); }
  void name(std::string_view s);    // vec(byte): length then bytes

  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  const std::vector<uint8_t>& data() const { return bytes_; }
  std::vector<uint8_t>& data() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

// Appends section `id` holding `content` (id byte, u32 size, content).
void writeSection(ByteWriter& out, uint8_t id, const ByteWriter& content);

// A section whose content is vec(entry): the entry count is only known when
// the section is finished.
struct VecSection {
  uint32_t count = 0;
  ByteWriter body;
  // Appends section `id` with the count prefix; empty vectors are omitted.
  void writeTo(ByteWriter& out, uint8_t id) const;
};

}  // namespace petrel::internal::text
