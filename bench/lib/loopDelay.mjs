/**
 * Preloaded into a benchmark's server (`node --import`): records the server thread's event-loop delay and writes
 * one line a second to BENCH_LOOP_DELAY_FILE — the time, the delay's p50 / p99 / max in ms, how many
 * milliseconds of that second the loop was held in blocks over 5, 10 and 20 ms, and (Linux, from the kernel's
 * schedstat of the server thread) how many milliseconds the thread ran on a CPU and waited, runnable, for one —
 * so a benchmark can tell how long background pieces hold the loop in a phase it knows the times of
 * (bench/busyLatency.ts), and the server thread's own work apart from the time other threads and processes took
 * the CPU from it.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_LOOP_DELAY_FILE;
if (file && isMainThread) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  // the blocks themselves: a 1 ms timer that fires late was held by whatever ran in between
  let last = performance.now();
  const held = [0, 0, 0];
  const tick = setInterval(() => {
    const now = performance.now();
    const late = now - last - 1;
    for (const [i, bar] of [5, 10, 20].entries()) if (late > bar) held[i] += late;
    last = now;
  }, 1);
  tick.unref();
  // the main thread's task id is the process id: its schedstat is "ns on a CPU, ns waiting for one, time slices"
  const sched = () => {
    try {
      return readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    } catch {
      return [0, 0];
    }
  };
  let lastSched = sched();
  const report = setInterval(() => {
    const ms = (ns) => (ns / 1e6).toFixed(2);
    const now = sched();
    const ran = now.map((v, i) => v - lastSched[i]);
    lastSched = now;
    appendFileSync(file, `${Date.now()} ${ms(h.percentile(50))} ${ms(h.percentile(99))} ${ms(h.max)} ${held.map((v) => v.toFixed(0)).join(' ')} ${ms(ran[0])} ${ms(ran[1])}\n`);
    h.reset();
    held.fill(0);
  }, 1000);
  report.unref();
}
