import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { storeEnv, testStore } from '../helpers/testApp.ts';
import { forEachBackend } from '../helpers/backends.ts';

const BIN = fileURLToPath(new URL('../../bin/paperwire.mjs', import.meta.url));

forEachBackend((backend) => {
  test(`paperwire search prints the same results as searchPapers, and refuses a bad mode (${backend})`, async () => {
    const kit = await testStore({ backend, demo: true });
    const { cleanup } = kit;
    try {
      const env = { ...process.env, ...storeEnv(kit), PAPERWIRE_LOG_LEVEL: 'silent' };
      const run = spawnSync(process.execPath, [BIN, 'search', '--limit', '3', '--json', 'knowledge', 'distillation'], { env, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const out = JSON.parse(run.stdout) as { total: number; papers: { title: string }[] };
      assert.equal(out.papers.length, 3);
      assert.ok(out.total >= 3);
      assert.match(out.papers.map((p) => p.title).join(' '), /distill/i);
      const bad = spawnSync(process.execPath, [BIN, 'search', '--mode', 'psychic', 'x'], { env, encoding: 'utf8' });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--mode must be/);
    } finally {
      cleanup();
    }
  });
});
