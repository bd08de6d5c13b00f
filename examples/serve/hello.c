/* hello.c - the smallest useful WAGI handler.
 *
 *   GET /hello?name=Ada  ->  200 text/plain
 *       Hello from Petrel, Ada!
 *       You sent GET /hello (user agent: curl/8.0)
 *
 * The greeting word can be set per route: env = { GREETING = "Hi" } gives
 * "Hi from Petrel, ...". Build: clang --target=wasm32-wasi -O2
 * -I ../../sdk/wagi hello.c -o hello.wasm
 */
#include "petrel_wagi.h"

int main(void) {
    char name[128];
    const char *ua = pw_header("User-Agent");

    if (pw_param_get("name", name, sizeof name) <= 0) strcpy(name, "world");

    pw_respond(200, "text/plain; charset=utf-8");
    printf("%s from Petrel, %s!\n", pw_env("GREETING", "Hello"), name);
    printf("You sent %s %s", pw_method(), pw_path());
    if (ua) printf(" (user agent: %s)", ua);
    putchar('\n');
    return 0;
}
