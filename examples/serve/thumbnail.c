/* thumbnail.c - scales a POSTed image.
 *
 *   POST /thumbnail?max=128          body: a PNG or a binary PPM (P6)
 *   POST /thumbnail?w=200            -> height follows the aspect ratio
 *   POST /thumbnail?h=50&format=ppm  -> width follows; answer as PPM
 *   POST /thumbnail?w=64&h=64        -> exactly 64x64 (may distort)
 *
 * Answers 200 with image/png (or image/x-portable-pixmap for format=ppm).
 * max=N fits the image in an NxN box keeping its aspect ratio and never
 * enlarges it; w and h scale to exactly what is asked (enlarging too).
 * Scaling is area averaging (a box filter: each output pixel is the mean
 * of the source area it covers, weighted by coverage), with alpha
 * premultiplied while averaging. PNG keeps the source's channels (grey,
 * grey+alpha, RGB, RGBA); PPM output is RGB, alpha composited over white.
 * Bad input (no or malformed image, bad parameters, too large) gets 400
 * with a one-line message; a method other than POST gets 405.
 *
 * PNG decoding and encoding use stb_image / stb_image_write from Debian's
 * libstb-dev (/usr/include/stb), compiled into this module.
 */
#include <math.h>

#include "petrel_wagi.h"

#define MAX_BODY (8u * 1024u * 1024u)          /* bytes of request body */
#define MAX_IN_PIXELS (16u * 1024u * 1024u)    /* decoded source pixels */
#define MAX_OUT_SIDE 2048                      /* output width or height */

/* ---- stb, configured for wasm32-wasi: no file I/O (we decode from
 * memory), no SSE, no thread-local error string, PNG only. ---- */
#define STBI_NO_STDIO
#define STBI_NO_SIMD
#define STBI_NO_THREAD_LOCALS
#define STBI_ONLY_PNG
#define STBI_MAX_DIMENSIONS 16384
#define STB_IMAGE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#define STB_IMAGE_WRITE_IMPLEMENTATION
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wall"
#pragma clang diagnostic ignored "-Wextra"
#elif defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#endif
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>
#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

typedef struct {
    int w, h, c;        /* c: channels, 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA */
    unsigned char *px;  /* w*h*c bytes, rows top to bottom */
    int from_stb;       /* px must be released with stbi_image_free */
} image;

static void image_free(image *im) {
    if (im->from_stb) stbi_image_free(im->px);
    else free(im->px);
    im->px = NULL;
}

static void bad_request(const char *msg) { pw_respond_text(400, msg); }

/* ---- PPM (P6) ---- */

/* Skips whitespace and '#' comments in a PPM header. */
static size_t ppm_skip(const unsigned char *b, size_t n, size_t i) {
    while (i < n) {
        if (b[i] == '#') {
            while (i < n && b[i] != '\n' && b[i] != '\r') i++;
        } else if (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' ||
                   b[i] == '\v' || b[i] == '\f') {
            i++;
        } else {
            break;
        }
    }
    return i;
}

/* Reads a decimal header field; 0 on a malformed or out-of-range one. */
static size_t ppm_number(const unsigned char *b, size_t n, size_t i, long *out) {
    long v = 0;
    size_t start;
    i = ppm_skip(b, n, i);
    start = i;
    while (i < n && b[i] >= '0' && b[i] <= '9') {
        v = v * 10 + (b[i] - '0');
        if (v > 1000000) return 0;
        i++;
    }
    if (i == start) return 0;
    *out = v;
    return i;
}

