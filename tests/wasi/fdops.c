// Descriptor operations through the raw preview1 calls: fdstat and rights,
// prestat, renumber, close, flags, advise/allocate/sync, set_times/size,
// what a directory descriptor refuses, fd_readdir into a tiny buffer,
// pointers outside memory, and the process/socket calls on non-sockets.
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"

// Not declared by Debian's wasi-libc headers any more, still in preview1.
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) int raw_proc_raise(int sig);

#define R_FD_READ (1ull << 1)
#define R_FD_SEEK (1ull << 2)
#define R_FD_WRITE (1ull << 6)
#define R_PATH_OPEN (1ull << 13)
#define R_FD_READDIR (1ull << 14)
#define R_ALL ((1ull << 30) - 1)

static int open_file(const char* name, uint64_t rights) {
  __wasi_fd_t fd = 0;
  __wasi_errno_t e = __wasi_path_open(SANDBOX_FD, 0, name, __WASI_OFLAGS_CREAT, rights, 0, 0, &fd);
  if (e) printf("path_open %s: %s\n", name, errno_name(e));
  return (int)fd;
}

int main(void) {
  __wasi_fdstat_t st;
  report("fdstat of the preopen", __wasi_fd_fdstat_get(SANDBOX_FD, &st));
  printf("  filetype=%d path_open=%d readdir=%d inherits read/write=%d\n", st.fs_filetype,
         (st.fs_rights_base & R_PATH_OPEN) != 0, (st.fs_rights_base & R_FD_READDIR) != 0,
         (st.fs_rights_inheriting & (R_FD_READ | R_FD_WRITE)) == (R_FD_READ | R_FD_WRITE));
  __wasi_prestat_t pre;
  report("prestat of fd 3", __wasi_fd_prestat_get(SANDBOX_FD, &pre));
  printf("  tag=%d name_len=%lu\n", pre.tag, (unsigned long)pre.u.dir.pr_name_len);
  char name[32] = {0};
  report("prestat_dir_name", __wasi_fd_prestat_dir_name(SANDBOX_FD, (uint8_t*)name, sizeof name));
  printf("  name=[%s]\n", name);
  report("prestat_dir_name into 3 bytes", __wasi_fd_prestat_dir_name(SANDBOX_FD, (uint8_t*)name, 3));
  report("prestat of stdin", __wasi_fd_prestat_get(0, &pre));
  report("prestat of fd 99", __wasi_fd_prestat_get(99, &pre));

  int f = open_file("data.txt", R_FD_READ | R_FD_WRITE | R_FD_SEEK | (1ull << 5) | (1ull << 3) | (1ull << 7) |
                                    (1ull << 8) | (1ull << 0) | (1ull << 4) | (1ull << 21) | (1ull << 22) |
                                    (1ull << 23));
  report("fdstat of a file", __wasi_fd_fdstat_get(f, &st));
  printf("  filetype=%d flags=%d read=%d write=%d readdir=%d\n", st.fs_filetype, st.fs_flags,
         (st.fs_rights_base & R_FD_READ) != 0, (st.fs_rights_base & R_FD_WRITE) != 0,
         (st.fs_rights_base & R_FD_READDIR) != 0);
  __wasi_ciovec_t out = {(const uint8_t*)"0123456789", 10};
  __wasi_size_t n = 0;
  report("write", __wasi_fd_write(f, &out, 1, &n));
  report("set flags append", __wasi_fd_fdstat_set_flags(f, __WASI_FDFLAGS_APPEND));
  (void)__wasi_fd_fdstat_get(f, &st);
  printf("  flags now=%d\n", st.fs_flags);
  __wasi_filesize_t pos = 0;
  (void)__wasi_fd_seek(f, 0, __WASI_WHENCE_SET, &pos);
  out.buf = (const uint8_t*)"AB";
  out.buf_len = 2;
  (void)__wasi_fd_write(f, &out, 1, &n);
  (void)__wasi_fd_tell(f, &pos);
  printf("  append wrote at the end: position %llu\n", (unsigned long long)pos);
  report("set flags sync", __wasi_fd_fdstat_set_flags(f, __WASI_FDFLAGS_SYNC));
  report("set flags 0x100", __wasi_fd_fdstat_set_flags(f, 0x100));
  report("set flags none", __wasi_fd_fdstat_set_flags(f, 0));

  report("advise dontneed", __wasi_fd_advise(f, 0, 0, __WASI_ADVICE_DONTNEED));
  report("advise 9", __wasi_fd_advise(f, 0, 0, 9));
  report("allocate 4096", __wasi_fd_allocate(f, 0, 4096));
  __wasi_filestat_t fs;
  (void)__wasi_fd_filestat_get(f, &fs);
  printf("  size=%llu filetype=%d nlink=%llu\n", (unsigned long long)fs.size, fs.filetype,
         (unsigned long long)fs.nlink);
  report("set size 3", __wasi_fd_filestat_set_size(f, 3));
  (void)__wasi_fd_filestat_get(f, &fs);
  printf("  size=%llu\n", (unsigned long long)fs.size);
  report("set times", __wasi_fd_filestat_set_times(f, 5000000000ull, 7000000123ull,
                                                   __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  (void)__wasi_fd_filestat_get(f, &fs);
  printf("  atim=%llu mtim=%llu\n", (unsigned long long)fs.atim, (unsigned long long)fs.mtim);
  report("set times atim and atim_now",
         __wasi_fd_filestat_set_times(f, 1, 1, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
  report("sync", __wasi_fd_sync(f));
  report("datasync", __wasi_fd_datasync(f));
  char buf[16] = {0};
  __wasi_iovec_t in = {(uint8_t*)buf, sizeof buf - 1};
  report("pread at 1", __wasi_fd_pread(f, &in, 1, 1, &n));
  printf("  %lu bytes [%s]\n", (unsigned long)n, buf);
  report("seek whence 3", __wasi_fd_seek(f, 0, 3, &pos));

  // Rights only shrink.
  report("drop the write right", __wasi_fd_fdstat_set_rights(f, R_FD_READ | R_FD_SEEK, 0));
  report("write without the right", __wasi_fd_write(f, &out, 1, &n));
  report("add the write right back", __wasi_fd_fdstat_set_rights(f, R_FD_READ | R_FD_WRITE, 0));

  // Renumbering and closing.
  int g = open_file("other.txt", R_FD_READ | R_FD_WRITE);
  report("renumber file onto other", __wasi_fd_renumber(f, g));
  report("close the old number", __wasi_fd_close(f));
  report("fdstat of the new number", __wasi_fd_fdstat_get(g, &st));
  printf("  write right=%d\n", (st.fs_rights_base & R_FD_WRITE) != 0);
  report("renumber onto a closed number", __wasi_fd_renumber(g, 77));
  report("close", __wasi_fd_close(g));
  report("close again", __wasi_fd_close(g));

  // A directory descriptor is not a file.
  report("read a directory", __wasi_fd_read(SANDBOX_FD, &in, 1, &n));
  report("write a directory", __wasi_fd_write(SANDBOX_FD, &out, 1, &n));
  report("seek a directory", __wasi_fd_seek(SANDBOX_FD, 0, __WASI_WHENCE_CUR, &pos));
  report("set size of a directory", __wasi_fd_filestat_set_size(SANDBOX_FD, 0));
  report("readdir of a file", __wasi_fd_readdir(open_file("data.txt", R_FD_READ), (uint8_t*)buf, 16, 0, &n));
  uint8_t tiny[10];
  report("readdir into 10 bytes", __wasi_fd_readdir(SANDBOX_FD, tiny, sizeof tiny, 0, &n));
  printf("  used=%lu\n", (unsigned long)n);
  report("path_open under a file", __wasi_path_open(open_file("data.txt", R_FD_READ), 0, "x", 0, 0, 0, 0,
                                                    (__wasi_fd_t*)&g));

  // Pointers outside memory are `fault`, never a crash.
  report("write with iovecs out of bounds", __wasi_fd_write(1, (const __wasi_ciovec_t*)0xfffffff8u, 2, &n));
  __wasi_ciovec_t bad = {(const uint8_t*)0xfffffff0u, 100};
  report("write from a buffer out of bounds", __wasi_fd_write(1, &bad, 1, &n));
  report("fdstat into a pointer out of bounds", __wasi_fd_fdstat_get(1, (__wasi_fdstat_t*)0xfffffff0u));
  report("args_sizes_get out of bounds", __wasi_args_sizes_get((__wasi_size_t*)0xfffffffeu, &n));

  report("sched_yield", __wasi_sched_yield());
  report("proc_raise SIGTERM", raw_proc_raise(15 /* term */));
  report("proc_raise 99", raw_proc_raise(99));
  __wasi_fd_t conn;
  report("sock_accept on a directory", __wasi_sock_accept(SANDBOX_FD, 0, &conn));
  report("sock_shutdown on stdout", __wasi_sock_shutdown(1, __WASI_SDFLAGS_WR));
  report("sock_shutdown on fd 99", __wasi_sock_shutdown(99, __WASI_SDFLAGS_WR));
  return 0;
}
