// Command-line arguments: argv[0] is the program (printed without its
// directory), then the arguments exactly as given.
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  const char* slash = strrchr(argv[0], '/');
  printf("argc=%d\n", argc);
  printf("argv[0]=%s\n", slash ? slash + 1 : argv[0]);
  for (int i = 1; i < argc; ++i) printf("argv[%d]=[%s]\n", i, argv[i]);
  return 0;
}
