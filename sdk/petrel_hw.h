/* petrel_hw.h: the hardware APIs of Petrel for WebAssembly guests.
 *
 * I2C, GPIO, SPI, UART and a delay/clock, imported from module "petrel_hw"
 * (docs/HARDWARE.md). Build with clang --target=wasm32-wasi (or any wasm32
 * C compiler); run with `petrel run` and grants such as
 *   petrel run --i2c 0:0x48 --gpio 0:0-4 --spi 0.0 --uart 0 --hw sim app.wasm
 *
 * Every function returns an int32_t: >= 0 is success (a handle, a byte
 * count, a level), < 0 one of the PETREL_HW_ERR_* codes below. Nothing the
 * guest was not granted is reachable: that is PETREL_HW_ERR_NOT_GRANTED, not
 * a trap. Buffers must lie in the module's memory 0 and be at most
 * PETREL_HW_MAX_TRANSFER bytes.
 */
#ifndef PETREL_HW_H
#define PETREL_HW_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes (the same list as src/hw/hw_errors.def). */
#define PETREL_HW_OK 0
#define PETREL_HW_ERR_NOT_GRANTED (-1)  /* bus/chip/line/address/device not granted */
#define PETREL_HW_ERR_BAD_HANDLE (-2)   /* unknown or closed handle, or one of another kind */
#define PETREL_HW_ERR_INVALID (-3)      /* bad argument: buffer outside memory, too long, bad flags or mode */
#define PETREL_HW_ERR_NACK (-4)         /* I2C: address or data byte not acknowledged */
#define PETREL_HW_ERR_BUS (-5)          /* bus error or arbitration loss */
#define PETREL_HW_ERR_TIMEOUT (-6)      /* nothing arrived before the timeout */
#define PETREL_HW_ERR_IO (-7)           /* any other device or kernel error (also: no such device) */
#define PETREL_HW_ERR_UNSUPPORTED (-8)  /* the backend cannot do this */
#define PETREL_HW_ERR_BUSY (-9)         /* held by another handle or process */
#define PETREL_HW_ERR_NO_HANDLES (-10)  /* handle table full (32 per instance) */

/* The longest buffer one call takes. */
#define PETREL_HW_MAX_TRANSFER 4096

/* gpio_open flags. Without PETREL_HW_GPIO_OUTPUT a line is an input. */
#define PETREL_HW_GPIO_OUTPUT (1 << 0)
#define PETREL_HW_GPIO_ACTIVE_LOW (1 << 1)     /* logical 1 is the physical low level */
#define PETREL_HW_GPIO_INITIAL_ACTIVE (1 << 2) /* outputs: start active */
#define PETREL_HW_GPIO_BIAS_AS_IS (0 << 3)
#define PETREL_HW_GPIO_BIAS_PULL_UP (1 << 3)
#define PETREL_HW_GPIO_BIAS_PULL_DOWN (2 << 3)
#define PETREL_HW_GPIO_BIAS_DISABLED (3 << 3)
#define PETREL_HW_GPIO_EDGE_RISING (1 << 5)  /* inputs: gpio_wait_edge reports inactive -> active */
#define PETREL_HW_GPIO_EDGE_FALLING (1 << 6) /* inputs: active -> inactive */
#define PETREL_HW_GPIO_EDGE_BOTH (PETREL_HW_GPIO_EDGE_RISING | PETREL_HW_GPIO_EDGE_FALLING)

/* petrel_hw_gpio_wait_edge results. */
#define PETREL_HW_EDGE_RISING 1
#define PETREL_HW_EDGE_FALLING 2

#define PETREL_HW_IMPORT(name) __attribute__((import_module("petrel_hw"), import_name(#name)))

/* I2C (7-bit addresses). */
PETREL_HW_IMPORT(i2c_open) int32_t petrel_hw_i2c_open(int32_t bus);
PETREL_HW_IMPORT(i2c_read) int32_t petrel_hw_i2c_read(int32_t h, int32_t addr, void* buf, int32_t len);
PETREL_HW_IMPORT(i2c_write) int32_t petrel_hw_i2c_write(int32_t h, int32_t addr, const void* buf, int32_t len);
/* One transaction: write wlen bytes, repeated start, read rlen. Returns rlen. */
PETREL_HW_IMPORT(i2c_write_read)
int32_t petrel_hw_i2c_write_read(int32_t h, int32_t addr, const void* wbuf, int32_t wlen, void* rbuf, int32_t rlen);

