import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPoliteClient, retryAfterMs } from '../../src/ingest/politeClient.ts';
import { runIngest } from '../../src/ingest/runIngest.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openStore } from '../../src/storage/openStore.ts';
import { forEachBackend } from '../helpers/backends.ts';
import { testStore } from '../helpers/testApp.ts';
import { fakeConfig, fixture, startFakeArxiv } from './fakeArxiv.ts';

forEachBackend((backend) => {
  async function setup(handler: Parameters<typeof startFakeArxiv>[0], intervalMs = 40) {
    const fake = await startFakeArxiv(handler);
    const { store, dir, databaseUrl, cleanup } = await testStore({ backend });
    const logs: string[] = [];
    const config = { ...fakeConfig(fake.url, dir, intervalMs), databaseUrl };
    const deps = { store, config, log: createLogger('debug', (l) => logs.push(l)), now: () => new Date('2025-01-06T12:00:00Z') };
    return { fake, store, logs, config, deps, done: async () => (await fake.close(), cleanup()) };
  }

  test(`the API source pages through a window, stores normalized papers and advances its cursor (${backend})`, async () => {
    const t = await setup((req) => ({ body: fixture(req.query.get('start') === '2' ? 'api-page2.xml' : 'api-page1.xml') }));
    try {
      const [out] = await runIngest(t.deps, { kind: 'api', categories: ['cs.CV', 'cs.LG'], since: '2025-01-01', pageSize: 2 });
      assert.equal(out!.status, 'ok');
      assert.deepEqual([out!.counts.read, out!.counts.new, out!.counts.requests], [3, 3, 2]);
      const q = t.fake.requests[0]!.query;
      assert.equal(q.get('search_query'), '(cat:cs.CV OR cat:cs.LG) AND lastUpdatedDate:[202501010000 TO 202501061200]');
      assert.deepEqual([q.get('sortBy'), q.get('sortOrder'), q.get('max_results')], ['lastUpdatedDate', 'ascending', '2']);
      assert.match(t.fake.requests[0]!.userAgent ?? '', /^paperwire\/\S+ \(\+ops@example\.org\)$/);
      const p = await t.store.papers.get('2501.00001');
      assert.equal(p?.title, 'Sparse Views, Dense Geometry: Feed-Forward Reconstruction at Scale');
      assert.equal(p?.version, 2);
      assert.deepEqual(p?.authors, ['Ada Lovelace', 'Alan Turing']);
      assert.deepEqual(p?.categories, ['cs.CV', 'cs.LG']);
      assert.equal(p?.codeUrl, 'https://github.com/example-lab/sparse-dense');
      assert.ok((await t.store.papers.get('hep-th/9901001'))?.withdrawnAt, 'withdrawn papers are marked');
      assert.equal((await t.store.papers.get('2501.00003'))?.codeUrl, 'https://gitlab.com/group/third-paper');
      const cursor = JSON.parse((await t.store.ingest.cursor('arxiv-api:cs.CV,cs.LG'))!);
      assert.equal(cursor.since, '2025-01-06T12:00:00.000Z');
      const [run] = await t.store.ingest.lastRuns();
      assert.deepEqual([run!.source, run!.status, run!.new, run!.requests], ['arxiv-api:cs.CV,cs.LG', 'ok', 3, 2]);
    } finally {
      await t.done();
    }
  });

  test(`an API error entry (HTTP 200) fails the run and leaves the cursor where it was (${backend})`, async () => {
    const t = await setup(() => ({ body: fixture('api-error.xml') }));
    try {
      const [out] = await runIngest(t.deps, { kind: 'api', categories: ['cs.CV'], since: '2025-01-01' });
      assert.equal(out!.status, 'failed');
      assert.match(out!.error!, /incorrect id format/);
      assert.equal(await t.store.ingest.cursor('arxiv-api:cs.CV'), undefined);
      const [run] = await t.store.ingest.lastRuns();
      assert.equal(run!.status, 'failed');
      assert.match(run!.errors[0]!, /incorrect id format/);
    } finally {
      await t.done();
    }
  });

  test(`malformed XML fails the run with a clear message and stores nothing (${backend})`, async () => {
    const t = await setup(() => ({ body: fixture('malformed.xml') }));
    try {
      const [out] = await runIngest(t.deps, { kind: 'api', categories: ['cs.CV'], since: '2025-01-01' });
      assert.equal(out!.status, 'failed');
      assert.match(out!.error!, /not well-formed XML/);
      assert.equal(await t.store.papers.count(), 0);
    } finally {
      await t.done();
    }
  });

  test(`an empty answer says clearly in the log that nothing arrived (${backend})`, async () => {
    const t = await setup(() => ({ body: fixture('api-empty.xml') }));
    try {
      const [out] = await runIngest(t.deps, { kind: 'api', categories: ['cs.CV'], since: '2025-01-04' });
      assert.equal(out!.status, 'ok');
      assert.ok(t.logs.some((l) => /nothing new arrived from the arXiv API .*weekends, holidays/.test(l)), t.logs.join('\n'));
    } finally {
      await t.done();
    }
  });

  test(`503 with Retry-After is honoured before the retry, which then succeeds (${backend})`, async () => {
    const t = await setup((_req, i) => (i === 0 ? { status: 503, headers: { 'Retry-After': '1' }, body: 'busy' } : { body: fixture('api-empty.xml') }));
    try {
      const [out] = await runIngest(t.deps, { kind: 'api', categories: ['cs.CV'], since: '2025-01-04' });
      assert.equal(out!.status, 'ok');
      assert.equal(t.fake.requests.length, 2);
      const gap = t.fake.requests[1]!.at - t.fake.requests[0]!.at;
      assert.ok(gap >= 1000, `retried after ${gap} ms, Retry-After said 1 s`);
      assert.ok(t.logs.some((l) => /arXiv answered 503; waiting as asked/.test(l)));
      assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:50 GMT')), 10_000);
    } finally {
      await t.done();
    }
  });

  test(`server errors are retried with backoff, then the run gives up and says so (${backend})`, async () => {
    const t = await setup(() => ({ status: 500, body: 'oops' }), 10);
    try {
      const client = createPoliteClient({ store: t.store.ingest, log: t.deps.log, intervalMs: 10, maxRetries: 2, backoffMs: 20 });
      await assert.rejects(client.get(`${t.fake.url}/api/query?x=1`), /did not answer after 3 attempts \(last: HTTP 500\)/);
      const at = t.fake.requests.map((r) => r.at);
      assert.ok(at[2]! - at[1]! >= at[1]! - at[0]! - 5, 'the waits grow');
      assert.ok(at[2]! - at[1]! >= 40);
    } finally {
      await t.done();
    }
  });

  test(`the gate spaces requests and keeps one connection at a time, across clients and across processes sharing the database (${backend})`, async () => {
    const t = await setup(() => ({ body: fixture('api-empty.xml'), delayMs: 30 }), 150);
    try {
      const log = t.deps.log;
      const a = createPoliteClient({ store: t.store.ingest, log, intervalMs: 150 });
      const b = createPoliteClient({ store: t.store.ingest, log, intervalMs: 150 });
      await Promise.all([a.get(`${t.fake.url}/1`), b.get(`${t.fake.url}/2`), a.get(`${t.fake.url}/3`)]);
      assert.equal(t.fake.maxOpen(), 1, 'never two requests in flight');
      const at = t.fake.requests.map((r) => r.at);
      for (let i = 1; i < at.length; i++) assert.ok(at[i]! - at[i - 1]! >= 145, `gap ${at[i]! - at[i - 1]!} ms`);
      const other = await openStore(t.config);
      try {
        const wait = await other.ingest.reserveSlot('arxiv', 150);
        assert.ok(wait > 0, 'another process sharing the database sees the gate closed and waits');
      } finally {
        other.close();
      }
    } finally {
      await t.done();
    }
  });

  test(`OAI-PMH follows resumption tokens, filters to the categories, and restarts the window on an expired token (${backend})`, async () => {
    let expired = true;
    const t = await setup((req) => {
      const token = req.query.get('resumptionToken');
      if (!token) return { body: fixture('oai-page1.xml') };
      if (expired) {
        expired = false;
        return { body: fixture('oai-bad-token.xml') };
      }
      return { body: fixture('oai-page2.xml') };
    });
    try {
      const [out] = await runIngest(t.deps, { kind: 'oai', categories: ['cs.CV', 'cs.LG'], since: '2025-01-01' });
      assert.equal(out!.status, 'ok', out!.error);
      const paths = t.fake.requests.map((r) =>
        r.query.get('resumptionToken') ? 'token' : `from=${r.query.get('from')}&until=${r.query.get('until')}&set=${r.query.get('set')}&prefix=${r.query.get('metadataPrefix')}`,
      );
      const window = 'from=2025-01-01&until=2025-01-06&set=cs&prefix=arXiv';
      assert.deepEqual(paths, [window, 'token', window, 'token'], 'the window ends today, and a restart asks for the same window');
      assert.ok(t.logs.some((l) => /resumption token expired; restarting the window/.test(l)));
      assert.equal(await t.store.papers.count(), 2, 'cs.DC and the deleted record are left out, the repeated page stored once');
      const p = await t.store.papers.get('2501.00010');
      assert.deepEqual(p?.authors, ['Marie Curie', 'Martin Luther King Jr']);
      assert.equal(p?.title, 'Harvested Through OAI-PMH');
      assert.equal(p?.abstract, 'A first abstract spread over lines.');
      assert.equal(p?.codeUrl, 'https://github.com/oai-lab/harvest');
      assert.deepEqual(JSON.parse((await t.store.ingest.cursor('arxiv-oai:cs:cs.CV,cs.LG'))!), { origin: '2025-01-01', from: '2025-01-06' });
    } finally {
      await t.done();
    }
  });

  test(`OAI-PMH: a run that stopped mid-window resumes its token, and the next window runs from the last until to today (${backend})`, async () => {
    let fail = true;
    const t = await setup((req) => {
      if (req.query.get('resumptionToken') && fail) {
        fail = false;
        return { status: 400, body: 'bad gateway' };
      }
      return { body: fixture(req.query.get('resumptionToken') ? 'oai-page2.xml' : 'oai-page1.xml') };
    });
    try {
      const [first] = await runIngest(t.deps, { kind: 'oai', categories: ['cs.CV', 'cs.LG'], since: '2024-12-20' });
      assert.equal(first!.status, 'failed');
      const stopped = JSON.parse((await t.store.ingest.cursor('arxiv-oai:cs:cs.CV,cs.LG'))!);
      assert.equal(stopped.until, '2025-01-06', 'the window is kept with its token');
      assert.ok(stopped.token);
      const later = { ...t.deps, now: () => new Date('2025-01-09T08:00:00Z') };
      const [resumed] = await runIngest(later, { kind: 'oai', categories: ['cs.CV', 'cs.LG'] });
      assert.equal(resumed!.status, 'ok', resumed!.error);
      const [next] = await runIngest(later, { kind: 'oai', categories: ['cs.CV', 'cs.LG'] });
      assert.equal(next!.status, 'ok', next!.error);
      const asked = t.fake.requests.map((r) => r.query.get('resumptionToken') ? 'token' : `${r.query.get('from')}..${r.query.get('until')}`);
      assert.deepEqual(asked, ['2024-12-20..2025-01-06', 'token', 'token', '2025-01-06..2025-01-09', 'token']);
    } finally {
      await t.done();
    }
  });

  test(`OAI-PMH noRecordsMatch is a quiet, successful run with a clear log line (${backend})`, async () => {
    const t = await setup(() => ({ body: fixture('oai-no-records.xml') }));
    try {
      const [out] = await runIngest(t.deps, { kind: 'oai', categories: ['cs.CV'], since: '2025-01-10' });
      assert.equal(out!.status, 'ok');
      assert.ok(t.logs.some((l) => /nothing new arrived from OAI-PMH set cs/.test(l)));
    } finally {
      await t.done();
    }
  });

  test(`RSS announcements: new papers featured on the day, replacements update, cross-lists stored; a repeat is not re-read (${backend})`, async () => {
    const t = await setup(() => ({ body: fixture('rss-cs.xml') }));
    try {
      await t.store.papers.upsert({ arxivId: '2501.00001', version: 2, title: 'Sparse Views, Dense Geometry: Feed-Forward Reconstruction at Scale', abstract: 'old' });
      const [out] = await runIngest(t.deps, { kind: 'rss', categories: ['cs.CV'] });
      assert.equal(out!.status, 'ok');
      assert.equal(t.fake.requests[0]!.path, '/rss/cs.CV');
      assert.deepEqual([out!.counts.new, out!.counts.updated], [2, 1]);
      const replaced = await t.store.papers.get('2501.00001');
      assert.equal(replaced?.version, 3);
      assert.equal(replaced?.abstract, 'We reconstruct scenes from few views, now better.');
      const fresh = await t.store.papers.get('2501.00020');
      assert.deepEqual(fresh?.authors, ['Ada Lovelace', 'Charles Babbage']);
      assert.equal(fresh?.codeUrl, 'https://github.com/rss-lab/detector');
      const { entries } = await t.store.daily.list({ from: '2025-01-07', to: '2025-01-07' }, 'upvotes', { limit: 10, offset: 0 });
      assert.deepEqual(entries.map((e) => e.paper.id), ['2501.00020'], 'only the new paper is put on the day');
      assert.deepEqual((await t.store.papers.get('2501.00021'))?.categories, ['cs.RO', 'cs.CV']);

      await runIngest(t.deps, { kind: 'rss', categories: ['cs.CV'] });
      assert.ok(t.logs.some((l) => /still shows 2025-01-07, already stored/.test(l)));
    } finally {
      await t.done();
    }
  });

  test(`an empty RSS feed (a weekend) is logged as such (${backend})`, async () => {
    const t = await setup(() => ({ body: fixture('rss-weekend.xml') }));
    try {
      const [out] = await runIngest(t.deps, { kind: 'rss', categories: ['cs.CV'] });
      assert.equal(out!.status, 'ok');
      assert.ok(t.logs.some((l) => /nothing new arrived from the arXiv RSS feed for cs.CV \(2025-01-11\)/.test(l)));
    } finally {
      await t.done();
    }
  });

  test(`a run without categories is refused with a message (${backend})`, async () => {
    const t = await setup(() => ({ body: '' }));
    try {
      await assert.rejects(runIngest(t.deps, { kind: 'rss', categories: [] }), /no categories to ingest/);
    } finally {
      await t.done();
    }
  });
});
