/* status.c - non-200 responses through the CGI pseudo-headers.
 *
 *   GET /status             -> "status: 404 Not Found", "x-petrel-test: custom
 *                              header", content-type text/plain, body
 *                              "nothing here\n"
 *   GET /status?redirect=1  -> only "location: /elsewhere" and the blank
 *                              line (no status, no content-type, no body):
 *                              per CGI the host answers 302 with that
 *                              Location
 *   GET /status?code=N      -> "status: N" with the standard reason phrase
 *                              (for N from 100 to 599), same header and body
 */
#include "petrel_wagi.h"

int main(void) {
    char redirect[8];
    long long code = 404;

    if (pw_param_get("redirect", redirect, sizeof redirect) >= 0 && strcmp(redirect, "0") != 0) {
        pw_write_header("location", "/elsewhere");
        pw_begin_body();
        return 0;
    }
    if (pw_param_long("code", &code) < 0 || code < 100 || code > 599) code = 404;
    pw_write_status((int)code, NULL);
    pw_write_header("x-petrel-test", "custom header");
    pw_write_header("content-type", "text/plain; charset=utf-8");
    pw_begin_body();
    puts("nothing here");
    return 0;
}
