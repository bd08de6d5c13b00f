/*
 * petrel_wagi.h - a small header-only helper library for WAGI guests.
 *
 * WAGI (the WebAssembly Gateway Interface) is CGI 1.1 over WASI preview1:
 * the host describes the HTTP request in environment variables
 * (REQUEST_METHOD, PATH_INFO, QUERY_STRING, CONTENT_TYPE, CONTENT_LENGTH,
 * HTTP_<HEADER>, ...), passes the request body on stdin and reads the
 * response from stdout: header lines ("name: value"), a blank line, then the
 * body. The pseudo-header "status: 404 Not Found" sets the status code and
 * "location: /x" requests a redirect.
 *
 * Every function is `static inline`; include this header in any number of
 * translation units. C99 or later; compiles warning-free with
 *     clang --target=wasm32-wasi -O2 -Wall -Wextra
 * and also natively (it uses only the C standard library).
 *
 * Naming: everything public starts with `pw_` (types `pw_...`, macros
 * `PW_...`); names starting with `pw__` are internal.
 *
 * Sections:
 *   1. Request: method, path, query string, headers, any CGI variable.
 *   2. Query strings: percent-decoding, look-up by name, iteration.
 *   3. Request body: read all of stdin, bounded.
 *   4. Response: status, headers, start of the body.
 *   5. JSON output: escaping, numbers, booleans, objects and arrays.
 */
#ifndef PETREL_WAGI_H
#define PETREL_WAGI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================
 * 1. Request
 * ==================================================================== */

/* pw_env: the CGI/WAGI variable `name`, or `fallback` when it is unset. */
static inline const char *pw_env(const char *name, const char *fallback) {
    const char *v = getenv(name);
    return v ? v : fallback;
}

/* pw_method: the request method ("GET", "POST", ...); "" when unset. */
static inline const char *pw_method(void) { return pw_env("REQUEST_METHOD", ""); }

/* pw_path: the whole request path, SCRIPT_NAME (the matched route, e.g.
 * "/api") followed by PATH_INFO (the rest, e.g. "/users/1", percent-decoded
 * by the host per CGI); "" when neither is set. pw_path_info() is the part
 * after the route alone; X_RAW_PATH_INFO has it undecoded. */
static inline const char *pw_path_info(void) { return pw_env("PATH_INFO", ""); }
static inline const char *pw_path(void) {
    static char buf[4096];
    const char *script = pw_env("SCRIPT_NAME", ""), *info = pw_path_info();
    size_t a = strlen(script), b = strlen(info);
    if (a == 0) return info;
    if (b == 0) return script;
    if (a + b >= sizeof buf) return info; /* absurdly long: the route's part alone */
    memcpy(buf, script, a);
    memcpy(buf + a, info, b + 1);
    return buf;
}

/* pw_query_string: the raw query string, without the '?'; "" when unset. */
static inline const char *pw_query_string(void) { return pw_env("QUERY_STRING", ""); }

/* pw_header: the value of request header `name` (any case, e.g.
 * "User-Agent"), or NULL when the request had no such header.
 * Looks up HTTP_<NAME> with '-' turned into '_' and letters upper-cased;
 * Content-Type and Content-Length are CGI's CONTENT_TYPE / CONTENT_LENGTH
 * (an empty value counts as absent for those two). Names longer than 250
 * characters are never found. */
