/* coremix: a mixed workload in the spirit of CoreMark (our own code, not
 * CoreMark's): linked-list processing, small integer matrix operations, a
 * number-recognising state machine, and a bitwise CRC-16 that chains the
 * results of the three together. Pointer chasing, small loops, short branchy
 * functions, 16-bit loads and stores, and a switch.
 * One unit = one round of all four parts, on data that changes every round. */
#include "bench.h"

/* ---- CRC-16 (reflected, polynomial 0xA001), one bit at a time ---------- */

static uint16_t crc8(uint8_t data, uint16_t crc) {
  for (int i = 0; i < 8; i++) {
    uint16_t mix = (uint16_t)((crc ^ data) & 1);
    crc >>= 1;
    if (mix) crc ^= 0xA001;
    data >>= 1;
  }
  return crc;
}

static uint16_t crc16(uint16_t v, uint16_t crc) { return crc8((uint8_t)(v >> 8), crc8((uint8_t)v, crc)); }
static uint16_t crc32v(uint32_t v, uint16_t crc) { return crc16((uint16_t)(v >> 16), crc16((uint16_t)v, crc)); }

static uint32_t lcg(uint32_t* s) {
  *s = *s * 1103515245u + 12345u;
  return *s >> 16;
}

/* ---- Linked list ------------------------------------------------------- */

#define LIST_NODES 200

struct node {
  struct node* next;
  int16_t data;
  int16_t idx;
};

static struct node pool[LIST_NODES];
BENCH_OPAQUE(uint32_t, list_nodes, LIST_NODES);

