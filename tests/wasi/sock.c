// Sockets: the runner connects stdin to a stream socket, sends "ping\n" and
// shuts its side for writing; the program peeks, receives, answers "pong\n"
// and shuts down. The runner prints what it received after the run.
#include <stdio.h>
#include <string.h>

#include "guest.h"

int main(void) {
  __wasi_fdstat_t st;
  (void)__wasi_fd_fdstat_get(0, &st);
  printf("stdin is a stream socket: %d\n", st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);

  char buf[16] = {0};
  __wasi_iovec_t in = {(uint8_t*)buf, 5};
  __wasi_size_t n = 0;
  __wasi_roflags_t ro = 0;
  report("recv with peek+waitall", __wasi_sock_recv(0, &in, 1, __WASI_RIFLAGS_RECV_PEEK | __WASI_RIFLAGS_RECV_WAITALL,
                                                    &n, &ro));
  printf("  %lu bytes [%.*s]\n", (unsigned long)n, (int)n, buf);
  memset(buf, 0, sizeof buf);
  in.buf_len = sizeof buf - 1;
  report("recv", __wasi_sock_recv(0, &in, 1, 0, &n, &ro));
  printf("  %lu bytes [%s] truncated=%d\n", (unsigned long)n, buf, (ro & __WASI_ROFLAGS_RECV_DATA_TRUNCATED) != 0);
  report("recv at end", __wasi_sock_recv(0, &in, 1, 0, &n, &ro));
  printf("  %lu bytes\n", (unsigned long)n);
  report("recv with unknown flags", __wasi_sock_recv(0, &in, 1, 0x10, &n, &ro));

  __wasi_ciovec_t out[2] = {{(const uint8_t*)"po", 2}, {(const uint8_t*)"ng\n", 3}};
  report("send", __wasi_sock_send(0, out, 2, 0, &n));
  printf("  %lu bytes\n", (unsigned long)n);
  report("send with flags", __wasi_sock_send(0, out, 2, 1, &n));
  report("shutdown how=0", __wasi_sock_shutdown(0, 0));
  report("shutdown write", __wasi_sock_shutdown(0, __WASI_SDFLAGS_WR));
  report("send after shutdown", __wasi_sock_send(0, out, 2, 0, &n));
  __wasi_fd_t conn;
  report("accept on a connected socket", __wasi_sock_accept(0, 0, &conn));
  report("recv on stdout", __wasi_sock_recv(1, &in, 1, 0, &n, &ro));
  return 0;
}
