import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

/** The calling thread's scheduling policy and nice value, from /proc (fields 41 and 19 of its stat line). */
const ownSchedule = () => {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the third on
  return { policy: Number(fields[41 - 3]), nice: Number(fields[19 - 3]) };
};

test('a background worker thread goes under SCHED_IDLE at nice 10; the thread that answers requests keeps its schedule', { skip: process.platform !== 'linux' && 'Linux threads only' }, async () => {
  const before = ownSchedule();
  const code = `
    import { readFileSync } from 'node:fs';
    import { parentPort } from 'node:worker_threads';
    import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
    register();
    const { lowerThreadPriority } = await import(${JSON.stringify(new URL('../../src/jobs/threadPriority.ts', import.meta.url).href)});
    const lowered = lowerThreadPriority();
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parentPort.postMessage({ lowered, policy: Number(f[38]), nice: Number(f[16]) });`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
  const got = await new Promise<{ lowered: boolean; policy: number; nice: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.equal(got.lowered, true);
  assert.equal(got.policy, 5, 'SCHED_IDLE (5): a waking server thread takes the CPU at once');
  assert.equal(got.nice, 10);
  assert.deepEqual(ownSchedule(), before, 'this thread is untouched');
  assert.equal(before.policy, 0);
  assert.equal(getPriority(0), before.nice);
});