static inline const char *pw_header(const char *name) {
    char var[256];
    size_t n = strlen(name), i;
    const char *v;
    if (n > 250) return NULL;
    memcpy(var, "HTTP_", 5);
    for (i = 0; i < n; i++) {
        char c = name[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        else if (c == '-') c = '_';
        var[5 + i] = c;
    }
    var[5 + n] = '\0';
    if (strcmp(var + 5, "CONTENT_TYPE") == 0 || strcmp(var + 5, "CONTENT_LENGTH") == 0) {
        v = getenv(var + 5);
        if (v && *v) return v;
    }
    return getenv(var);
}

/* pw_method_is: 1 when the request method is `method` (exact, case-sensitive
 * as HTTP methods are), else 0. */
static inline int pw_method_is(const char *method) { return strcmp(pw_method(), method) == 0; }

/* ======================================================================
 * 2. Query strings (application/x-www-form-urlencoded)
 * ==================================================================== */

static inline int pw__hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes one byte at *p (before end), advancing *p: "%XX" -> the byte,
 * '+' -> ' ', anything else (including a malformed '%') as it is. */
static inline unsigned char pw__decode_byte(const char **p, const char *end) {
    const char *s = *p;
    if (*s == '+') { *p = s + 1; return ' '; }
    if (*s == '%' && end - s >= 3) {
        int hi = pw__hexval((unsigned char)s[1]), lo = pw__hexval((unsigned char)s[2]);
        if (hi >= 0 && lo >= 0) { *p = s + 3; return (unsigned char)(hi * 16 + lo); }
    }
    *p = s + 1;
    return (unsigned char)*s;
}

/* pw_decode: form-decodes the `len` bytes at `src` ("%41" -> 'A', '+' -> ' ';
 * a '%' not followed by two hex digits is kept as it is) into `dst`, which
 * has room for `cap` bytes; the result is always NUL-terminated when
 * cap > 0, truncated if need be. Returns the full decoded length (as
 * snprintf does): the output was truncated if the result is >= cap.
 * A decoded length never exceeds `len`, so cap = len + 1 always suffices.
 * The result may contain NUL bytes ("%00"); use the returned length. */
static inline size_t pw_decode(char *dst, size_t cap, const char *src, size_t len) {
    const char *p = src, *end = src + len;
    size_t n = 0;
    while (p < end) {
        unsigned char c = pw__decode_byte(&p, end);
        if (n + 1 < cap) dst[n] = (char)c;
        n++;
    }
    if (cap > 0) dst[n < cap ? n : cap - 1] = '\0';
    return n;
}

/* pw_decode_eq: 1 when the form-encoded `len` bytes at `enc` decode to
 * exactly the NUL-terminated string `plain`, else 0. No buffer needed. */
static inline int pw_decode_eq(const char *enc, size_t len, const char *plain) {
    const char *p = enc, *end = enc + len;
    while (p < end) {
        if (*plain == '\0' || pw__decode_byte(&p, end) != (unsigned char)*plain) return 0;
        plain++;
    }
    return *plain == '\0';
}

/* One query parameter, as raw (still encoded) spans into the query string.
 * For "a=1&flag&b=" the parameters are {a, "1"}, {flag, no value} and
 * {b, ""}: has_value tells "flag" (0) from "flag=" (1). */
typedef struct pw_param {
    const char *key;    /* encoded key, not NUL-terminated */
    size_t key_len;
    const char *value;  /* encoded value, not NUL-terminated ("" if none) */
    size_t value_len;
    int has_value;      /* 1 if there was an '=' */
} pw_param;

/* Iterator over the parameters of a query string. */
typedef struct pw_query_iter {
    const char *p;
} pw_query_iter;

/* pw_query_begin: starts iterating over `qs` (e.g. pw_query_string()); a
 * leading '?' is skipped. `qs` must stay alive while iterating. */
static inline void pw_query_begin(pw_query_iter *it, const char *qs) {
    it->p = (qs && *qs == '?') ? qs + 1 : (qs ? qs : "");
}

/* pw_query_next: stores the next parameter in *out and returns 1, or
 * returns 0 when there are no more. Empty segments ("a=1&&b=2") are
 * skipped; both '&' and ';' separate parameters. Decode the spans with
 * pw_decode / pw_decode_eq. */
static inline int pw_query_next(pw_query_iter *it, pw_param *out) {
    const char *s = it->p, *e, *eq;
    while (*s == '&' || *s == ';') s++;
    if (*s == '\0') { it->p = s; return 0; }
    e = s;
    while (*e && *e != '&' && *e != ';') e++;
    eq = (const char *)memchr(s, '=', (size_t)(e - s));
    out->key = s;
    if (eq) {
        out->key_len = (size_t)(eq - s);
        out->value = eq + 1;
        out->value_len = (size_t)(e - eq - 1);
        out->has_value = 1;
    } else {
        out->key_len = (size_t)(e - s);
        out->value = e;
        out->value_len = 0;
        out->has_value = 0;
    }
    it->p = e;
    return 1;
}

/* pw_query_find: finds the first parameter of `qs` whose decoded key is
 * `name`; stores it in *out (may be NULL) and returns 1, or returns 0. */
static inline int pw_query_find(const char *qs, const char *name, pw_param *out) {
    pw_query_iter it;
    pw_param p;
    pw_query_begin(&it, qs);
    while (pw_query_next(&it, &p)) {
        if (pw_decode_eq(p.key, p.key_len, name)) {
            if (out) *out = p;
            return 1;
        }
    }
    return 0;
}

/* pw_query_get: decodes the value of the first parameter named `name` in
 * `qs` into buf (cap bytes, NUL-terminated; a parameter without '=' gives
 * ""). Returns the full decoded length (truncated if >= cap), or -1 when
 * there is no such parameter. */
static inline long pw_query_get(const char *qs, const char *name, char *buf, size_t cap) {
    pw_param p;
    if (!pw_query_find(qs, name, &p)) {
        if (cap > 0) buf[0] = '\0';
        return -1;
    }
    return (long)pw_decode(buf, cap, p.value, p.value_len);
}

/* pw_param_get: pw_query_get on this request's QUERY_STRING. */
static inline long pw_param_get(const char *name, char *buf, size_t cap) {
    return pw_query_get(pw_query_string(), name, buf, cap);
}

/* pw_param_long: the query parameter `name` of this request as a decimal
 * integer in *out. Returns 1 on success, 0 when the parameter is absent
 * (*out untouched), -1 when it is present but not an integer (optional
 * sign, then 1 to 18 digits, nothing else). */
static inline int pw_param_long(const char *name, long long *out) {
    char buf[32];
    long len = pw_param_get(name, buf, sizeof buf);
    const char *s = buf;
    long long v = 0;
    int neg = 0, digits = 0;
    if (len < 0) return 0;
    if ((size_t)len >= sizeof buf) return -1;
    if (*s == '-' || *s == '+') neg = (*s++ == '-');
    for (; *s >= '0' && *s <= '9'; s++) {
        if (++digits > 18) return -1;
        v = v * 10 + (*s - '0');
    }
    if (digits == 0 || *s != '\0') return -1;
    *out = neg ? -v : v;
    return 1;
}

/* ======================================================================
 * 3. Request body
 * ==================================================================== */

/* Results of pw_read_body; see pw_strerror. */
#define PW_OK 0
#define PW_ETOOBIG (-1)   /* body larger than the limit */
#define PW_EBADLEN (-2)   /* CONTENT_LENGTH is not a decimal number */
#define PW_ESHORT (-3)    /* stdin ended before CONTENT_LENGTH bytes */
#define PW_ENOMEM (-4)    /* malloc failed */
#define PW_EIO (-5)       /* read error on stdin */

/* pw_strerror: a short English message for a PW_E... code. */
static inline const char *pw_strerror(int err) {
    switch (err) {
    case PW_OK: return "ok";
    case PW_ETOOBIG: return "request body too large";
    case PW_EBADLEN: return "invalid CONTENT_LENGTH";
    case PW_ESHORT: return "request body shorter than CONTENT_LENGTH";
    case PW_ENOMEM: return "out of memory";
    case PW_EIO: return "error reading the request body";
    default: return "unknown error";
    }
}

/* pw_read_body: reads the whole request body from stdin into a malloc'd
 * buffer (*out, to free(); it has an extra NUL byte after the data, not
 * counted in *len, so a text body can be used as a C string).
 *   - CONTENT_LENGTH set and non-empty: it must be a decimal number; if it
 *     is over `max` fails with PW_ETOOBIG without reading; otherwise reads
 *     exactly that many bytes (PW_ESHORT if stdin ends first). Bytes after
 *     them are left unread.
 *   - CONTENT_LENGTH unset or empty: reads to end of file, failing with
 *     PW_ETOOBIG as soon as more than `max` bytes arrive.
 * Returns PW_OK, or a PW_E... code with *out = NULL and *len = 0. */
static inline int pw_read_body(char **out, size_t *len, size_t max) {
    const char *cl = getenv("CONTENT_LENGTH");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    *out = NULL;
    *len = 0;
    if (cl && *cl) {
        unsigned long long want = 0;
        const char *s = cl;
        for (; *s; s++) {
            if (*s < '0' || *s > '9') return PW_EBADLEN;
            if (want > (unsigned long long)max / 10) return PW_ETOOBIG;
            want = want * 10 + (unsigned long long)(*s - '0');
            if (want > (unsigned long long)max) return PW_ETOOBIG;
        }
        buf = (char *)malloc((size_t)want + 1);
        if (!buf) return PW_ENOMEM;
        while (n < (size_t)want) {
            size_t got = fread(buf + n, 1, (size_t)want - n, stdin);
            if (got == 0) {
                int err = ferror(stdin) ? PW_EIO : PW_ESHORT;
                free(buf);
                return err;
            }
            n += got;
        }
    } else {
        for (;;) {
            size_t got;
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 4096;
                char *nb;
                if (max < (size_t)-1 / 2 && ncap > max + 1)
                    ncap = max + 1; /* room to see one byte too many */
                if (ncap <= cap) { free(buf); return PW_ETOOBIG; }
                nb = (char *)realloc(buf, ncap + 1);
                if (!nb) { free(buf); return PW_ENOMEM; }
                buf = nb;
                cap = ncap;
            }
            got = fread(buf + n, 1, cap - n, stdin);
            if (got == 0) {
                if (ferror(stdin)) { free(buf); return PW_EIO; }
                break;
            }
            n += got;
            if (n > max) { free(buf); return PW_ETOOBIG; }
        }
        if (!buf) {
            buf = (char *)malloc(1);
            if (!buf) return PW_ENOMEM;
        }
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return PW_OK;
}

/* ======================================================================
 * 4. Response
 *
 * Write the status (optional: the default is 200), then any headers, then
 * call pw_begin_body() and write the body to stdout (printf, fwrite, the
 * JSON helpers below). Lines end in "\n", as in WAGI.
 * ==================================================================== */

/* pw_reason: the standard reason phrase for an HTTP status code, or "" */
static inline const char *pw_reason(int code) {
    switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "";
    }
}

