/* sdk_test.c - unit tests of sdk/wagi/petrel_wagi.h, run as a WAGI guest.
 *
 * Answers 200 application/json {"passed":N,"failed":["what", ...]}; any
 * entry in "failed" is a bug in the SDK. The request itself is ignored
 * except where a test sets its own environment (setenv).
 * Also builds natively: cc -I sdk/wagi sdk_test.c && ./a.out
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen, setenv */
#include "petrel_wagi.h"

static int passed;
static const char *failures[64];
static int nfail;

static void expect(int ok, const char *what) {
    if (ok) passed++;
    else if (nfail < 64) failures[nfail++] = what;
}

/* Runs the JSON writer `fn` into a memory buffer and compares. */
static int json_is(void (*fn)(pw_json *), const char *want) {
    static char buf[512];
    FILE *f;
    pw_json j;
    memset(buf, 0, sizeof buf);
    f = fmemopen(buf, sizeof buf - 1, "w");
    if (!f) return 0;
    pw_json_init(&j, f);
    fn(&j);
    fclose(f);
    if (strcmp(buf, want) != 0) {
        fprintf(stderr, "sdk_test: got  %s\nsdk_test: want %s\n", buf, want);
        return 0;
    }
    return 1;
}

static void j_nested(pw_json *j) {
    pw_json_object_begin(j);
    pw_json_key(j, "a");
    pw_json_array_begin(j);
    pw_json_int(j, 1);
    pw_json_int(j, -2);
    pw_json_object_begin(j);
    pw_json_object_end(j);
    pw_json_array_begin(j);
    pw_json_array_end(j);
    pw_json_bool(j, 1);
    pw_json_null(j);
    pw_json_array_end(j);
    pw_json_key(j, "b");
    pw_json_bool(j, 0);
    pw_json_key(j, "c");
    pw_json_object_begin(j);
    pw_json_key(j, "d");
    pw_json_string(j, NULL);
    pw_json_object_end(j);
    pw_json_object_end(j);
}

static void j_escapes(pw_json *j) {
    static const char s[] = "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f" "\0" "end";
    pw_json_string_n(j, s, sizeof s - 1);
}

