/* env.c - dumps the guest's whole environment and argv as JSON, for the
 * WAGI environment test:
 *   {"env":{"REQUEST_METHOD":"GET","PATH_INFO":"/env",...},
 *    "argv":["env.wasm","a=1","b=2"],
 *    "env_list":[["REQUEST_METHOD","GET"],...]}
 * "env" is an object of every variable (a name given twice keeps its last
 * value there), "env_list" the same pairs in the order the host gave them
 * (duplicates kept), "argv" the arguments as received.
 */
#include "petrel_wagi.h"

extern char **environ;

int main(int argc, char **argv) {
    pw_json j;
    char **e;
    int i;

    pw_respond(200, "application/json");
    pw_json_init(&j, stdout);
    pw_json_object_begin(&j);
    pw_json_key(&j, "env");
    pw_json_object_begin(&j);
    for (e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        size_t n = eq ? (size_t)(eq - *e) : strlen(*e);
        /* Later duplicates must win in the object: skip a name seen again. */
        char **later;
        int again = 0;
        for (later = e + 1; *later; later++)
            if (strncmp(*later, *e, n) == 0 && ((*later)[n] == '=' || (*later)[n] == '\0')) again = 1;
        if (again) continue;
        pw_json_key_n(&j, *e, n);
        pw_json_string(&j, eq ? eq + 1 : "");
    }
    pw_json_object_end(&j);
    pw_json_key(&j, "argv");
    pw_json_array_begin(&j);
    for (i = 0; i < argc; i++) pw_json_string(&j, argv[i]);
    pw_json_array_end(&j);
    pw_json_key(&j, "env_list");
    pw_json_array_begin(&j);
    for (e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        pw_json_array_begin(&j);
        pw_json_string_n(&j, *e, eq ? (size_t)(eq - *e) : strlen(*e));
        pw_json_string(&j, eq ? eq + 1 : "");
        pw_json_array_end(&j);
    }
    pw_json_array_end(&j);
    pw_json_object_end(&j);
    pw_json_end(&j);
    return 0;
}
