/*
 * paperwire's native vector scan: the int8 rows of the vector index scored against an int16 query and the best
 * k kept, in C, so that JavaScript touches neither each row nor each score.
 *
 *   topDots(memory, qAt, dataAt, dim, runs, nRuns, scales, qScale, heapSlots, heapScores, count, k[, path[, threads]]) -> count
 *       For each run [from, to) of `runs` (pairs of slot numbers, in order) and each slot in it, the integer
 *       dot = sum over d of q[d] * row[d] (q: int16 at memory + qAt, row: int8 at memory + dataAt + slot * dim)
 *       is scored (double)dot * scales[slot] * qScale and offered to a min-heap of k (heapSlots, heapScores,
 *       `count` entries so far), exactly as src/search/semantic/topK.ts pushes: the same arithmetic, and equal
 *       scores ordered by slot, so results and ties are the WebAssembly kernel's to the bit. With `threads` 2 and
 *       PARALLEL_SLOTS slots or more, a pthread scores the second half of the slots into a heap of its own, merged
 *       into the caller's after: the heap keeps the k best in a total order, so the same k whatever the split.
 *       Returns the heap's new count.
 *
 *   nearestLists(centroids, n, dim, query, order[, path]) -> undefined
 *       Scores n float32 centroids against a float32 query (each sum in double, component after component, as
 *       the JavaScript loop adds them, rounded to float32), and writes the centroid numbers into `order` best
 *       first, ties by number: what vectorIndex.ts's stable sort gives.
 *
 * The dot products run in AVX2 where the CPU has it (chosen at run time with __builtin_cpu_supports, so one build
 * runs anywhere), else in portable C; `path` ("avx2", "c": dotsPaths() lists this CPU's) picks one, for tests.
 * (An AVX-512 path and software prefetching measured no faster on the 2-core EPYC: the scan is bound by memory.)
 * The sums are int32 (exact up to dim 512 since |q| <= 32767 and |row| <= 128; beyond, they wrap as
 * WebAssembly's lanes do), so every path gives the same dots.
 */
#include <node_api.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn); /* mmap.c */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len); /* mmap.c */
#include <pthread.h>
#include <stdint.h>
typedef int32_t (*paperwire_dot_fn)(const int16_t *q, const int8_t *row, uint32_t dim);
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PAPERWIRE_X86 1
#endif

typedef struct {
  int32_t *slots;
  double *scores;
  uint32_t count, k;
} heap_t;

/* Whether (s1, a) ranks below (s2, b): a lower score, or the same score and a higher slot (topK.ts's order). */
static inline int worse(double s1, int32_t a, double s2, int32_t b) {
  return s1 < s2 || (s1 == s2 && a > b);
}

/* topK.ts's push, line for line. */
static inline void heap_push(heap_t *h, int32_t slot, double score) {
  if (h->count < h->k) {
    uint32_t i = h->count++;
    while (i > 0) {
      uint32_t p = (i - 1) >> 1;
      if (worse(h->scores[p], h->slots[p], score, slot)) break;
      h->scores[i] = h->scores[p];
      h->slots[i] = h->slots[p];
      i = p;
    }
    h->scores[i] = score;
    h->slots[i] = slot;
    return;
  }
  if (worse(score, slot, h->scores[0], h->slots[0])) return;
  uint32_t i = 0, n = h->count;
  for (;;) {
    uint32_t l = 2 * i + 1;
    if (l >= n) break;
    uint32_t r = l + 1;
    uint32_t c = r < n && worse(h->scores[r], h->slots[r], h->scores[l], h->slots[l]) ? r : l;
    if (worse(score, slot, h->scores[c], h->slots[c])) break;
    h->scores[i] = h->scores[c];
    h->slots[i] = h->slots[c];
    i = c;
  }
  h->scores[i] = score;
  h->slots[i] = slot;
}

static int32_t dot_plain(const int16_t *q, const int8_t *row, uint32_t dim) {
  uint32_t acc = 0;
  for (uint32_t d = 0; d < dim; d++) acc += (uint32_t)((int32_t)q[d] * (int32_t)row[d]);
  return (int32_t)acc;
}

