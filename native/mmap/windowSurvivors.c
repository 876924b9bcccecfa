/*
 * paperwire's native MaxScore step for one window of the lexical index (src/search/lexical/windowTopK.ts): the
 * candidates of a window's essential terms gathered, their bounds checked and the non-essential terms looked up,
 * in C, so that JavaScript sees only the few papers that may still enter the top k.
 *
 *   windowSurvivors(docs, impacts, blocks, ints, reals, out) -> survivors
 *       docs (Uint16Array) and impacts (Uint8Array): the segment's postings; blocks (Uint8Array): the query's
 *       block maxima (64 a window) of kept terms, where `ints` points; ints (Int32Array): [winLo, ne, present,
 *       then per term in bound order p0, p1, blockAt (-1: none)]; reals (Float64Array): [floor, slack, start,
 *       then per term in bound order factor, unit (its factor, 0 when negative), whole (its window bound)].
 *       Terms [ne, present) are essential: every paper they hold is a candidate, its partial score their
 *       contributions summed in that order (double). Terms [0, ne) are looked up, largest bound first, while the
 *       paper's bound (partial + the rest's block bounds + slack + (start + offset) * 1e-12) beats `floor`; a
 *       paper still beating it is a survivor. out (Int32Array, 4,097 slots at least): out[0] the candidates'
 *       count, then the survivors' offsets in the window, ascending.
 *
 * The arithmetic is windowTopK.ts's (WindowRun.weakBounds, essential, scoreSplit) in the same order, so the
 * survivors are the papers its JavaScript loop would score exactly. The floor is not raised inside the window
 * (JavaScript does that as it pushes each survivor): a lower floor only lets more papers through, never fewer.
 */
#include <node_api.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn); /* mmap.c */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len); /* mmap.c */
#include <stdint.h>
#include <string.h>

#define WINDOW 4096
#define BLOCK_SHIFT 6
#define BLOCKS (WINDOW >> BLOCK_SHIFT)
#define WORDS (WINDOW >> 5)
/* Most terms a window takes here (the caller keeps longer queries in JavaScript): the buffers below live on the stack (≈ 160 KB), so the kernel is safe in any thread. */
#define MAX_TERMS 256

