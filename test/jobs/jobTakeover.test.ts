import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServer, type ServerProcess } from '../../bench/lib/serverProcess.ts';
import { addDays, isoDay } from '../../src/feed/periods.ts';
import type { Store } from '../../src/storage/store.ts';
import { parseMail } from '../digest/rawMail.ts';
import { startSmtpSink } from '../digest/smtpSink.ts';
import { forEachBackend, rawValue } from '../helpers/backends.ts';
import { storeEnv, testStore } from '../helpers/testApp.ts';
import { fakeEnv, startFakeArxiv } from '../ingest/fakeArxiv.ts';

const SECRET = 'job-takeover-secret-'.repeat(3);

/** A count (plain SQL, the same on both backends) in the database the servers write. */
const count = async (store: Store, sql: string) => Number(await rawValue(store, sql));

/** The server whose process holds the named lease now (holders are host:pid:nonce). */
async function holderOf(store: Store, lease: string, servers: ServerProcess[]): Promise<ServerProcess | undefined> {
  const holder = (await rawValue(store, `SELECT holder FROM job_leases WHERE name = '${lease}' AND expires_at > ${Date.now()}`)) as string | undefined;
  const pid = Number(holder?.split(':')[1]);
  return servers.find((s) => s.child.pid === pid);
}

