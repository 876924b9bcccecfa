import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServer } from '../../bench/lib/serverProcess.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createApp } from '../../src/http/app.ts';
import { PageCache } from '../../src/http/pageCache.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMetricsRegistry } from '../../src/metrics/metricsRegistry.ts';
import { registerStoreMetrics } from '../../src/metrics/storeMetrics.ts';
import { createSearchContext } from '../../src/search/searchContext.ts';
import { registerSearchMetrics } from '../../src/search/searchMetrics.ts';
import { createSemanticSearch } from '../../src/search/semantic/semanticSearch.ts';
import { forEachBackend, noticedBy, rawRows } from '../helpers/backends.ts';
import { reopenStore, storeEnv, testStore } from '../helpers/testApp.ts';
import { hashEmbedder } from '../search/semantic/hashEmbedder.ts';

const TOKEN = 'metrics-token-0123456789';

/** One sample of the exposition text: name, labels, value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus' text format (0.0.4) strictly enough to catch malformed lines. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  for (const line of text.split('\n').filter(Boolean)) {
    if (line.startsWith('# HELP ')) continue;
    const type = /^# TYPE ([a-zA-Z_:][\w:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      assert.ok(!types.has(type[1]!), `${type[1]} typed once`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (-?[\d.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    assert.ok(m, `a well-formed sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of m[2] ? m[2].matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g) : []) labels[k!] = v!.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return { samples, types };
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

forEachBackend((backend) => {
  test(`/metrics is off by default: 404 without PAPERWIRE_METRICS_TOKEN (${backend})`, async () => {
    const { store, dir, cleanup } = await testStore({ backend, demo: false });
    try {
      const config = { ...loadConfig({ PAPERWIRE_DATA_DIR: dir }), secret: 'x'.repeat(64) };
      const app = createApp({ store, config, log: createLogger('silent'), cache: new PageCache(), today: () => '2026-11-23', metrics: createMetricsRegistry() });
      assert.equal((await app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } })).status, 404);
    } finally {
      cleanup();
    }
  });

  test(`/metrics with a token: 401 without it, requests and latencies by route family (never raw paths), pool use (${backend})`, async () => {
    const { store, dir, databaseUrl, cleanup } = await testStore({ backend, demo: true });
    try {
      const config = { ...loadConfig({ ...storeEnv({ dir, databaseUrl }), PAPERWIRE_METRICS_TOKEN: TOKEN }), secret: 'x'.repeat(64) };
      const metrics = createMetricsRegistry();
      registerStoreMetrics(metrics, store);
      const app = createApp({ store, config, log: createLogger('silent'), cache: new PageCache(), today: () => '2026-11-23', metrics });
      const ids = (await rawRows<{ id: string }>(store, 'SELECT id FROM papers ORDER BY id LIMIT 3')).map((p) => p.id);
      for (const id of ids) assert.equal((await app.request(`/papers/${id}`)).status, 200);
      assert.equal((await app.request('/api/daily_papers?date=2025-12-25')).status, 200);
      assert.equal((await app.request('/api/daily_papers?date=2025-13-45')).status, 400);
      assert.equal((await app.request('/no/such/page/xyz')).status, 404);

      for (const auth of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`, TOKEN]) {
        const res = await app.request('/metrics', { headers: auth ? { Authorization: auth } : {} });
        assert.equal(res.status, 401, `refused with ${auth}`);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
        assert.doesNotMatch(await res.text(), /paperwire_/);
      }
      const res = await app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      const { samples, types } = parseExposition(text);
      assert.equal(types.get('paperwire_http_request_duration_seconds'), 'histogram');
      const count = (labels: Record<string, string>) => find(samples, 'paperwire_http_request_duration_seconds_count', labels).reduce((n, s) => n + s.value, 0);
      assert.equal(count({ family: '/papers/*', method: 'GET', status: '2xx' }), 3, 'the three paper pages, under one family');
      assert.equal(count({ family: '/api/daily_papers', status: '2xx' }), 1);
      assert.equal(count({ family: '/api/daily_papers', status: '4xx' }), 1, 'a bad request counted as 4xx');
      assert.equal(count({ family: 'unmatched', status: '4xx' }), 1, 'an unknown address is "unmatched", not its path');
      assert.ok(count({ family: '/metrics', status: '4xx' }) >= 4, 'refused scrapes counted');
      for (const id of ids) assert.ok(!text.includes(id), 'no raw path (paper id) in any label');
      assert.ok(!text.includes('xyz'));
      // Histogram invariants: buckets rise, +Inf equals _count.
      const buckets = find(samples, 'paperwire_http_request_duration_seconds_bucket', { family: '/papers/*' });
      const values = buckets.map((b) => b.value);
      assert.deepEqual(values, [...values].sort((x, y) => x - y), 'cumulative buckets');
      assert.equal(buckets.find((b) => b.labels.le === '+Inf')!.value, 3);
      assert.ok(find(samples, 'paperwire_http_request_duration_seconds_sum', { family: '/papers/*' })[0]!.value > 0);
      const open = find(samples, 'paperwire_db_connections', { state: 'open' })[0]?.value ?? 0;
      assert.ok(backend === 'sqlite' ? open === 1 : open >= 1, `open connections: ${open}`); // one SQLite handle; a PostgreSQL pool
      assert.equal(find(samples, 'paperwire_db_connections', { state: 'waiting' })[0]?.value, 0);
    } finally {
      cleanup();
    }
  });
});

test('a gauge registered by another part is exposed, and one that fails to collect leaves the rest intact', async () => {
  const metrics = createMetricsRegistry();
  metrics.gauge('test_ok', 'A working gauge.', () => [{ labels: { side: 'a"b\\c\nd' }, value: 7 }]);
  metrics.gauge('test_broken', 'A gauge whose source fails.', () => {
    throw new Error('index gone');
  });
  metrics.gauge('test_absent', 'A gauge with nothing to say yet.', () => undefined);
  assert.throws(() => metrics.gauge('test_ok', 'twice', () => 1), /twice/);
  assert.throws(() => metrics.counter('bad name', 'x'), /bad metric name/);
  const { samples } = parseExposition(await metrics.render());
  assert.deepEqual(samples, [{ name: 'test_ok', labels: { side: 'a"b\\c\nd' }, value: 7 }]);
});

forEachBackend((backend) => {
  test(`a served instance exposes job runs per job and outcome, and its search index size and change-log lag (${backend})`, async () => {
    const kit = await testStore({ backend });
    const { store, dir, cleanup } = kit;
    for (let i = 0; i < 5; i++) await store.papers.upsert({ arxivId: `2512.${30000 + i}`, title: `Metrics paper ${i} about graph transformers`, abstract: 'An abstract about graphs.', authors: ['B. Author'] });
    const server = await startServer(dir, { ...storeEnv(kit), PAPERWIRE_SECRET: 'm'.repeat(40), PAPERWIRE_SEMANTIC: 'false', PAPERWIRE_METRICS_TOKEN: TOKEN });
    try {
      await server.waitForLog(/lexical search index built/, 60_000);
      const scrape = async () => {
        const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
        assert.equal(res.status, 200);
        return parseExposition(await res.text()).samples;
      };
      let samples = await scrape();
      const started = Date.now();
      while (!find(samples, 'paperwire_job_runs_total', { job: 'paper keywords', outcome: 'ok' }).length && Date.now() - started < 30_000) {
        await new Promise((r) => setTimeout(r, 500));
        samples = await scrape();
      }
      assert.ok(find(samples, 'paperwire_job_runs_total', { job: 'paper keywords', outcome: 'ok' })[0]!.value >= 1, 'the keywords job ran and was counted');
      assert.ok(find(samples, 'paperwire_job_last_success_timestamp_seconds', { job: 'paper keywords' })[0]!.value > Date.now() / 1000 - 120);
      assert.equal(find(samples, 'paperwire_search_lexical_documents')[0]?.value, 5);
      assert.equal(find(samples, 'paperwire_search_lexical_lag_changes')[0]?.value, 0);
      assert.equal(find(samples, 'paperwire_search_vectors').length, 0, 'no vector gauge with semantic search off');
      assert.ok(find(samples, 'paperwire_http_request_duration_seconds_count', { family: '/metrics' }).length, 'the scrapes themselves are timed');
      // the process's memory: resident in all, and (Linux) its own pages and mapped files, which add up to it
      const rss = find(samples, 'process_resident_memory_bytes')[0]?.value ?? 0;
      const kind = (k: string) => find(samples, 'paperwire_process_memory_bytes', { kind: k })[0]?.value ?? Number.NaN;
      assert.ok(rss > 20 * 2 ** 20 && rss < 4 * 2 ** 30, `a plausible resident size: ${rss}`);
      assert.ok(kind('heap') > 0 && kind('heap') < rss);
      assert.ok(kind('heap_total') >= kind('heap'), 'the heap reserves at least what it uses');
      assert.ok(kind('external') > 0, 'array buffers and native memory outside the heap');
      assert.ok(kind('own') > 0 && kind('mapped') > 0);
      assert.ok(Math.abs(kind('own') + kind('mapped') - rss) < rss * 0.2, 'own and mapped add up to the resident size (read a moment apart)');
    } finally {
      await server.stop();
      cleanup();
    }
  });

  test(`index gauges show a server whose lexical and semantic indexes lag what another process wrote (${backend})`, async () => {
    const kit = await testStore({ backend, demo: false });
    const { store, cleanup } = kit;
    const other = await reopenStore(kit); // another server over the same database
    try {
      for (let i = 0; i < 4; i++) await store.papers.upsert({ arxivId: `2512.${40000 + i}`, title: `Vector gauge paper ${i}`, abstract: 'About vectors.' });
      const embedder = hashEmbedder(32, 'gauge-model');
      const semantic = createSemanticSearch(store, embedder);
      await semantic.load();
      const search = createSearchContext(store);
      search.semantic = semantic;
      const metrics = createMetricsRegistry();
      registerSearchMetrics(metrics, search);
      const gauges = async () => Object.fromEntries(parseExposition(await metrics.render()).samples.map((x) => [x.name, x.value]));

      const elsewhere = createSemanticSearch(other, embedder);
      await elsewhere.load();
      assert.equal(await elsewhere.embedPending(), 4, 'the other server embedded the papers');
      let g = await gauges();
      assert.equal(g.paperwire_search_vectors_stored, 4);
      assert.equal(g.paperwire_search_vectors, 0, 'this server has not learned them: its lag shows');

      await semantic.load();
      g = await gauges();
      assert.equal(g.paperwire_search_vectors, 4, 'after reloading, no lag');

      await search.lexical.current();
      assert.equal((await gauges()).paperwire_search_lexical_lag_changes, 0);
      // noticedBy: on PostgreSQL this server learns of the other's write when its NOTIFY arrives
      await noticedBy(store, () => other.papers.upsert({ arxivId: '2512.40009', title: 'Written by the other server', abstract: 'Lag.' }));
      g = await gauges();
      assert.ok(g.paperwire_search_lexical_lag_changes! >= 1, 'a paper written elsewhere is change-log lag until this index catches up');
      assert.equal(g.paperwire_search_lexical_documents, 4);
      await search.lexical.current();
      g = await gauges();
      assert.equal(g.paperwire_search_lexical_lag_changes, 0);
      assert.equal(g.paperwire_search_lexical_documents, 5);
    } finally {
      other.close();
      cleanup();
    }
  });
});
