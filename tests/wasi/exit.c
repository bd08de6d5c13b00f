// Exit statuses: `return N` from main, exit(N) (atexit handlers and stdio
// flushing run), and proc_exit(N) called directly (nothing runs).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

static void goodbye(void) { printf("atexit handler ran\n"); }

int main(int argc, char** argv) {
  if (argc < 3) return 99;
  int status = atoi(argv[2]);
  atexit(goodbye);
  printf("mode %s, status %d\n", argv[1], status);
  if (strcmp(argv[1], "return") == 0) return status;
  if (strcmp(argv[1], "exit") == 0) exit(status);
  if (strcmp(argv[1], "proc_exit") == 0) {
    fflush(stdout);
    __wasi_proc_exit(status);
  }
  return 98;
}
