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
 *
 *   permuteRowsBegin(data, scales, dest, dim) -> handle;  permuteRowsEnd(handle) -> undefined
 *       The same move on a thread of its own, from Begin until End waits for it: the build renumbers the ids, their
 *       table and the file records meanwhile (none of these arrays), so the server thread is held for the longer of
 *       the two instead of their sum. The caller must call End before anything reads or writes the three arrays.
 *
 *   permuteIds(bytes, starts, lens, dest, outBytes, outStarts, outLens) -> bytes written
 *       The paper ids the same renumbering moves (src/search/idList.ts `permuted`): id i (bytes[starts[i] ..
 *       starts[i] + lens[i]], lens[i] 0xffff for none) becomes id dest[i] of the new arrays, packed in the new
 *       order. Read in the old order (sequential) and written where each goes, prefetching a few ahead: at 2.7M ids
 *       the gather in JavaScript held the server thread about a second, a cache miss an id.
 */
#include <node_api.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn); /* mmap.c */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len); /* mmap.c */

/* One renumbering of the rows: its arrays, checked, and the thread it may run on (permuteRowsBegin). */
typedef struct {
  int8_t *data;
  float *scales;
  const int32_t *dest;
  size_t np, dim;
  int err;
  int started;
  pthread_t tid;
} rows_job;

/* Reads and checks permuteRows' arguments into *j; 0 (an error thrown) when they do not fit. */
static int rows_args(napi_env env, napi_callback_info info, const char *usage, rows_job *j) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *dv, *sv, *pv;
  size_t nd, ns, np;
  double dimv;
  if (argc < 4 || !paperwire_typed(env, argv[0], napi_int8_array, &dv, &nd) || !paperwire_typed(env, argv[1], napi_float32_array, &sv, &ns) ||
      !paperwire_typed(env, argv[2], napi_int32_array, &pv, &np) || napi_get_value_double(env, argv[3], &dimv) != napi_ok || !(dimv >= 1 && dimv <= 65536)) {
    napi_throw_error(env, "EINVAL", usage);
    return 0;
  }
  const size_t dim = (size_t)dimv, rows = nd / dim < ns ? nd / dim : ns;
  const int32_t *dest = pv;
  for (size_t i = 0; i < np; i++)
    if (dest[i] >= 0 && ((size_t)dest[i] >= rows || i >= rows)) {
      napi_throw_error(env, "ERANGE", "permuteRows: a row or its destination lies past the rows");
      return 0;
    }
  *j = (rows_job){.data = dv, .scales = sv, .dest = dest, .np = np, .dim = dim};
  return 1;
}

