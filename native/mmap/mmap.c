/*
 * paperwire's memory-map addon: search snapshots read as mapped files instead of copied into fresh memory.
 *
 * On a virtual machine, faulting fresh anonymous memory costs ~3 ms per MB, so reading an 800 MB snapshot into
 * buffers takes seconds; mapping the same file, already in the page cache, takes a tenth of that and shares its
 * pages with the page cache. Two calls, both private copy-on-write mappings (a write changes this process's
 * copy, never the file; snapshots are replaced by rename, never rewritten in place, so a mapping stays valid):
 *
 *   mapFile(path) -> ArrayBuffer        the whole file, unmapped when the buffer is collected
 *   mapFd(fd, length) -> ArrayBuffer    bytes [0, length) of a file the caller opened (and keeps open, or closes:
 *       the mapping stays valid either way), unmapped when the buffer is collected. The mapping ends there, so the
 *       kernel's fault-around never maps the file's pages beyond it: a snapshot's sections that are read with
 *       pread instead (the lexical window layouts) never count in the process's resident memory.
 *   mapInto(buffer, at, path, offset, length) -> bytes mapped
 *       maps the file's pages over buffer[at, at + n) where n is `length` rounded down to whole pages; `at`'s
 *       address and `offset` must be page-aligned (else 0 is returned and nothing changes). The caller copies
 *       the tail. Used to land a snapshot's vector rows inside the WebAssembly memory of the dot-product kernel.
 *
 * Errors throw an Error whose `code` is the errno's name (ENOENT, EACCES, …) or EINVAL for bad arguments.
 *
 * The same addon carries the vector scan (topDots.c), a long query's lexical window loop (windowQuery.c) and common
 * terms' window layouts (termLayout.c), term at a time (termAtATime.c), the credible count (credibleSegment.c), the
 * read of the vector rows into huge pages (readInto.c) and of a search's vector tails (readRecords.c), the papers a
 * query's required terms allow (allowedDocs.c) and the vector rows' renumbering after clustering (permuteRows.c);
 * and trimMemory(), the C library's free pages given back to the system (below).
 */
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static napi_value fail(napi_env env, int err, const char *what, const char *path) {
  char msg[4400];
  snprintf(msg, sizeof msg, "%s %s: %s", what, path, strerror(err));
  const char *code = err == ENOENT ? "ENOENT" : err == EACCES ? "EACCES" : err == ENOMEM ? "ENOMEM" : err == EINVAL ? "EINVAL" : "EIO";
  napi_throw_error(env, code, msg);
  return NULL;
}

static int path_arg(napi_env env, napi_value v, char *out, size_t cap) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, out, cap, &len) != napi_ok || len == 0 || len >= cap - 1) return 0;
  return 1;
}

static void unmap(napi_env env, void *data, void *hint) {
  (void)env;
  munmap(data, (size_t)(uintptr_t)hint);
}

static napi_value map_file(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char path[4096];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || !path_arg(env, argv[0], path, sizeof path)) return fail(env, EINVAL, "mapFile", "(path)");
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(env, errno, "open", path);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    return fail(env, err, "stat", path);
  }
  size_t size = (size_t)st.st_size;
  napi_value out;
  if (size == 0) {
    close(fd);
    void *unused;
    napi_create_arraybuffer(env, 0, &unused, &out);
    return out;
  }
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  int err = errno;
  close(fd);
  if (p == MAP_FAILED) return fail(env, err, "mmap", path);
  if (napi_create_external_arraybuffer(env, p, size, unmap, (void *)(uintptr_t)size, &out) != napi_ok) {
    munmap(p, size);
    return fail(env, ENOMEM, "external buffer for", path);
  }
  return out;
}

static napi_value map_fd(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd = -1;
  double length = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_double(env, argv[1], &length) != napi_ok ||
      fd < 0 || length < 0 || length != (double)(size_t)length)
    return fail(env, EINVAL, "mapFd", "(fd, length)");
  struct stat st;
  if (fstat(fd, &st) != 0) return fail(env, errno, "stat", "(fd)");
  size_t size = (size_t)length;
  if (size > (size_t)st.st_size) return fail(env, EINVAL, "mapFd", "(length past the end of the file)");
  napi_value out;
  if (size == 0) {
    void *unused;
    napi_create_arraybuffer(env, 0, &unused, &out);
    return out;
  }
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return fail(env, errno, "mmap", "(fd)");
  if (napi_create_external_arraybuffer(env, p, size, unmap, (void *)(uintptr_t)size, &out) != napi_ok) {
    munmap(p, size);
    return fail(env, ENOMEM, "external buffer for", "(fd)");
  }
  return out;
}

