/*
 * paperwire's native relevance top k of a long query over the lexical index's windows (src/search/lexical/windowTopK.ts):
 * the whole window loop in C — windows taken best bound first, the terms split per window into essential and
 * looked-up ones (MaxScore), candidates gathered, bounded, looked up and scored exactly, each paper offered to a
 * heap — and, for a query with many postings, on two threads that take windows from one queue and share the k-th
 * score as it rises (each thread's own k-th score bounds the final one from below, so either may prune with the
 * larger of the two). JavaScript sees only the best k.
 *
 *   windowQuery(segs, pos, tub, ub, order, blocks, blockAt, ints, reals, out[, filter, tests]) -> hits
 *       segs: [docs (Uint16Array), impacts (Uint8Array)] of each segment, flattened; pos (Uint32Array): per segment s
 *       and term t, the first posting of each of its nw windows and the end (row rowAt + t × (nw + 1)); tub
 *       (Float64Array): the term's bound in each window (same rows); ub (Float64Array): each window's bound (segment
 *       s's windows from ubAt); order (Float64Array): the windows to read, as windowTopK.ts's sort keys (the window
 *       is -key mod 2^22); blocks (Uint8Array): kept block maxima (64 a window), term t of segment s from
 *       blockAt[s × m + t] (Int32Array, -1: none); ints (Int32Array): [m, k, segments, threads, then per segment
 *       base, nw, rowAt, ubAt]; reals (Float64Array): [slack, tie, floor, then factor of each term, then bound of
 *       each term (its factor, 0 when negative)]; out (Float64Array, 3k + 3): the hits' keys, docs and scores (k
 *       each, unordered), then the candidates examined, the windows scored and the candidates that passed the
 *       filter. Returns how many hits.
 *       filter: [flags (Uint8Array), allow, deny (Uint32Array), dates (Int32Array)], per paper, and tests
 *       (Int32Array): [gen, hasAllow, filtered, from, to, needCode] — windowTopK.ts's DocFilter: a candidate counts
 *       only when alive (flags & 1), allowed (allow[d] == gen, with hasAllow) and, with `filtered`, not denied
 *       (deny[d] == gen), with code (flags & 2) when needCode, and dated within [from, to]. Without them every
 *       candidate counts.
 *
 * The arithmetic is windowTopK.ts's in the same order: scores are float32 sums in query-term order, keys add the
 * doc number × 1e-12, bounds carry `slack`, and the heap is HitHeap's — so the hits are the ones its JavaScript
 * loop finds.
 */
#include <node_api.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn); /* mmap.c */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len); /* mmap.c */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 4096
#define WINDOW_SHIFT 12
#define BLOCK_SHIFT 6
#define BLOCKS (WINDOW >> BLOCK_SHIFT)
#define WORDS (WINDOW >> 5)
/* Most terms a query passes (windowKernel.ts's KERNEL_TERMS): the per-thread buffers are sized for them. */
#define MAX_TERMS 256
#define WINDOW_KEY 4194304 /* 2^22: window indexes below it fit in a sort key */
#define DOC_TIE 1e-12

typedef struct {
  const uint16_t *docs;
  const uint8_t *impacts;
  double base;
  int32_t nw, row_at, ub_at;
} Seg;

/* One query, read by every thread: `next` is the shared queue of windows; the heap of the best k (behind `lock`) is shared too, its k-th key in `floor_bits` once full. */
typedef struct {
  int32_t m, k, nseg, nwin;
  const Seg *segs;
  const uint32_t *pos;
  const double *tub, *ub, *order;
  const uint8_t *blocks;
  const int32_t *block_at;
  double slack, tie;
  const double *factors, *bounds;
  _Atomic int32_t next;
  _Atomic uint64_t floor_bits;
  pthread_mutex_t lock;
  double *keys;
  uint32_t *hdocs;
  float *hscores;
  int32_t size;
  /* the filter (check = 0: none) */
  int check, has_allow, filtered, need_code;
  uint32_t gen;
  int32_t from, to;
  const uint8_t *flags;
  const uint32_t *allow, *deny;
  const int32_t *dates;
  size_t nflags, nallow, ndeny, ndates;
} Query;

