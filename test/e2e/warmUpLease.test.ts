import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServer, type ServerProcess } from '../../bench/lib/serverProcess.ts';
import { loadDemoCorpus } from '../../src/ingest/demoCorpus.ts';
import { testStore } from '../helpers/testApp.ts';

/** The papers a server's log says it embedded (warm-up and the scheduled job both log `embedded papers papers=N`). */
const embeddedBy = (server: ServerProcess) => [...server.output().matchAll(/embedded papers .*?papers=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);

test('two servers starting together on a small instance embed its backlog once: one embeds under the job’s lease, the other waits and follows the feed; both report ready with every vector', async () => {
  const { store, dir, cleanup } = await testStore();
  const servers: ServerProcess[] = [];
  try {
    await loadDemoCorpus(store);
    const queued = await store.searchIndex.queuedCount('embed');
    assert.ok(queued > 100, `${queued} papers queued for embedding`);
    store.close();
    // both started at once, as a deploy starts them, each with the bundled model (embedding in its worker thread)
    servers.push(...(await Promise.all([startServer(dir), startServer(dir)])));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    await Promise.all([a.waitReady(60_000), b.waitReady(60_000)]);
    for (const s of servers) {
      const ready = (await (await fetch(`${s.url}/readyz`)).json()) as { search: { semantic: { vectors: number } } };
      assert.equal(ready.search.semantic.vectors, queued, 'ready only with every paper’s vector in its index');
    }
    // a scheduled run after warm-up finds nothing left to do; give it its first run (200 ms after warm-up)
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(embeddedBy(a) + embeddedBy(b), queued, `each paper embedded once across the two servers (a: ${embeddedBy(a)}, b: ${embeddedBy(b)})`);
    assert.ok(embeddedBy(a) === 0 || embeddedBy(b) === 0, 'one server embedded the backlog, the other followed');
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    cleanup();
  }
});
