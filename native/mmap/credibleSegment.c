/*
 * paperwire's native credible count of one segment (src/search/lexical/credibleMatches.ts, `countCredible`): the
 * candidates gathered, every term's share added to them and those reaching the bar kept, in C, where JavaScript
 * spent up to ~6 ms on the long queries of a pasted abstract at 126k papers.
 *
 *   credibleSegment(docs, ranges, shares, gathers, ints, stamp, share, touched, bar) -> credible
 *       docs (Uint16Array): the segment's postings (offsets in the segment); ranges (Int32Array): per term its
 *       postings [a, b), a = -1 when the segment lacks it; shares (Float64Array): per term its share of the
 *       query's idf mass; gathers (Uint8Array): per term 1 when its postings name candidates; ints (Int32Array):
 *       [gen, read]: the stamp this segment's candidates get, and on return the postings read; stamp (Uint32Array),
 *       share (Float32Array) and touched (Uint16Array): scratch per offset (SEGMENT_SPAN). Every posting of a
 *       gathering term makes its paper a candidate; every term then adds its share to the candidates that hold it,
 *       in term order — looked up by galloping when its list has over 16 times as many postings as there are
 *       candidates, else by a pass over its list. The candidates whose summed share reaches `bar` are written to
 *       touched[0…] (ascending when some term was looked up, else in the order found); returns how many.
 *
 * The arithmetic is JavaScript's: each share added in double to the float32 sum and rounded back (no fused
 * operations: the addon builds with -ffp-contract=off), so the sums are the same to the bit.
 */
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn); /* mmap.c */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len); /* mmap.c */

#define SPAN 65536

static int ascending(const void *a, const void *b) {
  return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

static napi_value credible_segment(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *dv, *rv, *wv, *gv, *nv, *sv, *hv, *tv;
  size_t nd, nr, nw, ng, nn, ns, nh, nt;
  double bar;
  if (argc < 9 || !paperwire_typed(env, argv[0], napi_uint16_array, &dv, &nd) || !paperwire_typed(env, argv[1], napi_int32_array, &rv, &nr) ||
      !paperwire_typed(env, argv[2], napi_float64_array, &wv, &nw) || !paperwire_typed(env, argv[3], napi_uint8_array, &gv, &ng) ||
      !paperwire_typed(env, argv[4], napi_int32_array, &nv, &nn) || nn < 2 || !paperwire_typed(env, argv[5], napi_uint32_array, &sv, &ns) ||
      !paperwire_typed(env, argv[6], napi_float32_array, &hv, &nh) || !paperwire_typed(env, argv[7], napi_uint16_array, &tv, &nt) ||
      napi_get_value_double(env, argv[8], &bar) != napi_ok || nr != 2 * nw || ng != nw || ns < SPAN || nh < SPAN || nt < SPAN) {
    napi_throw_error(env, "EINVAL", "credibleSegment(docs: Uint16Array, ranges: Int32Array, shares: Float64Array, gathers: Uint8Array, ints: Int32Array, stamp: Uint32Array, share: Float32Array, touched: Uint16Array, bar)");
    return NULL;
  }
  const uint16_t *docs = dv;
  const int32_t *ranges = rv;
  const double *shares = wv;
  const uint8_t *gathers = gv;
  int32_t *ints = nv;
  uint32_t *stamp = sv;
  float *share = hv;
  uint16_t *touched = tv;
  const uint32_t gen = (uint32_t)ints[0];
  const size_t terms = nw;
  for (size_t i = 0; i < terms; i++) {
    const int32_t a = ranges[2 * i], b = ranges[2 * i + 1];
    if (a >= 0 && (b < a || (size_t)b > nd)) {
      napi_throw_error(env, "ERANGE", "credibleSegment: a term's postings are out of range");
      return NULL;
    }
  }
  double read = 0;
  size_t n = 0;
  for (size_t i = 0; i < terms; i++) {
    const int32_t a = ranges[2 * i], b = ranges[2 * i + 1];
    if (a < 0 || !gathers[i]) continue;
    read += b - a;
    for (int32_t p = a; p < b; p++) {
      const uint16_t off = docs[p];
      if (stamp[off] != gen) {
        stamp[off] = gen;
        share[off] = 0;
        touched[n++] = off;
      }
    }
  }
  if (n) {
    int sorted = 0;
    for (size_t i = 0; i < terms; i++) {
      const int32_t a = ranges[2 * i], b = ranges[2 * i + 1];
      if (a < 0) continue;
      const double w = shares[i];
      if (!gathers[i] && (double)n * 16 < (double)(b - a)) {
        /* a common word's postings far outnumber the candidates: look each one up (galloping) instead */
        if (!sorted) {
          qsort(touched, n, sizeof *touched, ascending);
          sorted = 1;
        }
        read += n;
        int32_t p = a;
        for (size_t k = 0; k < n && p < b; k++) {
          const uint16_t off = touched[k];
          if (docs[p] < off) {
            int32_t step = 1;
            while (p + step < b && docs[p + step] < off) step *= 2;
            int32_t lo = p + (step >> 1);
            int32_t hi = p + step < b ? p + step : b;
            while (lo < hi) {
              const int32_t mid = (int32_t)((uint32_t)(lo + hi) >> 1);
              if (docs[mid] < off) lo = mid + 1;
              else hi = mid;
            }
            p = lo;
          }
          if (p < b && docs[p] == off) share[off] = (float)((double)share[off] + w);
        }
        continue;
      }
      read += b - a;
      for (int32_t p = a; p < b; p++) {
        const uint16_t off = docs[p];
        if (stamp[off] == gen) share[off] = (float)((double)share[off] + w);
      }
    }
  }
  size_t credible = 0;
  for (size_t k = 0; k < n; k++) {
    const uint16_t off = touched[k];
    if ((double)share[off] >= bar) touched[credible++] = off;
  }
  ints[1] = read > 2147483647 ? 2147483647 : (int32_t)read;
  napi_value out;
  napi_create_double(env, (double)credible, &out);
  return out;
}

void paperwire_credible_segment_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "credibleSegment", credible_segment);
}
