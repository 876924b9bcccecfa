/*
 * readInto(buffer, at, path, offset, length) -> Promise<number>
 *
 * Reads bytes [offset, offset + length) of a file into buffer[at, at + length) on libuv's thread pool, first
 * asking the kernel to back the range with huge pages (2 MiB, madvise MADV_HUGEPAGE on the whole huge pages inside
 * it, which must not have been touched yet). For the vector rows, which every search scans: a scan over a file
 * mapping runs at the speed of however the page cache happens to hold the file — 4-6 ms a query at 2.7M papers
 * when the snapshot was just written, 15-40 ms once its pages were dropped and read back (after a reboot, or
 * memory pressure) — while huge-page memory scans the same every time. Where the kernel has no huge page to give,
 * the memory is ordinary pages and the read is the same. Resolves to the bytes read (`length`); errors reject with
 * an Error whose `code` is the errno's name. The buffer is held until the read is done.
 */
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn);
napi_value paperwire_queue(napi_env env, const char *name, napi_async_execute_callback execute, napi_async_complete_callback complete, void *data, napi_deferred *deferred, napi_async_work *work); /* mmap.c */

typedef struct {
  char path[4096];
  uint64_t offset;
  size_t length;
  uint8_t *dest;
  int err;
  napi_ref hold;
  napi_deferred deferred;
  napi_async_work work;
} read_job;

static void execute(napi_env env, void *arg) {
  (void)env;
  read_job *r = arg;
  uintptr_t from = ((uintptr_t)r->dest + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
  uintptr_t to = ((uintptr_t)r->dest + r->length) & ~(HUGE_PAGE - 1);
  if (to > from) madvise((void *)from, to - from, MADV_HUGEPAGE); /* a request: without huge pages nothing else changes */
  int fd = open(r->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    r->err = errno;
    return;
  }
  size_t done = 0;
  while (done < r->length) {
    ssize_t n = pread(fd, r->dest + done, r->length - done, (off_t)(r->offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      r->err = n < 0 ? errno : EIO; /* EIO: the file ended before the range did */
      break;
    }
    done += (size_t)n;
  }
  close(fd);
}

static void complete(napi_env env, napi_status status, void *arg) {
  read_job *r = arg;
  napi_value out;
  if (status == napi_ok && !r->err) {
    napi_create_double(env, (double)r->length, &out);
    napi_resolve_deferred(env, r->deferred, out);
  } else {
    int err = r->err ? r->err : EIO;
    char msg[4400];
    snprintf(msg, sizeof msg, "readInto %s: %s", r->path, strerror(err));
    const char *code = err == ENOENT ? "ENOENT" : err == EACCES ? "EACCES" : err == ENOMEM ? "ENOMEM" : err == EINVAL ? "EINVAL" : "EIO";
    napi_value c, m, e;
    napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &c);
    napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m);
    napi_create_error(env, c, m, &e);
    napi_reject_deferred(env, r->deferred, e);
  }
  napi_delete_reference(env, r->hold);
  napi_delete_async_work(env, r->work);
  free(r);
}

static napi_value read_into(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  read_job *r = calloc(1, sizeof *r);
  void *base = NULL;
  size_t cap = 0, len = 0;
  double at = -1, offset = -1, length = -1;
  bool is_buffer = false;
  if (!r || argc < 5 || napi_is_arraybuffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer ||
      napi_get_arraybuffer_info(env, argv[0], &base, &cap) != napi_ok || napi_get_value_double(env, argv[1], &at) != napi_ok ||
      napi_get_value_string_utf8(env, argv[2], r->path, sizeof r->path, &len) != napi_ok || len == 0 || len >= sizeof r->path - 1 ||
      napi_get_value_double(env, argv[3], &offset) != napi_ok || napi_get_value_double(env, argv[4], &length) != napi_ok ||
      at < 0 || offset < 0 || length < 0 || at + length > (double)cap) {
    free(r);
    napi_throw_error(env, "EINVAL", "readInto(buffer, at, path, offset, length): bad arguments");
    return NULL;
  }
  r->dest = (uint8_t *)base + (size_t)at;
  r->offset = (uint64_t)offset;
  r->length = (size_t)length;
  napi_create_reference(env, argv[0], 1, &r->hold);
  return paperwire_queue(env, "paperwire.readInto", execute, complete, r, &r->deferred, &r->work);
}

/* Registers readInto on the addon's exports (called from mmap.c's module init). */
void paperwire_read_into_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "readInto", read_into);
}
