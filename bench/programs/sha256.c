/* sha256: SHA-256 (FIPS 180-4) of a 16 KiB buffer; 32-bit rotates, shifts,
 * adds and logic ops with a 64-entry message schedule per 64-byte block.
 * One unit = one digest of the buffer (after changing one byte of it).
 * run() also hashes "abc" once and folds that digest in, so a wrong
 * implementation changes the checksum on every target. */
#include "bench.h"

#define BUF_SIZE (1u << 14)

static uint8_t buf[BUF_SIZE];
BENCH_OPAQUE(uint32_t, sha_len, BUF_SIZE);

static const uint32_t K[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

static inline uint32_t rotr(uint32_t x, unsigned r) { return (x >> r) | (x << (32 - r)); }

static void compress(uint32_t st[8], const uint8_t* p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  st[0] += a;
  st[1] += b;
  st[2] += c;
  st[3] += d;
  st[4] += e;
  st[5] += f;
  st[6] += g;
  st[7] += h;
}

static void sha256(const uint8_t* msg, uint32_t len, uint32_t out[8]) {
  static const uint32_t init[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                   0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
  for (int i = 0; i < 8; i++) out[i] = init[i];
  uint32_t full = len & ~63u;
  for (uint32_t off = 0; off < full; off += 64) compress(out, msg + off);
  /* Padding: the rest of the message, 0x80, zeros, the length in bits (64-bit big-endian). */
  uint8_t tail[128];
  uint32_t rest = len - full, tail_len = rest < 56 ? 64 : 128;
  for (uint32_t i = 0; i < tail_len; i++) tail[i] = 0;
  for (uint32_t i = 0; i < rest; i++) tail[i] = msg[full + i];
  tail[rest] = 0x80;
  uint64_t bits = (uint64_t)len * 8;
  for (int i = 0; i < 8; i++) tail[tail_len - 1 - i] = (uint8_t)(bits >> (8 * i));
  for (uint32_t off = 0; off < tail_len; off += 64) compress(out, tail + off);
}

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t digest[8];
  uint32_t h = 0x811c9dc5u;
  static const uint8_t abc[3] = {'a', 'b', 'c'};
  sha256(abc, 3, digest); /* ba7816bf 8f01cfea ... f20015ad */
  h = bench_mix(h, digest[0] ^ 0xba7816bfu);
  h = bench_mix(h, digest[7] ^ 0xf20015adu);

  uint32_t x = 0x9e3779b9u;
  for (uint32_t i = 0; i < BUF_SIZE; i++) {
    x = x * 1664525u + 1013904223u;
    buf[i] = (uint8_t)(x >> 24);
  }
  for (uint32_t rep = 0; rep < n; rep++) {
    buf[(rep * 40503u) % BUF_SIZE] ^= (uint8_t)(rep | 1);
    sha256(buf, sha_len, digest);
    for (int i = 0; i < 8; i++) h = bench_mix(h, digest[i]);
  }
  return h;
}
