// SQLite-only: checks that a refused start leaves no SQLite file behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/testApp.ts';

const BIN = new URL('../../bin/paperwire.mjs', import.meta.url).pathname;

test('issue 22 #13: a port already in use stops serve at once with one line naming the port and the setting', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as AddressInfo).port;
  const { dir, cleanup } = tempDir();
  try {
    const run = spawnSync(process.execPath, [BIN, 'serve'], { env: { ...process.env, PAPERWIRE_DATA_DIR: dir, PAPERWIRE_PORT: String(port), PAPERWIRE_HOST: '127.0.0.1' }, encoding: 'utf8', timeout: 60_000 });
    assert.notEqual(run.status, 0);
    const lines = run.stderr.trim().split('\n').filter((l) => !/npm warn/.test(l));
    assert.equal(lines.length, 1, `one line, got:\n${run.stderr}`);
    assert.match(lines[0]!, new RegExp(`port ${port}`));
    assert.match(lines[0]!, /PAPERWIRE_PORT/);
    assert.doesNotMatch(run.stderr, /EADDRINUSE|\n\s+at /, 'no raw error code or stack');
    assert.equal(existsSync(join(dir, 'paperwire.db')), false, 'it failed before opening the database or loading the demo');
  } finally {
    blocker.close();
    cleanup();
  }
});
