import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { sha256 } from '../../src/community/secrets.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { migrations } from '../../src/storage/migrations/index.ts';
import { openSqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import { tempDir } from '../helpers/testApp.ts';
import { communityApp, makeUser, postForm } from './communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

const post = (token: string, body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

forEachBackend((backend) => {
  test(`read-only tokens: chosen in settings, shown as such, read personal lists, refused (403) for every API write (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const u = await makeUser(t, 'reader');
      const page = await (await postForm(t.app, '/settings/tokens', { csrf: u.csrf, name: 'assistant', scope: 'read' }, u.cookie)).text();
      const token = /<code class="token">(pw_[\w-]+)<\/code>/.exec(page)?.[1];
      assert.ok(token);
      assert.match(page, /<strong>assistant<\/strong> <code>pw_[\w-]+…<\/code> <span class="muted">read only,/);
      assert.deepEqual((await t.store.accounts.listApiTokens(u.id)).map((x) => x.scope), ['read']);
      await t.store.papers.upsert({ arxivId: '2611.00001', title: 'Known', authors: ['A'], publishedAt: '2026-11-21' });

      for (const [path, body] of [['/api/papers/2611.00001/upvote', {}], ['/api/papers/2611.00001/comments', { body: 'hi' }], ['/api/papers/submit', { paper_id: '2611.00001' }]] as const) {
        const res = await t.app.request(path, post(token!, body));
        assert.equal(res.status, 403, path);
        assert.match((await res.json()).error, /read-only/);
      }
      assert.equal((await t.store.papers.get('2611.00001'))!.upvotes, 0);
      const mine = await t.app.request('/api/collections', { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(mine.status, 200, 'reading personal lists works');

      await postForm(t.app, '/settings/tokens', { csrf: u.csrf, name: 'script' }, u.cookie);
      const writeToken = (await t.store.accounts.listApiTokens(u.id)).find((x) => x.name === 'script')!;
      assert.equal(writeToken.scope, 'write', 'read and write is the default');
    } finally {
      t.cleanup();
    }
  });
});

test('migration 018: tokens created before scopes existed keep writing (SQLite only: PostgreSQL started with scopes in its schema 7)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = openDatabase(join(dir, 'paperwire.db'));
    migrate(db, migrations.filter((m) => m.version < 18));
    const user = db.prepare("INSERT INTO users (username, email, role, email_verified_at) VALUES ('old', 'old@example.org', 'user', '2026-01-01') RETURNING id").get() as { id: number };
    const secret = 'pw_legacy-token-made-before-scopes';
    db.prepare("INSERT INTO api_tokens (user_id, name, hash, prefix) VALUES (?, 'legacy', ?, 'pw_legacy')").run(user.id, sha256(secret));
    db.close();
    const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
    try {
      assert.equal(await store.accounts.apiTokenScope(sha256(secret)), 'write');
      assert.deepEqual((await store.accounts.listApiTokens(user.id)).map((x) => x.scope), ['write']);
      assert.throws(() => store.db.prepare("UPDATE api_tokens SET scope = 'admin'").run(), /CHECK constraint/);
    } finally {
      store.close();
    }
  } finally {
    cleanup();
  }
});
