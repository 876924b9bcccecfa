/*
 * paperwire's native term-at-a-time search (src/search/lexical/lexicalIndex.ts, `search` below the pruning
 * threshold): the postings added into per-paper scores and the best papers picked, in C, where JavaScript spent
 * ~12 ns a posting and ~10 ns a candidate on the long queries of a pasted abstract (at 126k papers 600-800k
 * postings and up to 100k candidates a query).
 *
 *   accumulate(docs, impacts, ints, factor, acc, seen, touched, allow) -> nt
 *       docs (Uint16Array) and impacts (Uint8Array): the segment's postings; ints (Int32Array): [a, b, base, gen,
 *       nt, hasAllow]: the term's postings [a, b), the segment's first doc, the query's stamp, how many papers
 *       `touched` holds so far, and whether only papers with allow[d] == gen count; factor: the term's weight
 *       × idf × impact unit; acc (Float32Array), seen, touched and allow (Uint32Array): per paper. A paper seen
 *       for the first time under `gen` is stamped, its score set and its number appended to `touched`; otherwise
 *       its score grows. Returns the new count of `touched`.
 *
 *   accumulateAll(segs, ranges, factors, ints, acc, seen, touched, allow) -> nt
 *       Every scored term's postings in every segment, terms in query order (what `accumulate` does term by term,
 *       segment by segment): segs: [docs (Uint16Array), impacts (Uint8Array)] of each segment, flattened; ranges
 *       (Int32Array): term t's postings [a, b) in segment s at 2 × (t × segments + s); factors (Float64Array): each
 *       term's; ints (Int32Array): [gen, hasAllow, threads, nt, then each segment's base]. With two threads the
 *       segments are cut in two runs of about equal postings, each added by one thread: a paper lies in one segment,
 *       so its score gets the same additions in the same order; the second run's papers are appended to `touched`
 *       after the first's. Returns the new count of `touched`.
 *
 *   topHits(candidates, flags, acc, deny, dates, sortBy, ints, keys, heap) -> total
 *       candidates (Uint32Array): the papers to consider; flags (Uint8Array: 1 alive, 2 has code), acc (Float32Array),
 *       deny (Uint32Array), dates (Int32Array): per paper; sortBy (Int32Array): per-paper sort value (dates or
 *       upvotes), empty for relevance; ints (Int32Array): [gen, filtered, from, to, needCode, limit, size]; keys
 *       (Float64Array) and heap (Uint32Array): HitHeap's min-heap of k = keys.length slots, `size` of them used
 *       (updated in ints[6]). Each alive paper that passes the filters (not denied under `gen`, has code when
 *       needed, dated within [from, to]) is counted, and offered to the heap with its key: score + doc × 1e-12, or
 *       sort value × 1024 + min(1023, score × 16). Returns the count.
 *
 * The arithmetic is JavaScript's: factor × impact in double, added in double to the float32 score and rounded back
 * (no fused multiply-add: the addon builds with -ffp-contract=off), so the scores are the same to the bit, and the
 * heap is HitHeap.push's, so it holds the same papers in the same slots.
 */
#include <math.h>
#include <node_api.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn); /* mmap.c */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len); /* mmap.c */

/* One term's postings [a, b) of a segment added in (the loop of `accumulate`); returns the new count of `touched` (at most `cap`). */
static int64_t add_postings(const uint16_t *docs, const uint8_t *impacts, int64_t a, int64_t b, int64_t base, uint32_t gen, int hasAllow, const uint32_t *allow,
                            double factor, size_t papers, float *acc, uint32_t *seen, uint32_t *touched, int64_t nt, size_t cap) {
  for (int64_t p = a; p < b; p++) {
    const size_t d = (size_t)base + docs[p];
    if (d >= papers) break; /* postings ascend: the rest are past the accumulators too */
    if (hasAllow && allow[d] != gen) continue;
    const double v = factor * (double)impacts[p];
    if (seen[d] != gen) {
      if ((size_t)nt >= cap) break; /* only a caller's wrong `nt` gets here */
      seen[d] = gen;
      acc[d] = (float)v;
      touched[nt++] = (uint32_t)d;
    } else {
      acc[d] = (float)((double)acc[d] + v);
    }
  }
  return nt;
}

