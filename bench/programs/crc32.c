/* crc32: table-driven (one byte per step) CRC-32 (IEEE, reflected) over a
 * 64 KiB buffer; byte loads plus a dependent table lookup per byte.
 * One unit = one CRC over the buffer (after changing one byte of it). */
#include "bench.h"

#define BUF_SIZE (1u << 16)

static uint32_t table[256];
static uint8_t buf[BUF_SIZE];
BENCH_OPAQUE(uint32_t, crc_len, BUF_SIZE);

static uint32_t crc32(const uint8_t* p, uint32_t len) {
  uint32_t c = 0xffffffffu;
  for (uint32_t i = 0; i < len; i++) c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

BENCH_EXPORT uint32_t run(uint32_t n) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  uint32_t x = 2463534242u;
  for (uint32_t i = 0; i < BUF_SIZE; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    buf[i] = (uint8_t)(x >> 24);
  }
  uint32_t h = 0x811c9dc5u;
  for (uint32_t rep = 0; rep < n; rep++) {
    buf[(rep * 40503u) % BUF_SIZE] ^= (uint8_t)(rep | 1);
    h = bench_mix(h, crc32(buf, crc_len));
  }
  return h;
}