const until = async (what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 60_000) => {
  const started = Date.now();
  while (!(await cond())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const killed = (s: ServerProcess) => new Promise<void>((resolve) => (s.child.exitCode !== null || s.child.signalCode !== null ? resolve() : (s.child.once('exit', () => resolve()), s.child.kill('SIGKILL'))));

forEachBackend((backend) => {
  test(`digests with several servers: kill -9 of the lease holder mid-send, another server finishes, every digest arrives exactly once (${backend})`, async () => {
    const kit = await testStore({ backend });
    const { dir, store, cleanup } = kit;
    const subscribers = 60;
    const lastWeek = addDays(isoDay(new Date()), -7); // the weekly edition due today covers last week, whatever today is
    for (let i = 0; i < 12; i++) {
      const { id } = await store.papers.upsert({ arxivId: `2512.${20000 + i}`, title: `Lease test paper ${i} on sparse attention`, abstract: `Abstract ${i}. `.repeat(30), authors: ['A. Author'], baseUpvotes: i });
      await store.daily.feature(id, lastWeek);
    }
    const expected = new Set<string>();
    for (let i = 0; i < subscribers; i++) {
      const sub = await store.subscribers.ensure(`weekly${i}@example.net`, 'weekly');
      await store.subscribers.activate(sub.id, 'weekly');
      expected.add(`weekly${i}@example.net`);
    }

    const sink = await startSmtpSink();
    const env = {
      ...storeEnv(kit),
      PAPERWIRE_SECRET: SECRET,
      PAPERWIRE_SEMANTIC: 'false',
      PAPERWIRE_SMTP_URL: sink.url,
      PAPERWIRE_BASE_URL: 'https://papers.example.org',
      PAPERWIRE_DIGEST_HOUR: '0',
      PAPERWIRE_DIGEST_CHECK_EVERY: '2s',
      PAPERWIRE_DIGEST_CONCURRENCY: '4',
      PAPERWIRE_JOB_LEASE_S: '3',
    };
    const servers: ServerProcess[] = [];
    try {
      const held = sink.waitFor(15).then(() => sink.hold()); // held from the 16th message on: the run is mid-send
      servers.push(...(await Promise.all([startServer(dir, env), startServer(dir, env)])));
      await held;
      await sink.waitForHeld();
      // SMTP's one unavoidable window (docs/digest.md): between the server's 250 and the `sent` commit. Kill outside it.
      await until('the accepted sends marked sent', async () => (await count(store, "SELECT count(*) FROM digest_sends WHERE status = 'sent'")) === sink.received.length, 20_000);
      const holder = await holderOf(store, 'job:digest', servers);
      assert.ok(holder, 'one of the two servers holds the digest job lease');
      const other = servers.find((s) => s !== holder)!;
      await killed(holder);
      sink.release();
      const acceptedBeforeKill = sink.received.length;
      assert.ok(acceptedBeforeKill >= 15 && acceptedBeforeKill < subscribers, `killed mid-run (${acceptedBeforeKill} accepted)`);
      assert.doesNotMatch(other.output(), /digest run/, 'the other server had sent nothing while the holder lived');

      servers.push(await startServer(dir, env)); // a replacement: two servers run the scheduler again while the rest goes out
      await until('every digest', () => sink.received.length >= subscribers, 90_000);
      await new Promise((r) => setTimeout(r, 6000)); // three more checks by both live servers
      assert.match(other.output() + servers[2]!.output(), /digest run .*sent=[1-9]/, 'a surviving server sent the rest');

      const to = sink.received.map((m) => m.to[0]!);
      assert.equal(to.length, subscribers, 'one message per subscriber, none twice');
      assert.deepEqual(new Set(to), expected);
      assert.equal(new Set(sink.received.map((m) => parseMail(m.raw).headers.get('message-id'))).size, subscribers);
      assert.equal(await count(store, "SELECT count(*) FROM digest_sends WHERE status = 'sent'"), subscribers);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await sink.close();
      cleanup();
    }
  });

  test(`scheduled ingestion with two servers: kill -9 of the lease holder mid-harvest, the other resumes at the next page (${backend})`, async () => {
    const total = 500;
    const entry = (i: number) => `<entry><id>http://arxiv.org/abs/2501.${String(i).padStart(5, '0')}v1</id><updated>2025-01-02T00:00:00Z</updated>
      <published>2025-01-02T00:00:00Z</published><title>Harvested paper ${i}</title><summary>About ${i}.</summary><author><name>Author ${i}</name></author>
      <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CV"/></entry>`;
    const fake = await startFakeArxiv((req) => {
      const start = Number(req.query.get('start'));
      const size = Number(req.query.get('max_results'));
      const ids = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, k) => start + k);
      return {
        delayMs: 400,
        body: `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">
    <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${total}</opensearch:totalResults>
    ${ids.map(entry).join('\n')}</feed>`,
      };
    });
    const kit = await testStore({ backend });
    const { dir, store, cleanup } = kit;
    const env = {
      ...fakeEnv(fake.url, dir, 30),
      ...storeEnv(kit),
      PAPERWIRE_LOG_LEVEL: 'info',
      PAPERWIRE_SECRET: SECRET,
      PAPERWIRE_SEMANTIC: 'false',
      PAPERWIRE_INGEST_EVERY: '8s',
      PAPERWIRE_INGEST_SOURCES: 'api',
      PAPERWIRE_INGEST_CATEGORIES: 'cs.CV',
      PAPERWIRE_INGEST_BACKFILL_DAYS: '3650',
      PAPERWIRE_JOB_LEASE_S: '2',
    };
    const servers: ServerProcess[] = [];
    try {
      servers.push(await startServer(dir, env), await startServer(dir, env));
      await until('the third page request', () => fake.requests.length >= 3, 60_000);
      const holder = await holderOf(store, 'job:ingest', servers);
      assert.ok(holder, 'one of the two servers holds the ingest job lease');
      const other = servers.find((s) => s !== holder)!;
      await killed(holder);
      const stored = await count(store, 'SELECT count(*) FROM papers');
      const seenBefore = fake.requests.length;
      assert.ok(stored >= 100 && stored < total, `killed mid-harvest with ${stored} of ${total} stored`);

      await other.waitForLog(/ingestion finished/, 60_000);
      const window = fake.requests[0]!.query.get('search_query');
      const resumed = fake.requests[seenBefore]!;
      assert.equal(resumed.query.get('search_query'), window, 'the other server continued the interrupted window');
      assert.equal(Number(resumed.query.get('start')), stored, 'right after the last committed page, not from the start');
      // The fake ignores dates, so the next window (papers updated since the first run began) returns them all again; only the interrupted window counts.
      const starts = (from: number, to?: number) => fake.requests.slice(from, to).filter((r) => r.query.get('search_query') === window).map((r) => Number(r.query.get('start')));
      const pages = (from: number) => Array.from({ length: (total - from) / 100 }, (_, i) => from + i * 100);
      assert.deepEqual(starts(seenBefore), pages(stored), 'after the takeover, every remaining page once');
      assert.deepEqual(starts(0, seenBefore).slice(0, stored / 100), pages(0).slice(0, stored / 100), 'before it, the committed pages once (plus at most the page in flight)');
      assert.ok(starts(0, seenBefore).length <= stored / 100 + 1);
      assert.equal(await count(store, 'SELECT count(*) FROM papers'), total, '0 lost');
      assert.equal(await count(store, 'SELECT count(DISTINCT arxiv_id) FROM papers'), total, '0 duplicated');
      assert.equal(await count(store, "SELECT count(*) FROM ingest_runs WHERE status = 'running'"), 0, 'the killed run is not shown running forever');
      assert.match(String((await rawValue(store, "SELECT message FROM ingest_runs WHERE status = 'failed' ORDER BY id LIMIT 1")) ?? ''), /interrupted/);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await fake.close();
      cleanup();
    }
  });
});
