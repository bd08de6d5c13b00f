// Sends lines over a UART and prints the replies.
//
//   petrel run --hw sim --uart 0 uart_echo.wasm
//
// On the simulated board UART 0 is a peer that answers each line with
// "ECHO: <line>". With a real device: petrel run --uart /dev/ttyUSB0 ...
#include <stdio.h>
#include <string.h>

#include "petrel_hw.h"

static int fail(const char* what, int32_t code) {
  printf("%s: %s\n", what, petrel_hw_strerror(code));
  return 1;
}

// Reads up to a newline (not kept), 100 ms at most per read.
static int32_t read_line(int32_t uart, char* line, int size) {
  int n = 0;
  while (n < size - 1) {
    char c;
    int32_t r = petrel_hw_uart_read(uart, &c, 1, 100);
    if (r < 0) return r;
    if (c == '\n') break;
    line[n++] = c;
  }
  line[n] = 0;
  return n;
}

int main(void) {
  int32_t uart = petrel_hw_uart_open(0, 115200);
  if (uart < 0) return fail("uart_open", uart);

  const char* lines[] = {"hello\n", "petrel hw\r\n", "0123456789\n"};
  for (int i = 0; i < 3; ++i) {
    int32_t len = (int32_t)strlen(lines[i]);
    int32_t r = petrel_hw_uart_write(uart, lines[i], len, 100);
    if (r != len) return fail("uart_write", r < 0 ? r : PETREL_HW_ERR_IO);
    printf("> %.*s\n", (int)strcspn(lines[i], "\r\n"), lines[i]);
    char reply[128];
    r = read_line(uart, reply, sizeof reply);
    if (r < 0) return fail("uart_read", r);
    printf("< %s\n", reply);
  }

  char c;
  int32_t r = petrel_hw_uart_read(uart, &c, 1, 50);
  printf("idle read: %s\n", petrel_hw_strerror(r));
  r = petrel_hw_uart_open(0, 115200);
  printf("second open: %s\n", petrel_hw_strerror(r));
  petrel_hw_close(uart);
  return 0;
}
