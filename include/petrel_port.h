/* What a microcontroller port gives Petrel's embedded build (docs/PORTING.md).
 *
 * A port is these functions, written once per board or RTOS (ports/ has one
 * folder per port; ports/qemu-mps2 is the reference). Memory comes through
 * petrel_fw_set_allocator / petrel_fw_use_arena (petrel_fw.h) or the C heap;
 * everything else the runtime needs from the device is here. All are called
 * from the thread that runs the guest; none is called before the firmware
 * first calls into petrel_fw.h.
 */
#ifndef PETREL_PORT_H
#define PETREL_PORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Required. Writes guest output (WASI fd_write to fds 1 and 2) somewhere a
 * person can read it: a UART, semihosting, RTT. */
void petrel_port_console_write(int fd, const uint8_t *bytes, size_t size);
/* Required. Monotonic microseconds (a hardware timer, the RTOS tick). */
uint64_t petrel_port_clock_us(void);
/* Required. Waits `us` microseconds (busy-wait, or the RTOS's sleep). */
void petrel_port_delay_us(uint32_t us);

/* Optional hardware, for guests that import petrel_hw (sdk/petrel_hw.h).
 * Each function returns what the guest gets: >= 0 success, < 0 one of the
 * PETREL_HW_ERR_* codes of sdk/petrel_hw.h. Buffers are already checked
 * against the guest's memory and at most 4096 bytes; numbers are already
 * checked against what the firmware granted. A NULL member means the port
 * has no such device (the guest gets PETREL_HW_ERR_UNSUPPORTED). */
typedef struct {
  int32_t (*i2c_read)(uint32_t bus, uint16_t addr, uint8_t *buf, uint32_t len);
  int32_t (*i2c_write)(uint32_t bus, uint16_t addr, const uint8_t *buf, uint32_t len);
  int32_t (*i2c_write_read)(uint32_t bus, uint16_t addr, const uint8_t *wbuf, uint32_t wlen, uint8_t *rbuf,
                            uint32_t rlen);
  /* flags: as gpio_open's (sdk/petrel_hw.h). Levels are logical (1 = active). */
  int32_t (*gpio_configure)(uint32_t chip, uint32_t line, uint32_t flags);
  int32_t (*gpio_read)(uint32_t chip, uint32_t line);
  int32_t (*gpio_write)(uint32_t chip, uint32_t line, int32_t active);
  /* 1 rising, 2 falling, or PETREL_HW_ERR_TIMEOUT; timeout_ms < 0: no limit. */
  int32_t (*gpio_wait_edge)(uint32_t chip, uint32_t line, int32_t timeout_ms);
  void (*gpio_release)(uint32_t chip, uint32_t line);
  /* Full duplex, chip select held for the call. mode 0..3. */
  int32_t (*spi_transfer)(uint32_t dev, uint32_t mode, uint32_t speed_hz, const uint8_t *tx, uint8_t *rx,
                          uint32_t len);
  /* tx_len bytes out then rx_len in, one chip select. */
  int32_t (*spi_write_read)(uint32_t dev, uint32_t mode, uint32_t speed_hz, const uint8_t *tx, uint32_t tx_len,
                            uint8_t *rx, uint32_t rx_len);
  int32_t (*uart_configure)(uint32_t port, uint32_t baud);
  int32_t (*uart_write)(uint32_t port, const uint8_t *buf, uint32_t len, int32_t timeout_ms);
  /* >= 1 bytes, or PETREL_HW_ERR_TIMEOUT when nothing arrived in time. */
  int32_t (*uart_read)(uint32_t port, uint8_t *buf, uint32_t len, int32_t timeout_ms);
} petrel_port_hw;

/* The port's hardware, or NULL for none. */
const petrel_port_hw *petrel_port_hardware(void);

#ifdef __cplusplus
}
#endif

#endif /* PETREL_PORT_H */
