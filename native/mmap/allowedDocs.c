/*
 * paperwire's native filter of a lexical query (src/search/lexical/lexicalIndex.ts, `allowedDocs`): the papers that
 * hold every required term (a phrase's words, `cat:`, `author:`) and one term of each either-or group, found in C,
 * where JavaScript copied each term's postings out of every segment and intersected the copies — at 2.7M papers
 * 10–20 ms for a phrase of common words or a large category.
 *
 *   allowedDocs(segs, ranges, ints, allow, out) -> count
 *       segs: each segment's docs (Uint16Array, offsets from its base); ranges (Int32Array): term t's postings
 *       [a, b) in segment s at 2 × (t × segments + s), a = b where the segment lacks it; ints (Int32Array): [gen,
 *       stages, each stage's number of terms, then each segment's base]. The terms come grouped by stage, in
 *       ranges' order: a paper is allowed when it holds at least one term of every stage (a required term is a
 *       stage of one). Each allowed paper is stamped allow[d] = gen and written to `out`, ascending; returns how
 *       many. Papers past `allow`'s end are left out.
 *
 * Segment by segment, a byte per offset counts the stages a paper has passed: a posting of stage i moves a paper
 * from i to i + 1 (so a paper in two terms of one stage moves once); the papers of the first stage are then read
 * back in order and their counts cleared. Segments are ascending and disjoint, so `out` ascends.
 */
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn); /* mmap.c */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len); /* mmap.c */

#define SPAN 65536
#define MAX_STAGES 250

static napi_value fail(napi_env env, const char *code, const char *what) {
  napi_throw_error(env, code, what);
  return NULL;
}

static napi_value allowed_docs(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *rv, *nv, *lv, *ov;
  size_t nr, nn, nl, no;
  bool is_array = false;
  uint32_t nseg = 0;
  if (argc < 5 || napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array || napi_get_array_length(env, argv[0], &nseg) != napi_ok ||
      !paperwire_typed(env, argv[1], napi_int32_array, &rv, &nr) || !paperwire_typed(env, argv[2], napi_int32_array, &nv, &nn) || nn < 2 ||
      !paperwire_typed(env, argv[3], napi_uint32_array, &lv, &nl) || !paperwire_typed(env, argv[4], napi_uint32_array, &ov, &no))
    return fail(env, "EINVAL", "allowedDocs(segs: Uint16Array[], ranges: Int32Array, ints: Int32Array, allow: Uint32Array, out: Uint32Array)");
  const int32_t *ints = nv, *ranges = rv;
  const uint32_t gen = (uint32_t)ints[0];
  const int32_t stages = ints[1];
  if (stages < 1 || stages > MAX_STAGES || nn < 2 + (size_t)stages + nseg) return fail(env, "ERANGE", "allowedDocs: 1 to 250 stages, and every segment's base");
  /* the terms in all */
  size_t terms = 0;
  for (int32_t i = 0; i < stages; i++) {
    if (ints[2 + i] < 1) return fail(env, "ERANGE", "allowedDocs: a stage without terms");
    terms += (size_t)ints[2 + i];
  }
  const int32_t *bases = ints + 2 + stages;
  if (nr < 2 * terms * nseg) return fail(env, "ERANGE", "allowedDocs: ranges too short for the terms and segments");
  const uint16_t **docs = calloc(nseg ? nseg : 1, sizeof *docs);
  uint8_t *count = calloc(SPAN, 1);
  if (!docs || !count) {
    free(docs), free(count);
    return fail(env, "ENOMEM", "allowedDocs: out of memory");
  }
  for (uint32_t s = 0; s < nseg; s++) {
    napi_value dv;
    void *dd;
    size_t nd;
    int ok = napi_get_element(env, argv[0], s, &dv) == napi_ok && paperwire_typed(env, dv, napi_uint16_array, &dd, &nd) && bases[s] >= 0;
    for (size_t t = 0; ok && t < terms; t++) {
      const int32_t *r = ranges + 2 * (t * nseg + s);
      ok = r[0] >= 0 && r[1] >= r[0] && (size_t)r[1] <= nd;
    }
    if (!ok) {
      free(docs), free(count);
      return fail(env, "ERANGE", "allowedDocs: postings out of range");
    }
    docs[s] = dd;
  }
  uint32_t *allow = lv, *out = ov;
  size_t n = 0;
  int overflow = 0;
  const size_t first = (size_t)ints[2]; /* the first stage's terms */
  for (uint32_t s = 0; s < nseg && !overflow; s++) {
    const uint16_t *d = docs[s];
    const size_t base = (size_t)bases[s];
    /* stage by stage; a stage that moves no paper ends the segment */
    size_t t = 0;
    int alive = 1;
    for (int32_t i = 0; i < stages; i++) {
      const uint8_t from = (uint8_t)i, to = (uint8_t)(i + 1);
      size_t moved = 0;
      for (int32_t j = 0; j < ints[2 + i]; j++, t++) {
        if (!alive) continue;
        const int32_t *r = ranges + 2 * (t * nseg + s);
        for (int32_t p = r[0]; p < r[1]; p++)
          if (count[d[p]] == from) count[d[p]] = to, moved++;
      }
      if (!moved) alive = 0;
    }
    /* the first stage's papers, in order: those that passed every stage are allowed; every count goes back to 0 */
    if (first == 1) {
      const int32_t *r = ranges + 2 * s;
      for (int32_t p = r[0]; p < r[1]; p++) {
        const uint16_t o = d[p];
        if (count[o] == (uint8_t)stages && base + o < nl) {
          if (n >= no) overflow = 1;
          else allow[base + o] = gen, out[n++] = (uint32_t)(base + o);
        }
        count[o] = 0;
      }
    } else {
      int32_t lo = SPAN, hi = -1;
      for (size_t u = 0; u < first; u++) {
        const int32_t *r = ranges + 2 * (u * nseg + s);
        if (r[1] > r[0]) {
          if (d[r[0]] < lo) lo = d[r[0]];
          if (d[r[1] - 1] > hi) hi = d[r[1] - 1];
        }
      }
      for (int32_t o = lo; o <= hi; o++)
        if (count[o] == (uint8_t)stages && base + (size_t)o < nl) {
          if (n >= no) overflow = 1;
          else allow[base + o] = gen, out[n++] = (uint32_t)(base + o);
        }
      if (hi >= lo) memset(count + lo, 0, (size_t)(hi - lo + 1));
    }
  }
  free(docs), free(count);
  if (overflow) return fail(env, "ERANGE", "allowedDocs: out is too short for the allowed papers");
  napi_value result;
  napi_create_double(env, (double)n, &result);
  return result;
}

/* Adds allowedDocs to the addon's exports. */
void paperwire_allowed_docs_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "allowedDocs", allowed_docs);
}
