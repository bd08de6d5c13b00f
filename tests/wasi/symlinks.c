// Symbolic links inside the sandbox: create, read, stat through them, open
// through them, O_NOFOLLOW, dangling links, loops, a short readlink buffer.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest.h"

int main(void) {
  int fd = open("/sandbox/target.txt", O_CREAT | O_WRONLY, 0644);
  write(fd, "data", 4);
  close(fd);
  LIBC("symlink link -> target.txt", symlink("target.txt", "/sandbox/link"));
  LIBC("symlink again", symlink("target.txt", "/sandbox/link"));

  char buf[64];
  memset(buf, 0, sizeof buf);
  ssize_t n = readlink("/sandbox/link", buf, sizeof buf);
  printf("readlink: %zd [%s]\n", n, buf);
  memset(buf, 0, sizeof buf);
  n = readlink("/sandbox/link", buf, 4);
  if (n < 0)
    printf("readlink into 4 bytes: %s\n", errno_name(errno));
  else
    printf("readlink into 4 bytes: %zd [%s]\n", n, buf);
  LIBC("readlink of a file", readlink("/sandbox/target.txt", buf, sizeof buf));

  struct stat st;
  lstat("/sandbox/link", &st);
  printf("lstat: symlink=%d size=%lld\n", S_ISLNK(st.st_mode), (long long)st.st_size);
  stat("/sandbox/link", &st);
  printf("stat: regular=%d size=%lld\n", S_ISREG(st.st_mode), (long long)st.st_size);

  fd = open("/sandbox/link", O_RDONLY);
  memset(buf, 0, sizeof buf);
  read(fd, buf, sizeof buf);
  printf("read through link: [%s]\n", buf);
  close(fd);
  LIBC("open link O_NOFOLLOW", open("/sandbox/link", O_RDONLY | O_NOFOLLOW));

  mkdir("/sandbox/realdir", 0755);
  LIBC("symlink dlink -> realdir", symlink("realdir", "/sandbox/dlink"));
  fd = open("/sandbox/dlink/inner.txt", O_CREAT | O_WRONLY, 0644);
  printf("create through directory link: %s\n", fd >= 0 ? "ok" : errno_name(errno));
  close(fd);
  printf("realdir/inner.txt exists: %d\n", stat("/sandbox/realdir/inner.txt", &st) == 0);
  mkdir("/sandbox/realdir/deeper", 0755);
  LIBC("symlink realdir/deeper/back -> ../../target.txt",
       symlink("../../target.txt", "/sandbox/realdir/deeper/back"));
  printf("stat through relative link up two levels: %s\n",
         stat("/sandbox/realdir/deeper/back", &st) == 0 ? "ok" : errno_name(errno));

  LIBC("symlink dangle -> nowhere", symlink("nowhere", "/sandbox/dangle"));
  LIBC("stat dangling", stat("/sandbox/dangle", &st));
  LIBC("lstat dangling", lstat("/sandbox/dangle", &st));
  LIBC("open dangling", open("/sandbox/dangle", O_RDONLY));
  LIBC("unlink dangling", unlink("/sandbox/dangle"));

  LIBC("symlink loop -> loop", symlink("loop", "/sandbox/loop"));
  LIBC("stat loop", stat("/sandbox/loop", &st));
  LIBC("open loop", open("/sandbox/loop", O_RDONLY));
  LIBC("open loop/x", open("/sandbox/loop/x", O_RDONLY));

  LIBC("unlink link", unlink("/sandbox/link"));
  printf("target still there: %d\n", stat("/sandbox/target.txt", &st) == 0);
  LIBC("rmdir through link (dlink)", rmdir("/sandbox/dlink"));
  return 0;
}
