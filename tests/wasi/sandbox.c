// Escape attempts against the sandbox. The runner grants SANDBOX as
// /sandbox (fd 3) and prepares, outside it, SANDBOX/../secret.txt, and
// inside it symlinks that point out:
//   up -> ..                 out_rel -> ../secret.txt   out_new -> ../created.txt
//   abs_secret -> /ABSOLUTE/PATH/secret.txt             abs_root -> /
//   sub/deep -> ../../secret.txt                        inside.txt (a file)
// Every attempt must fail (and the runner checks afterwards that nothing
// outside the sandbox was created, changed or removed).
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"

#define WASI(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
WASI(path_open) int raw_path_open(int fd, int dirflags, const char* path, size_t len, int oflags, uint64_t base,
                                  uint64_t inheriting, int fdflags, int* out);
WASI(path_filestat_get) int raw_path_filestat_get(int fd, int flags, const char* path, size_t len, void* out);
WASI(path_create_directory) int raw_path_create_directory(int fd, const char* path, size_t len);
WASI(path_unlink_file) int raw_path_unlink_file(int fd, const char* path, size_t len);
WASI(path_remove_directory) int raw_path_remove_directory(int fd, const char* path, size_t len);
WASI(path_rename) int raw_path_rename(int fd, const char* from, size_t from_len, int to_fd, const char* to,
                                     size_t to_len);
WASI(path_link) int raw_path_link(int fd, int flags, const char* from, size_t from_len, int to_fd, const char* to,
                                 size_t to_len);
WASI(path_symlink) int raw_path_symlink(const char* target, size_t target_len, int fd, const char* path,
                                       size_t len);
WASI(path_readlink) int raw_path_readlink(int fd, const char* path, size_t len, char* buf, size_t buf_len,
                                         size_t* used);
WASI(path_filestat_set_times) int raw_path_filestat_set_times(int fd, int flags, const char* path, size_t len,
                                                             uint64_t atim, uint64_t mtim, int fst_flags);

#define FOLLOW 1
static const uint64_t kRead = 1 << 1;  // fd_read

static void try_open(int dirfd, int flags, const char* path, int oflags) {
  int fd = -1;
  char label[128];
  snprintf(label, sizeof label, "open %s%s", path, flags & FOLLOW ? " (follow)" : "");
  int err = raw_path_open(dirfd, flags, path, strlen(path), oflags, kRead, 0, 0, &fd);
  report(label, err);
  if (err == 0) {
    char buf[32] = {0};
    read(fd, buf, sizeof buf - 1);
    buf[strcspn(buf, "\n")] = 0;
    printf("  read: [%s]\n", buf);
    close(fd);
  }
}

static void try_stat(int flags, const char* path) {
  char st[64];
  char label[128];
  snprintf(label, sizeof label, "stat %s%s", path, flags & FOLLOW ? " (follow)" : "");
  report(label, raw_path_filestat_get(SANDBOX_FD, flags, path, strlen(path), st));
}