static napi_value accumulate(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *dv, *iv, *nv, *av, *sv, *tv, *lv;
  size_t nd, ni, nn, na, ns, nt_len, nl;
  double factor;
  if (argc < 8 || !paperwire_typed(env, argv[0], napi_uint16_array, &dv, &nd) || !paperwire_typed(env, argv[1], napi_uint8_array, &iv, &ni) ||
      !paperwire_typed(env, argv[2], napi_int32_array, &nv, &nn) || nn < 6 || napi_get_value_double(env, argv[3], &factor) != napi_ok ||
      !paperwire_typed(env, argv[4], napi_float32_array, &av, &na) || !paperwire_typed(env, argv[5], napi_uint32_array, &sv, &ns) ||
      !paperwire_typed(env, argv[6], napi_uint32_array, &tv, &nt_len) || !paperwire_typed(env, argv[7], napi_uint32_array, &lv, &nl)) {
    napi_throw_error(env, "EINVAL", "accumulate(docs: Uint16Array, impacts: Uint8Array, ints: Int32Array, factor, acc: Float32Array, seen, touched, allow: Uint32Array)");
    return NULL;
  }
  const int32_t *ints = nv;
  const int64_t a = ints[0], b = ints[1], base = ints[2];
  const uint32_t gen = (uint32_t)ints[3];
  int64_t nt = ints[4];
  const int hasAllow = ints[5] != 0;
  /* a posting past the accumulators (or, filtering, the allow stamps) ends the step */
  size_t papers = na < ns ? na : ns;
  if (hasAllow && nl < papers) papers = nl;
  if (a < 0 || b < a || (size_t)b > nd || (size_t)b > ni || base < 0 || nt < 0 || (size_t)nt > nt_len) {
    napi_throw_error(env, "ERANGE", "accumulate: postings or accumulators out of range");
    return NULL;
  }
  const uint16_t *docs = dv;
  const uint8_t *impacts = iv;
  float *acc = av;
  uint32_t *seen = sv, *touched = tv;
  const uint32_t *allow = lv;
  nt = add_postings(docs, impacts, a, b, base, gen, hasAllow, allow, factor, papers, acc, seen, touched, nt, nt_len);
  napi_value out;
  napi_create_double(env, (double)nt, &out);
  return out;
}

/* One thread's share of accumulateAll: every term, in order, over segments [s0, s1), papers appended to `touched` from `nt`. */
typedef struct {
  const uint16_t **docs;
  const uint8_t **impacts;
  const int32_t *ranges, *bases;
  const double *factors;
  int32_t terms, nseg, s0, s1;
  uint32_t gen;
  int hasAllow;
  const uint32_t *allow;
  size_t papers, cap;
  float *acc;
  uint32_t *seen, *touched;
  int64_t nt;
} Share;

static void *add_share(void *arg) {
  Share *h = arg;
  for (int32_t t = 0; t < h->terms; t++)
    for (int32_t s = h->s0; s < h->s1; s++) {
      const int32_t *r = h->ranges + 2 * ((size_t)t * h->nseg + s);
      if (r[1] > r[0])
        h->nt = add_postings(h->docs[s], h->impacts[s], r[0], r[1], h->bases[s], h->gen, h->hasAllow, h->allow, h->factors[t], h->papers, h->acc, h->seen, h->touched, h->nt, h->cap);
    }
  return NULL;
}

