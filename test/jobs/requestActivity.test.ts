import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { markPairedEmbedding, restWhileServing, untilQuiet } from '../../src/jobs/requestActivity.ts';
import { heldServer } from '../helpers/heldServer.ts';

type Held = Awaited<ReturnType<typeof heldServer>>;
type Rester = { rest(most: number): Promise<{ rested: number; at: number }> };

/** Runs `body` with a held-request server and a worker thread resting on its cells, and closes both after. */
async function withRestingWorker(body: (s: Held, worker: Rester) => Promise<void>): Promise<void> {
  const s = await heldServer();
  const w = new Worker(new URL('../helpers/restingWorker.mjs', import.meta.url), { workerData: s.activity });
  try {
    await once(w, 'message');
    await body(s, {
      async rest(most) {
        w.postMessage({ most });
        const [r] = await once(w, 'message');
        return r;
      },
    });
  } finally {
    await w.terminate();
    await s.close();
  }
}

test('a background thread rests while the server answers a request, and goes on once the response is sent', async () => {
  await withRestingWorker(async (s, worker) => {
    assert.ok((await worker.rest(1000)).rested < 20, 'no request: no rest');
    const response = fetch(s.url).then((r) => r.text());
    await s.holding(1);
    const resting = worker.rest(1000);
    await new Promise((r) => setTimeout(r, 150));
    const answeredAt = s.answer();
    assert.equal(await response, 'ok');
    const { rested, at } = await resting;
    assert.ok(rested >= 120, `rested ${rested} ms, while the request was held`);
    assert.ok(at >= answeredAt && at - answeredAt < 200, `went on ${at - answeredAt} ms after the response`);
  });
});

test('under a request that does not end, a rest lasts at most its limit, so the work still goes on', async () => {
  await withRestingWorker(async (s, worker) => {
    const response = fetch(s.url).then((r) => r.text());
    await s.holding(1);
    const { rested } = await worker.rest(60);
    assert.ok(rested >= 55 && rested < 400, `rested ${rested} ms, limited to 60`);
    s.answer();
    await response;
  });
});

test('a request whose client goes away counts as ended: the thread does not rest for it', async () => {
  await withRestingWorker(async (s, worker) => {
    const aborted = new AbortController();
    const response = fetch(s.url, { signal: aborted.signal }).catch(() => 'aborted');
    await s.holding(1);
    aborted.abort();
    assert.equal(await response, 'aborted');
    await new Promise((r) => setTimeout(r, 50)); // the server sees the connection close
    assert.ok((await worker.rest(1000)).rested < 20, 'the abandoned request is not in flight any more');
    s.answer();
  });
});

test('a background thread rests while the embedding job has both cores, and goes on as soon as it ends', async () => {
  await withRestingWorker(async (s, worker) => {
    markPairedEmbedding(s.activity, true);
    const resting = worker.rest(2000);
    await new Promise((r) => setTimeout(r, 150));
    const endedAt = Date.now();
    markPairedEmbedding(s.activity, false);
    const { rested, at } = await resting;
    assert.ok(rested >= 120, `rested ${rested} ms, while the embedding ran on two threads`);
    assert.ok(at - endedAt < 100, `went on ${at - endedAt} ms after the mark came off`);
    assert.ok((await worker.rest(1000)).rested < 20, 'no mark: no rest');
  });
});

test('without the server\'s cells (a CLI job) a rest returns at once', () => {
  assert.equal(restWhileServing(undefined)(), 0);
});

test('work on the server thread waits for a lull: while a request runs and until the quiet time after it, not otherwise', async () => {
  const s = await heldServer();
  try {
    assert.equal(untilQuiet(s.activity, 30), undefined, 'no request yet: go on at once');
    assert.equal(untilQuiet(undefined, 30), undefined, 'no cells (a CLI job): go on at once');
    const response = fetch(s.url).then((r) => r.text());
    await s.holding(1);
    let settledAt = 0;
    const waiting = untilQuiet(s.activity, 30);
    assert.ok(waiting, 'a request in flight: wait');
    void waiting.then(() => (settledAt = Date.now()));
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(settledAt, 0, 'still waiting while the request is held');
    const answeredAt = s.answer();
    assert.equal(await response, 'ok');
    await waiting;
    assert.ok(settledAt - answeredAt >= 25 && settledAt - answeredAt < 300, `went on ${settledAt - answeredAt} ms after the response (quiet time 30)`);
    assert.equal(untilQuiet(s.activity, 0), undefined, 'with no quiet time asked, nothing to wait for');
  } finally {
    await s.close();
  }
});
