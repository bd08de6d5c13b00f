/* stderr.c - writes a line to stderr and a normal response.
 *
 * stderr gets "stderr-guest: hello from the guest's stderr (path PATH)";
 * the host should log it tagged with the request id. The response is
 * 200 text/plain "ok, see the server log".
 */
#include "petrel_wagi.h"

int main(void) {
    fprintf(stderr, "stderr-guest: hello from the guest's stderr (path %s)\n", pw_path());
    fflush(stderr);
    pw_respond(200, "text/plain; charset=utf-8");
    puts("ok, see the server log");
    return 0;
}
