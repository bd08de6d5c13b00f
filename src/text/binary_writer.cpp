#include "text/binary_writer.h"

namespace petrel::internal::text {

void ByteWriter::u64(uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    bytes_.push_back(b);
  } while (v);
}

void ByteWriter::s64(int64_t v) {
  while (true) {
    uint8_t b = v & 0x7f;
    v >>= 7;  // arithmetic shift keeps the sign
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    if (!done) b |= 0x80;
    bytes_.push_back(b);
    if (done) break;
  }
}

void ByteWriter::fixed32(uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::fixed64(uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::name(std::string_view s) {
  u32(static_cast<uint32_t>(s.size()));
  bytes(s);
}

void writeSection(ByteWriter& out, uint8_t id, const ByteWriter& content) {
  out.u8(id);
  out.u32(static_cast<uint32_t>(content.size()));
  out.append(content);
}

void VecSection::writeTo(ByteWriter& out, uint8_t id) const {
  if (count == 0) return;
  ByteWriter content;
  content.u32(count);
  content.append(body);
  writeSection(out, id, content);
}

}  // namespace petrel::internal::text