/* Decodes a binary PPM; returns NULL or an error message. */
static const char *ppm_decode(const unsigned char *b, size_t n, image *im) {
    long w, h, maxval;
    size_t i = 2, need, k, bps;
    if (!(i = ppm_number(b, n, i, &w)) || !(i = ppm_number(b, n, i, &h)) ||
        !(i = ppm_number(b, n, i, &maxval)))
        return "malformed PPM header (expected \"P6 width height maxval\")";
    if (w < 1 || h < 1) return "PPM width and height must be at least 1";
    if (maxval < 1 || maxval > 65535) return "PPM maxval must be from 1 to 65535";
    if ((unsigned long)w * (unsigned long)h > MAX_IN_PIXELS) return "image too large";
    if (i >= n || !(b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r'))
        return "malformed PPM header (no whitespace before the pixels)";
    i++; /* exactly one whitespace byte, then the raster */
    bps = maxval > 255 ? 2 : 1;
    need = (size_t)w * (size_t)h * 3;
    if (n - i < need * bps) return "PPM pixel data is truncated";
    im->w = (int)w;
    im->h = (int)h;
    im->c = 3;
    im->from_stb = 0;
    im->px = malloc(need);
    if (!im->px) return "image too large (out of memory)";
    for (k = 0; k < need; k++) {
        unsigned long v = bps == 2 ? (unsigned long)b[i + 2 * k] << 8 | b[i + 2 * k + 1]
                                   : b[i + k];
        if (v > (unsigned long)maxval) v = (unsigned long)maxval;
        im->px[k] = (unsigned char)((v * 255 + (unsigned long)maxval / 2) / (unsigned long)maxval);
    }
    return NULL;
}

/* ---- decoding by content ---- */

static const char *decode(const unsigned char *b, size_t n, image *im) {
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n == 0) return "empty body: POST a PNG or binary PPM (P6) image";
    if (n >= 2 && b[0] == 'P' && b[1] == '6') return ppm_decode(b, n, im);
    if (n >= 8 && memcmp(b, png_sig, 8) == 0) {
        int w, h, c;
        if (n > 0x7fffffff) return "image too large";
        if (!stbi_info_from_memory(b, (int)n, &w, &h, &c)) return "malformed PNG";
        if ((unsigned long)w * (unsigned long)h > MAX_IN_PIXELS) return "image too large";
        im->px = stbi_load_from_memory(b, (int)n, &im->w, &im->h, &im->c, 0);
        if (!im->px) return "malformed PNG";
        im->from_stb = 1;
        return NULL;
    }
    return "unsupported image format (expected PNG or binary PPM P6)";
}

/* ---- area-averaging resize ---- */

/* How the output pixels along one axis (dst of them) cover the src source
 * pixels: output o is the weighted sum of source pixels start[o] ..
 * start[o] + count[o] - 1, with weights w[o * stride + i] summing to 1;
 * each weight is the length of the overlap of the source pixel with the
 * output pixel's interval [o * src/dst, (o + 1) * src/dst). */
typedef struct {
    int *start, *count, stride;
    double *w;
} spans;

static void spans_free(spans *s) {
    free(s->start);
    free(s->count);
    free(s->w);
    s->start = s->count = NULL;
    s->w = NULL;
}

static int spans_make(spans *s, int src, int dst) {
    const double scale = (double)src / dst;
    int o, i;
    s->stride = (int)ceil(scale) + 1;
    s->start = malloc((size_t)dst * sizeof *s->start);
    s->count = malloc((size_t)dst * sizeof *s->count);
    s->w = malloc((size_t)dst * (size_t)s->stride * sizeof *s->w);
    if (!s->start || !s->count || !s->w) {
        spans_free(s);
        return -1;
    }
    for (o = 0; o < dst; o++) {
        double lo = o * scale, hi = (o + 1) * scale, sum = 0, *w = s->w + (size_t)o * (size_t)s->stride;
        int j0 = (int)lo, j1 = (int)ceil(hi);
        if (j1 > src) j1 = src;
        if (j1 - j0 > s->stride) j1 = j0 + s->stride; /* rounding guard; never expected */
        for (i = 0; i < j1 - j0; i++) {
            double x = j0 + i, v = fmin(hi, x + 1) - fmax(lo, x);
            w[i] = v > 0 ? v : 0;
            sum += w[i];
        }
        for (i = 0; i < j1 - j0; i++) w[i] = sum > 0 ? w[i] / sum : 0;
        s->start[o] = j0;
        s->count[o] = j1 - j0;
    }
    return 0;
}

/* Resamples one source row to dw pixels of doubles (the channels of each
 * output pixel: the weighted mean of the source pixels it covers). With
 * alpha (c = 2 or 4) the colours are premultiplied by alpha/255. */
static void resample_row(const unsigned char *row, const spans *xs, int dw, int c, double *out) {
    const int alpha = (c == 2 || c == 4);
    int ox, i, k;
    for (ox = 0; ox < dw; ox++) {
        const double *w = xs->w + (size_t)ox * (size_t)xs->stride;
        const unsigned char *p = row + (size_t)xs->start[ox] * (size_t)c;
        double acc[4] = {0, 0, 0, 0};
        for (i = 0; i < xs->count[ox]; i++, p += c) {
            if (alpha) {
                double wa = w[i] * p[c - 1] / 255.0;
                for (k = 0; k < c - 1; k++) acc[k] += wa * p[k];
                acc[c - 1] += w[i] * p[c - 1];
            } else {
                for (k = 0; k < c; k++) acc[k] += w[i] * p[k];
            }
        }
        for (k = 0; k < c; k++) out[(size_t)ox * (size_t)c + k] = acc[k];
    }
}

static unsigned char to_byte(double v) {
    if (v <= 0) return 0;
    if (v >= 255) return 255;
    return (unsigned char)(v + 0.5);
}

/* Scales src to dw x dh into dst (same channels); 0 on success. Works a
 * row at a time (each source row is resampled horizontally once, when
 * first needed), so the scratch memory is O(dw), not O(dw * src->h). */
static int resize(const image *src, int dw, int dh, image *dst) {
    const int c = src->c, alpha = (c == 2 || c == 4);
    const size_t rowlen = (size_t)dw * (size_t)c;
    spans xs = {NULL, NULL, 0, NULL}, ys = {NULL, NULL, 0, NULL};
    double *acc = malloc(rowlen * sizeof *acc), *ring;
    int oy, i, cached_first = 0, cached_n = 0;
    size_t k;
    dst->w = dw;
    dst->h = dh;
    dst->c = c;
    dst->from_stb = 0;
    dst->px = malloc(rowlen * (size_t)dh);
    if (spans_make(&xs, src->w, dw) || spans_make(&ys, src->h, dh)) ys.stride = 0;
    /* ring: the resampled source rows of the current output row */
    ring = ys.stride ? malloc(rowlen * (size_t)ys.stride * sizeof *ring) : NULL;
    if (!acc || !ring || !dst->px) {
        free(acc);
        free(ring);
        free(dst->px);
        dst->px = NULL;
        spans_free(&xs);
        spans_free(&ys);
        return -1;
    }
    for (oy = 0; oy < dh; oy++) {
        const double *w = ys.w + (size_t)oy * (size_t)ys.stride;
        const int y0 = ys.start[oy], n = ys.count[oy];
        unsigned char *out = dst->px + rowlen * (size_t)oy;
        memset(acc, 0, rowlen * sizeof *acc);
        for (i = 0; i < n; i++) {
            const int y = y0 + i;
            double *row = ring + rowlen * (size_t)(y % ys.stride);
            if (y < cached_first || y >= cached_first + cached_n) {
                resample_row(src->px + (size_t)y * (size_t)src->w * (size_t)c, &xs, dw, c, row);
                if (y == cached_first + cached_n && cached_n < ys.stride) {
                    cached_n++;
                } else if (y == cached_first + cached_n) {
                    cached_first++; /* slot y % stride held row y - stride */
                } else {
                    cached_first = y;
                    cached_n = 1;
                }
            }
            for (k = 0; k < rowlen; k++) acc[k] += w[i] * row[k];
        }
        for (k = 0; k < rowlen; k += (size_t)c) {
            int ch;
            if (alpha) {
                double a = acc[k + c - 1];
                for (ch = 0; ch < c - 1; ch++) out[k + ch] = a > 0 ? to_byte(acc[k + ch] * 255.0 / a) : 0;
                out[k + c - 1] = to_byte(a);
            } else {
                for (ch = 0; ch < c; ch++) out[k + ch] = to_byte(acc[k + ch]);
            }
        }
    }
    free(acc);
    free(ring);
    spans_free(&xs);
    spans_free(&ys);
    return 0;
}

/* ---- output ---- */

typedef struct {
    unsigned char *data;
    size_t len, cap;
    int failed;
} membuf;

static void membuf_write(void *ctx, void *data, int size) {
    membuf *m = ctx;
    if (m->failed || size <= 0) return;
    if (m->len + (size_t)size > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 65536;
        unsigned char *nd;
        while (ncap < m->len + (size_t)size) ncap *= 2;
        nd = realloc(m->data, ncap);
        if (!nd) { m->failed = 1; return; }
        m->data = nd;
        m->cap = ncap;
    }
    memcpy(m->data + m->len, data, (size_t)size);
    m->len += (size_t)size;
}

static void write_ppm(const image *im) {
    size_t i, n = (size_t)im->w * (size_t)im->h;
    pw_respond(200, "image/x-portable-pixmap");
    printf("P6\n%d %d\n255\n", im->w, im->h);
    for (i = 0; i < n; i++) {
        const unsigned char *p = im->px + i * (size_t)im->c;
        unsigned char rgb[3];
        int k;
        switch (im->c) {
        case 1: rgb[0] = rgb[1] = rgb[2] = p[0]; break;
        case 2: rgb[0] = rgb[1] = rgb[2] = (unsigned char)((p[0] * p[1] + 255 * (255 - p[1]) + 127) / 255); break;
        case 3: memcpy(rgb, p, 3); break;
        default:
            for (k = 0; k < 3; k++) rgb[k] = (unsigned char)((p[k] * p[3] + 255 * (255 - p[3]) + 127) / 255);
            break;
        }
        fwrite(rgb, 1, 3, stdout);
    }
}

static int write_png(const image *im) {
    membuf m = {NULL, 0, 0, 0};
    if (!stbi_write_png_to_func(membuf_write, &m, im->w, im->h, im->c, im->px, im->w * im->c) ||
        m.failed) {
        free(m.data);
        return -1;
    }
    pw_respond(200, "image/png");
    fwrite(m.data, 1, m.len, stdout);
    free(m.data);
    return 0;
}

/* ---- request ---- */

/* Reads query parameter `name` as a size from 1 to MAX_OUT_SIDE into *out
 * (0 if absent); returns 0, or -1 after answering 400. */
static int side_param(const char *name, int *out) {
    long long v = 0;
    int r = pw_param_long(name, &v);
    *out = 0;
    if (r == 0) return 0;
    if (r < 0 || v < 1 || v > MAX_OUT_SIDE) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s must be an integer from 1 to %d", name, MAX_OUT_SIDE);
        bad_request(msg);
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int scaled(int a, int num, int den) {
    long long v = ((long long)a * num * 2 + den) / (2LL * den); /* rounded */
    return v < 1 ? 1 : (int)v;
}

int main(void) {
    char *body = NULL, format[8];
    size_t len = 0;
    int w, h, max, ppm = 0, err;
    image src = {0, 0, 0, NULL, 0}, dst = {0, 0, 0, NULL, 0};
    const char *msg;

    if (!pw_method_is("POST")) {
        pw_write_status(405, NULL);
        pw_write_header("allow", "POST");
        pw_write_header("content-type", "text/plain; charset=utf-8");
        pw_begin_body();
        puts("POST an image to this URL");
        return 0;
    }
    if (side_param("w", &w) || side_param("h", &h) || side_param("max", &max)) return 0;
    if (max && (w || h)) { bad_request("give max, or w and/or h, not both"); return 0; }
    if (!max && !w && !h) { bad_request("give w and/or h, or max (e.g. ?max=128)"); return 0; }
    if (pw_param_get("format", format, sizeof format) >= 0) {
        if (strcmp(format, "ppm") == 0) ppm = 1;
        else if (strcmp(format, "png") != 0) { bad_request("format must be png or ppm"); return 0; }
    }

    err = pw_read_body(&body, &len, MAX_BODY);
    if (err == PW_ETOOBIG) { pw_respond_text(413, "image over 8 MiB"); return 0; }
    if (err != PW_OK) { bad_request(pw_strerror(err)); return 0; }
    msg = decode((const unsigned char *)body, len, &src);
    free(body);
    if (msg) { bad_request(msg); return 0; }

    if (max) {
        int longer = src.w > src.h ? src.w : src.h;
        if (longer <= max) { w = src.w; h = src.h; }
        else if (src.w >= src.h) { w = max; h = scaled(src.h, max, src.w); }
        else { h = max; w = scaled(src.w, max, src.h); }
    } else if (!h) {
        h = scaled(src.h, w, src.w);
    } else if (!w) {
        w = scaled(src.w, h, src.h);
    }
    if (w > MAX_OUT_SIDE || h > MAX_OUT_SIDE) {
        image_free(&src);
        bad_request("the scaled image would be over 2048 pixels on a side");
        return 0;
    }
    if (resize(&src, w, h, &dst) != 0) {
        image_free(&src);
        pw_respond_text(500, "out of memory");
        return 0;
    }
    image_free(&src);
    if (ppm) write_ppm(&dst);
    else if (write_png(&dst) != 0) pw_respond_text(500, "PNG encoding failed");
    image_free(&dst);
    return 0;
}
