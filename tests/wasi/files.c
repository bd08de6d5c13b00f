// Files: create, write, read, seek, tell, pread/pwrite, truncate, append,
// rename, hard links, unlink, stat, timestamps, stdio streams.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

static void show_size(const char* path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    printf("stat %s: %s\n", path, errno_name(errno));
    return;
  }
  printf("stat %s: size=%lld regular=%d nlink=%llu\n", path, (long long)st.st_size, S_ISREG(st.st_mode),
         (unsigned long long)st.st_nlink);
}

int main(void) {
  char buf[64];
  int fd = open("/sandbox/a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  printf("create: %s\n", fd >= 0 ? "ok" : errno_name(errno));
  printf("write: %zd\n", write(fd, "hello world\n", 12));
  close(fd);
  show_size("/sandbox/a.txt");

  fd = open("/sandbox/a.txt", O_RDWR);
  memset(buf, 0, sizeof buf);
  printf("read: %zd [%s]\n", read(fd, buf, 5), buf);
  printf("tell: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  printf("seek set 6: %lld\n", (long long)lseek(fd, 6, SEEK_SET));
  memset(buf, 0, sizeof buf);
  printf("read: %zd [%s]\n", read(fd, buf, sizeof buf - 1), buf);
  printf("read at end: %zd\n", read(fd, buf, sizeof buf));
  printf("seek end: %lld\n", (long long)lseek(fd, 0, SEEK_END));
  printf("seek cur -3: %lld\n", (long long)lseek(fd, -3, SEEK_CUR));
  LIBC("seek before start", lseek(fd, -100, SEEK_CUR));
  printf("pwrite: %zd\n", pwrite(fd, "HELLO", 5, 0));
  memset(buf, 0, sizeof buf);
  printf("pread: %zd [%s]\n", pread(fd, buf, 11, 0), buf);
  printf("tell after pread/pwrite: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  LIBC("ftruncate 5", ftruncate(fd, 5));
  show_size("/sandbox/a.txt");
  LIBC("ftruncate 8", ftruncate(fd, 8));
  memset(buf, 'x', sizeof buf);
  ssize_t n = pread(fd, buf, sizeof buf, 0);
  printf("after growing: %zd bytes, [%.5s] then %d %d %d\n", n, buf, buf[5], buf[6], buf[7]);
  LIBC("fsync", fsync(fd));
  LIBC("fdatasync", fdatasync(fd));
  close(fd);

  fd = open("/sandbox/a.txt", O_WRONLY | O_APPEND);
  lseek(fd, 0, SEEK_SET);
  printf("append write: %zd\n", write(fd, "XY", 2));
  close(fd);
  show_size("/sandbox/a.txt");

  fd = open("/sandbox/a.txt", O_RDONLY);
  LIBC("write to read-only", write(fd, "no", 2));
  close(fd);
  fd = open("/sandbox/a.txt", O_WRONLY);
  LIBC("read from write-only", read(fd, buf, 1));
  close(fd);
  LIBC("create exclusive existing", open("/sandbox/a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  LIBC("open missing", open("/sandbox/missing.txt", O_RDONLY));
  LIBC("open file as directory", open("/sandbox/a.txt", O_RDONLY | O_DIRECTORY));

  LIBC("rename a -> b", rename("/sandbox/a.txt", "/sandbox/b.txt"));
  show_size("/sandbox/a.txt");
  show_size("/sandbox/b.txt");
  LIBC("link b -> c", link("/sandbox/b.txt", "/sandbox/c.txt"));
  show_size("/sandbox/c.txt");
  LIBC("unlink b", unlink("/sandbox/b.txt"));
  show_size("/sandbox/c.txt");
  LIBC("unlink missing", unlink("/sandbox/b.txt"));

  fd = open("/sandbox/sparse.bin", O_CREAT | O_RDWR, 0644);
  printf("seek past end: %lld\n", (long long)lseek(fd, 100, SEEK_SET));
  printf("write: %zd\n", write(fd, "Z", 1));
  close(fd);
  show_size("/sandbox/sparse.bin");
  fd = open("/sandbox/sparse.bin", O_RDWR);
  LIBC("posix_fallocate", posix_fallocate(fd, 0, 4096) == 0 ? 0 : -1);
  close(fd);
  show_size("/sandbox/sparse.bin");

  struct timespec times[2] = {{1000000000, 0}, {1234567890, 500}};
  LIBC("utimensat", utimensat(AT_FDCWD, "/sandbox/c.txt", times, 0));
  struct stat st;
  stat("/sandbox/c.txt", &st);
  printf("atime=%lld mtime=%lld.%09ld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec,
         st.st_mtim.tv_nsec);

  FILE* f = fopen("/sandbox/lines.txt", "w");
  for (int i = 1; i <= 3; ++i) fprintf(f, "line %d\n", i);
  fclose(f);
  f = fopen("/sandbox/lines.txt", "r");
  while (fgets(buf, sizeof buf, f)) printf("got: %s", buf);
  fclose(f);
  return 0;
}