static void j_utf8(pw_json *j) {
    /* valid: e-acute, euro sign, U+1F600; then invalid: lone continuation,
     * overlong "/", a UTF-16 surrogate, a truncated sequence at the end */
    pw_json_string(j, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80|\x80|\xc0\xaf|\xed\xa0\x80|\xe2\x82");
}

static void j_numbers(pw_json *j) {
    pw_json_array_begin(j);
    pw_json_double(j, 0.1);
    pw_json_double(j, 1.5);
    pw_json_double(j, 1e300 * 1e300);
    pw_json_double(j, -0.25);
    pw_json_double(j, 100);
    pw_json_uint(j, 18446744073709551615ull);
    pw_json_int(j, -9223372036854775807ll - 1);
    pw_json_array_end(j);
}

static void test_decode(void) {
    char buf[64];
    size_t n = pw_decode(buf, sizeof buf, "a+b%20c%41%4a%zz%4%", 19);
    expect(n == 13 && strcmp(buf, "a b cAJ%zz%4%") == 0, "pw_decode: + %XX and malformed %");
    n = pw_decode(buf, 4, "abcdef", 6);
    expect(n == 6 && strcmp(buf, "abc") == 0, "pw_decode: truncation returns full length");
    n = pw_decode(buf, sizeof buf, "x%00y", 5);
    expect(n == 3 && buf[0] == 'x' && buf[1] == 0 && buf[2] == 'y', "pw_decode: %00");
    expect(pw_decode_eq("a%62+c", 6, "ab c"), "pw_decode_eq: equal");
    expect(!pw_decode_eq("a%62", 4, "abc") && !pw_decode_eq("abc", 3, "ab"), "pw_decode_eq: unequal");
}

static void test_query(void) {
    const char *qs = "a=1&&flag&b=&c=x%3Dy=z;d=4&a=2";
    pw_query_iter it;
    pw_param p;
    char buf[16];
    int count = 0;
    long long v = 0;
    pw_query_begin(&it, qs);
    while (pw_query_next(&it, &p)) count++;
    expect(count == 6, "pw_query_next: six parameters, empty segments skipped");
    pw_query_begin(&it, qs);
    pw_query_next(&it, &p);
    pw_query_next(&it, &p);
    expect(p.key_len == 4 && !p.has_value && p.value_len == 0, "pw_query_next: key without '='");
    pw_query_next(&it, &p);
    expect(p.key_len == 1 && p.has_value && p.value_len == 0, "pw_query_next: empty value");
    expect(pw_query_get(qs, "a", buf, sizeof buf) == 1 && strcmp(buf, "1") == 0, "pw_query_get: first of two");
    expect(pw_query_get(qs, "c", buf, sizeof buf) == 5 && strcmp(buf, "x=y=z") == 0, "pw_query_get: value with '='");
    expect(pw_query_get(qs, "flag", buf, sizeof buf) == 0 && buf[0] == 0, "pw_query_get: flag");
    expect(pw_query_get(qs, "zz", buf, sizeof buf) == -1, "pw_query_get: absent");
    expect(pw_query_get("?%6b+x=%E2%82%AC", "k x", buf, sizeof buf) == 3, "pw_query_get: encoded key, leading ?");
    expect(pw_query_get("", "a", buf, sizeof buf) == -1, "pw_query_get: empty query");
#if defined(__wasi__) || defined(__unix__)
    setenv("QUERY_STRING", "n=-42&m=12x&big=1234567890123456789&e=", 1);
    expect(pw_param_long("n", &v) == 1 && v == -42, "pw_param_long: negative");
    expect(pw_param_long("m", &v) == -1, "pw_param_long: trailing junk");
    expect(pw_param_long("big", &v) == -1, "pw_param_long: too many digits");
    expect(pw_param_long("e", &v) == -1, "pw_param_long: empty");
    expect(pw_param_long("none", &v) == 0, "pw_param_long: absent");
#else
    (void)v;
#endif
}

static void test_headers(void) {
#if defined(__wasi__) || defined(__unix__)
    setenv("HTTP_USER_AGENT", "t/1", 1);
    setenv("HTTP_X_MULTI_WORD", "yes", 1);
    setenv("CONTENT_TYPE", "text/x", 1);
    setenv("HTTP_CONTENT_TYPE", "shadowed", 1);
    unsetenv("CONTENT_LENGTH");
    setenv("HTTP_CONTENT_LENGTH", "7", 1);
    expect(pw_header("User-Agent") && strcmp(pw_header("user-agent"), "t/1") == 0, "pw_header: case");
    expect(pw_header("x-multi-word") && strcmp(pw_header("X-Multi-Word"), "yes") == 0, "pw_header: dashes");
    expect(strcmp(pw_header("Content-Type"), "text/x") == 0, "pw_header: CONTENT_TYPE first");
    expect(pw_header("content-length") && strcmp(pw_header("content-length"), "7") == 0,
           "pw_header: falls back to HTTP_CONTENT_LENGTH");
    expect(pw_header("absent-header") == NULL, "pw_header: absent");
#endif
}

int main(void) {
    pw_json j;
    int i;
    test_decode();
    test_query();
    test_headers();
    expect(json_is(j_nested, "{\"a\":[1,-2,{},[],true,null],\"b\":false,\"c\":{\"d\":null}}"),
           "json: nesting and commas");
    expect(json_is(j_escapes, "\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\\u0000end\""),
           "json: escapes");
    expect(json_is(j_utf8, "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80|\\ufffd|\\ufffd\\ufffd|"
                           "\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd\""),
           "json: UTF-8 passthrough and U+FFFD");
    expect(json_is(j_numbers, "[0.1,1.5,null,-0.25,100,18446744073709551615,-9223372036854775808]"),
           "json: numbers");
    expect(strcmp(pw_reason(404), "Not Found") == 0 && strcmp(pw_reason(299), "") == 0, "pw_reason");

    pw_respond(200, "application/json");
    pw_json_init(&j, stdout);
    pw_json_object_begin(&j);
    pw_json_key(&j, "passed");
    pw_json_int(&j, passed);
    pw_json_key(&j, "failed");
    pw_json_array_begin(&j);
    for (i = 0; i < nfail; i++) pw_json_string(&j, failures[i]);
    pw_json_array_end(&j);
    pw_json_object_end(&j);
    return pw_json_end(&j) == 0 ? 0 : 1;
}
