// Talks to a W25Q-style SPI NOR flash: JEDEC id, sector erase, page program
// (wrapping at the page's end), read back and verify.
//
//   petrel run --hw sim --spi 0.0 spi_flash.wasm
//
// Each command is one chip select: spi_write_read sends the command and
// its address, then reads the answer.
#include <stdio.h>
#include <string.h>

#include "petrel_hw.h"

#define CMD_READ 0x03
#define CMD_PROGRAM 0x02
#define CMD_ERASE_4K 0x20
#define CMD_WRITE_ENABLE 0x06
#define CMD_STATUS 0x05
#define CMD_JEDEC_ID 0x9f
#define STATUS_BUSY 0x01

static int32_t flash;

static int fail(const char* what, int32_t code) {
  printf("%s: %s\n", what, petrel_hw_strerror(code));
  return 1;
}

static uint8_t status(void) {
  uint8_t cmd = CMD_STATUS, s = 0xff;
  petrel_hw_spi_write_read(flash, &cmd, 1, &s, 1);
  return s;
}

static void write_enable(void) {
  uint8_t cmd = CMD_WRITE_ENABLE, ignored;
  petrel_hw_spi_transfer(flash, &cmd, &ignored, 1);
}

// Polls the status every millisecond until the flash is no longer busy.
static int wait_ready(void) {
  int polls = 0;
  do {
    petrel_hw_delay_us(1000);
    ++polls;
  } while (status() & STATUS_BUSY);
  return polls;
}

static void command_at(uint8_t cmd, uint32_t addr, uint8_t* out) {
  out[0] = cmd;
  out[1] = (uint8_t)(addr >> 16);
  out[2] = (uint8_t)(addr >> 8);
  out[3] = (uint8_t)addr;
}

static int32_t read_at(uint32_t addr, void* buf, int32_t len) {
  uint8_t cmd[4];
  command_at(CMD_READ, addr, cmd);
  return petrel_hw_spi_write_read(flash, cmd, 4, buf, len);
}

static int32_t program_at(uint32_t addr, const void* data, int32_t len) {
  uint8_t cmd[4 + 256];
  command_at(CMD_PROGRAM, addr, cmd);
  memcpy(cmd + 4, data, (size_t)len);
  return petrel_hw_spi_write_read(flash, cmd, 4 + len, NULL, 0);
}

int main(void) {
  flash = petrel_hw_spi_open(0, 0, 1000000);
  if (flash < 0) return fail("spi_open", flash);

  uint8_t cmd = CMD_JEDEC_ID, id[3];
  int32_t r = petrel_hw_spi_write_read(flash, &cmd, 1, id, 3);
  if (r < 0) return fail("jedec id", r);
  printf("JEDEC id: %02x %02x %02x\n", id[0], id[1], id[2]);

  write_enable();
  printf("status after write enable: 0x%02x\n", status());
  uint8_t erase[4];
  command_at(CMD_ERASE_4K, 0x001000, erase);
  petrel_hw_spi_write_read(flash, erase, 4, NULL, 0);
  printf("status after erase: 0x%02x\n", status());
  printf("erase done after %d polls\n", wait_ready());

  uint8_t buf[32];
  read_at(0x001000, buf, 16);
  int erased = 1;
  for (int i = 0; i < 16; ++i) erased &= buf[i] == 0xff;
  printf("erased: %s\n", erased ? "all ff" : "no");

  // 32 bytes from 0x10f0: the page ends at 0x10ff, so the second half wraps
  // to the page's start, 0x1000.
  const char text[] = "Petrel SPI flash page-wrap test!";
  write_enable();
  program_at(0x0010f0, text, 32);
  printf("program done after %d polls\n", wait_ready());
  read_at(0x0010f0, buf, 16);
  printf("0x0010f0: \"%.16s\"\n", (const char*)buf);
  read_at(0x001000, buf + 16, 16);
  printf("0x001000: \"%.16s\"\n", (const char*)buf + 16);
  printf("verify: %s\n", memcmp(buf, text, 32) == 0 ? "ok" : "FAILED");

  // Programming only clears bits: 0xf0 then 0x0f leaves 0x00.
  uint8_t v = 0xf0;
  write_enable();
  program_at(0x001100, &v, 1);
  wait_ready();
  v = 0x0f;
  write_enable();
  program_at(0x001100, &v, 1);
  wait_ready();
  read_at(0x001100, &v, 1);
  printf("0xf0 then 0x0f: 0x%02x\n", v);

  // Without write enable the flash ignores a program.
  v = 0x00;
  program_at(0x001200, &v, 1);
  wait_ready();
  read_at(0x001200, &v, 1);
  printf("without write enable: 0x%02x\n", v);

  petrel_hw_close(flash);
  return 0;
}
