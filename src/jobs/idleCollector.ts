import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long no request may have begun before the server counts as idle. */
const QUIET_MS = 2000;
/** The least growth of the JavaScript heap since the last full collection worth a collection (and its pause). */
const GROWTH_BYTES = 16 * 2 ** 20;

/** V8's full collection, exposed at run time (the server is started without `--expose-gc`). */
function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Gives the JavaScript heap's garbage back once the server is idle: a few hundred searches leave 25–40 MB of
 * garbage in the old generation that no full collection claims while the server is quiet (V8 collects by
 * allocation, not by time), and at 1M papers that is what stands between the server and its memory budget
 * (docs/benchmarks.md, "Memory after queries"). When no request has begun for two seconds and the heap grew by
 * 16 MB since the last full collection, one runs (10–40 ms, with no request waiting); V8 then returns the
 * emptied pages. `onRequest` is called by the HTTP server for every request; the returned `stop` ends the timer.
 */
export function startIdleCollector(options: { everyMs?: number; quietMs?: number; growthBytes?: number; onCollect?: (freedBytes: number, ms: number) => void } = {}): { onRequest(): void; stop(): void } {
  const quietMs = options.quietMs ?? QUIET_MS;
  const growth = options.growthBytes ?? GROWTH_BYTES;
  const gc = fullCollection();
  let lastRequest = performance.now();
  let afterLast = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const used = process.memoryUsage().heapUsed;
    if (performance.now() - lastRequest < quietMs || used - afterLast < growth) return;
    const t = performance.now();
    gc();
    afterLast = process.memoryUsage().heapUsed;
    options.onCollect?.(used - afterLast, performance.now() - t);
  }, options.everyMs ?? 1000);
  timer.unref();
  return {
    onRequest: () => void (lastRequest = performance.now()),
    stop: () => clearInterval(timer),
  };
}
