// Clocks: realtime, monotonic, process and thread CPU time; resolutions;
// sleeping; unknown clock ids.
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

#include "guest.h"

static int64_t ns(clockid_t clock) {
  struct timespec ts;
  if (clock_gettime(clock, &ts) != 0) return -1;
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static volatile uint64_t sink;

static void spin_ms(int ms) {
  int64_t end = ns(CLOCK_MONOTONIC) + (int64_t)ms * 1000000;
  while (ns(CLOCK_MONOTONIC) < end) sink += sink * 31 + 7;
}

int main(void) {
  int64_t real = ns(CLOCK_REALTIME);
  printf("realtime after 2020: %d\n", real > INT64_C(1577836800) * 1000000000);
  struct timeval tv;
  gettimeofday(&tv, NULL);
  printf("gettimeofday agrees: %d\n", tv.tv_sec - real / 1000000000 <= 1);
  printf("time() agrees: %d\n", time(NULL) - real / 1000000000 <= 1);

  const clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
  const char* names[] = {"realtime", "monotonic", "process", "thread"};
  for (int i = 0; i < 4; ++i) {
    struct timespec res;
    int ok = clock_getres(clocks[i], &res) == 0;
    int64_t r = (int64_t)res.tv_sec * 1000000000 + res.tv_nsec;
    printf("%s resolution in (0, 1ms]: %d\n", names[i], ok && r > 0 && r <= 1000000);
  }

  int64_t m1 = ns(CLOCK_MONOTONIC), m2 = ns(CLOCK_MONOTONIC);
  printf("monotonic does not go back: %d\n", m2 >= m1);
  int64_t p1 = ns(CLOCK_PROCESS_CPUTIME_ID), t1 = ns(CLOCK_THREAD_CPUTIME_ID);
  spin_ms(30);
  int64_t p2 = ns(CLOCK_PROCESS_CPUTIME_ID), t2 = ns(CLOCK_THREAD_CPUTIME_ID);
  printf("process CPU time advances while busy: %d\n", p1 >= 0 && p2 - p1 >= 5000000);
  printf("thread CPU time advances while busy: %d\n", t1 >= 0 && t2 - t1 >= 5000000);

  int64_t before = ns(CLOCK_MONOTONIC);
  struct timespec req = {0, 50 * 1000000};
  int slept = nanosleep(&req, NULL);
  int64_t elapsed = ns(CLOCK_MONOTONIC) - before;
  printf("nanosleep 50ms: returned %d, elapsed >= 50ms: %d, < 2s: %d\n", slept, elapsed >= 50000000,
         elapsed < 2000000000);

  __wasi_timestamp_t t;
  report("clock_time_get id 4", __wasi_clock_time_get(4, 0, &t));
  report("clock_res_get id 99", __wasi_clock_res_get(99, &t));
  report("clock_time_get into bad pointer",
         __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, (__wasi_timestamp_t*)0xfffffffcu));
  return 0;
}
