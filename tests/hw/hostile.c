// A guest that tries everything it should not: out-of-bounds and oversized
// buffers, unknown, closed and wrong-kind handles, ungranted buses, lines,
// addresses and devices, bad flags and modes, a full handle table. Each
// call must return an error code (printed), never trap or crash the host.
// Run with: --hw sim --i2c 0:0x48 --gpio 0:0-4 --spi 0.0 --uart 0
#include <stdio.h>

#include "petrel_hw.h"

#define SHOW(expr) printf("%-44s %d\n", #expr, (int)(expr))

static unsigned char buf[64];

int main(void) {
  unsigned long mem = __builtin_wasm_memory_size(0) * 65536ul;
  unsigned char* end = (unsigned char*)mem;  // one past the last byte of memory 0
  int32_t i2c = petrel_hw_i2c_open(0);
  printf("i2c_open(0) ok: %s\n", i2c > 0 ? "yes" : "no");

  printf("-- I2C\n");
  SHOW(petrel_hw_i2c_open(1));
  SHOW(petrel_hw_i2c_open(-5));
  SHOW(petrel_hw_i2c_read(i2c, 0x49, buf, 2));
  SHOW(petrel_hw_i2c_read(i2c, 0x80, buf, 2));
  SHOW(petrel_hw_i2c_read(i2c, -1, buf, 2));
  SHOW(petrel_hw_i2c_read(i2c, 0x48, (void*)0xfffffff0u, 2));
  SHOW(petrel_hw_i2c_read(i2c, 0x48, end - 1, 2));
  SHOW(petrel_hw_i2c_read(i2c, 0x48, end, 0));
  SHOW(petrel_hw_i2c_read(i2c, 0x48, buf, 4097));
  SHOW(petrel_hw_i2c_read(i2c, 0x48, buf, -1));
  SHOW(petrel_hw_i2c_read(i2c, 0x48, buf, 0x7fffffff));
  SHOW(petrel_hw_i2c_write(i2c, 0x48, (void*)0x7ffffff0, 16));
  SHOW(petrel_hw_i2c_write_read(i2c, 0x48, buf, 1, end - 1, 2));
  SHOW(petrel_hw_i2c_write_read(i2c, 0x48, end - 1, 2, buf, 2));
  SHOW(petrel_hw_i2c_read(12345, 0x48, buf, 2));
  SHOW(petrel_hw_i2c_read(0, 0x48, buf, 2));
  SHOW(petrel_hw_i2c_read(-7, 0x48, buf, 2));
  buf[0] = 0x00;
  buf[1] = 0x12;
  buf[2] = 0x34;
  SHOW(petrel_hw_i2c_write(i2c, 0x48, buf, 3));
  SHOW(petrel_hw_gpio_read(i2c));
  SHOW(petrel_hw_close(i2c));
  SHOW(petrel_hw_close(i2c));
  SHOW(petrel_hw_i2c_read(i2c, 0x48, buf, 2));

  printf("-- GPIO\n");
  SHOW(petrel_hw_gpio_open(0, 5, 0));
  SHOW(petrel_hw_gpio_open(1, 0, 0));
  SHOW(petrel_hw_gpio_open(0, -1, 0));
  SHOW(petrel_hw_gpio_open(0, 0, 1 << 7));
  SHOW(petrel_hw_gpio_open(0, 0, -1));
  SHOW(petrel_hw_gpio_open(0, 0, PETREL_HW_GPIO_OUTPUT | PETREL_HW_GPIO_EDGE_RISING));
  SHOW(petrel_hw_gpio_open(0, 0, PETREL_HW_GPIO_INITIAL_ACTIVE));
  SHOW(petrel_hw_gpio_open(0, 4, PETREL_HW_GPIO_OUTPUT));
  int32_t led = petrel_hw_gpio_open(0, 0, PETREL_HW_GPIO_OUTPUT);
  printf("gpio_open(led 0) ok: %s\n", led > 0 ? "yes" : "no");
  SHOW(petrel_hw_gpio_open(0, 0, PETREL_HW_GPIO_OUTPUT));
  SHOW(petrel_hw_gpio_wait_edge(led, 10));
  int32_t in = petrel_hw_gpio_open(0, 4, 0);
  SHOW(petrel_hw_gpio_write(in, 1));
  SHOW(petrel_hw_gpio_wait_edge(in, 10));
  SHOW(petrel_hw_spi_transfer(led, buf, buf, 1));
  petrel_hw_close(in);
  petrel_hw_close(led);

  printf("-- SPI\n");
  SHOW(petrel_hw_spi_open(1, 0, 1000000));
  SHOW(petrel_hw_spi_open(0, 4, 1000000));
  SHOW(petrel_hw_spi_open(0, -1, 1000000));
  SHOW(petrel_hw_spi_open(0, 0, 0));
  SHOW(petrel_hw_spi_open(0, 0, -1000));
  int32_t spi = petrel_hw_spi_open(0, 3, 8000000);
  printf("spi_open(0, 3, 8 MHz) ok: %s\n", spi > 0 ? "yes" : "no");
  SHOW(petrel_hw_spi_transfer(spi, buf, (void*)0xffffff00u, 4));
  SHOW(petrel_hw_spi_transfer(spi, end - 2, buf, 4));
  SHOW(petrel_hw_spi_transfer(spi, buf, buf, 5000));
  SHOW(petrel_hw_spi_write_read(spi, buf, 1, end, 1));
  SHOW(petrel_hw_spi_write_read(spi, buf, -1, buf, 1));
  buf[0] = 0x9f;
  SHOW(petrel_hw_spi_write_read(spi, buf, 1, buf + 1, 3));
  printf("jedec: %02x %02x %02x\n", buf[1], buf[2], buf[3]);
  petrel_hw_close(spi);

  printf("-- UART\n");
  SHOW(petrel_hw_uart_open(1, 9600));
  SHOW(petrel_hw_uart_open(0, 0));
  SHOW(petrel_hw_uart_open(0, -9600));
  int32_t uart = petrel_hw_uart_open(0, 9600);
  printf("uart_open(0) ok: %s\n", uart > 0 ? "yes" : "no");
  SHOW(petrel_hw_uart_read(uart, buf, 0, 10));
  SHOW(petrel_hw_uart_read(uart, end, 1, 10));
  SHOW(petrel_hw_uart_write(uart, (void*)0xfffffffeu, 4, 10));
  SHOW(petrel_hw_uart_read(uart, buf, 1, 10));
  SHOW(petrel_hw_uart_read(uart, buf, 1, -1));
  petrel_hw_close(uart);

  printf("-- handles and time\n");
  int opened = 0;
  int32_t last = 0;
  for (int i = 0; i < 40; ++i) {
    last = petrel_hw_i2c_open(0);
    if (last < 0) break;
    ++opened;
  }
  printf("handles opened: %d, then: %d\n", opened, (int)last);
  SHOW(petrel_hw_close(0x7fffffff));
  SHOW(petrel_hw_delay_us(-1));
  int64_t t0 = petrel_hw_clock_us();
  SHOW(petrel_hw_delay_us(1500));
  printf("clock advanced by %lld us\n", (long long)(petrel_hw_clock_us() - t0));
  printf("survived\n");
  return 0;
}
