/*
 * The server's malloc, held to what it uses (issue 20: a served instance's resident memory after queries).
 *
 * glibc gives each thread that meets a busy arena an arena of its own (up to 8 per core), and keeps what a thread
 * frees inside its arena, and freed holes inside the main heap, for later use rather than giving the pages back.
 * A server's worker threads (keyword extraction, embedding, the libuv pool) and the query path's short-lived
 * buffers leave tens of MB resident that way. Two calls, both no-ops returning false where the C library is not
 * glibc (musl, macOS):
 *
 *   limitMallocArenas(n) -> bool    mallopt(M_ARENA_MAX, n): threads share at most n arenas (from now on)
 *   trimMalloc() -> Promise<bool>   malloc_trim(0) on a thread of libuv's pool (it walks every arena under its
 *                                   lock, so never on the JavaScript thread): free pages of every arena and of the
 *                                   main heap are given back to the kernel; resolves true when some were
 */
#include <node_api.h>
#include <stdbool.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static napi_value boolean(napi_env env, bool b) {
  napi_value out;
  napi_get_boolean(env, b, &out);
  return out;
}

static napi_value limit_malloc_arenas(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t n = 0;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &n) != napi_ok || n < 1) {
    napi_throw_range_error(env, "EINVAL", "limitMallocArenas(n) takes a count of at least 1");
    return NULL;
  }
#ifdef __GLIBC__
  return boolean(env, mallopt(M_ARENA_MAX, n) == 1);
#else
  return boolean(env, false);
#endif
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  bool released;
} Trim;

static void trim_execute(napi_env env, void *data) {
  Trim *t = data;
#ifdef __GLIBC__
  t->released = malloc_trim(0) == 1;
#else
  t->released = false;
#endif
}

static void trim_complete(napi_env env, napi_status status, void *data) {
  Trim *t = data;
  napi_resolve_deferred(env, t->deferred, boolean(env, status == napi_ok && t->released));
  napi_delete_async_work(env, t->work);
  free(t);
}

static napi_value trim_malloc(napi_env env, napi_callback_info info) {
  napi_value promise, name;
  Trim *t = calloc(1, sizeof(Trim));
  if (!t) {
    napi_throw_error(env, "ENOMEM", "trimMalloc: out of memory");
    return NULL;
  }
  napi_create_promise(env, &t->deferred, &promise);
  napi_create_string_utf8(env, "paperwire:trimMalloc", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, trim_execute, trim_complete, t, &t->work);
  napi_queue_async_work(env, t->work);
  return promise;
}

void paperwire_malloc_trim_init(napi_env env, napi_value exports) {
  napi_value f;
  napi_create_function(env, "limitMallocArenas", NAPI_AUTO_LENGTH, limit_malloc_arenas, NULL, &f);
  napi_set_named_property(env, exports, "limitMallocArenas", f);
  napi_create_function(env, "trimMalloc", NAPI_AUTO_LENGTH, trim_malloc, NULL, &f);
  napi_set_named_property(env, exports, "trimMalloc", f);
}
