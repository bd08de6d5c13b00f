/* The hello handler of the `petrel serve` benchmark (bench/serve/run.py).
 *
 * One source, two builds:
 *   clang --target=wasm32-wasi -O2 hello.c -o hello.wasm   WAGI guest (petrel, Node)
 *   cc -O2 hello.c -o hello-cgi                            native CGI (nginx + fcgiwrap)
 *
 * WAGI is CGI over WASI, so the response is the same in both: header lines,
 * a blank line, then the body, all on standard output. A single write(2)
 * (fd_write under WASI) keeps stdio's buffering machinery out of the
 * measurement and the module small. */
#include <unistd.h>

static const char response[] = "content-type: text/plain\n"
                               "\n"
                               "Hello, world!\n";

int main(void) {
  const char *p = response;
  size_t left = sizeof response - 1;
  while (left > 0) {
    ssize_t n = write(1, p, left);
    if (n <= 0) return 1;
    p += n;
    left -= (size_t)n;
  }
  return 0;
}