/* Writes s with CR and LF replaced by spaces, so that a value can never
 * end its header line early (header injection). */
static inline void pw__put_header_text(const char *s) {
    for (; *s; s++) putchar((*s == '\r' || *s == '\n') ? ' ' : *s);
}

/* pw_write_header: writes the response header line "name: value". */
static inline void pw_write_header(const char *name, const char *value) {
    pw__put_header_text(name);
    fputs(": ", stdout);
    pw__put_header_text(value);
    putchar('\n');
}

/* pw_write_status: writes "status: CODE REASON"; reason NULL means the
 * standard phrase (pw_reason). */
static inline void pw_write_status(int code, const char *reason) {
    printf("status: %d", code);
    if (!reason) reason = pw_reason(code);
    if (*reason) {
        putchar(' ');
        pw__put_header_text(reason);
    }
    putchar('\n');
}

/* pw_begin_body: ends the headers (the blank line); the body follows. */
static inline void pw_begin_body(void) { putchar('\n'); }

/* pw_respond: the common case: status, content-type, and the blank line. */
static inline void pw_respond(int code, const char *content_type) {
    pw_write_status(code, NULL);
    pw_write_header("content-type", content_type);
    pw_begin_body();
}

/* pw_respond_text: a whole text/plain response: status, headers, and
 * `message` plus a newline as the body (for errors: 400, 413, ...). */