static struct node* list_build(uint32_t count, uint32_t* seed) {
  struct node* head = 0;
  for (uint32_t i = count; i-- > 0;) {
    pool[i].data = (int16_t)(lcg(seed) & 0x7fff);
    pool[i].idx = (int16_t)i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

static int cmp_data(const struct node* a, const struct node* b) {
  /* By the low byte first, then the whole value, then the index. */
  int da = a->data & 0xff, db = b->data & 0xff;
  if (da != db) return da - db;
  if (a->data != b->data) return a->data - b->data;
  return a->idx - b->idx;
}

static int cmp_idx(const struct node* a, const struct node* b) { return a->idx - b->idx; }

/* Bottom-up merge sort of a singly linked list. */
static struct node* list_sort(struct node* list, int (*cmp)(const struct node*, const struct node*)) {
  if (!list) return list;
  for (uint32_t width = 1;; width *= 2) {
    struct node *p = list, *head = 0, *tail = 0;
    uint32_t merges = 0;
    while (p) {
      merges++;
      struct node* q = p;
      uint32_t psize = 0;
      for (uint32_t i = 0; i < width && q; i++) {
        psize++;
        q = q->next;
      }
      uint32_t qsize = width;
      while (psize > 0 || (qsize > 0 && q)) {
        struct node* e;
        if (psize == 0) {
          e = q, q = q->next, qsize--;
        } else if (qsize == 0 || !q || cmp(p, q) <= 0) {
          e = p, p = p->next, psize--;
        } else {
          e = q, q = q->next, qsize--;
        }
        if (tail) tail->next = e;
        else head = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    list = head;
    if (merges <= 1) return list;
  }
}

static struct node* list_reverse(struct node* list) {
  struct node* prev = 0;
  while (list) {
    struct node* next = list->next;
    list->next = prev;
    prev = list;
    list = next;
  }
  return prev;
}

/* Position of the first node whose data has low byte `key`, or -1. */
static int32_t list_find(const struct node* list, int16_t key) {
  int32_t pos = 0;
  for (; list; list = list->next, pos++)
    if ((list->data & 0xff) == key) return pos;
  return -1;
}

static uint16_t list_round(struct node** head, uint32_t rep, uint16_t crc) {
  uint32_t seed = rep * 2654435761u + 1;
  /* Change a few values in place (nodes are in index order here). */
  struct node* p = *head;
  for (uint32_t i = 0; p; p = p->next, i++)
    if ((i + rep) % 7 == 0) p->data = (int16_t)(lcg(&seed) & 0x7fff);
  int32_t found = 0, missed = 0;
  for (int16_t key = 0; key < 24; key++) {
    int32_t pos = list_find(*head, (int16_t)((key * 11 + rep) & 0xff));
    if (pos < 0) missed++;
    else found += pos;
  }
  *head = list_reverse(*head);
  *head = list_sort(*head, cmp_data);
  uint32_t i = 0;
  for (p = *head; p; p = p->next, i++)
    if ((i & 7) == 0) crc = crc16((uint16_t)p->data, crc);
  *head = list_sort(*head, cmp_idx);
  crc = crc16((uint16_t)found, crc);
  return crc16((uint16_t)missed, crc);
}

/* ---- Matrices ---------------------------------------------------------- */

#define MAT 12

static int16_t ma[MAT][MAT], mb[MAT][MAT];
static int32_t mc[MAT][MAT], mv[MAT];
BENCH_OPAQUE(uint32_t, mat_size, MAT);

static uint16_t matrix_sum(uint32_t size, int32_t clip, uint16_t crc) {
  /* Running sum with clipping, counting how often it passes `clip`. */
  int32_t sum = 0, prev = 0, ret = 0;
  for (uint32_t i = 0; i < size; i++)
    for (uint32_t j = 0; j < size; j++) {
      int32_t v = mc[i][j];
      sum += v;
      if (sum > clip) {
        ret += 10;
        sum = 0;
      } else {
        ret += v > prev ? 1 : 0;
      }
      prev = v;
    }
  return crc16((uint16_t)ret, crc);
}

static uint16_t matrix_round(uint32_t rep, uint16_t crc) {
  uint32_t size = mat_size, seed = rep + 77;
  for (uint32_t i = 0; i < size; i++)
    for (uint32_t j = 0; j < size; j++) {
      ma[i][j] = (int16_t)((lcg(&seed) & 0xff) - 128);
      mb[i][j] = (int16_t)((lcg(&seed) & 0xff) - 128);
    }
  int16_t k = (int16_t)((rep & 0x3f) + 1);
  /* A + k, then C = A * k (16x16 -> 32-bit). */
  for (uint32_t i = 0; i < size; i++)
    for (uint32_t j = 0; j < size; j++) ma[i][j] = (int16_t)(ma[i][j] + k);
  for (uint32_t i = 0; i < size; i++)
    for (uint32_t j = 0; j < size; j++) mc[i][j] = (int32_t)ma[i][j] * k;
  crc = matrix_sum(size, 4000, crc);
  /* v = A * (column 0 of B). */
  for (uint32_t i = 0; i < size; i++) {
    int32_t s = 0;
    for (uint32_t j = 0; j < size; j++) s += (int32_t)ma[i][j] * mb[j][0];
    mv[i] = s;
  }
  for (uint32_t i = 0; i < size; i++) crc = crc32v((uint32_t)mv[i], crc);
  /* C = A * B, then C = A * B with bit fields extracted from B. */
  for (uint32_t i = 0; i < size; i++)
    for (uint32_t j = 0; j < size; j++) {
      int32_t s = 0;
      for (uint32_t l = 0; l < size; l++) s += (int32_t)ma[i][l] * mb[l][j];
      mc[i][j] = s;
    }
  crc = matrix_sum(size, 40000, crc);
  for (uint32_t i = 0; i < size; i++)
    for (uint32_t j = 0; j < size; j++) {
      int32_t s = 0;
      for (uint32_t l = 0; l < size; l++) {
        int32_t bits = ((uint16_t)mb[l][j] >> 2) & 0xf;
        s += (int32_t)ma[i][l] * bits;
      }
      mc[i][j] = s;
    }
  return matrix_sum(size, 2000, crc);
}

/* ---- State machine ----------------------------------------------------- */

enum state { S_START, S_SIGN, S_INT, S_POINT, S_FRAC, S_EXP, S_EXP_SIGN, S_SCI, S_BAD, S_COUNT };

#define TEXT_SIZE 512

static uint8_t text[TEXT_SIZE];
BENCH_OPAQUE(uint32_t, text_size, TEXT_SIZE);

static const char* const tokens[] = {
    "7081", "-42", "+9005", "3.14159", "-0.250", ".5", "+12.", "6.02e23", "-1.6e-19", "9e+9",
    "1.2.3", "--7", "4e", "x12", "0.0e+0", "77777", "-.125e4", "e5", "+", "8.e-1",
};
#define NTOKENS (sizeof(tokens) / sizeof(tokens[0]))

static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

/* One token (up to a comma or the end): returns its final state and counts
 * every transition into a new state. */
static enum state scan(const uint8_t** pp, const uint8_t* end, uint32_t* transitions) {
  const uint8_t* p = *pp;
  enum state s = S_START;
  for (; p < end && *p != ','; p++) {
    uint8_t c = *p;
    enum state next = s;
    switch (s) {
      case S_START:
        next = is_digit(c) ? S_INT : (c == '+' || c == '-') ? S_SIGN : c == '.' ? S_POINT : S_BAD;
        break;
      case S_SIGN:
        next = is_digit(c) ? S_INT : c == '.' ? S_POINT : S_BAD;
        break;
      case S_INT:
        next = is_digit(c) ? S_INT : c == '.' ? S_FRAC : (c == 'e' || c == 'E') ? S_EXP : S_BAD;
        break;
      case S_POINT:
        next = is_digit(c) ? S_FRAC : S_BAD;
        break;
      case S_FRAC:
        next = is_digit(c) ? S_FRAC : (c == 'e' || c == 'E') ? S_EXP : S_BAD;
        break;
      case S_EXP:
        next = is_digit(c) ? S_SCI : (c == '+' || c == '-') ? S_EXP_SIGN : S_BAD;
        break;
      case S_EXP_SIGN:
      case S_SCI:
        next = is_digit(c) ? S_SCI : S_BAD;
        break;
      default:
        break;
    }
    if (next != s) transitions[next]++;
    s = next;
  }
  *pp = p < end ? p + 1 : p;
  return s;
}

static uint16_t state_round(uint32_t rep, uint16_t crc) {
  uint32_t size = text_size, seed = rep * 31 + 5, len = 0;
  /* Fill the text with random tokens, separated by commas. */
  while (len < size) {
    const char* t = tokens[lcg(&seed) % NTOKENS];
    while (*t && len < size) text[len++] = (uint8_t)*t++;
    if (len < size) text[len++] = ',';
  }
  /* Corrupt a few characters. */
  for (uint32_t i = rep % 61; i < size; i += 61) text[i] = (uint8_t)("0123456789.e+-x"[lcg(&seed) % 15]);
  uint32_t finals[S_COUNT], transitions[S_COUNT];
  for (int i = 0; i < S_COUNT; i++) finals[i] = transitions[i] = 0;
  const uint8_t *p = text, *end = text + size;
  while (p < end) finals[scan(&p, end, transitions)]++;
  for (int i = 0; i < S_COUNT; i++) {
    crc = crc16((uint16_t)finals[i], crc);
    crc = crc16((uint16_t)transitions[i], crc);
  }
  return crc;
}

/* ---- Driver ------------------------------------------------------------ */

BENCH_EXPORT uint32_t run(uint32_t n) {
  uint32_t seed = 1;
  struct node* head = list_build(list_nodes, &seed);
  uint32_t h = 0x811c9dc5u;
  uint16_t crc = 0;
  for (uint32_t rep = 0; rep < n; rep++) {
    crc = list_round(&head, rep, crc);
    crc = matrix_round(rep, crc);
    crc = state_round(rep, crc);
    h = bench_mix(h, crc);
  }
  return h;
}