static napi_value accumulate_all(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *rv, *fv, *nv, *av, *sv, *tv, *lv;
  size_t nr, nf, nn, na, ns, nt_len, nl;
  bool is_array = false;
  uint32_t len = 0;
  if (argc < 8 || napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array || !paperwire_typed(env, argv[1], napi_int32_array, &rv, &nr) ||
      !paperwire_typed(env, argv[2], napi_float64_array, &fv, &nf) || !paperwire_typed(env, argv[3], napi_int32_array, &nv, &nn) || nn < 4 ||
      !paperwire_typed(env, argv[4], napi_float32_array, &av, &na) || !paperwire_typed(env, argv[5], napi_uint32_array, &sv, &ns) ||
      !paperwire_typed(env, argv[6], napi_uint32_array, &tv, &nt_len) || !paperwire_typed(env, argv[7], napi_uint32_array, &lv, &nl) ||
      napi_get_array_length(env, argv[0], &len) != napi_ok || len % 2 != 0 || len == 0) {
    napi_throw_error(env, "EINVAL", "accumulateAll(segs: (Uint16Array | Uint8Array)[], ranges: Int32Array, factors: Float64Array, ints: Int32Array, acc: Float32Array, seen, touched, allow: Uint32Array)");
    return NULL;
  }
  const int32_t *ints = nv, *ranges = rv;
  const int32_t nseg = (int32_t)(len / 2), terms = (int32_t)nf;
  const int64_t nt = ints[3];
  if (nn < 4 + (size_t)nseg || nr < 2 * (size_t)terms * nseg || nt < 0 || (size_t)nt > nt_len) {
    napi_throw_error(env, "ERANGE", "accumulateAll: postings or accumulators out of range");
    return NULL;
  }
  const uint16_t **docs = calloc((size_t)nseg, sizeof *docs);
  const uint8_t **impacts = calloc((size_t)nseg, sizeof *impacts);
  double *load = calloc((size_t)nseg, sizeof *load);
  if (!docs || !impacts || !load) {
    free(docs), free(impacts), free(load);
    napi_throw_error(env, "ENOMEM", "accumulateAll: out of memory");
    return NULL;
  }
  double all = 0;
  for (int32_t s = 0; s < nseg; s++) {
    napi_value dv, iv;
    void *dd, *id;
    size_t nd, ni;
    int ok = napi_get_element(env, argv[0], 2 * s, &dv) == napi_ok && napi_get_element(env, argv[0], 2 * s + 1, &iv) == napi_ok &&
             paperwire_typed(env, dv, napi_uint16_array, &dd, &nd) && paperwire_typed(env, iv, napi_uint8_array, &id, &ni) && ints[4 + s] >= 0;
    for (int32_t t = 0; ok && t < terms; t++) {
      const int32_t *r = ranges + 2 * ((size_t)t * nseg + s);
      ok = r[0] >= 0 && r[1] >= r[0] && (size_t)r[1] <= nd && (size_t)r[1] <= ni;
      if (ok) load[s] += r[1] - r[0];
    }
    if (!ok) {
      free(docs), free(impacts), free(load);
      napi_throw_error(env, "ERANGE", "accumulateAll: postings or accumulators out of range");
      return NULL;
    }
    docs[s] = dd;
    impacts[s] = id;
    all += load[s];
  }
  size_t papers = na < ns ? na : ns;
  const int hasAllow = ints[1] != 0;
  if (hasAllow && nl < papers) papers = nl;
  Share one = {docs, impacts, ranges, ints + 4, fv, terms, nseg, 0, nseg, (uint32_t)ints[0], hasAllow, lv, papers, nt_len, av, sv, tv, nt};
  Share two = one;
  /* the cut: the first segment where the postings before it reach half */
  int32_t cut = nseg;
  if (ints[2] > 1 && nseg > 1) {
    double before = 0;
    for (cut = 1; cut < nseg - 1 && before + load[cut - 1] < all / 2; cut++) before += load[cut - 1];
    double share = 0;
    for (int32_t s = cut; s < nseg; s++) share += load[s];
    two.s0 = cut;
    two.nt = 0;
    two.cap = (size_t)share;
    two.touched = share > 0 ? malloc(sizeof(uint32_t) * (size_t)share) : NULL;
    if (!two.touched) cut = nseg;
  }
  one.s1 = cut;
  pthread_t tid;
  const int started = cut < nseg && pthread_create(&tid, NULL, add_share, &two) == 0;
  if (!started) one.s1 = nseg;
  add_share(&one);
  int64_t total = one.nt;
  if (started) {
    pthread_join(tid, NULL);
    const size_t room = nt_len - (size_t)total;
    const size_t n2 = (size_t)two.nt < room ? (size_t)two.nt : room;
    memcpy((uint32_t *)tv + total, two.touched, n2 * sizeof(uint32_t));
    total += (int64_t)n2;
  }
  free(two.touched == one.touched ? NULL : two.touched);
  free(docs), free(impacts), free(load);
  napi_value out;
  napi_create_double(env, (double)total, &out);
  return out;
}

