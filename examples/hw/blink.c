// Blinks LED 0, then toggles LED 1 on each press of the button, until three
// presses or a second without one.
//
//   petrel run --hw sim --gpio 0:0-4 --hw-log - blink.wasm
//
// On the simulated board lines 0-3 of chip 0 are LEDs and line 4 is a
// button pressed at 250, 750, 1250, 1750 and 2250 ms of virtual time
// (--hw-button changes that); --hw-log shows every change.
#include <stdio.h>

#include "petrel_hw.h"

#define CHIP 0
#define LED0 0
#define LED1 1
#define BUTTON 4

static int fail(const char* what, int32_t code) {
  printf("%s: %s\n", what, petrel_hw_strerror(code));
  return 1;
}

static long long now_ms(void) { return (long long)(petrel_hw_clock_us() / 1000); }

int main(void) {
  int32_t led0 = petrel_hw_gpio_open(CHIP, LED0, PETREL_HW_GPIO_OUTPUT);
  if (led0 < 0) return fail("gpio_open led0", led0);
  int32_t led1 = petrel_hw_gpio_open(CHIP, LED1, PETREL_HW_GPIO_OUTPUT);
  if (led1 < 0) return fail("gpio_open led1", led1);
  int32_t button = petrel_hw_gpio_open(CHIP, BUTTON, PETREL_HW_GPIO_EDGE_RISING);
  if (button < 0) return fail("gpio_open button", button);

  for (int i = 0; i < 3; ++i) {
    petrel_hw_gpio_write(led0, 1);
    petrel_hw_delay_us(40000);
    petrel_hw_gpio_write(led0, 0);
    petrel_hw_delay_us(40000);
  }
  printf("blinked led0 3 times\n");

  int presses = 0, led1_on = 0;
  while (presses < 3) {
    int32_t r = petrel_hw_gpio_wait_edge(button, 1000);
    if (r == PETREL_HW_ERR_TIMEOUT) {
      printf("no press within 1000 ms\n");
      break;
    }
    if (r < 0) return fail("gpio_wait_edge", r);
    ++presses;
    led1_on = !led1_on;
    petrel_hw_gpio_write(led1, led1_on);
    printf("press %d at %lld ms: led1 %s\n", presses, now_ms(), led1_on ? "on" : "off");
  }

  printf("button level now: %d\n", (int)petrel_hw_gpio_read(button));
  int32_t r = petrel_hw_gpio_wait_edge(button, 100);
  printf("no press within 100 ms: %s\n", r == PETREL_HW_ERR_TIMEOUT ? "timed out" : "pressed");

  petrel_hw_close(button);
  petrel_hw_close(led1);
  petrel_hw_close(led0);
  return 0;
}
