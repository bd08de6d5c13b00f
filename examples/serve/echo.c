/* echo.c - echoes the request back as JSON.
 *
 *   POST /echo?a=1&b=x+y&a=2   body "hi"   ->  200 application/json
 *   {"method":"POST","path":"/echo","query_string":"a=1&b=x+y&a=2",
 *    "query":{"a":["1","2"],"b":"x y"},
 *    "headers":{"content-type":"text/plain","host":"...","user-agent":"..."},
 *    "body":"hi","body_length":2}
 *
 * Query parameters are decoded; a name given more than once maps to an
 * array of its values, in order. Only the headers listed below are echoed
 * (absent ones are left out). The body is echoed as a JSON string (bytes
 * that are not valid UTF-8 become U+FFFD; body_length counts the bytes
 * received). A body over 1 MiB gets 413.
 */
#include "petrel_wagi.h"

#define MAX_BODY (1024u * 1024u)

static const char *const echoed_headers[] = {
    "content-type", "content-length", "host", "user-agent", "accept", "x-echo",
};

/* The decoded form of the `len` bytes at `enc`, malloc'd; length in *n. */
static char *decoded(const char *enc, size_t len, size_t *n) {
    char *buf = malloc(len + 1);
    if (buf) *n = pw_decode(buf, len + 1, enc, len);
    return buf;
}

/* 1 if parameters a and b have the same decoded name. */
static int same_name(const pw_param *a, const pw_param *b) {
    size_t n = 0;
    char *ka;
    int eq;
    if (a->key == b->key) return 1;
    ka = decoded(a->key, a->key_len, &n);
    /* (a name with a NUL byte in it, "%00", compares unequal to others) */
    eq = ka && strlen(ka) == n && pw_decode_eq(b->key, b->key_len, ka);
    free(ka);
    return eq;
}

static void write_value(pw_json *j, const pw_param *p) {
    size_t n = 0;
    char *v = decoded(p->value, p->value_len, &n);
    if (v) pw_json_string_n(j, v, n);
    else pw_json_null(j);
    free(v);
}

static void write_query(pw_json *j, const char *qs) {
    pw_query_iter it, it2;
    pw_param p, q;
    pw_json_object_begin(j);
    pw_query_begin(&it, qs);
    while (pw_query_next(&it, &p)) {
        int seen = 0, count = 0;
        size_t n = 0;
        char *key;
        /* A name seen before was written, with all its values, already. */
        pw_query_begin(&it2, qs);
        while (pw_query_next(&it2, &q) && q.key != p.key)
            if (same_name(&q, &p)) { seen = 1; break; }
        if (seen) continue;
        pw_query_begin(&it2, qs);
        while (pw_query_next(&it2, &q)) count += same_name(&q, &p);

        key = decoded(p.key, p.key_len, &n);
        if (!key) continue;
        pw_json_key_n(j, key, n);
        free(key);
        if (count == 1) {
            write_value(j, &p);
            continue;
        }
        pw_json_array_begin(j);
        pw_query_begin(&it2, qs);
        while (pw_query_next(&it2, &q))
            if (same_name(&q, &p)) write_value(j, &q);
        pw_json_array_end(j);
    }
    pw_json_object_end(j);
}

int main(void) {
    char *body;
    size_t len, i;
    pw_json j;
    int err = pw_read_body(&body, &len, MAX_BODY);

    if (err == PW_ETOOBIG) { pw_respond_text(413, "request body over 1 MiB"); return 0; }
    if (err != PW_OK) { pw_respond_text(400, pw_strerror(err)); return 0; }

    pw_respond(200, "application/json");
    pw_json_init(&j, stdout);
    pw_json_object_begin(&j);
    pw_json_key(&j, "method");
    pw_json_string(&j, pw_method());
    pw_json_key(&j, "path");
    pw_json_string(&j, pw_path());
    pw_json_key(&j, "query_string");
    pw_json_string(&j, pw_query_string());
    pw_json_key(&j, "query");
    write_query(&j, pw_query_string());
    pw_json_key(&j, "headers");
    pw_json_object_begin(&j);
    for (i = 0; i < sizeof echoed_headers / sizeof echoed_headers[0]; i++) {
        const char *v = pw_header(echoed_headers[i]);
        if (!v) continue;
        pw_json_key(&j, echoed_headers[i]);
        pw_json_string(&j, v);
    }
    pw_json_object_end(&j);
    pw_json_key(&j, "body");
    pw_json_string_n(&j, body, len);
    pw_json_key(&j, "body_length");
    pw_json_uint(&j, len);
    pw_json_object_end(&j);
    pw_json_end(&j);
    free(body);
    return 0;
}