/* HitHeap.push: a min-heap of (key, doc) of k slots, `*size` used. */
static inline void heap_push(double *keys, uint32_t *docs, size_t k, size_t *size, double key, uint32_t doc) {
  size_t j;
  if (*size < k) {
    j = (*size)++;
    while (j > 0) {
      const size_t parent = (j - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[j] = keys[parent];
      docs[j] = docs[parent];
      j = parent;
    }
  } else {
    if (key <= keys[0]) return;
    j = 0;
    for (;;) {
      const size_t l = 2 * j + 1;
      if (l >= *size) break;
      const size_t c = l + 1 < *size && keys[l + 1] < keys[l] ? l + 1 : l;
      if (keys[c] >= key) break;
      keys[j] = keys[c];
      docs[j] = docs[c];
      j = c;
    }
  }
  keys[j] = key;
  docs[j] = doc;
}

static napi_value top_hits(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *cv, *fv, *av, *dv, *tv, *sv, *nv, *kv, *hv;
  size_t nc, nf, na, nd, nt, ns, nn, nk, nh;
  if (argc < 9 || !paperwire_typed(env, argv[0], napi_uint32_array, &cv, &nc) || !paperwire_typed(env, argv[1], napi_uint8_array, &fv, &nf) ||
      !paperwire_typed(env, argv[2], napi_float32_array, &av, &na) || !paperwire_typed(env, argv[3], napi_uint32_array, &dv, &nd) ||
      !paperwire_typed(env, argv[4], napi_int32_array, &tv, &nt) || !paperwire_typed(env, argv[5], napi_int32_array, &sv, &ns) ||
      !paperwire_typed(env, argv[6], napi_int32_array, &nv, &nn) || nn < 7 || !paperwire_typed(env, argv[7], napi_float64_array, &kv, &nk) ||
      !paperwire_typed(env, argv[8], napi_uint32_array, &hv, &nh) || nh != nk) {
    napi_throw_error(env, "EINVAL", "topHits(candidates: Uint32Array, flags: Uint8Array, acc: Float32Array, deny: Uint32Array, dates, sortBy: Int32Array, ints: Int32Array, keys: Float64Array, heap: Uint32Array)");
    return NULL;
  }
  int32_t *ints = nv;
  const uint32_t gen = (uint32_t)ints[0];
  const int filtered = ints[1] != 0;
  const int32_t from = ints[2], to = ints[3];
  const uint8_t needCode = (uint8_t)ints[4];
  const int32_t limit = ints[5];
  size_t size = ints[6] < 0 ? 0 : (size_t)ints[6];
  if (size > nk) size = nk;
  /* papers past any per-paper array are skipped (only a caller's mistake names them) */
  size_t papers = nf < na ? nf : na;
  if (nd < papers) papers = nd;
  if (nt < papers) papers = nt;
  const int bySort = ns > 0;
  if (bySort && ns < papers) papers = ns;
  const uint32_t *candidates = cv, *deny = dv;
  const uint8_t *flags = fv;
  const float *acc = av;
  const int32_t *dates = tv, *sortBy = sv;
  double *keys = kv;
  uint32_t *heap = hv;
  double floor = -INFINITY;
  double total = 0;
  for (size_t i = 0; i < nc; i++) {
    const uint32_t d = candidates[i];
    if (d >= papers) continue;
    const uint8_t f = flags[d];
    if (!(f & 1)) continue;
    if (filtered) {
      if (deny[d] == gen || (needCode && !(f & 2))) continue;
      const int32_t date = dates[d];
      if ((from && date < from) || (to && (date == 0 || date > to))) continue;
    }
    total++;
    if (limit <= 0 || nk == 0) continue;
    const double score = (double)acc[d];
    double key;
    if (bySort) {
      const double scaled = score * 16;
      key = (double)sortBy[d] * 1024 + (scaled < 1023 ? scaled : 1023);
    } else {
      key = score + (double)d * 1e-12;
    }
    if (key <= floor) continue;
    heap_push(keys, heap, nk, &size, key, d);
    if (size == nk) floor = keys[0];
  }
  ints[6] = (int32_t)size;
  napi_value out;
  napi_create_double(env, total, &out);
  return out;
}

void paperwire_term_at_a_time_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "accumulate", accumulate);
  paperwire_export(env, exports, "accumulateAll", accumulate_all);
  paperwire_export(env, exports, "topHits", top_hits);
}
