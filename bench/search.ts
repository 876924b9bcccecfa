/**
 * `npm run bench:search`: for 10k, 100k and 1M synthetic papers (bench/synth), loads a database (cached under
 * .cache/), then in a fresh child process per size builds the lexical index from it exactly as the server does
 * (SyncedIndex.rebuild), and prints build time, index size, memory and p50/p95/p99 latency of searchPapers per
 * query kind (single word, several words, phrase, filtered, semantic paraphrase) in lexical and, when a semantic
 * ranker is available, hybrid mode (with the bundled model, for sizes up to --hybrid-max: embedding is slow).
 *
 *   npx tsx bench/search.ts [--sizes 10000,100000,1000000] [--queries 400] [--hybrid-max 1000000] [--build-workers N]
 *   npx tsx bench/search.ts --prepare --sizes 1000000     (only create the cached databases)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { titleKey } from '../src/model/paperId.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { generatePapers, generateQueries, GENERATOR_VERSION } from './synth/index.ts';
import { measure } from './searchMeasure.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    queries: { type: 'string', default: '400' },
    measure: { type: 'string' },
    'hybrid-max': { type: 'string', default: '1000000' },
    'build-workers': { type: 'string' },
    hybrid: { type: 'boolean', default: false },
    prepare: { type: 'boolean', default: false },
  },
});
const CACHE = fileURLToPath(new URL('../.cache/bench-search/', import.meta.url));

/** A database holding the first `n` synthetic papers (seed 1), built once and kept in .cache. */
function ensureDatabase(n: number): string {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, `search-v${GENERATOR_VERSION}-n${n}.db`);
  if (existsSync(path)) {
    try {
      openSqliteStore(path, { migrate: true }).close();
      return path;
    } catch (err) {
      // A cached database from an older schema that no longer migrates (a renumbered migration): make it again.
      console.error(`  ${path}: ${(err as Error).message}; generating it again`);
      for (const ext of ['', '-wal', '-shm']) rmSync(`${path}${ext}`, { force: true });
    }
  }
  const tmp = `${path}.tmp`;
  rmSync(tmp, { force: true });
  const store = openSqliteStore(tmp, { migrate: true });
  const db = store.db;
  const started = Date.now();
  const org = db.prepare('INSERT INTO organizations (name, fullname) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id').pluck();
  const insert = db.prepare(`INSERT INTO papers (id, arxiv_id, title, title_key, abstract, authors, author_count, published_at, categories, code_url,
    organization_id, base_upvotes, upvotes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const orgs = new Map<string, number>();
  let batch: ReturnType<typeof generatePapers> extends Generator<infer P> ? P[] : never = [];
  const flush = db.transaction(() => {
    for (const p of batch) {
      let orgId: number | null = null;
      if (p.organization) {
        orgId = orgs.get(p.organization.name) ?? (org.get(p.organization.name, p.organization.fullname) as number);
        orgs.set(p.organization.name, orgId);
      }
      insert.run(p.id, p.id, p.title, titleKey(p.title), p.abstract, JSON.stringify(p.authors), p.authors.length, p.published, JSON.stringify(p.categories), p.code_url ?? null, orgId, p.upvotes ?? 0, p.upvotes ?? 0);
    }
  });
  let done = 0;
  for (const p of generatePapers({ count: n, seed: 1 })) {
    batch.push(p);
    if (batch.length === 10_000) {
      flush();
      done += batch.length;
      batch = [];
      process.stderr.write(`\r  loading ${n.toLocaleString('en-US')} papers: ${done.toLocaleString('en-US')} (${Math.round(done / ((Date.now() - started) / 1000))}/s)   `);
    }
  }
  flush();
  process.stderr.write('\n');
  store.close();
  renameSync(tmp, path);
  for (const ext of ['-wal', '-shm']) rmSync(`${tmp}${ext}`, { force: true });
  return path;
}

if (values.measure) {
  const workers = values['build-workers'] === undefined ? undefined : Number(values['build-workers']);
  const result = await measure(values.measure, generateQueries(1, Number(values.queries)), values.hybrid, workers);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const sizes = values.sizes!.split(',').map(Number);
if (values.prepare) {
  for (const n of sizes) console.log(ensureDatabase(n));
  process.exit(0);
}
console.log(`bench:search  ${new Date().toISOString().slice(0, 10)}  node ${process.version}  ${cpus().length} cores (${cpus()[0]?.model ?? '?'})  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`  ${values.queries} queries per size from bench/synth generateQueries(seed 1); latency of searchPapers (limit 20) after 1 warm-up pass\n`);
for (const n of sizes) {
  const db = ensureDatabase(n);
  const args = ['--measure', db, '--queries', values.queries!, ...(n <= Number(values['hybrid-max']) ? ['--hybrid'] : [])];
  if (values['build-workers'] !== undefined) args.push('--build-workers', values['build-workers']);
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=3072' },
  });
  if (child.status !== 0) {
    console.log(`  ${n}: measuring failed (${child.status})\n${child.stderr}`);
    continue;
  }
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as Awaited<ReturnType<typeof measure>>;
  console.log(`${n.toLocaleString('en-US')} papers  (database ${(statSync(db).size / 1e6).toFixed(0)} MB)`);
  console.log(`  load average (1 min) before build ${r.load[0]!.toFixed(2)}, after build ${r.load[1]!.toFixed(2)}, at the end ${r.load[2]!.toFixed(2)}`);
  console.log(`  build ${r.buildS.toFixed(1)} s with ${r.buildWorkers} analysis worker(s) (${Math.round(n / r.buildS).toLocaleString('en-US')} papers/s)   index ${(r.indexBytes / 1e6).toFixed(0)} MB in typed arrays, ${r.terms.toLocaleString('en-US')} terms, ${r.postings.toLocaleString('en-US')} postings, ${r.segments} segments, ${r.acronyms} acronyms`);
  console.log(`  memory after build: RSS ${r.rssMB} MB, heap ${r.heapMB} MB, array buffers ${r.buffersMB} MB; peak RSS of the process over the whole run (build workers, vectors, clustering and queries included) ${r.peakRssMB} MB`);
  if (r.model) console.log(`  hybrid: ${r.vectors.toLocaleString('en-US')} vectors of ${r.model} loaded and clustered in ${r.embedS.toFixed(1)} s, of which ${r.embedded.toLocaleString('en-US')} embedded now (vectors are kept in the cached database, so later runs only load them); timed hybrid queries embed their text (no query cache)`);
  console.log(`  ${'mode/kind'.padEnd(20)} ${'n'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'mean hits'.padStart(10)}`);
  for (const row of r.rows) console.log(`  ${row.label.padEnd(28)} ${String(row.n).padStart(4)} ${row.p50.toFixed(2).padStart(8)} ${row.p95.toFixed(2).padStart(8)} ${row.p99.toFixed(2).padStart(8)} ${Math.round(row.total).toLocaleString('en-US').padStart(10)}`);
  console.log('');
}