/* The cycles, each followed from its first row with one row in hand; ENOMEM into j->err when no memory. */
static void *permute(void *arg) {
  rows_job *j = arg;
  int8_t *data = j->data;
  float *scales = j->scales;
  const int32_t *dest = j->dest;
  const size_t np = j->np, dim = j->dim;
  uint8_t *picked = calloc(np ? np : 1, 1);
  int8_t *hand = malloc(dim), *spare = malloc(dim);
  if (!picked || !hand || !spare) {
    free(picked), free(hand), free(spare);
    j->err = ENOMEM;
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

static napi_value permute_rows(napi_env env, napi_callback_info info) {
  rows_job j;
  if (!rows_args(env, info, "permuteRows(data: Int8Array, scales: Float32Array, dest: Int32Array, dim)", &j)) return NULL;
  permute(&j);
  if (j.err) napi_throw_error(env, "ENOMEM", "permuteRows: out of memory");
  return NULL;
}

static void rows_job_finalize(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  rows_job *j = data;
  if (j->started) pthread_join(j->tid, NULL);
  free(j);
}

static napi_value permute_rows_begin(napi_env env, napi_callback_info info) {
  rows_job *j = malloc(sizeof *j);
  if (!j) {
    napi_throw_error(env, "ENOMEM", "permuteRowsBegin: out of memory");
    return NULL;
  }
  if (!rows_args(env, info, "permuteRowsBegin(data: Int8Array, scales: Float32Array, dest: Int32Array, dim)", j)) {
    free(j);
    return NULL;
  }
  j->started = pthread_create(&j->tid, NULL, permute, j) == 0;
  if (!j->started) permute(j); /* no thread: the move is made now */
  napi_value handle;
  napi_create_external(env, j, rows_job_finalize, NULL, &handle);
  return handle;
}

static napi_value permute_rows_end(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void *data = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_external(env, argv[0], &data) != napi_ok || !data) {
    napi_throw_error(env, "EINVAL", "permuteRowsEnd(handle from permuteRowsBegin)");
    return NULL;
  }
  rows_job *j = data;
  if (j->started) pthread_join(j->tid, NULL), j->started = 0;
  if (j->err) {
    j->err = 0;
    napi_throw_error(env, "ENOMEM", "permuteRows: out of memory");
  }
  return NULL;
}

#define NO_ID 0xffff
#define AHEAD 16

static napi_value permute_ids(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *bv, *sv, *lv, *dv, *obv, *osv, *olv;
  size_t nb, ns, nl, nd, nob, nos, nol;
  if (argc < 7 || !paperwire_typed(env, argv[0], napi_uint8_array, &bv, &nb) || !paperwire_typed(env, argv[1], napi_uint32_array, &sv, &ns) ||
      !paperwire_typed(env, argv[2], napi_uint16_array, &lv, &nl) || !paperwire_typed(env, argv[3], napi_int32_array, &dv, &nd) ||
      !paperwire_typed(env, argv[4], napi_uint8_array, &obv, &nob) || !paperwire_typed(env, argv[5], napi_uint32_array, &osv, &nos) ||
      !paperwire_typed(env, argv[6], napi_uint16_array, &olv, &nol) || nos != nol) {
    napi_throw_error(env, "EINVAL", "permuteIds(bytes: Uint8Array, starts: Uint32Array, lens: Uint16Array, dest: Int32Array, outBytes: Uint8Array, outStarts: Uint32Array, outLens: Uint16Array)");
    return NULL;
  }
  const uint8_t *bytes = bv;
  const uint32_t *starts = sv;
  const uint16_t *lens = lv;
  const int32_t *dest = dv;
  uint8_t *out = obv;
  uint32_t *out_starts = osv;
  uint16_t *out_lens = olv;
  const size_t count = nd < ns ? (nd < nl ? nd : nl) : (ns < nl ? ns : nl);
  /* every id in range, and every destination within the new arrays, before anything is written */
  for (size_t i = 0; i < count; i++) {
    if (dest[i] < 0 || lens[i] == NO_ID) continue;
    if ((size_t)dest[i] >= nos || (size_t)starts[i] + lens[i] > nb) {
      napi_throw_error(env, "ERANGE", "permuteIds: an id or its destination lies past the arrays");
      return NULL;
    }
  }
  for (size_t j = 0; j < nos; j++) out_lens[j] = NO_ID;
  /* each id's new length where it goes (its slot's line fetched AHEAD ids early), then the new starts in order */
  for (size_t i = 0; i < count; i++) {
    if (i + AHEAD < count && dest[i + AHEAD] >= 0) __builtin_prefetch(&out_lens[dest[i + AHEAD]], 1);
    if (dest[i] >= 0 && lens[i] != NO_ID) out_lens[dest[i]] = lens[i];
  }
  size_t used = 0;
  for (size_t j = 0; j < nos; j++) {
    out_starts[j] = (uint32_t)used;
    if (out_lens[j] != NO_ID) used += out_lens[j];
  }
  if (used > nob) {
    napi_throw_error(env, "ERANGE", "permuteIds: outBytes is too small for the ids");
    return NULL;
  }
  /* the bytes copied in the old order: a new start is fetched 2 × AHEAD ids early, the bytes it names AHEAD early */
  for (size_t i = 0; i < count; i++) {
    if (i + 2 * AHEAD < count && dest[i + 2 * AHEAD] >= 0) __builtin_prefetch(&out_starts[dest[i + 2 * AHEAD]]);
    if (i + AHEAD < count && dest[i + AHEAD] >= 0) __builtin_prefetch(out + out_starts[dest[i + AHEAD]], 1);
    if (dest[i] >= 0 && lens[i] != NO_ID) memcpy(out + out_starts[dest[i]], bytes + starts[i], lens[i]);
  }
  napi_value r;
  napi_create_double(env, (double)used, &r);
  return r;
}

/* Adds permuteRows (and its Begin / End on a thread of its own) and permuteIds to the addon's exports. */
void paperwire_permute_rows_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "permuteRows", permute_rows);
  paperwire_export(env, exports, "permuteRowsBegin", permute_rows_begin);
  paperwire_export(env, exports, "permuteRowsEnd", permute_rows_end);
  paperwire_export(env, exports, "permuteIds", permute_ids);
}
