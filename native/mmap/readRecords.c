/*
 * readRecords(fd, positions, length, into, stride) -> records read
 *
 * Reads `length` bytes at each of `positions` (Float64Array of file offsets) of the open file `fd` into
 * into[i × stride, i × stride + length), synchronously, one pread each, stopping at the first that fails or comes
 * short. For the vector tails a semantic search rescores (src/search/semantic/vectorTails.ts): 200 records of 128
 * bytes a query from the page cache, where one `fs.readSync` each cost ~4 µs of JavaScript and binding on top of
 * the system call. Returns how many records were read whole (the caller reads the rest itself, or gives up).
 */
#include <node_api.h>
#include <stdint.h>
#include <unistd.h>
#include <errno.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn); /* mmap.c */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len); /* mmap.c */

static napi_value read_records(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1;
  double length = -1, stride = -1;
  size_t np = 0, ni = 0;
  void *pv = NULL, *iv = NULL;
  if (argc < 5 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || !paperwire_typed(env, argv[1], napi_float64_array, &pv, &np) ||
      napi_get_value_double(env, argv[2], &length) != napi_ok || !paperwire_typed(env, argv[3], napi_uint8_array, &iv, &ni) ||
      napi_get_value_double(env, argv[4], &stride) != napi_ok || fd < 0 || !(length >= 0) || !(stride >= length) ||
      (np > 0 && (double)(np - 1) * stride + length > (double)ni)) {
    napi_throw_error(env, "EINVAL", "readRecords(fd, positions: Float64Array, length, into: Uint8Array, stride): records past the buffer or bad arguments");
    return NULL;
  }
  const double *positions = pv;
  uint8_t *into = iv;
  const size_t len = (size_t)length, step = (size_t)stride;
  size_t done = 0;
  for (; done < np; done++) {
    const double at = positions[done];
    if (!(at >= 0) || at > 9007199254740991.0) break;
    uint8_t *dest = into + done * step;
    size_t got = 0;
    while (got < len) {
      ssize_t n = pread(fd, dest + got, len - got, (off_t)at + (off_t)got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += (size_t)n;
    }
    if (got < len) break;
  }
  napi_value out;
  napi_create_double(env, (double)done, &out);
  return out;
}

/* Registers readRecords on the addon's exports (called from mmap.c's module init). */
void paperwire_read_records_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "readRecords", read_records);
}
