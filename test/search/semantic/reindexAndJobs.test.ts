import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../src/config/config.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { searchJobs } from '../../../src/search/searchJobs.ts';
import { reopenStore, storeEnv, testApp, testStore } from '../../helpers/testApp.ts';
import { hashEmbedder } from './hashEmbedder.ts';
import { openAiServer, sendJson } from './openAiServer.ts';
import { forEachBackend, rawValue } from '../../helpers/backends.ts';

const BIN = fileURLToPath(new URL('../../../bin/paperwire.mjs', import.meta.url));
const local = hashEmbedder(32);

/** A fake embeddings service over the test embedder. */
const embeddingsServer = () =>
  openAiServer((req, res) => {
    if (req.path !== '/v1/embeddings') return sendJson(res, 404, { error: 'no' });
    sendJson(res, 200, { data: (req.body.input as string[]).map((t, index) => ({ index, embedding: [...local.embedSync(t)] })) });
  });

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, PAPERWIRE_LOG_LEVEL: 'warn' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

forEachBackend((backend) => {
  test(`paperwire reindex re-embeds every paper with the configured model and re-extracts keywords, with progress (${backend})`, async () => {
    const kit = await testStore({ backend, demo: true });
    const { cleanup } = kit;
    const server = await embeddingsServer();
    try {
      const env = { ...storeEnv(kit), PAPERWIRE_EMBEDDINGS_URL: server.url, PAPERWIRE_EMBEDDINGS_MODEL: 'fake-embed' };
      const r = await run(['reindex'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /embeddings +\[#{30}\] 100% 293\/293/);
      assert.match(r.stderr, /keywords +\[#{30}\] 100% 293\/293/);
      const db = await reopenStore(kit); // a fresh look at what the command wrote
      assert.equal(await db.searchIndex.vectorCount('openai:fake-embed'), 293);
      assert.equal(await db.searchIndex.queuedCount('embed'), 0);
      assert.equal(await db.searchIndex.queuedCount('keywords'), 0);
      assert.equal(Number(await rawValue(db, "SELECT count(*) FROM papers WHERE ai_keywords = '[]'")), 0);
      db.close();

      const k = await run(['reindex', '--keywords'], env);
      assert.equal(k.code, 0);
      assert.doesNotMatch(k.stderr, /embeddings/);
      const bad = await run(['reindex', '--bogus'], env);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /paperwire reindex: .*bogus/);
      const none = await run(['reindex', '--embeddings'], { ...storeEnv(kit), PAPERWIRE_SEMANTIC: 'off' });
      assert.equal(none.code, 2);
      assert.match(none.stderr, /no embedding model is configured/);
    } finally {
      await server.close();
      cleanup();
    }
  });

  test(`serve's search jobs embed imported papers in the background, after which semantic search finds them (${backend})`, async () => {
    const t = await testApp({ backend, demo: false });
    const server = await embeddingsServer();
    try {
      const config = loadConfig({ ...storeEnv({ dir: t.dir, databaseUrl: t.config.databaseUrl }), PAPERWIRE_EMBEDDINGS_URL: server.url, PAPERWIRE_EMBEDDINGS_MODEL: 'fake-embed' });
      const jobs = searchJobs(t.search, config, createLogger('silent'));
      assert.deepEqual(jobs.map((j) => j.name), ['embed papers', 'paper keywords'], 'no summary job without a chat endpoint');
      await t.search.warmUp;
      const id = (await t.store.papers.upsert({ title: 'Holographic qubit tomography', abstract: 'Tomography of superconducting qubits.' })).id;
      const semanticSearch = () => t.app.request('/api/papers/search?q=qubit+tomography&mode=semantic');
      assert.deepEqual(await (await semanticSearch()).json(), [], 'not embedded yet');
      const lexical = (await (await t.app.request('/api/papers/search?q=qubit&mode=lexical')).json()) as { paper: { id: string } }[];
      assert.equal(lexical[0]!.paper.id, id, 'but found by its words at once');
      for (const job of jobs) await job.run(new AbortController().signal);
      const found = (await (await semanticSearch()).json()) as { paper: { id: string; ai_keywords: string[] } }[];
      assert.equal(found[0]!.paper.id, id);
      assert.ok(found[0]!.paper.ai_keywords.length > 0);
      const withChat = searchJobs(t.search, { ...config, chatUrl: server.url }, createLogger('silent'));
      assert.ok(withChat.some((j) => j.name === 'paper summaries'));
    } finally {
      await server.close();
      t.cleanup();
    }
  });

  test(`on a small instance, warm-up lasts until every paper is embedded, so the first search is already hybrid (${backend})`, async () => {
    const t = await testApp({ backend, demo: true });
    const server = await embeddingsServer();
    try {
      const config = loadConfig({ ...storeEnv({ dir: t.dir, databaseUrl: t.config.databaseUrl }), PAPERWIRE_EMBEDDINGS_URL: server.url, PAPERWIRE_EMBEDDINGS_MODEL: 'fake-embed' });
      assert.equal(await t.store.searchIndex.queuedCount('embed'), 293, 'the demo corpus waits to be embedded');
      searchJobs(t.search, config, createLogger('silent'));
      assert.equal((await t.app.request('/readyz')).status, 503, 'not ready while warm-up runs');
      await t.search.warmUp;
      const ready = await t.app.request('/readyz');
      assert.equal(ready.status, 200, 'ready once every paper is embedded and the lexical index built');
      assert.deepEqual(((await ready.json()) as { search: { semantic: { loaded: boolean; vectors: number } } }).search.semantic, { loaded: true, vectors: 293, position: 293 });
      assert.equal(await t.store.searchIndex.vectorCount('openai:fake-embed'), 293);
      assert.equal(await t.store.searchIndex.queuedCount('embed'), 0);
      const res = await t.app.request('/search?q=crowd+counting');
      assert.equal(res.status, 200);
      const found = (await (await t.app.request('/api/papers/search?q=crowd+counting&mode=semantic')).json()) as unknown[];
      assert.ok(found.length > 0, 'semantic search answers without waiting for the background job');
      // the warm-up searches are lexical only with a remote endpoint: it would bill each hybrid one's query
      const before = server.seen.length;
      await t.search.searchesWarmed;
      const queries = server.seen.slice(before).filter((r) => (r.body.input as string[]).length === 1);
      assert.deepEqual(queries, [], 'no query embedded by the warm-up');
    } finally {
      await server.close();
      t.cleanup();
    }
  });
});