typedef void (*scan_fn)(const int16_t *, const int8_t *, uint32_t, int32_t, int32_t, const float *, double, heap_t *);

static void scan_plain(const int16_t *q, const int8_t *data, uint32_t dim, int32_t from, int32_t to, const float *scales, double qs, heap_t *h) {
  for (int32_t s = from; s < to; s++) heap_push(h, s, (double)dot_plain(q, data + (size_t)s * dim, dim) * (double)scales[s] * qs);
}

#ifdef PAPERWIRE_X86
__attribute__((target("avx2"))) static inline int32_t dot_avx2(const int16_t *q, const int8_t *row, uint32_t dim) {
  const uint32_t body = dim & ~31u;
  __m256i a0 = _mm256_setzero_si256(), a1 = _mm256_setzero_si256();
  for (uint32_t d = 0; d < body; d += 32) {
    __m256i r0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(row + d)));
    __m256i r1 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(row + d + 16)));
    a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(r0, _mm256_loadu_si256((const __m256i *)(q + d))));
    a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(r1, _mm256_loadu_si256((const __m256i *)(q + d + 16))));
  }
  __m256i a = _mm256_add_epi32(a0, a1);
  __m128i x = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
  x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0x4e));
  x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0xb1));
  return (int32_t)((uint32_t)_mm_cvtsi128_si32(x) + (uint32_t)dot_plain(q + body, row + body, dim - body));
}

__attribute__((target("avx2"))) static void scan_avx2(const int16_t *q, const int8_t *data, uint32_t dim, int32_t from, int32_t to, const float *scales, double qs, heap_t *h) {
  for (int32_t s = from; s < to; s++) heap_push(h, s, (double)dot_avx2(q, data + (size_t)s * dim, dim) * (double)scales[s] * qs);
}

/* Eight centroids' scores at once for dim % 4 == 0: 4 x 4 float blocks transposed in registers so that each lane of
 * two double accumulators is one centroid's sum, added in component order with separate multiplies and adds
 * (no FMA): the same doubles as the scalar loop, twice as fast. */
__attribute__((target("avx2"))) static void score8_avx2(const float *c0, size_t D, const float *query, float *out) {
  __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd();
  for (size_t d = 0; d < D; d += 4) {
    __m128 r0 = _mm_loadu_ps(c0 + d), r1 = _mm_loadu_ps(c0 + D + d), r2 = _mm_loadu_ps(c0 + 2 * D + d), r3 = _mm_loadu_ps(c0 + 3 * D + d);
    __m128 r4 = _mm_loadu_ps(c0 + 4 * D + d), r5 = _mm_loadu_ps(c0 + 5 * D + d), r6 = _mm_loadu_ps(c0 + 6 * D + d), r7 = _mm_loadu_ps(c0 + 7 * D + d);
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    _MM_TRANSPOSE4_PS(r4, r5, r6, r7);
    __m256d q;
    q = _mm256_set1_pd((double)query[d]);
    a0 = _mm256_add_pd(a0, _mm256_mul_pd(_mm256_cvtps_pd(r0), q));
    a1 = _mm256_add_pd(a1, _mm256_mul_pd(_mm256_cvtps_pd(r4), q));
    q = _mm256_set1_pd((double)query[d + 1]);
    a0 = _mm256_add_pd(a0, _mm256_mul_pd(_mm256_cvtps_pd(r1), q));
    a1 = _mm256_add_pd(a1, _mm256_mul_pd(_mm256_cvtps_pd(r5), q));
    q = _mm256_set1_pd((double)query[d + 2]);
    a0 = _mm256_add_pd(a0, _mm256_mul_pd(_mm256_cvtps_pd(r2), q));
    a1 = _mm256_add_pd(a1, _mm256_mul_pd(_mm256_cvtps_pd(r6), q));
    q = _mm256_set1_pd((double)query[d + 3]);
    a0 = _mm256_add_pd(a0, _mm256_mul_pd(_mm256_cvtps_pd(r3), q));
    a1 = _mm256_add_pd(a1, _mm256_mul_pd(_mm256_cvtps_pd(r7), q));
  }
  _mm_storeu_ps(out, _mm256_cvtpd_ps(a0));
  _mm_storeu_ps(out + 4, _mm256_cvtpd_ps(a1));
}
#endif

