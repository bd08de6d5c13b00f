/* quicksort: fill a 4 MiB array of 1M int32 with an LCG and sort it with a
 * recursive quicksort (median of three, Hoare partition, insertion sort below
 * 16 elements); i32 loads, stores and compares over a buffer larger than the
 * L2 cache, unpredictable branches, and recursive calls.
 * One unit = one fill (new seed) and one sort, then a check of the order and
 * a sample of the sorted values go into the checksum. */
#include "bench.h"

#define COUNT (1u << 20)

static int32_t a[COUNT];
BENCH_OPAQUE(uint32_t, qs_count, COUNT);

static void insertion_sort(int32_t* v, int32_t lo, int32_t hi) {
  for (int32_t i = lo + 1; i <= hi; i++) {
    int32_t x = v[i], j = i - 1;
    while (j >= lo && v[j] > x) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

static void quicksort(int32_t* v, int32_t lo, int32_t hi) {
  while (hi - lo >= 16) {
    int32_t mid = lo + (hi - lo) / 2;
    /* Median of three: order v[lo] <= v[mid] <= v[hi]. */
    if (v[mid] < v[lo]) { int32_t t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
    if (v[hi] < v[lo]) { int32_t t = v[hi]; v[hi] = v[lo]; v[lo] = t; }
    if (v[hi] < v[mid]) { int32_t t = v[hi]; v[hi] = v[mid]; v[mid] = t; }
    int32_t pivot = v[mid];
    int32_t i = lo - 1, j = hi + 1;
    for (;;) {
      do i++; while (v[i] < pivot);
      do j--; while (v[j] > pivot);
      if (i >= j) break;
      int32_t t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    /* Recurse into the smaller half, loop on the larger: depth stays O(log n). */
    if (j - lo < hi - j) {
      quicksort(v, lo, j);
      lo = j + 1;
    } else {
      quicksort(v, j + 1, hi);
      hi = j;
    }
  }
  insertion_sort(v, lo, hi);
}

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t count = qs_count;
  uint32_t h = 0x811c9dc5u;
  for (uint32_t rep = 0; rep < n; rep++) {
    uint32_t x = 12345u + rep * 0x9e3779b9u;
    for (uint32_t i = 0; i < count; i++) {
      x = x * 1664525u + 1013904223u;
      a[i] = (int32_t)x;
    }
    quicksort(a, 0, (int32_t)count - 1);
    uint32_t unsorted = 0;
    for (uint32_t i = 1; i < count; i++) unsorted += a[i - 1] > a[i];
    h = bench_mix(h, unsorted);
    for (uint32_t i = rep % 4099; i < count; i += 4099) h = bench_mix(h, (uint32_t)a[i]);
  }
  return h;
}