/* One thread's counts and buffers (≈ 190 KB, allocated). */
typedef struct {
  Query *q;
  double examined, passed;
  int32_t scored;
  int32_t ord[MAX_TERMS];
  uint32_t cur[MAX_TERMS];
  double weak[BLOCKS];
  double ne_bound[MAX_TERMS * BLOCKS];
  double part[WINDOW];
  float exact[WINDOW];
  uint32_t cand[WORDS];
  uint16_t live[WINDOW];
} Worker;

static inline double from_bits(uint64_t b) {
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}

static inline uint64_t to_bits(double d) {
  uint64_t b;
  memcpy(&b, &d, sizeof b);
  return b;
}

/* The key a paper must beat: the k-th best so far (the caller's floor until k are found). It only rises. */
static inline double floor_of_query(Query *q) {
  return from_bits(atomic_load_explicit(&q->floor_bits, memory_order_relaxed));
}

/* The same, for a thread. */
static inline double floor_of(const Worker *w) {
  return floor_of_query(w->q);
}

/* HitHeap.push on the shared heap (a min-heap of the best k keys); returns whether the paper entered. */
static int push(Query *q, double key, uint32_t doc, float score) {
  if (key <= from_bits(atomic_load_explicit(&q->floor_bits, memory_order_relaxed))) return 0;
  pthread_mutex_lock(&q->lock);
  double *keys = q->keys;
  uint32_t *docs = q->hdocs;
  float *scores = q->hscores;
  int32_t j;
  if (q->size < q->k) {
    j = q->size++;
    while (j > 0) {
      int32_t parent = (j - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[j] = keys[parent];
      docs[j] = docs[parent];
      scores[j] = scores[parent];
      j = parent;
    }
  } else {
    if (key <= keys[0]) {
      pthread_mutex_unlock(&q->lock);
      return 0;
    }
    j = 0;
    for (;;) {
      int32_t l = 2 * j + 1;
      if (l >= q->size) break;
      int32_t c = l + 1 < q->size && keys[l + 1] < keys[l] ? l + 1 : l;
      if (keys[c] >= key) break;
      keys[j] = keys[c];
      docs[j] = docs[c];
      scores[j] = scores[c];
      j = c;
    }
  }
  keys[j] = key;
  docs[j] = doc;
  scores[j] = score;
  if (q->size == q->k && keys[0] > floor_of_query(q)) atomic_store_explicit(&q->floor_bits, to_bits(keys[0]), memory_order_relaxed);
  pthread_mutex_unlock(&q->lock);
  return 1;
}

/* windowTopK.ts's passes: alive, allowed, not denied, with code when needed, dated within the range. */
static inline int passes(const Query *q, uint32_t d) {
  if (d >= q->nflags || !(q->flags[d] & 1) || (q->has_allow && (d >= q->nallow || q->allow[d] != q->gen))) return 0;
  if (!q->filtered) return 1;
  if ((d < q->ndeny && q->deny[d] == q->gen) || (q->need_code && !(q->flags[d] & 2))) return 0;
  if (d >= q->ndates) return 1;
  const int32_t date = q->dates[d];
  return !((q->from && date < q->from) || (q->to && (date == 0 || date > q->to)));
}

/* windowTopK.ts's seek: the cursor moved forward (galloping) to the first posting >= d; its position when it holds d, else -1. */
static inline int64_t seek(const uint16_t *docs, uint32_t *cur, uint32_t end, uint32_t d) {
  uint32_t p = *cur;
  for (int i = 0; i < 8 && p < end && docs[p] < d; i++) p++;
  *cur = p;
  if (p < end && docs[p] < d) {
    uint32_t step = 1;
    while (p + step < end && docs[p + step] < d) step *= 2;
    uint32_t lo = p + (step >> 1) + 1;
    uint32_t hi = p + step < end ? p + step : end;
    while (lo < hi) {
      uint32_t mid = (lo + hi) >> 1;
      if (docs[mid] < d) lo = mid + 1;
      else hi = mid;
    }
    p = lo;
    *cur = p;
  }
  return p < end && docs[p] == d ? (int64_t)p : -1;
}

/* A paper's score as the exhaustive path computes it: float32 sums in query-term order (NaN: no term). */
static double exact_score(const Query *q, const Seg *sg, int64_t row0, int32_t stride, uint32_t d) {
  double sc = NAN;
  for (int32_t t = 0; t < q->m; t++) {
    const int64_t r = row0 + (int64_t)t * stride;
    uint32_t lo = q->pos[r], hi = q->pos[r + 1];
    const uint32_t end = hi;
    if (lo == hi) continue;
    while (lo < hi) {
      uint32_t mid = (lo + hi) >> 1;
      if (sg->docs[mid] < d) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= end || sg->docs[lo] != d) continue;
    const double v = q->factors[t] * sg->impacts[lo];
    sc = sc == sc ? (double)(float)(sc + v) : (double)(float)v;
  }
  return sc;
}

/* Every term is essential: all postings summed in query-term order, every paper offered (windowTopK.ts scoreAll). */
static void score_all(Worker *w, const Seg *sg, int64_t row0, int32_t stride, uint32_t win_lo, double start) {
  const Query *q = w->q;
  float *exact = w->exact;
  uint32_t *cand = w->cand;
  memset(cand, 0, sizeof w->cand);
  int32_t candidates = 0;
  for (int32_t t = 0; t < q->m; t++) {
    const int64_t r = row0 + (int64_t)t * stride;
    const double factor = q->factors[t];
    for (uint32_t p = q->pos[r], p1 = q->pos[r + 1]; p < p1; p++) {
      const uint32_t off = (uint32_t)(sg->docs[p] - win_lo) & (WINDOW - 1);
      const double v = factor * sg->impacts[p];
      const uint32_t bit = 1u << (off & 31);
      if (cand[off >> 5] & bit) exact[off] = (float)((double)exact[off] + v);
      else {
        cand[off >> 5] |= bit;
        exact[off] = (float)v;
        candidates++;
      }
    }
  }
  w->examined += candidates;
  double floor = floor_of(w);
  for (int wi = 0; wi < WORDS; wi++) {
    uint32_t word = cand[wi];
    while (word) {
      const int off = (wi << 5) + __builtin_ctz(word);
      word &= word - 1;
      const double doc = start + off;
      if (q->check && !passes(q, (uint32_t)doc)) continue;
      w->passed++;
      const double sc = exact[off];
      const double key = sc + doc * DOC_TIE;
      if (key <= floor) continue;
      if (push(w->q, key, (uint32_t)doc, (float)sc)) floor = floor_of(w);
    }
  }
}

/*
 * MaxScore: the essential terms' papers gathered (partial sums in `part`), those whose bound with the looked-up
 * terms' block bounds beats the k-th score kept, then looked up in the other terms, largest bound first, while
 * they can still make it; a survivor is scored exactly and offered at once (raising the k-th score for the next).
 */
static void split(Worker *w, int32_t s, const Seg *sg, int64_t row0, int32_t stride, int32_t kk, int32_t ne, int32_t present) {
  const Query *q = w->q;
  const uint32_t win_lo = (uint32_t)kk << WINDOW_SHIFT;
  const double start = sg->base + win_lo, slack = q->slack;
  const uint16_t *docs = sg->docs;
  const uint8_t *impacts = sg->impacts;
  const int32_t *ord = w->ord;
  double *weak = w->weak, *ne_bound = w->ne_bound, *part = w->part;
  memset(weak, 0, sizeof w->weak);
  for (int32_t e = 0; e < ne; e++) {
    const int32_t t = ord[e];
    const double whole = q->tub[row0 + (int64_t)t * stride], unit = q->bounds[t];
    const int32_t b = q->block_at[(int64_t)s * q->m + t];
    double *row = ne_bound + (size_t)e * BLOCKS;
    if (b < 0 || whole == 0) {
      for (int j = 0; j < BLOCKS; j++) {
        row[j] = whole;
        weak[j] += whole;
      }
    } else {
      const uint8_t *bm = q->blocks + b + (size_t)kk * BLOCKS;
      for (int j = 0; j < BLOCKS; j++) {
        const double v = unit * bm[j];
        row[j] = v;
        weak[j] += v;
      }
    }
  }
  uint32_t *cand = w->cand;
  memset(cand, 0, sizeof w->cand);
  int32_t candidates = 0;
  for (int32_t e = ne; e < present; e++) {
    const int64_t r = row0 + (int64_t)ord[e] * stride;
    const double factor = q->factors[ord[e]];
    for (uint32_t p = q->pos[r], p1 = q->pos[r + 1]; p < p1; p++) {
      const uint32_t off = (uint32_t)(docs[p] - win_lo) & (WINDOW - 1);
      const double v = factor * impacts[p];
      const uint32_t bit = 1u << (off & 31);
      if (cand[off >> 5] & bit) part[off] += v;
      else {
        cand[off >> 5] |= bit;
        part[off] = v;
        candidates++;
      }
    }
  }
  w->examined += candidates;
  double floor = floor_of(w);
  uint16_t *live = w->live;
  int32_t n = 0;
  for (int wi = 0; wi < WORDS; wi++) {
    uint32_t word = cand[wi];
    if (!word) continue;
    const double block_rest = weak[wi >> (BLOCK_SHIFT - 5)];
    do {
      const int off = (wi << 5) + __builtin_ctz(word);
      word &= word - 1;
      if (q->check && !passes(q, (uint32_t)(start + off))) continue;
      w->passed++;
      live[n] = (uint16_t)off;
      n += part[off] + block_rest + slack + (start + off) * DOC_TIE > floor;
    } while (word);
  }
  uint32_t *cur = w->cur;
  for (int32_t e = 0; e < ne; e++) cur[e] = q->pos[row0 + (int64_t)ord[e] * stride];
  for (int32_t i = 0; i < n; i++) {
    const int off = live[i];
    const int j = off >> BLOCK_SHIFT;
    const double doc_tie = (start + off) * DOC_TIE;
    double partial = part[off];
    double rest = weak[j];
    const uint32_t d = win_lo + (uint32_t)off;
    int dropped = 0;
    for (int32_t e = ne - 1; e >= 0; e--) {
      const int64_t r = row0 + (int64_t)ord[e] * stride;
      const int64_t at = seek(docs, &cur[e], q->pos[r + 1], d);
      if (at >= 0) partial += q->factors[ord[e]] * impacts[at];
      rest -= ne_bound[(size_t)e * BLOCKS + j];
      if (partial + rest + slack + doc_tie <= floor) {
        dropped = 1;
        break;
      }
    }
    if (dropped) continue;
    const double sc = exact_score(q, sg, row0, stride, d);
    if (push(w->q, sc + doc_tie, (uint32_t)(start + off), (float)sc)) floor = floor_of(w);
  }
}

/* Window `win`: its terms by window bound ascending, the weakest that together cannot lift a paper looked up, the rest gathered. */
static void read_window(Worker *w, int32_t win) {
  const Query *q = w->q;
  int32_t lo = 0, hi = q->nseg - 1;
  while (lo < hi) {
    const int32_t mid = (lo + hi + 1) >> 1;
    if (q->segs[mid].ub_at <= win) lo = mid;
    else hi = mid - 1;
  }
  const Seg *sg = &q->segs[lo];
  const int32_t kk = win - sg->ub_at, stride = sg->nw + 1;
  const int64_t row0 = (int64_t)sg->row_at + kk;
  int32_t *ord = w->ord;
  int32_t present = 0;
  for (int32_t t = 0; t < q->m; t++) {
    const int64_t r = row0 + (int64_t)t * stride;
    if (q->pos[r] == q->pos[r + 1]) continue;
    const double b = q->tub[r];
    int32_t j = present++;
    while (j > 0 && q->tub[row0 + (int64_t)ord[j - 1] * stride] > b) {
      ord[j] = ord[j - 1];
      j--;
    }
    ord[j] = t;
  }
  const double floor = floor_of(w);
  int32_t ne = 0;
  if (floor > -INFINITY) {
    const double need = floor - q->tie;
    double ne_ub = 0;
    while (ne < present && ne_ub + q->tub[row0 + (int64_t)ord[ne] * stride] + q->slack <= need) ne_ub += q->tub[row0 + (int64_t)ord[ne++] * stride];
  }
  w->scored++;
  if (ne == 0) score_all(w, sg, row0, stride, (uint32_t)kk << WINDOW_SHIFT, sg->base + ((uint32_t)kk << WINDOW_SHIFT));
  else split(w, lo, sg, row0, stride, kk, ne, present);
}

/* A thread's loop: the next window of the shared order, skipped when its bound cannot beat the k-th score. */
static void *drain(void *arg) {
  Worker *w = arg;
  Query *q = w->q;
  for (;;) {
    const int32_t i = atomic_fetch_add_explicit(&q->next, 1, memory_order_relaxed);
    if (i >= q->nwin) break;
    const int32_t win = (int32_t)((int64_t)(-q->order[i]) % WINDOW_KEY);
    if (q->ub[win] + q->slack + q->tie <= floor_of(w)) continue;
    read_window(w, win);
  }
  return NULL;
}

static Worker *worker_new(Query *q) {
  Worker *w = malloc(sizeof(Worker));
  if (!w) return NULL;
  w->q = q;
  w->examined = 0;
  w->passed = 0;
  w->scored = 0;
  return w;
}

static napi_value fail(napi_env env, const char *msg, Seg *segs) {
  free(segs);
  napi_throw_error(env, "EINVAL", msg);
  return NULL;
}

static napi_value window_query(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *pv, *tv, *uv, *ov, *bv, *av, *nv, *rv, *outv;
  size_t np, nt, nu, no, nb, na, nn, nr, nout;
  bool is_array = false;
  const char *usage = "windowQuery(segs: (Uint16Array | Uint8Array)[], pos: Uint32Array, tub: Float64Array, ub: Float64Array, order: Float64Array, blocks: Uint8Array, blockAt: Int32Array, ints: Int32Array, reals: Float64Array, out: Float64Array)";
  if (argc < 10 || napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array || !paperwire_typed(env, argv[1], napi_uint32_array, &pv, &np) ||
      !paperwire_typed(env, argv[2], napi_float64_array, &tv, &nt) || !paperwire_typed(env, argv[3], napi_float64_array, &uv, &nu) ||
      !paperwire_typed(env, argv[4], napi_float64_array, &ov, &no) || !paperwire_typed(env, argv[5], napi_uint8_array, &bv, &nb) ||
      !paperwire_typed(env, argv[6], napi_int32_array, &av, &na) || !paperwire_typed(env, argv[7], napi_int32_array, &nv, &nn) ||
      !paperwire_typed(env, argv[8], napi_float64_array, &rv, &nr) || !paperwire_typed(env, argv[9], napi_float64_array, &outv, &nout) || nn < 4)
    return fail(env, usage, NULL);
  const int32_t *ints = nv;
  const int32_t m = ints[0], k = ints[1], nseg = ints[2], threads = ints[3];
  uint32_t len = 0;
  napi_get_array_length(env, argv[0], &len);
  if (m < 1 || m > MAX_TERMS || k < 1 || nseg < 1 || len != 2 * (uint32_t)nseg || nn < 4 + 4 * (size_t)nseg || nr < 3 + 2 * (size_t)m ||
      nout < 3 * (size_t)k + 3 || na < (size_t)nseg * m || nt < np)
    return fail(env, "windowQuery: bad counts", NULL);
  Seg *segs = calloc((size_t)nseg, sizeof(Seg));
  if (!segs) return fail(env, "windowQuery: out of memory", NULL);
  const uint32_t *pos = pv;
  const int32_t *block_at = av;
  int64_t nwin = 0;
  for (int32_t s = 0; s < nseg; s++) {
    napi_value dv, iv;
    void *dd, *id;
    size_t ndocs, nimp;
    if (napi_get_element(env, argv[0], 2 * s, &dv) != napi_ok || napi_get_element(env, argv[0], 2 * s + 1, &iv) != napi_ok ||
        !paperwire_typed(env, dv, napi_uint16_array, &dd, &ndocs) || !paperwire_typed(env, iv, napi_uint8_array, &id, &nimp))
      return fail(env, usage, segs);
    Seg *sg = &segs[s];
    sg->docs = dd;
    sg->impacts = id;
    sg->base = ints[4 + 4 * s];
    sg->nw = ints[5 + 4 * s];
    sg->row_at = ints[6 + 4 * s];
    sg->ub_at = ints[7 + 4 * s];
    const size_t stride = (size_t)sg->nw + 1;
    if (sg->base < 0 || sg->nw < 1 || sg->nw > 16 || sg->row_at < 0 || sg->ub_at != nwin || (size_t)sg->row_at + m * stride > np)
      return fail(env, "windowQuery: a segment's windows out of range", segs);
    nwin += sg->nw;
    const size_t n = ndocs < nimp ? ndocs : nimp;
    for (int32_t t = 0; t < m; t++) {
      const uint32_t *row = pos + sg->row_at + t * stride;
      for (size_t j = 0; j < stride; j++)
        if (row[j] > n || (j > 0 && row[j] < row[j - 1])) return fail(env, "windowQuery: a term's postings out of range", segs);
      const int32_t b = block_at[(size_t)s * m + t];
      if (b >= 0 && (size_t)b + (size_t)sg->nw * BLOCKS > nb) return fail(env, "windowQuery: a term's blocks out of range", segs);
    }
  }
  if ((size_t)nwin > nu || (size_t)nwin != no || nwin >= WINDOW_KEY) return fail(env, "windowQuery: bad window count", segs);
  const double *order = ov;
  for (int64_t i = 0; i < nwin; i++) {
    const double key = -order[i];
    if (!(key >= 0 && key < 9007199254740992.0) || (int64_t)key % WINDOW_KEY >= nwin) return fail(env, "windowQuery: a window out of range", segs);
  }
  const double *reals = rv;
  Query q = {
    .m = m, .k = k, .nseg = nseg, .nwin = (int32_t)nwin, .segs = segs, .pos = pos, .tub = tv, .ub = uv, .order = order,
    .blocks = bv, .block_at = block_at, .slack = reals[0], .tie = reals[1], .factors = reals + 3, .bounds = reals + 3 + m,
  };
  if (argc >= 12) {
    bool filter_array = false;
    void *fv, *lv, *dv, *tv2, *xv;
    size_t nx;
    napi_value e[4];
    if (napi_is_array(env, argv[10], &filter_array) != napi_ok || !filter_array || napi_get_element(env, argv[10], 0, &e[0]) != napi_ok ||
        napi_get_element(env, argv[10], 1, &e[1]) != napi_ok || napi_get_element(env, argv[10], 2, &e[2]) != napi_ok ||
        napi_get_element(env, argv[10], 3, &e[3]) != napi_ok || !paperwire_typed(env, e[0], napi_uint8_array, &fv, &q.nflags) ||
        !paperwire_typed(env, e[1], napi_uint32_array, &lv, &q.nallow) || !paperwire_typed(env, e[2], napi_uint32_array, &dv, &q.ndeny) ||
        !paperwire_typed(env, e[3], napi_int32_array, &tv2, &q.ndates) || !paperwire_typed(env, argv[11], napi_int32_array, &xv, &nx) || nx < 6)
      return fail(env, "windowQuery: filter is [flags: Uint8Array, allow: Uint32Array, deny: Uint32Array, dates: Int32Array], tests [gen, hasAllow, filtered, from, to, needCode]", segs);
    const int32_t *tests = xv;
    q.check = 1;
    q.flags = fv, q.allow = lv, q.deny = dv, q.dates = tv2;
    q.gen = (uint32_t)tests[0], q.has_allow = tests[1] != 0, q.filtered = tests[2] != 0, q.from = tests[3], q.to = tests[4], q.need_code = tests[5] != 0;
  }
  atomic_init(&q.next, 0);
  atomic_init(&q.floor_bits, to_bits(reals[2]));
  double *out = outv;
  /* the heap lives in `out` (keys, docs as doubles written at the end, scores) */
  q.keys = out;
  q.hdocs = malloc(sizeof(uint32_t) * k);
  q.hscores = malloc(sizeof(float) * k);
  Worker *own = worker_new(&q), *helper = threads > 1 ? worker_new(&q) : NULL;
  if (!own || !q.hdocs || !q.hscores || pthread_mutex_init(&q.lock, NULL) != 0) {
    free(own), free(helper), free(q.hdocs), free(q.hscores);
    return fail(env, "windowQuery: out of memory", segs);
  }
  pthread_t tid;
  const int started = helper && pthread_create(&tid, NULL, drain, helper) == 0;
  drain(own);
  if (started) {
    pthread_join(tid, NULL);
    own->examined += helper->examined;
    own->passed += helper->passed;
    own->scored += helper->scored;
  }
  const int32_t hits = q.size;
  for (int32_t i = 0; i < hits; i++) {
    out[k + i] = q.hdocs[i];
    out[2 * k + i] = q.hscores[i];
  }
  out[3 * k] = own->examined;
  out[3 * k + 1] = own->scored;
  out[3 * k + 2] = own->passed;
  pthread_mutex_destroy(&q.lock);
  free(own), free(helper), free(q.hdocs), free(q.hscores);
  free(segs);
  napi_value res;
  napi_create_int32(env, hits, &res);
  return res;
}

void paperwire_window_query_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "windowQuery", window_query);
}
