// poll_oneoff: relative clocks, which of two clocks fires, regular files
// (always ready), stdout, a bad descriptor, stdin with data waiting (the
// runner feeds "abc"), and no subscriptions at all.
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

static __wasi_subscription_t fd_sub(uint64_t userdata, uint8_t type, int fd) {
  __wasi_subscription_t s;
  memset(&s, 0, sizeof s);
  s.userdata = userdata;
  s.u.tag = type;
  s.u.u.fd_read.file_descriptor = fd;
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
  __wasi_subscription_t subs[4];
  __wasi_event_t events[4];
  __wasi_size_t n = 0;

  show("no subscriptions", __wasi_poll_oneoff(subs, events, 0, &n), events, n);

  int64_t t0 = mono();
  subs[0] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 30 * 1000000, 0);
  show("relative 30ms", __wasi_poll_oneoff(subs, events, 1, &n), events, n);
  printf("  waited >= 30ms: %d\n", mono() - t0 >= 30000000);

  t0 = mono();
  subs[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 20 * 1000000, 0);
  subs[1] = clock_sub(2, __WASI_CLOCKID_REALTIME, 10ull * 1000000000, 0);
  show("20ms and 10s", __wasi_poll_oneoff(subs, events, 2, &n), events, n);
  printf("  waited < 5s: %d\n", mono() - t0 < 5000000000ll);

  int fd = open("/sandbox/ten.txt", O_CREAT | O_RDWR, 0644);
  write(fd, "0123456789", 10);
  lseek(fd, 4, SEEK_SET);
  subs[0] = fd_sub(10, __WASI_EVENTTYPE_FD_READ, fd);
  subs[1] = fd_sub(11, __WASI_EVENTTYPE_FD_WRITE, fd);
  show("file read+write", __wasi_poll_oneoff(subs, events, 2, &n), events, n);
  lseek(fd, 0, SEEK_END);
  subs[0] = fd_sub(12, __WASI_EVENTTYPE_FD_READ, fd);
  show("file at end", __wasi_poll_oneoff(subs, events, 1, &n), events, n);

  subs[0] = fd_sub(20, __WASI_EVENTTYPE_FD_WRITE, 1);
  show("stdout writable", __wasi_poll_oneoff(subs, events, 1, &n), events, n);

  subs[0] = fd_sub(30, __WASI_EVENTTYPE_FD_READ, 99);
  subs[1] = clock_sub(31, __WASI_CLOCKID_MONOTONIC, 1000000000ull, 0);
  show("bad descriptor", __wasi_poll_oneoff(subs, events, 2, &n), events, n);

  t0 = mono();
  subs[0] = fd_sub(40, __WASI_EVENTTYPE_FD_READ, 0);
  subs[1] = clock_sub(41, __WASI_CLOCKID_MONOTONIC, 10ull * 1000000000, 0);
  show("stdin with data, 10s timeout", __wasi_poll_oneoff(subs, events, 2, &n), events, n);
  printf("  waited < 5s: %d\n", mono() - t0 < 5000000000ll);

  struct pollfd p = {0, POLLIN, 0};
  int r = poll(&p, 1, 1000);
  printf("libc poll on stdin: %d, POLLIN=%d\n", r, (p.revents & POLLIN) != 0);
  char buf[8] = {0};
  printf("read stdin: %zd [%s]\n", read(0, buf, sizeof buf - 1), buf);

  show("events out of bounds",
       __wasi_poll_oneoff(subs, (__wasi_event_t*)0xfffffff0u, 1, &n), events, n);
  return 0;
}
