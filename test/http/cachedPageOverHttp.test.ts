// SQLite-only: this store checks SQLite's data_version once per event-loop turn (revisionPerTurn), which the "next request" test relies on; on PostgreSQL another server's writes arrive by NOTIFY (test/e2e/severalServers.test.ts).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { openSession, signUp } from '../../src/community/accounts.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createApp } from '../../src/http/app.ts';
import { PageCache } from '../../src/http/pageCache.ts';
import { SECURITY_HEADERS } from '../../src/http/securityHeaders.ts';
import { loadDemoCorpus } from '../../src/ingest/demoCorpus.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { openSqliteStore, type SqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import { listenOnLoopback } from '../helpers/browser.ts';
import { tempDir } from '../helpers/testApp.ts';

// The cached daily page as `paperwire serve` sends it: over a real socket through the Node adapter (whose parsed
// headers the hot path reads directly), from a store that checks for other processes' commits once per turn.

let base: string;
let close: () => Promise<void>;
let store: SqliteStore;
let dbPath: string;
let cookie: string;
let cleanup: () => void;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(base + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

before(async () => {
  const t = tempDir();
  dbPath = join(t.dir, 'paperwire.db');
  store = openSqliteStore(dbPath, { migrate: true, revisionPerTurn: true });
  await loadDemoCorpus(store);
  const config = { ...loadConfig({ PAPERWIRE_DATA_DIR: t.dir }), secret: 'y'.repeat(64) };
  const log = createLogger('silent');
  const account = await signUp({ store, config, log, mailer: createMailer(config, log), today: () => '2026-11-23' }, { username: 'reader', email: 'reader@example.org', password: 'correct horse battery' }, { verified: true, skipMail: true });
  cookie = `pw_session=${await openSession({ store, config, log, mailer: createMailer(config, log), today: () => '2026-11-23' }, account!.id)}`;
  ({ base, close } = await listenOnLoopback(createApp({ store, config, log, cache: new PageCache(), today: () => '2026-11-23' })));
  cleanup = () => (store.close(), t.cleanup());
});
after(async () => {
  await close();
  cleanup();
});

test('the cached page goes out whole with its headers, plain and gzip, and 304s to either ETag', async () => {
  const plain = await get('/');
  assert.equal(plain.status, 200);
  assert.equal(Number(plain.headers['content-length']), plain.body.length);
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) assert.equal(plain.headers[k.toLowerCase()], v, k);
  assert.match(plain.body.toString(), /<html/);
  const etag = plain.headers.etag as string;

  const zipped = await get('/', { 'accept-encoding': 'gzip, br' });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(Number(zipped.headers['content-length']), zipped.body.length);
  assert.deepEqual(gunzipSync(zipped.body), plain.body, 'the gzip bytes are the page');
  assert.notEqual(zipped.headers.etag, etag);
  assert.equal(zipped.headers['content-security-policy'], SECURITY_HEADERS['Content-Security-Policy']);

  const again = await get('/', { 'accept-encoding': 'gzip' });
  assert.deepEqual(again.body, zipped.body, 'a second gzip request gets the kept bytes');
  assert.equal((await get('/', { 'if-none-match': etag })).status, 304);
  const notModified = await get('/', { 'accept-encoding': 'gzip', 'if-none-match': `W/${zipped.headers.etag}` });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.headers.etag, zipped.headers.etag);
  assert.equal(notModified.body.length, 0);
});

test('a session cookie sent over the socket gets the private page, not the cached one', async () => {
  const mine = await get('/', { cookie: `theme=dark; ${cookie}` });
  assert.equal(mine.status, 200);
  assert.equal(mine.headers['cache-control'], 'private, no-store');
  assert.match(mine.body.toString(), /reader/);
  assert.equal((await get('/')).headers['cache-control'], 'public, max-age=0, must-revalidate');
});

test("another process's write shows on the next request: the newest day moves and the page changes", async () => {
  const before = await get('/');
  const other = openSqliteStore(dbPath);
  try {
    const { id } = await other.papers.upsert({ id: '2611.00001', title: 'A paper written by another process' });
    await other.daily.feature(id, '2026-11-20');
  } finally {
    other.close();
  }
  const after = await get('/');
  assert.notEqual(after.headers.etag, before.headers.etag);
  assert.match(after.body.toString(), /A paper written by another process/);
});
