import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { testStore } from '../helpers/testApp.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  const BIN = new URL('../../bin/paperwire.mjs', import.meta.url).pathname;

  test(`\`paperwire user create --admin\` makes the first admin; \`user role\` changes roles; mistakes exit 2 (${backend})`, async () => {
    const { store, dir, databaseUrl, cleanup } = await testStore({ backend });
    const env = { ...process.env, PAPERWIRE_DATA_DIR: dir, PAPERWIRE_LOG_LEVEL: 'silent', ...(databaseUrl ? { PAPERWIRE_DATABASE_URL: databaseUrl } : {}) };
    const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, 'user', ...args], { env, input, encoding: 'utf8' });
    try {
      let r = run(['create', 'root', '--email', 'root@example.org', '--admin']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /created admin @root\npassword \(shown once\): \S{20}/);
      r = run(['create', 'mo', '--email', 'mo@example.org', '--password-stdin'], 'a long enough password\n');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(run(['role', 'mo', 'moderator']).status, 0);
      r = run(['role', 'mo', 'king']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /user, moderator or admin/);
      assert.equal(run(['create', 'x', '--email', 'bad']).status, 2);
      assert.equal(run(['create', 'y']).status, 2);
      const root = (await store.accounts.byLogin('root'))!;
      assert.equal(root.role, 'admin');
      assert.ok(root.emailVerifiedAt);
      assert.equal((await store.accounts.byLogin('mo'))!.role, 'moderator');
    } finally {
      cleanup();
    }
  });
});
