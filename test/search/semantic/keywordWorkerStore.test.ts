import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../../bench/lib/serverProcess.ts';
import { MOST_REST_MS } from '../../../src/jobs/requestActivity.ts';
import { createKeywordJob } from '../../../src/search/keywords/keywordJob.ts';
import { createSearchContext } from '../../../src/search/searchContext.ts';
import type { StoreConfig } from '../../../src/storage/openStore.ts';
import type { Store } from '../../../src/storage/store.ts';
import { forEachBackend, rawRows, rawValue } from '../../helpers/backends.ts';
import { heldServer } from '../../helpers/heldServer.ts';
import { storeEnv, testStore } from '../../helpers/testApp.ts';

const topics = ['sparse attention for long documents', 'graph neural networks for molecules', 'protein folding with diffusion', 'quantized language model inference', 'federated learning under privacy'];

/** `n` papers beside the demo corpus, so the job runs several batches. */
async function addPapers(store: Store, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t = topics[i % topics.length]!;
    await store.papers.upsert({ arxivId: `2402.${String(10000 + i)}`, title: `Studies of ${t}, part ${i}`, abstract: `We revisit ${t} with method ${i % 17} and ${t.split(' ')[0]} baselines ${i % 7}. Our ${t} results hold.` });
  }
}

const keywordsOf = (s: Store) => rawRows<{ id: string; ai_keywords: string }>(s, 'SELECT id, ai_keywords FROM papers ORDER BY id');
const queued = async (s: Store) => Number(await s.searchIndex.queuedCount('keywords'));
const storeConfig = (kit: { dir: string; databaseUrl?: string }): StoreConfig => ({ databasePath: join(kit.dir, 'paperwire.db'), databaseUrl: kit.databaseUrl });

forEachBackend((backend) => {
  test(`the keyword worker reads the queue and writes the keywords through its own connection: the same keywords, nothing written by the server's (${backend})`, async () => {
    const here = await testStore({ backend, demo: true });
    const there = await testStore({ backend, demo: true });
    try {
      const reference = await createKeywordJob(createSearchContext(there.store))({ batch: 40 });
      assert.equal(reference, 293);
      const ctx = createSearchContext(here.store);
      await ctx.lexical.current();
      // SQLite counts each connection's own row changes: the server's connection must make none
      const ownChanges = () => (backend === 'sqlite' ? rawValue(here.store, 'SELECT total_changes()') : Promise.resolve(0));
      const before = await ownChanges();
      const threads = readdirSync('/proc/self/task').length;
      const progress: number[] = [];
      const done = await createKeywordJob(ctx, { worker: true, store: storeConfig(here) })({ batch: 40, onProgress: (n) => progress.push(n) });
      assert.equal(done, 293);
      assert.deepEqual(progress, [40, 80, 120, 160, 200, 240, 280, 293], 'a batch at a time, as before');
      assert.equal(await ownChanges(), before, "the server's connection wrote nothing");
      assert.equal(await queued(here.store), 0);
      assert.equal(readdirSync('/proc/self/task').length, threads, 'the queue emptied: the worker closed its store and ended');
      const a = await keywordsOf(there.store);
      assert.ok(a.filter((r) => r.ai_keywords !== '[]').length > 250, 'keywords were written');
      assert.deepEqual(await keywordsOf(here.store), a);
    } finally {
      here.cleanup();
      there.cleanup();
    }
  });

  test(`kill -9 of a server mid-way through its keyword job (the worker writing): a rerun does exactly the rest, nothing lost or done twice (${backend})`, async () => {
    const kit = await testStore({ backend, demo: true });
    const ref = await testStore({ backend, demo: true });
    try {
      await addPapers(kit.store, 1200);
      await addPapers(ref.store, 1200);
      const total = await queued(kit.store);
      assert.equal(total, 1493);
      assert.equal(await createKeywordJob(createSearchContext(ref.store))({ batch: 200 }), total);
      const server = await startServer(kit.dir, { ...storeEnv(kit), PAPERWIRE_SEMANTIC: 'false', PAPERWIRE_DIGEST_ENABLED: 'false' });
      let left = total;
      try {
        for (const end = Date.now() + 60_000; left === total && Date.now() < end; ) {
          await new Promise((r) => setTimeout(r, 10));
          left = await queued(kit.store);
        }
      } finally {
        await new Promise<void>((resolve) => (server.child.once('exit', () => resolve()), server.child.kill('SIGKILL')));
      }
      left = await queued(kit.store);
      assert.ok(left > 0 && left < total && (total - left) % 200 === 0, `killed mid-job on a batch boundary: ${total - left} of ${total} done`);
      // a rerun (another server's job) takes exactly the papers still queued, and every paper ends as the reference's
      const rest = await createKeywordJob(createSearchContext(kit.store), { worker: true, store: storeConfig(kit) })({ batch: 200 });
      assert.equal(rest, left, 'nothing done twice');
      assert.equal(await queued(kit.store), 0, 'nothing lost');
      assert.deepEqual(await keywordsOf(kit.store), await keywordsOf(ref.store));
    } finally {
      kit.cleanup();
      ref.cleanup();
    }
  });
});

test("a keyword worker that cannot open the store leaves the reading and writing to the server's thread, logged once", async () => {
  const t = await testStore({ backend: 'sqlite', demo: true });
  try {
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, error() {}, warn: (msg: string) => void warnings.push(msg) };
    // a path under a file: no folder can be made there
    const job = createKeywordJob(createSearchContext(t.store), { worker: true, store: { databasePath: join(t.dir, 'paperwire.db', 'x.db') }, log });
    assert.equal(await job({ batch: 100 }), 293);
    assert.equal(await queued(t.store), 0);
    assert.equal(warnings.length, 1, warnings.join('; '));
  } finally {
    t.cleanup();
  }
});

test('a run that finds the keyword queue empty starts no worker thread (each run of an idle server would otherwise start one)', async () => {
  const t = await testStore({ backend: 'sqlite', demo: true });
  try {
    await createKeywordJob(createSearchContext(t.store))();
    assert.equal(await queued(t.store), 0);
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, error() {}, warn: (msg: string) => void warnings.push(msg) };
    // a worker started with this store would warn that it cannot open it: none is started
    const job = createKeywordJob(createSearchContext(t.store), { worker: true, store: { databasePath: join(t.dir, 'paperwire.db', 'x.db') }, log });
    assert.equal(await job(), 0);
    assert.equal(await job(), 0);
    assert.deepEqual(warnings, []);
  } finally {
    t.cleanup();
  }
});

test("while the server answers requests the keyword worker rests, a paper at a time, and goes on once they end", async () => {
  const t = await testStore({ backend: 'sqlite', demo: true });
  const s = await heldServer();
  try {
    const response = fetch(s.url).then((r) => r.text());
    await s.holding(1);
    let written = 0;
    const job = createKeywordJob(createSearchContext(t.store), { worker: true, store: storeConfig(t), activity: s.activity });
    const run = job({ batch: 40, onProgress: (n) => void (written = n) });
    // a batch is extracted twice (before and after the frequency look-ups), with a rest of MOST_REST_MS before each
    // paper: its first 40 papers take 4 s at least while the request is held (without the rests, about a second)
    await new Promise((r) => setTimeout(r, 60 * MOST_REST_MS));
    assert.equal(written, 0, 'no batch written while the request was held');
    s.answer();
    await response;
    assert.equal(await run, 293, 'the rest of the queue once the request ended');
    assert.equal(await queued(t.store), 0);
  } finally {
    await s.close();
    t.cleanup();
  }
});
