// sock_accept: the runner gives a listening TCP socket as stdin and connects
// to it, sending "hello\n"; the program accepts, reads, replies "bye\n".
#include <stdio.h>

#include "guest.h"

int main(void) {
  __wasi_fd_t conn = 0;
  report("accept with flags 1|2", __wasi_sock_accept(0, __WASI_FDFLAGS_APPEND | __WASI_FDFLAGS_DSYNC, &conn));
  report("accept", __wasi_sock_accept(0, 0, &conn));
  printf("  connection is a new descriptor: %d\n", conn >= 3);
  __wasi_fdstat_t st;
  (void)__wasi_fd_fdstat_get(conn, &st);
  printf("  stream socket: %d\n", st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);
  char buf[16] = {0};
  __wasi_iovec_t in = {(uint8_t*)buf, 6};
  __wasi_size_t n = 0;
  __wasi_roflags_t ro;
  report("recv", __wasi_sock_recv(conn, &in, 1, __WASI_RIFLAGS_RECV_WAITALL, &n, &ro));
  printf("  [%.*s]\n", (int)n, buf);
  __wasi_ciovec_t out = {(const uint8_t*)"bye\n", 4};
  report("send", __wasi_sock_send(conn, &out, 1, 0, &n));
  report("shutdown both", __wasi_sock_shutdown(conn, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR));
  report("close", __wasi_fd_close(conn));
  return 0;
}
