/*
 * paperwire's native window layout of a common term (src/search/lexical/windowLayouts.ts): where each window of
 * 4,096 doc numbers starts in the term's postings, and its largest impact in each window and in each block of 64.
 */
#include <node_api.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn); /* mmap.c */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len); /* mmap.c */
#include <stdint.h>
#include <string.h>

#define BLOCK_SHIFT 6
#define BLOCKS (4096 >> BLOCK_SHIFT)

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

void paperwire_term_layout_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "termLayout", term_layout);
}
