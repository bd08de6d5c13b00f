// Reads a TMP102-style temperature sensor over I2C and prints degrees C.
//
//   petrel run --hw sim --i2c 0:0x48 temperature.wasm
//
// The sensor's temperature register holds a 12-bit two's complement value
// in its upper bits, 0.0625 degC per step (docs/HARDWARE.md, the simulated
// board). On a Raspberry Pi with a real TMP102 on bus 1:
//   petrel run --i2c 1:0x48 temperature.wasm -- 1
#include <stdio.h>
#include <stdlib.h>

#include "petrel_hw.h"

#define SENSOR 0x48
#define REG_TEMPERATURE 0x00
#define REG_T_HIGH 0x03
#define REG_DEVICE_ID 0x0f

static int fail(const char* what, int32_t code) {
  printf("%s: %s\n", what, petrel_hw_strerror(code));
  return 1;
}

// A 16-bit register, most significant byte first: write the pointer, then
// read two bytes, in one transaction.
static int32_t read_register(int32_t bus, uint8_t reg, uint16_t* value) {
  uint8_t v[2];
  int32_t r = petrel_hw_i2c_write_read(bus, SENSOR, &reg, 1, v, 2);
  if (r < 0) return r;
  *value = (uint16_t)(v[0] << 8 | v[1]);
  return 0;
}

// "23.5000": the 12-bit value times 0.0625, exactly (four decimals).
static void print_celsius(uint16_t reg) {
  int32_t steps = (int16_t)reg >> 4;
  const char* sign = steps < 0 ? "-" : "";
  int32_t scaled = (steps < 0 ? -steps : steps) * 625;  // in 1/10000 degC
  printf("%s%d.%04d C", sign, scaled / 10000, scaled % 10000);
}

int main(int argc, char** argv) {
  int32_t bus_number = argc > 1 ? atoi(argv[1]) : 0;
  int32_t bus = petrel_hw_i2c_open(bus_number);
  if (bus < 0) return fail("i2c_open", bus);

  uint16_t id;
  int32_t r = read_register(bus, REG_DEVICE_ID, &id);
  if (r < 0) return fail("device id", r);
  printf("device id: 0x%04x\n", id);

  // The alert threshold: 30 degC is 480 steps, 0x1e0 in bits 15..4.
  uint8_t set_high[3] = {REG_T_HIGH, 0x1e, 0x00};
  r = petrel_hw_i2c_write(bus, SENSOR, set_high, sizeof set_high);
  if (r < 0) return fail("write T_high", r);
  uint16_t t_high;
  r = read_register(bus, REG_T_HIGH, &t_high);
  if (r < 0) return fail("read T_high", r);
  printf("T_high: ");
  print_celsius(t_high);
  printf("\n");

  for (int i = 0; i < 4; ++i) {
    uint16_t t;
    r = read_register(bus, REG_TEMPERATURE, &t);
    if (r < 0) return fail("temperature", r);
    printf("t=%lld ms: ", (long long)(petrel_hw_clock_us() / 1000));
    print_celsius(t);
    printf("\n");
    petrel_hw_delay_us(1000000);
  }

  // Only the sensor's address was granted.
  uint8_t b;
  r = petrel_hw_i2c_read(bus, 0x49, &b, 1);
  printf("address 0x49: %s\n", petrel_hw_strerror(r));
  petrel_hw_close(bus);
  return 0;
}