static inline void pw_respond_text(int code, const char *message) {
    pw_respond(code, "text/plain; charset=utf-8");
    fputs(message, stdout);
    putchar('\n');
}

/* ======================================================================
 * 5. JSON output
 *
 *     pw_json j;
 *     pw_json_init(&j, stdout);
 *     pw_json_object_begin(&j);
 *     pw_json_key(&j, "name");  pw_json_string(&j, "petrel");
 *     pw_json_key(&j, "tags");  pw_json_array_begin(&j);
 *                               pw_json_int(&j, 1); pw_json_bool(&j, 1);
 *                               pw_json_array_end(&j);
 *     pw_json_object_end(&j);      ->  {"name":"petrel","tags":[1,true]}
 *
 * The writer inserts the commas. Strings are escaped per RFC 8259: '"',
 * '\\' and all control characters U+0000..U+001F; valid UTF-8 passes
 * through unchanged; each byte of an invalid UTF-8 sequence becomes
 * U+FFFD, so the output is always valid JSON.
 * ==================================================================== */

#ifndef PW_JSON_MAX_DEPTH
#define PW_JSON_MAX_DEPTH 32
#endif

/* JSON writer state; initialise with pw_json_init. */
typedef struct pw_json {
    FILE *out;
    int depth;                                 /* open objects/arrays */
    unsigned char has_item[PW_JSON_MAX_DEPTH + 1]; /* per level: need a comma */
    int after_key;                             /* a key was just written */
    int error;                                 /* nesting misuse seen */
} pw_json;

/* pw_json_init: a writer that writes to `out` (usually stdout). */
static inline void pw_json_init(pw_json *j, FILE *out) {
    memset(j, 0, sizeof *j);
    j->out = out;
}

/* Length of the valid UTF-8 sequence at s (n bytes available), or 0. */
static inline size_t pw__utf8_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    size_t len, i;
    uint32_t cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1Fu; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0Fu; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07u; }
    else return 0;
    if (n < len) return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0; /* overlong */
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;                            /* surrogate */
    if (cp > 0x10FFFF) return 0;
    return len;
}

/* pw_json_write_string: writes `len` bytes at s as a quoted, escaped JSON
 * string to `out` (no writer state involved). */
