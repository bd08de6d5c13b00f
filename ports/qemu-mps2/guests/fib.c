// The guest of the size probe and the speed check: no imports, one export.
//   clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export=fib
__attribute__((export_name("fib"))) int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

// A loop of the CoreMark kind (integer list and matrix work, a CRC), so the
// firmware's speed can be set against the same C compiled for the M4.
static unsigned crc16(unsigned crc, unsigned char b) {
  crc ^= b;
  for (int i = 0; i < 8; ++i) crc = (crc & 1) ? (crc >> 1) ^ 0xA001u : crc >> 1;
  return crc;
}
__attribute__((export_name("work"))) unsigned work(int rounds) {
  static int m[16][16];
  unsigned crc = 0;
  for (int r = 0; r < rounds; ++r) {
    for (int i = 0; i < 16; ++i)
      for (int j = 0; j < 16; ++j) m[i][j] = (i * 31 + j * 17 + r) & 0xff;
    for (int i = 0; i < 16; ++i) {
      int s = 0;
      for (int j = 0; j < 16; ++j) s += m[i][j] * m[j][i];
      crc = crc16(crc, (unsigned char)s);
      crc = crc16(crc, (unsigned char)(s >> 8));
    }
  }
  return crc;
}
