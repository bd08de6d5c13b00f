// The environment holds exactly the --env variables, none of the host's.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

static int compare(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(void) {
  int n = 0;
  while (environ[n]) ++n;
  qsort(environ, n, sizeof(char*), compare);
  printf("count=%d\n", n);
  for (int i = 0; i < n; ++i) printf("%s\n", environ[i]);
  const char* home = getenv("HOME");
  const char* path = getenv("PATH");
  printf("HOME=%s\n", home ? home : "(unset)");
  printf("PATH=%s\n", path ? path : "(unset)");
  printf("GREETING=%s\n", getenv("GREETING"));
  return 0;
}