/* windowTopK.ts's seek: the cursor moved forward (galloping) to the first posting >= d; its position when it holds d, else -1. */
static inline int64_t seek(const uint16_t *docs, uint32_t *cur, uint32_t end, uint32_t d) {
  uint32_t p = *cur;
  /* the next few postings one by one (candidates are often close), then galloping */
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

static napi_value window_survivors(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *dv, *iv, *bv, *nv, *rv, *ov;
  size_t nd, ni, nb, nn, nr, no;
  if (argc < 6 || !paperwire_typed(env, argv[0], napi_uint16_array, &dv, &nd) || !paperwire_typed(env, argv[1], napi_uint8_array, &iv, &ni) ||
      !paperwire_typed(env, argv[2], napi_uint8_array, &bv, &nb) || !paperwire_typed(env, argv[3], napi_int32_array, &nv, &nn) ||
      !paperwire_typed(env, argv[4], napi_float64_array, &rv, &nr) || !paperwire_typed(env, argv[5], napi_int32_array, &ov, &no) || no < WINDOW + 1 || nn < 3 || nr < 3) {
    napi_throw_error(env, "EINVAL", "windowSurvivors(docs: Uint16Array, impacts: Uint8Array, blocks: Uint8Array, ints: Int32Array, reals: Float64Array, out: Int32Array)");
    return NULL;
  }
  const uint16_t *docs = dv;
  const uint8_t *impacts = iv, *blocks = bv;
  const int32_t *ints = nv;
  const double *reals = rv;
  int32_t *out = ov;
  const int32_t win_lo = ints[0], ne = ints[1], present = ints[2];
  if (ne < 1 || present <= ne || present > MAX_TERMS || nn < 3 + 3 * (size_t)present || nr < 3 + 3 * (size_t)present) {
    napi_throw_error(env, "EINVAL", "windowSurvivors: bad term counts");
    return NULL;
  }
  for (int32_t e = 0; e < present; e++) {
    int64_t p0 = ints[3 + 3 * e], p1 = ints[4 + 3 * e], b = ints[5 + 3 * e];
    if (p0 < 0 || p1 < p0 || (size_t)p1 > nd || (size_t)p1 > ni || (b >= 0 && (size_t)b + BLOCKS > nb)) {
      napi_throw_error(env, "EINVAL", "windowSurvivors: a term's postings or blocks out of range");
      return NULL;
    }
  }
  const double floor = reals[0], slack = reals[1], start = reals[2];

  /* the non-essential terms' bound in each block (neBound), and their sum per block (weak) */
  double ne_bound[MAX_TERMS * BLOCKS];
  double weak[BLOCKS];
  memset(weak, 0, sizeof weak);
  for (int32_t e = 0; e < ne; e++) {
    double unit = reals[4 + 3 * e], whole = reals[5 + 3 * e];
    int32_t b = ints[5 + 3 * e];
    double *row = ne_bound + (size_t)e * BLOCKS;
    if (b < 0 || whole == 0) {
      for (int j = 0; j < BLOCKS; j++) {
        row[j] = whole;
        weak[j] += whole;
      }
    } else {
      const uint8_t *bm = blocks + b;
      for (int j = 0; j < BLOCKS; j++) {
        double v = unit * bm[j];
        row[j] = v;
        weak[j] += v;
      }
    }
  }

  /* candidates: the essential terms' papers, with their contributions summed in `part` */
  double part[WINDOW];
  uint32_t cand[WORDS];
  memset(cand, 0, sizeof cand);
  int32_t candidates = 0;
  for (int32_t e = ne; e < present; e++) {
    const double factor = reals[3 + 3 * e];
    for (uint32_t p = (uint32_t)ints[3 + 3 * e], p1 = (uint32_t)ints[4 + 3 * e]; p < p1; p++) {
      uint32_t off = (uint32_t)(docs[p] - win_lo) & (WINDOW - 1);
      double v = factor * impacts[p];
      uint32_t bit = 1u << (off & 31);
      if (cand[off >> 5] & bit) part[off] += v;
      else {
        cand[off >> 5] |= bit;
        part[off] = v;
        candidates++;
      }
    }
  }

  /* the candidates whose bound with the non-essential terms' block bounds beats the floor, ascending (no branch on the test) */
  uint16_t live[WINDOW];
  int32_t n = 0;
  for (int wi = 0; wi < WORDS; wi++) {
    uint32_t word = cand[wi];
    if (!word) continue;
    const double block_rest = weak[wi >> (BLOCK_SHIFT - 5)];
    do {
      const int off = (wi << 5) + __builtin_ctz(word);
      word &= word - 1;
      live[n] = (uint16_t)off;
      n += part[off] + block_rest + slack + (start + off) * 1e-12 > floor;
    } while (word);
  }

  /* MaxScore over those: looked up in the non-essential terms, largest bound first, while they can still make it */
  uint32_t cur[MAX_TERMS];
  for (int32_t e = 0; e < ne; e++) cur[e] = (uint32_t)ints[3 + 3 * e];
  int32_t survivors = 0;
  for (int32_t i = 0; i < n; i++) {
    const int off = live[i];
    const int j = off >> BLOCK_SHIFT;
    const double doc_tie = (start + off) * 1e-12;
    double partial = part[off];
    double rest = weak[j];
    const uint32_t d = (uint32_t)(win_lo + off);
    int dropped = 0;
    for (int32_t e = ne - 1; e >= 0; e--) {
      int64_t at = seek(docs, &cur[e], (uint32_t)ints[4 + 3 * e], d);
      if (at >= 0) partial += reals[3 + 3 * e] * impacts[at];
      rest -= ne_bound[(size_t)e * BLOCKS + j];
      if (partial + rest + slack + doc_tie <= floor) {
        dropped = 1;
        break;
      }
    }
    if (!dropped) out[1 + survivors++] = off;
  }
  out[0] = candidates;
  napi_value res;
  napi_create_int32(env, survivors, &res);
  return res;
}


/*
 * termLayout(docs, impacts, a, b, pos, max, blocks) -> undefined
 *     The window layout of a term's postings [a, b) in a segment (windowScratch.ts's termWindows and blockMaxima in
 *     one pass): pos[k] (Uint32Array, nw + 1) the first posting at or after doc offset k × 4096, max[k] (Uint8Array,
 *     nw) its largest impact in window k, blocks[j] (Uint8Array, nw × 64, zeroed) its largest impact in block j of 64.
 */
static napi_value term_layout(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *dv, *iv, *pv, *mv, *bv;
  size_t nd, ni, np, nm, nb;
  double a, b;
  if (argc < 7 || !paperwire_typed(env, argv[0], napi_uint16_array, &dv, &nd) || !paperwire_typed(env, argv[1], napi_uint8_array, &iv, &ni) ||
      napi_get_value_double(env, argv[2], &a) != napi_ok || napi_get_value_double(env, argv[3], &b) != napi_ok ||
      !paperwire_typed(env, argv[4], napi_uint32_array, &pv, &np) || !paperwire_typed(env, argv[5], napi_uint8_array, &mv, &nm) ||
      !paperwire_typed(env, argv[6], napi_uint8_array, &bv, &nb) || np != nm + 1 || nb != nm * BLOCKS || a < 0 || b < a || b > (double)nd || b > (double)ni) {
    napi_throw_error(env, "EINVAL", "termLayout(docs: Uint16Array, impacts: Uint8Array, a, b, pos: Uint32Array, max: Uint8Array, blocks: Uint8Array)");
    return NULL;
  }
  const uint16_t *docs = dv;
  const uint8_t *impacts = iv;
  uint32_t *pos = pv;
  uint8_t *max = mv, *blocks = bv;
  const size_t nw = nm;
  size_t k = 0;
  memset(max, 0, nm);
  uint32_t p = (uint32_t)a;
  for (const uint32_t end = (uint32_t)b; p < end; p++) {
    const uint32_t d = docs[p], w = d >> 12;
    const uint8_t v = impacts[p];
    if (w >= nw) break; /* a doc past the last window: pos[nw] points at it, as termWindows would */
    while (k <= w) pos[k++] = p;
    /* unconditional stores (no branch to mispredict on random impacts) */
    const uint8_t m = max[w], bm = blocks[d >> BLOCK_SHIFT];
    max[w] = v > m ? v : m;
    blocks[d >> BLOCK_SHIFT] = v > bm ? v : bm;
  }
  while (k <= nw) pos[k++] = p;
  return NULL;
}

void paperwire_window_survivors_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "windowSurvivors", window_survivors);
  paperwire_export(env, exports, "termLayout", term_layout);
}