/* The scan paths this CPU can run, best first: [0] is what a call without `path` uses. */
static scan_fn paths[2];
static const char *path_names[2];
static int n_paths;

/* Fills the table once; two threads (a worker beside the main one) racing here write the same values, and the
 * count is published last, so a reader never sees an entry not yet written. */
static void choose(void) {
  if (__atomic_load_n(&n_paths, __ATOMIC_ACQUIRE)) return;
  int n = 0;
#ifdef PAPERWIRE_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) paths[n] = scan_avx2, path_names[n++] = "avx2";
#endif
  paths[n] = scan_plain, path_names[n++] = "c";
  __atomic_store_n(&n_paths, n, __ATOMIC_RELEASE);
}

/* The integer dot of an int16 query and one int8 row on this CPU's best path, or the portable one with `plain`: for
 * assignLeaves.c, which scores rows against centroids as the scan scores them against a query. */
paperwire_dot_fn paperwire_dot(int plain) {
  choose();
#ifdef PAPERWIRE_X86
  if (!plain && paths[0] == scan_avx2) return dot_avx2;
#endif
  return dot_plain;
}

static napi_value bad(napi_env env, const char *what) {
  napi_throw_error(env, "EINVAL", what);
  return NULL;
}

static int num(napi_env env, napi_value v, double *out) {
  return napi_get_value_double(env, v, out) == napi_ok;
}

/* Slots from which a scan is split between two threads: a thread costs ~50 µs to start, 64k rows of 256 bytes ~1 ms. */
#define PARALLEL_SLOTS 65536

/* One thread's share of a scan: its runs (pairs), scored into its heap. */
typedef struct {
  scan_fn scan;
  const int16_t *q;
  const int8_t *data;
  uint32_t dim;
  const int32_t *runs;
  size_t n;
  const float *scales;
  double qs;
  heap_t h;
} Share;

static void *scan_share(void *arg) {
  Share *j = arg;
  if (j->h.k > 0)
    for (size_t i = 0; i < j->n; i++) j->scan(j->q, j->data, j->dim, j->runs[2 * i], j->runs[2 * i + 1], j->scales, j->qs, &j->h);
  return NULL;
}

