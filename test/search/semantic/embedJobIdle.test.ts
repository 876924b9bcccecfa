import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { loadConfig } from '../../../src/config/config.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { BUNDLED_MODEL } from '../../../src/search/embedding/bundledEmbedder.ts';
import { searchJobs } from '../../../src/search/searchJobs.ts';
import { storeEnv, testApp } from '../../helpers/testApp.ts';

const threads = () => readdirSync('/proc/self/task').length;

test("serve's embedding job starts its worker thread only once a paper waits to be embedded (issue 20: a thread and a model copy fewer)", async () => {
  const t = await testApp({ backend: 'sqlite', demo: false });
  try {
    const config = loadConfig({ ...storeEnv({ dir: t.dir }) });
    const jobs = searchJobs(t.search, config, createLogger('silent'));
    const embed = jobs.find((j) => j.name === 'embed papers')!;
    await t.search.warmUp;
    const before = threads();
    for (let i = 0; i < 3; i++) await embed.run(new AbortController().signal);
    assert.equal(threads(), before, 'nothing queued: no worker started');
    await t.store.papers.upsert({ title: 'Holographic qubit tomography', abstract: 'Tomography of superconducting qubits.' });
    await embed.run(new AbortController().signal);
    assert.ok(threads() > before, 'a queued paper starts the worker');
    assert.equal(await t.store.searchIndex.vectorCount(BUNDLED_MODEL), 1, 'and it embeds the paper');
    assert.equal(await t.store.searchIndex.queuedCount('embed'), 0);
  } finally {
    t.cleanup();
  }
});