int main(void) {
  // Reading outside.
  try_open(SANDBOX_FD, 0, "../secret.txt", 0);
  try_open(SANDBOX_FD, 0, "/secret.txt", 0);
  try_open(SANDBOX_FD, 0, "sub/../../secret.txt", 0);
  try_open(SANDBOX_FD, 0, "sub/./../sub/../../secret.txt", 0);
  try_open(SANDBOX_FD, 0, "up/secret.txt", 0);
  try_open(SANDBOX_FD, FOLLOW, "out_rel", 0);
  try_open(SANDBOX_FD, 0, "out_rel", 0);
  try_open(SANDBOX_FD, FOLLOW, "abs_secret", 0);
  try_open(SANDBOX_FD, 0, "abs_root/etc/passwd", 0);
  try_open(SANDBOX_FD, FOLLOW, "sub/deep", 0);
  try_open(SANDBOX_FD, 0, "..", 0);
  try_open(SANDBOX_FD, 0, "up/", 0);
  try_stat(FOLLOW, "..");
  try_stat(0, "up/secret.txt");
  try_stat(FOLLOW, "out_rel");
  try_stat(0, "out_rel");  // the link itself is inside: fine

  // A directory fd is a capability for that directory only.
  int sub = -1;
  report("open sub",
         raw_path_open(SANDBOX_FD, 0, "sub", 3, 2 /* directory */, 1 << 13 /* path_open */, kRead, 0, &sub));
  try_open(sub, 0, "..", 0);
  try_open(sub, 0, "../inside.txt", 0);

  // Writing outside.
  report("mkdir ../newdir", raw_path_create_directory(SANDBOX_FD, "../newdir", 9));
  report("mkdir up/newdir", raw_path_create_directory(SANDBOX_FD, "up/newdir", 9));
  int fd = -1;
  report("create out_new (follow)",
         raw_path_open(SANDBOX_FD, FOLLOW, "out_new", 7, 1 /* creat */, 1 << 6, 0, 0, &fd));
  report("create ../created.txt", raw_path_open(SANDBOX_FD, 0, "../created.txt", 14, 1, 1 << 6, 0, 0, &fd));
  report("unlink ../secret.txt", raw_path_unlink_file(SANDBOX_FD, "../secret.txt", 13));
  report("unlink up/secret.txt", raw_path_unlink_file(SANDBOX_FD, "up/secret.txt", 13));
  report("rmdir ../sandbox", raw_path_remove_directory(SANDBOX_FD, "../sandbox", 10));
  report("rename inside.txt -> ../moved.txt",
         raw_path_rename(SANDBOX_FD, "inside.txt", 10, SANDBOX_FD, "../moved.txt", 12));
  report("rename ../secret.txt -> stolen.txt",
         raw_path_rename(SANDBOX_FD, "../secret.txt", 13, SANDBOX_FD, "stolen.txt", 10));
  report("link ../secret.txt -> stolen.txt",
         raw_path_link(SANDBOX_FD, 0, "../secret.txt", 13, SANDBOX_FD, "stolen.txt", 10));
  report("link out_rel (follow) -> stolen.txt",
         raw_path_link(SANDBOX_FD, FOLLOW, "out_rel", 7, SANDBOX_FD, "stolen.txt", 10));
  report("symlink newabs -> /etc/passwd", raw_path_symlink("/etc/passwd", 11, SANDBOX_FD, "newabs", 6));
  report("symlink ../newlink -> inside.txt", raw_path_symlink("inside.txt", 10, SANDBOX_FD, "../newlink", 10));
  report("set times of up/secret.txt",
         raw_path_filestat_set_times(SANDBOX_FD, 0, "up/secret.txt", 13, 0, 0, 2 | 8));
  char buf[64];
  size_t used = 0;
  report("readlink up/sandbox", raw_path_readlink(SANDBOX_FD, "up/sandbox", 10, buf, sizeof buf, &used));

  // Malformed paths.
  report("open with a NUL inside", raw_path_open(SANDBOX_FD, 0, "inside.txt\0x", 12, 0, kRead, 0, 0, &fd));
  report("open invalid UTF-8", raw_path_open(SANDBOX_FD, 0, "\xff\xfe", 2, 0, kRead, 0, 0, &fd));
  report("open empty path", raw_path_open(SANDBOX_FD, 0, "", 0, 0, kRead, 0, 0, &fd));
  report("open path out of bounds",
         raw_path_open(SANDBOX_FD, 0, (const char*)0xfffffff0u, 100, 0, kRead, 0, 0, &fd));

  // Through wasi-libc: absolute paths outside every preopen never reach the host.
  LIBC("libc open /etc/passwd", open("/etc/passwd", O_RDONLY));
  LIBC("libc open /sandbox/../secret.txt", open("/sandbox/../secret.txt", O_RDONLY));

  // And what is inside still works.
  try_open(SANDBOX_FD, 0, "sub/../inside.txt", 0);
  return 0;
}
