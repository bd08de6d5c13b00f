// poll_oneoff with absolute deadlines: realtime in the past fires at once,
// monotonic in the near future fires after the wait.
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "guest.h"

static int64_t mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static __wasi_subscription_t clock_sub(uint64_t userdata, __wasi_clockid_t id, uint64_t timeout, int absolute) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = userdata;
  s.u.tag = __WASI_EVENTTYPE_CLOCK;
  s.u.u.clock.id = id;
  s.u.u.clock.timeout = timeout;
  s.u.u.clock.flags = absolute ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
  return s;
}

static void show(const char* label, int err, __wasi_event_t* events, size_t n) {
  printf("%s: %s, %zu event(s)\n", label, errno_name(err), err ? 0 : n);
  for (size_t i = 0; !err && i < n; ++i)
    printf("  userdata=%llu type=%d error=%s nbytes=%llu hangup=%d\n", (unsigned long long)events[i].userdata,
           events[i].type, errno_name(events[i].error),
           events[i].type == __WASI_EVENTTYPE_CLOCK ? 0ull : (unsigned long long)events[i].fd_readwrite.nbytes,
           (events[i].fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP) != 0);
}

int main(void) {
  __wasi_subscription_t subs[1];
  __wasi_event_t events[1];
  __wasi_size_t n = 0;
  int64_t t0;

  subs[0] = clock_sub(3, __WASI_CLOCKID_REALTIME, 1000000000ull, 1);  // 1970
  show("absolute realtime in the past", __wasi_poll_oneoff(subs, events, 1, &n), events, n);

  t0 = mono();
  subs[0] = clock_sub(4, __WASI_CLOCKID_MONOTONIC, (uint64_t)mono() + 25 * 1000000, 1);
  show("absolute monotonic +25ms", __wasi_poll_oneoff(subs, events, 1, &n), events, n);
  printf("  waited >= 25ms: %d\n", mono() - t0 >= 25000000);

  return 0;
}
