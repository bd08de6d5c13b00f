// Directories: mkdir, readdir (sorted here: the host's order is arbitrary),
// rmdir, unlink on directories, stat, rename, chdir, and a directory big
// enough that readdir needs several fd_readdir calls.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest.h"

static int compare(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static void touch(const char* path) {
  int fd = open(path, O_CREAT | O_WRONLY, 0644);
  if (fd < 0) printf("touch %s: %s\n", path, errno_name(errno));
  close(fd);
}

static void list(const char* path) {
  DIR* d = opendir(path);
  if (!d) {
    printf("opendir %s: %s\n", path, errno_name(errno));
    return;
  }
  char* names[16];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) && n < 16) {
    char* s = malloc(strlen(e->d_name) + 3);
    sprintf(s, "%s%s", e->d_name, e->d_type == DT_DIR ? "/" : e->d_type == DT_REG ? "" : "?");
    names[n++] = s;
  }
  closedir(d);
  qsort(names, n, sizeof(char*), compare);
  printf("%s:", path);
  for (int i = 0; i < n; ++i) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

int main(void) {
  LIBC("mkdir d", mkdir("/sandbox/d", 0755));
  LIBC("mkdir d again", mkdir("/sandbox/d", 0755));
  LIBC("mkdir d/sub", mkdir("/sandbox/d/sub", 0755));
  LIBC("mkdir missing/x", mkdir("/sandbox/missing/x", 0755));
  touch("/sandbox/d/f1");
  touch("/sandbox/d/f2");
  touch("/sandbox/d/sub/x");
  list("/sandbox/d");
  list("/sandbox/d/sub");

  struct stat st;
  stat("/sandbox/d", &st);
  printf("d is a directory: %d\n", S_ISDIR(st.st_mode));
  LIBC("rmdir d (not empty)", rmdir("/sandbox/d"));
  LIBC("rmdir d/f1 (a file)", rmdir("/sandbox/d/f1"));
  LIBC("unlink d/sub (a directory)", unlink("/sandbox/d/sub"));
  LIBC("unlink d/sub/x", unlink("/sandbox/d/sub/x"));
  LIBC("rmdir d/sub", rmdir("/sandbox/d/sub"));
  LIBC("rmdir d/sub again", rmdir("/sandbox/d/sub"));
  LIBC("rename d -> e", rename("/sandbox/d", "/sandbox/e"));
  list("/sandbox");
  list("/sandbox/e");
  LIBC("opendir of a file", opendir("/sandbox/e/f1") ? 0 : -1);

  LIBC("chdir /sandbox/e", chdir("/sandbox/e"));
  char cwd[256];
  printf("cwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : "(error)");
  printf("relative open f2: %s\n", open("f2", O_RDONLY) >= 0 ? "ok" : errno_name(errno));

  mkdir("/sandbox/big", 0755);
  char path[64];
  for (int i = 0; i < 300; ++i) {
    snprintf(path, sizeof path, "/sandbox/big/file-with-a-longish-name-%03d", i);
    touch(path);
  }
  DIR* d = opendir("/sandbox/big");
  int files = 0, dots = 0, sum = 0;
  struct dirent* e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      ++dots;
      continue;
    }
    ++files;
    sum += atoi(e->d_name + strlen("file-with-a-longish-name-"));
  }
  printf("big: %d files, index sum %d, dot entries %d\n", files, sum, dots);
  rewinddir(d);
  int again = 0;
  while (readdir(d)) ++again;
  printf("after rewinddir: %d entries\n", again);
  closedir(d);
  return 0;
}