/* GPIO. Levels are logical: 1 active, 0 inactive. */
PETREL_HW_IMPORT(gpio_open) int32_t petrel_hw_gpio_open(int32_t chip, int32_t line, int32_t flags);
PETREL_HW_IMPORT(gpio_read) int32_t petrel_hw_gpio_read(int32_t h);
PETREL_HW_IMPORT(gpio_write) int32_t petrel_hw_gpio_write(int32_t h, int32_t active);
/* PETREL_HW_EDGE_RISING or _FALLING, or PETREL_HW_ERR_TIMEOUT; timeout_ms < 0 waits without a limit. */
PETREL_HW_IMPORT(gpio_wait_edge) int32_t petrel_hw_gpio_wait_edge(int32_t h, int32_t timeout_ms);

/* SPI. mode 0..3 (CPOL = bit 1, CPHA = bit 0); chip select is asserted for one call. */
PETREL_HW_IMPORT(spi_open) int32_t petrel_hw_spi_open(int32_t dev, int32_t mode, int32_t speed_hz);
/* Full duplex: len bytes out of tx, len bytes into rx (tx == rx is allowed). */
PETREL_HW_IMPORT(spi_transfer) int32_t petrel_hw_spi_transfer(int32_t h, const void* tx, void* rx, int32_t len);
/* tx_len bytes out, then rx_len bytes in. Returns rx_len. */
PETREL_HW_IMPORT(spi_write_read)
int32_t petrel_hw_spi_write_read(int32_t h, const void* tx, int32_t tx_len, void* rx, int32_t rx_len);

/* UART. */
PETREL_HW_IMPORT(uart_open) int32_t petrel_hw_uart_open(int32_t port, int32_t baud);
PETREL_HW_IMPORT(uart_write) int32_t petrel_hw_uart_write(int32_t h, const void* buf, int32_t len, int32_t timeout_ms);
/* 1..len bytes, or PETREL_HW_ERR_TIMEOUT when nothing arrived in timeout_ms. */
PETREL_HW_IMPORT(uart_read) int32_t petrel_hw_uart_read(int32_t h, void* buf, int32_t len, int32_t timeout_ms);

/* Any handle. */
PETREL_HW_IMPORT(close) int32_t petrel_hw_close(int32_t h);

/* Time: a delay, and monotonic microseconds since the instance started
 * (virtual time on the simulated board). */
PETREL_HW_IMPORT(delay_us) int32_t petrel_hw_delay_us(int32_t us);
PETREL_HW_IMPORT(clock_us) int64_t petrel_hw_clock_us(void);

#undef PETREL_HW_IMPORT

/* A short description of a result code. */
static inline const char* petrel_hw_strerror(int32_t code) {
  switch (code) {
    case PETREL_HW_OK: return "success";
    case PETREL_HW_ERR_NOT_GRANTED: return "not granted to this guest";
    case PETREL_HW_ERR_BAD_HANDLE: return "unknown or closed handle, or a handle of another kind";
    case PETREL_HW_ERR_INVALID: return "invalid argument";
    case PETREL_HW_ERR_NACK: return "no acknowledge";
    case PETREL_HW_ERR_BUS: return "bus error or arbitration loss";
    case PETREL_HW_ERR_TIMEOUT: return "timed out";
    case PETREL_HW_ERR_IO: return "device or kernel error";
    case PETREL_HW_ERR_UNSUPPORTED: return "not supported by this backend";
    case PETREL_HW_ERR_BUSY: return "held by another handle or process";
    case PETREL_HW_ERR_NO_HANDLES: return "handle table full";
  }
  return code >= 0 ? "success" : "unknown error";
}

#ifdef __cplusplus
}
#endif

#endif /* PETREL_HW_H */
