#include "exec/compiled_code.h"

namespace petrel::internal {

void SourceMap::add(uint32_t code_pos, uint32_t wasm_offset) {
  uint64_t dpos = code_pos - last_pos_;
  // Offsets are 32-bit: the wrapped difference, read back as signed, adds
  // back to the same offset modulo 2^32.
  int64_t doff = static_cast<int32_t>(wasm_offset - last_off_);
  do {
    uint8_t b = dpos & 0x7f;
    dpos >>= 7;
    bytes_.push_back(static_cast<uint8_t>(b | (dpos ? 0x80 : 0)));
  } while (dpos);
  while (true) {
    uint8_t b = doff & 0x7f;
    doff >>= 7;  // arithmetic shift: the sign is kept
    bool done = (doff == 0 && !(b & 0x40)) || (doff == -1 && (b & 0x40));
    bytes_.push_back(static_cast<uint8_t>(b | (done ? 0 : 0x80)));
    if (done) break;
  }
  last_pos_ = code_pos;
  last_off_ = wasm_offset;
  ++count_;
}

namespace {

// One LEB128 group from `bytes` at i; `shift` ends past its last bit and
// `last` is its final byte (for sign extension).
uint64_t readLebGroup(const std::vector<uint8_t>& bytes, size_t& i, unsigned& shift, uint8_t& last) {
  uint64_t v = 0;
  shift = 0;
  do {
    last = bytes[i++];
    v |= static_cast<uint64_t>(last & 0x7f) << shift;
    shift += 7;
  } while (last & 0x80);
  return v;
}

}  // namespace

uint64_t SourceMap::readU(size_t& i) const {
  unsigned shift;
  uint8_t last;
  return readLebGroup(bytes_, i, shift, last);
}

int64_t SourceMap::readS(size_t& i) const {
  unsigned shift;
  uint8_t last;
  uint64_t v = readLebGroup(bytes_, i, shift, last);
  if (shift < 64 && (last & 0x40)) v |= ~uint64_t{0} << shift;
  return static_cast<int64_t>(v);
}

uint64_t SourceMap::lookup(uint32_t code_pos) const {
  uint64_t found = 0;
  uint32_t pos = 0, off = 0;
  for (size_t i = 0; i < bytes_.size();) {
    pos += static_cast<uint32_t>(readU(i));
    off += static_cast<uint32_t>(readS(i));
    if (pos > code_pos) break;
    found = off;
  }
  return found;
}

}  // namespace petrel::internal