static napi_value top_dots(napi_env env, napi_callback_info info) {
  size_t argc = 14;
  napi_value argv[14];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *mem = NULL, *runs, *scales, *hs, *hsc;
  size_t cap = 0, nr, ns, nh, nhs;
  double q_at, data_at, dim, n_runs, q_scale, count, k;
  bool is_buffer = false;
  if (argc < 12 || napi_is_arraybuffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer ||
      napi_get_arraybuffer_info(env, argv[0], &mem, &cap) != napi_ok || !num(env, argv[1], &q_at) || !num(env, argv[2], &data_at) ||
      !num(env, argv[3], &dim) || !paperwire_typed(env, argv[4], napi_int32_array, &runs, &nr) || !num(env, argv[5], &n_runs) ||
      !paperwire_typed(env, argv[6], napi_float32_array, &scales, &ns) || !num(env, argv[7], &q_scale) ||
      !paperwire_typed(env, argv[8], napi_int32_array, &hs, &nh) || !paperwire_typed(env, argv[9], napi_float64_array, &hsc, &nhs) ||
      !num(env, argv[10], &count) || !num(env, argv[11], &k))
    return bad(env, "topDots(memory, qAt, dataAt, dim, runs, nRuns, scales, qScale, heapSlots, heapScores, count, k)");
  if (dim < 1 || dim > 32768 || q_at < 0 || data_at < 0 || q_at + dim * 2 > (double)cap || n_runs < 0 || n_runs * 2 > (double)nr ||
      k < 0 || k > (double)nh || k > (double)nhs || count < 0 || count > k)
    return bad(env, "topDots: arguments out of range");
  const int32_t *r = runs;
  const uint32_t d = (uint32_t)dim;
  for (size_t i = 0; i < (size_t)n_runs; i++) {
    int32_t from = r[2 * i], to = r[2 * i + 1];
    if (from < 0 || to < from || (size_t)to > ns || data_at + (double)to * dim > (double)cap) return bad(env, "topDots: a run lies outside the rows");
  }
  choose();
  scan_fn scan = paths[0];
  napi_valuetype path_type = napi_undefined;
  if (argc > 12) napi_typeof(env, argv[12], &path_type);
  if (path_type != napi_undefined && path_type != napi_null) {
    char name[16];
    size_t len = 0;
    scan = NULL;
    if (napi_get_value_string_utf8(env, argv[12], name, sizeof name, &len) == napi_ok)
      for (int i = 0; i < n_paths; i++)
        if (strcmp(name, path_names[i]) == 0) scan = paths[i];
    if (!scan) return bad(env, "topDots: this CPU has no such path");
  }
  double threads = 1;
  if (argc > 13 && !num(env, argv[13], &threads)) return bad(env, "topDots: threads is a number");
  const int16_t *q = (const int16_t *)((char *)mem + (size_t)q_at);
  const int8_t *data = (const int8_t *)((char *)mem + (size_t)data_at);
  const size_t nr_runs = (size_t)n_runs;
  Share one = {scan, q, data, d, r, nr_runs, scales, q_scale, {hs, hsc, (uint32_t)count, (uint32_t)k}};
  size_t slots = 0;
  for (size_t i = 0; i < nr_runs; i++) slots += (size_t)(r[2 * i + 1] - r[2 * i]);
  /* two threads: the runs cut where half the slots are behind (the run there split in two), each half its own heap */
  int32_t *halves = threads >= 2 && slots >= PARALLEL_SLOTS && k > 0 ? malloc(sizeof(int32_t) * 2 * (nr_runs + 1)) : NULL;
  int32_t *second_slots = halves ? malloc(sizeof(int32_t) * (size_t)k) : NULL;
  double *second_scores = halves ? malloc(sizeof(double) * (size_t)k) : NULL;
  Share two = one;
  pthread_t tid;
  int started = 0;
  if (halves && second_slots && second_scores) {
    size_t i = 0, before = 0;
    while (before + (size_t)(r[2 * i + 1] - r[2 * i]) < slots / 2) before += (size_t)(r[2 * i + 1] - r[2 * i]), i++;
    const int32_t mid = r[2 * i] + (int32_t)(slots / 2 - before);
    memcpy(halves, r, sizeof(int32_t) * 2 * i);
    halves[2 * i] = r[2 * i], halves[2 * i + 1] = mid;
    one.runs = halves, one.n = i + 1;
    int32_t *rest = halves + 2 * (i + 1);
    rest[0] = mid, rest[1] = r[2 * i + 1];
    memcpy(rest + 2, r + 2 * (i + 1), sizeof(int32_t) * 2 * (nr_runs - i - 1));
    two.runs = rest, two.n = nr_runs - i;
    two.h = (heap_t){second_slots, second_scores, 0, (uint32_t)k};
    started = pthread_create(&tid, NULL, scan_share, &two) == 0;
    if (!started) one.runs = r, one.n = nr_runs;
  }
  scan_share(&one);
  if (started) {
    pthread_join(tid, NULL);
    for (uint32_t j = 0; j < two.h.count; j++) heap_push(&one.h, two.h.slots[j], two.h.scores[j]);
  }
  free(halves), free(second_slots), free(second_scores);
  napi_value out;
  napi_create_uint32(env, one.h.count, &out);
  return out;
}

/* A float's bits mapped so that unsigned order is the floats' order (-0 taken as +0, as the comparison does). */
static inline uint32_t ordered(float f) {
  if (f == 0) f = 0;
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u & 0x80000000u ? ~u : u | 0x80000000u;
}

/* Sorts n keys ascending, a byte per pass (least significant first, stable); a pass where every key has the
 * same byte is skipped. */
