import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startIdleCollector } from '../../src/jobs/idleCollector.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Old-generation garbage: objects kept across many young collections (so they are promoted), then dropped. */
function garbage(mb: number): void {
  const keep: { i: number; s: string }[] = [];
  for (let i = 0; i < mb * 8_000; i++) keep.push({ i, s: `paper ${i}` });
}

test('the idle collector frees the heap once requests pause, and never while they come (issue 20: memory after queries)', async () => {
  const collections: number[] = [];
  const c = startIdleCollector({ everyMs: 20, quietMs: 150, growthBytes: 8 * 2 ** 20, onCollect: (freed) => collections.push(freed) });
  try {
    c.onRequest();
    garbage(40);
    // requests every 10 ms: the server is busy, nothing is collected whatever the heap holds
    for (let i = 0; i < 40; i++) {
      c.onRequest();
      await sleep(10);
    }
    assert.equal(collections.length, 0, 'no collection while requests come');
    const before = process.memoryUsage().heapUsed;
    for (let waited = 0; !collections.length && waited < 5000; waited += 20) await sleep(20);
    assert.equal(collections.length, 1, 'one collection once the server is quiet');
    assert.ok(collections[0]! > 8 * 2 ** 20, `it freed the garbage (${collections[0]} bytes)`);
    assert.ok(process.memoryUsage().heapUsed < before - 8 * 2 ** 20, 'the heap in use shrank');
    await sleep(200);
    assert.equal(collections.length, 1, 'and none again until the heap grows anew');
  } finally {
    c.stop();
  }
});
