import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { jobLeaseName } from '../../src/jobs/scheduler.ts';
import { forEachBackend } from '../helpers/backends.ts';
import { storeEnv, testStore } from '../helpers/testApp.ts';
import { fakeEnv, startFakeArxiv } from '../ingest/fakeArxiv.ts';

const BIN = fileURLToPath(new URL('../../bin/paperwire.mjs', import.meta.url));

const cli = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });

forEachBackend((backend) => {
  test(`\`paperwire ingest\` takes the same lease as the servers' scheduled ingestion: it waits its turn instead of harvesting twice (${backend})`, async () => {
    const fake = await startFakeArxiv(() => ({
      body: `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:totalResults></feed>`,
    }));
    const kit = await testStore({ backend });
    const { dir, store, cleanup } = kit;
    try {
      const env = { ...fakeEnv(fake.url, dir, 30), ...storeEnv(kit), PAPERWIRE_LOG_LEVEL: 'warn' };
      const args = ['ingest', 'arxiv', '--cats', 'cs.CV', '--since', '2025-01-01'];
      assert.ok(await store.jobLeases.acquire(jobLeaseName('ingest'), 'server-b.example:77:live', 60_000), 'a server on another host is harvesting');
      const busy = await cli(args, env);
      assert.equal(busy.code, 1, busy.out);
      assert.match(busy.out, /another process .* is ingesting now/);
      assert.equal(fake.requests.length, 0, 'nothing fetched while the lease is held');

      await store.jobLeases.release(jobLeaseName('ingest'), 'server-b.example:77:live');
      const ran = await cli(args, env);
      assert.equal(ran.code, 0, ran.out);
      assert.ok(fake.requests.length >= 1, 'it harvests once the lease is free');
    } finally {
      await fake.close();
      cleanup();
    }
  });
});