static napi_value map_into(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  char path[4096];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *base = NULL;
  size_t cap = 0;
  double at, offset, length;
  bool is_buffer = false;
  if (argc < 5 || napi_is_arraybuffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer ||
      napi_get_arraybuffer_info(env, argv[0], &base, &cap) != napi_ok ||
      napi_get_value_double(env, argv[1], &at) != napi_ok || !path_arg(env, argv[2], path, sizeof path) ||
      napi_get_value_double(env, argv[3], &offset) != napi_ok || napi_get_value_double(env, argv[4], &length) != napi_ok ||
      at < 0 || offset < 0 || length < 0 || at + length > (double)cap)
    return fail(env, EINVAL, "mapInto", "(buffer, at, path, offset, length)");
  long page = sysconf(_SC_PAGESIZE);
  uintptr_t dest = (uintptr_t)base + (uintptr_t)at;
  size_t whole = (size_t)length / (size_t)page * (size_t)page;
  napi_value out;
  if (dest % (uintptr_t)page != 0 || (uint64_t)offset % (uint64_t)page != 0 || whole == 0) {
    napi_create_double(env, 0, &out);
    return out;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(env, errno, "open", path);
  void *p = mmap((void *)dest, whole, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, (off_t)offset);
  int err = errno;
  close(fd);
  if (p == MAP_FAILED) return fail(env, err, "mmap", path);
  napi_create_double(env, (double)whole, &out);
  return out;
}

void paperwire_top_dots_init(napi_env env, napi_value exports);
void paperwire_window_query_init(napi_env env, napi_value exports);
void paperwire_term_layout_init(napi_env env, napi_value exports);
void paperwire_read_into_init(napi_env env, napi_value exports);
void paperwire_term_at_a_time_init(napi_env env, napi_value exports);
void paperwire_credible_segment_init(napi_env env, napi_value exports);
void paperwire_read_records_init(napi_env env, napi_value exports);
void paperwire_allowed_docs_init(napi_env env, napi_value exports);
void paperwire_permute_rows_init(napi_env env, napi_value exports);
void paperwire_assign_leaves_init(napi_env env, napi_value exports);

/*
 * Whether `v` is a typed array of type `want`; if so its data and length (in elements) into *data and *len. Every
 * function of the addon checks its array arguments through it.
 */
int paperwire_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len) {
  bool is = false;
  napi_typedarray_type type;
  napi_value buf;
  size_t off;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  return napi_get_typedarray_info(env, v, &type, len, data, &buf, &off) == napi_ok && type == want;
}

/*
 * Queues `execute` on libuv's thread pool and `complete` after it on the JavaScript thread, for a call that answers
 * with a promise (its deferred into *deferred, settled by `complete`; the work into *work, deleted by `complete`).
 */
napi_value paperwire_queue(napi_env env, const char *name, napi_async_execute_callback execute, napi_async_complete_callback complete, void *data, napi_deferred *deferred, napi_async_work *work) {
  napi_value promise, resource;
  napi_create_promise(env, deferred, &promise);
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &resource);
  napi_create_async_work(env, NULL, resource, execute, complete, data, work);
  napi_queue_async_work(env, *work);
  return promise;
}

/* Adds one native function to the addon's exports under `name` (every file of the addon registers through it). */
void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn) {
  napi_value f;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &f);
  napi_set_named_property(env, exports, name, f);
}

/*
 * trimMemory() -> boolean: glibc keeps pages freed in the middle of its heaps for reuse, so a gigabyte of arrays
 * freed after a search index built in memory was replaced by its mapped snapshot stayed in the server's resident
 * memory; malloc_trim gives every free page back. false where nothing was given back, or off glibc.
 */
static napi_value trim_memory(napi_env env, napi_callback_info info) {
  (void)info;
  int trimmed = 0;
#ifdef __GLIBC__
  trimmed = malloc_trim(0);
#endif
  napi_value out;
  napi_get_boolean(env, trimmed != 0, &out);
  return out;
}

NAPI_MODULE_INIT() {
  paperwire_export(env, exports, "mapFile", map_file);
  paperwire_export(env, exports, "mapFd", map_fd);
  paperwire_export(env, exports, "mapInto", map_into);
  paperwire_export(env, exports, "trimMemory", trim_memory);
  paperwire_top_dots_init(env, exports); /* the vector scan: topDots.c */
  paperwire_window_query_init(env, exports); /* a long query's lexical top k over the windows: windowQuery.c */
  paperwire_term_layout_init(env, exports); /* a common term's window layout: termLayout.c */
  paperwire_read_into_init(env, exports); /* the vector rows read into huge pages: readInto.c */
  paperwire_term_at_a_time_init(env, exports); /* lexical term at a time: termAtATime.c */
  paperwire_credible_segment_init(env, exports); /* the credible count of a segment: credibleSegment.c */
  paperwire_read_records_init(env, exports); /* the vector tails a search rescores: readRecords.c */
  paperwire_allowed_docs_init(env, exports); /* the papers a query's required terms allow: allowedDocs.c */
  paperwire_permute_rows_init(env, exports); /* the vector rows renumbered after clustering: permuteRows.c */
  paperwire_assign_leaves_init(env, exports); /* a cluster build's assignment off the server thread: assignLeaves.c */
  return exports;
}