static inline void pw_json_write_string(FILE *out, const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    putc('"', out);
    while (p < end) {
        unsigned char c = *p;
        size_t n;
        if (c == '"' || c == '\\') { putc('\\', out); putc(c, out); p++; continue; }
        if (c < 0x20) {
            switch (c) {
            case '\b': fputs("\\b", out); break;
            case '\f': fputs("\\f", out); break;
            case '\n': fputs("\\n", out); break;
            case '\r': fputs("\\r", out); break;
            case '\t': fputs("\\t", out); break;
            default: fprintf(out, "\\u%04x", (unsigned)c); break;
            }
            p++;
            continue;
        }
        n = pw__utf8_len(p, (size_t)(end - p));
        if (n == 0) { fputs("\\ufffd", out); p++; continue; }
        fwrite(p, 1, n, out);
        p += n;
    }
    putc('"', out);
}

/* Comma and key bookkeeping before any value or key. */
static inline void pw__json_sep(pw_json *j) {
    if (j->after_key) { j->after_key = 0; return; }
    if (j->has_item[j->depth]) putc(',', j->out);
    j->has_item[j->depth] = 1;
}

static inline void pw__json_open(pw_json *j, char c) {
    pw__json_sep(j);
    putc(c, j->out);
    if (j->depth < PW_JSON_MAX_DEPTH) j->has_item[++j->depth] = 0;
    else j->error = 1;
}

static inline void pw__json_close(pw_json *j, char c) {
    if (j->depth > 0) j->depth--;
    else j->error = 1;
    j->after_key = 0;
    putc(c, j->out);
}

/* pw_json_object_begin / _end: "{" ... "}" */
static inline void pw_json_object_begin(pw_json *j) { pw__json_open(j, '{'); }
static inline void pw_json_object_end(pw_json *j) { pw__json_close(j, '}'); }
/* pw_json_array_begin / _end: "[" ... "]" */
static inline void pw_json_array_begin(pw_json *j) { pw__json_open(j, '['); }
static inline void pw_json_array_end(pw_json *j) { pw__json_close(j, ']'); }

/* pw_json_key_n: an object member's key (len bytes); the value follows. */
static inline void pw_json_key_n(pw_json *j, const char *key, size_t len) {
    pw__json_sep(j);
    pw_json_write_string(j->out, key, len);
    putc(':', j->out);
    j->after_key = 1;
}
/* pw_json_key: as pw_json_key_n for a NUL-terminated key. */
static inline void pw_json_key(pw_json *j, const char *key) { pw_json_key_n(j, key, strlen(key)); }

/* pw_json_string_n: a string value of len bytes (may contain NULs). */
static inline void pw_json_string_n(pw_json *j, const char *s, size_t len) {
    pw__json_sep(j);
    pw_json_write_string(j->out, s, len);
}
/* pw_json_string: a NUL-terminated string value; NULL writes null. */
static inline void pw_json_string(pw_json *j, const char *s) {
    pw__json_sep(j);
    if (s) pw_json_write_string(j->out, s, strlen(s));
    else fputs("null", j->out);
}

/* pw_json_int: an integer value. */
static inline void pw_json_int(pw_json *j, long long v) {
    pw__json_sep(j);
    fprintf(j->out, "%lld", v);
}

/* pw_json_uint: an unsigned integer value (sizes, counts). */
static inline void pw_json_uint(pw_json *j, unsigned long long v) {
    pw__json_sep(j);
    fprintf(j->out, "%llu", v);
}

/* pw_json_double: a number, in the shortest of %.15g/%.16g/%.17g that reads
 * back exactly; NaN and infinities (not representable in JSON) write null. */
static inline void pw_json_double(pw_json *j, double v) {
    char buf[40];
    int prec;
    pw__json_sep(j);
    if (v != v || v - v != 0) { fputs("null", j->out); return; }
    for (prec = 15; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    if (prec == 17) snprintf(buf, sizeof buf, "%.17g", v);
    fputs(buf, j->out);
}

/* pw_json_bool: true or false. */
static inline void pw_json_bool(pw_json *j, int v) {
    pw__json_sep(j);
    fputs(v ? "true" : "false", j->out);
}

/* pw_json_null: null. */
static inline void pw_json_null(pw_json *j) {
    pw__json_sep(j);
    fputs("null", j->out);
}

/* pw_json_raw: `text` inserted as one value, unchanged (must be valid JSON). */
static inline void pw_json_raw(pw_json *j, const char *text) {
    pw__json_sep(j);
    fputs(text, j->out);
}

/* pw_json_end: ends the document with a newline; returns 0 if every
 * object/array was closed and nesting stayed within PW_JSON_MAX_DEPTH,
 * else -1. */
static inline int pw_json_end(pw_json *j) {
    putc('\n', j->out);
    return (j->error || j->depth != 0) ? -1 : 0;
}

#ifdef __cplusplus
}
#endif

#endif /* PETREL_WAGI_H */