static void radix_sort(uint64_t *keys, uint64_t *tmp, size_t n) {
  uint32_t count[256];
  for (int shift = 0; shift < 64; shift += 8) {
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++) count[(keys[i] >> shift) & 0xff]++;
    if (n == 0 || count[(keys[0] >> shift) & 0xff] == n) continue;
    uint32_t sum = 0;
    for (size_t b = 0; b < 256; b++) {
      uint32_t c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (size_t i = 0; i < n; i++) tmp[count[(keys[i] >> shift) & 0xff]++] = keys[i];
    memcpy(keys, tmp, n * sizeof *keys);
  }
}

static napi_value nearest_lists(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *c, *q, *o;
  size_t nc, nq, no;
  double n, dim;
  if (argc < 5 || !paperwire_typed(env, argv[0], napi_float32_array, &c, &nc) || !num(env, argv[1], &n) || !num(env, argv[2], &dim) ||
      !paperwire_typed(env, argv[3], napi_float32_array, &q, &nq) || !paperwire_typed(env, argv[4], napi_int32_array, &o, &no) || n < 0 || dim < 1 ||
      n * dim > (double)nc || dim > (double)nq || n > (double)no)
    return bad(env, "nearestLists(centroids, n, dim, query, order[, path])");
  int plain = 0;
  if (argc > 5) {
    char name[16];
    size_t len = 0;
    napi_valuetype t;
    if (napi_typeof(env, argv[5], &t) == napi_ok && t == napi_string && napi_get_value_string_utf8(env, argv[5], name, sizeof name, &len) == napi_ok)
      plain = strcmp(name, "c") == 0;
  }
  const float *cent = c, *query = q;
  int32_t *order = o;
  size_t count = (size_t)n, D = (size_t)dim;
  /* keys: the score's order inverted (best first) above the centroid's number (ties by number, as a stable sort) */
  uint64_t *keys = malloc(2 * count * sizeof(uint64_t) + 1);
  if (!keys) return bad(env, "nearestLists: out of memory");
  /* eight centroids at a time: eight independent sums, each added in component order (no reassociation) */
  choose();
  size_t l = 0;
  for (; l + 8 <= count; l += 8) {
    const float *c0 = cent + l * D;
    float f[8];
#ifdef PAPERWIRE_X86
    if (D % 4 == 0 && paths[0] != scan_plain && !plain) score8_avx2(c0, D, query, f);
    else
#endif
    {
      double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      for (size_t d = 0; d < D; d++) {
        double x = query[d];
        for (int j = 0; j < 8; j++) s[j] += (double)c0[j * D + d] * x;
      }
      for (int j = 0; j < 8; j++) f[j] = (float)s[j];
    }
    for (int j = 0; j < 8; j++) keys[l + j] = ((uint64_t)~ordered(f[j]) << 32) | (uint32_t)(l + j);
  }
  for (; l < count; l++) {
    double s = 0;
    for (size_t d = 0; d < D; d++) s += (double)cent[l * D + d] * (double)query[d];
    keys[l] = ((uint64_t)~ordered((float)s) << 32) | (uint32_t)l;
  }
  radix_sort(keys, keys + count, count);
  for (size_t i = 0; i < count; i++) order[i] = (int32_t)(uint32_t)keys[i];
  free(keys);
  return NULL;
}

static napi_value kernel_paths(napi_env env, napi_callback_info info) {
  (void)info;
  choose();
  napi_value out, name;
  napi_create_array_with_length(env, (size_t)n_paths, &out);
  for (int i = 0; i < n_paths; i++) {
    napi_create_string_utf8(env, path_names[i], NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, out, (uint32_t)i, name);
  }
  return out;
}

/* Adds topDots, nearestLists and dotsPaths (the scan paths this CPU runs, best first: "avx2", "c") to the addon's exports. */
void paperwire_top_dots_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "topDots", top_dots);
  paperwire_export(env, exports, "nearestLists", nearest_lists);
  paperwire_export(env, exports, "dotsPaths", kernel_paths);
}
