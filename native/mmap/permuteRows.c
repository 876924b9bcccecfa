/*
 * paperwire's native renumbering of the vector rows (src/search/semantic/permuteInPlace.ts): a cluster build ends by
 * moving every row to its cluster's place, and at 2.7M vectors JavaScript held the server thread 1.5 s for it (two
 * subarrays a row); the same cycles in C move each row with one memcpy.
 *
 *   permuteRows(data, scales, dest, dim) -> undefined
 *       data (Int8Array): rows of `dim` bytes; scales (Float32Array): one per row; dest (Int32Array): for each row i
 *       below dest.length, its new row number, or -1 for a row dropped. Each cycle of the permutation is followed
 *       from its first row, carrying one row in hand; a row dropped or already carried ends it — permuteInPlace.ts's
 *       steps, so the result is the same. A destination past the rows is refused before anything moves.
 */
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn); /* mmap.c */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len); /* mmap.c */

static napi_value permute_rows(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *dv, *sv, *pv;
  size_t nd, ns, np;
  double dimv;
  if (argc < 4 || !paperwire_typed(env, argv[0], napi_int8_array, &dv, &nd) || !paperwire_typed(env, argv[1], napi_float32_array, &sv, &ns) ||
      !paperwire_typed(env, argv[2], napi_int32_array, &pv, &np) || napi_get_value_double(env, argv[3], &dimv) != napi_ok || !(dimv >= 1 && dimv <= 65536)) {
    napi_throw_error(env, "EINVAL", "permuteRows(data: Int8Array, scales: Float32Array, dest: Int32Array, dim)");
    return NULL;
  }
  const size_t dim = (size_t)dimv, rows = nd / dim < ns ? nd / dim : ns;
  const int32_t *dest = pv;
  for (size_t i = 0; i < np; i++)
    if (dest[i] >= 0 && ((size_t)dest[i] >= rows || i >= rows)) {
      napi_throw_error(env, "ERANGE", "permuteRows: a row or its destination lies past the rows");
      return NULL;
    }
  int8_t *data = dv;
  float *scales = sv;
  uint8_t *picked = calloc(np ? np : 1, 1);
  int8_t *hand = malloc(dim), *spare = malloc(dim);
  if (!picked || !hand || !spare) {
    free(picked), free(hand), free(spare);
    napi_throw_error(env, "ENOMEM", "permuteRows: out of memory");
    return NULL;
  }
  for (size_t start = 0; start < np; start++) {
    if (dest[start] < 0 || picked[start]) continue;
    picked[start] = 1;
    memcpy(hand, data + start * dim, dim);
    float hand_scale = scales[start];
    size_t to = (size_t)dest[start];
    for (;;) {
      const int live = to < np && dest[to] >= 0 && !picked[to];
      float next_scale = 0;
      if (live) {
        picked[to] = 1;
        memcpy(spare, data + to * dim, dim);
        next_scale = scales[to];
      }
      memcpy(data + to * dim, hand, dim);
      scales[to] = hand_scale;
      if (!live) break;
      int8_t *t = hand;
      hand = spare, spare = t;
      hand_scale = next_scale;
      to = (size_t)dest[to];
    }
  }
  free(picked), free(hand), free(spare);
  return NULL;
}

/* Adds permuteRows to the addon's exports. */
void paperwire_permute_rows_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "permuteRows", permute_rows);
}
