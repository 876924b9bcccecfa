/*
 * setIdlePolicy() -> boolean
 *
 * Puts the calling thread under Linux's SCHED_IDLE policy (sched_setscheduler with pid 0 acts on the caller
 * alone), for worker threads doing background work (embedding, keyword extraction): a waking server thread then
 * takes the CPU from them at once, where under a lower nice value it may wait for the rest of their time slice.
 * They still get every CPU the server thread and other programs leave idle, and a small share when none is.
 * Returns false where the policy does not exist or the call is refused (nothing changes then).
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <sched.h>
#include <stdbool.h>

void paperwire_export(napi_env env, napi_value exports, const char *name, napi_callback fn);

static napi_value set_idle_policy(napi_env env, napi_callback_info info) {
  (void)info;
  bool ok = false;
#ifdef SCHED_IDLE
  struct sched_param param = {0};
  ok = sched_setscheduler(0, SCHED_IDLE, &param) == 0;
#endif
  napi_value out;
  napi_get_boolean(env, ok, &out);
  return out;
}

/* Registers setIdlePolicy on the addon's exports (called from mmap.c's module init). */
void paperwire_idle_policy_init(napi_env env, napi_value exports) {
  paperwire_export(env, exports, "setIdlePolicy", set_idle_policy);
}
