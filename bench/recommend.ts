/**
 * npm run bench:recommend -- [--count 1000000] [--users 20] [--runs 200] [--days 7]   (--runs 0 only prepares the database)
 * "For you" for one user over the last 7 days of a synthetic corpus (bench/synth, ensureCorpus): papers are loaded
 * into a SQLite store once (cached under .cache/bench-recommend per schema; the insert triggers feeding the search
 * tables are dropped there since the recommender never reads them), the window and the readers' saved papers are
 * embedded with the bundled model, and forYou() — the function the page, API and digest call — is timed: the
 * shared window's build (cold) and per-user calls.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { titleKey } from '../src/model/paperId.ts';
import { forYou, windowStart } from '../src/personal/forYou.ts';
import { RecentWindows } from '../src/personal/recentWindows.ts';
import { buildRankWindow } from '../src/personal/rankWindow.ts';
import { bundledEmbedder } from '../src/search/embedding/index.ts';
import { paperText, quantize } from '../src/search/semantic/embedder.ts';
import { migrations } from '../src/storage/migrations/index.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { ensureCorpus } from './synth/index.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' }, users: { type: 'string', default: '20' }, runs: { type: 'string', default: '200' }, days: { type: 'string', default: '7' } } });
const count = Number(values.count);
const dir = fileURLToPath(new URL('../.cache/bench-recommend/', import.meta.url));
mkdirSync(dir, { recursive: true });
// The cached database is keyed by the schema (a hash of every migration), so a schema change makes a fresh one
// instead of migrating a copy whose insert triggers this script dropped; stale copies are removed.
const schema = createHash('sha256').update(migrations.map((m) => `${m.version}:${m.sql}`).join('\n')).digest('hex').slice(0, 8);
const dbPath = join(dir, `n${count}-s${schema}.db`);
const fresh = !existsSync(dbPath);
if (fresh) for (const f of readdirSync(dir)) if (f.startsWith(`n${count}.db`) || (f.startsWith(`n${count}-s`) && !f.startsWith(`n${count}-s${schema}`))) rmSync(join(dir, f));
const store = openSqliteStore(dbPath, { migrate: true });
const db = store.db;
const topics = new Map<number, number>(); // rowid → topic, for building readers

let t = performance.now();
const corpus = await ensureCorpus(count, 1, 'jsonl');
console.log(`corpus ${corpus} ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
t = performance.now();
const insert = db.prepare(`INSERT OR IGNORE INTO papers (id, arxiv_id, title, title_key, abstract, authors, published_at, categories, base_upvotes, upvotes)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
// A fresh copy loads faster without the insert triggers feeding the search tables (the recommender never reads them).
if (fresh) for (const trig of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'papers' AND name LIKE '%insert%'").pluck().all() as string[]) db.exec(`DROP TRIGGER "${trig}"`);
let batch: unknown[][] = [];
const flush = db.transaction((rows: unknown[][]) => rows.forEach((r) => insert.run(...r)));
let rowid = 0;
for await (const line of createInterface({ input: createReadStream(corpus) })) {
  const p = JSON.parse(line);
  topics.set(++rowid, p.topic);
  if (!fresh) continue;
  batch.push([p.id, p.id, p.title, titleKey(p.title), p.abstract, JSON.stringify(p.authors), p.published, JSON.stringify(p.categories), p.upvotes ?? 0, p.upvotes ?? 0]);
  if (batch.length === 20_000) (flush(batch), (batch = []));
}
flush(batch);
console.log(`${fresh ? 'imported' : 'read'} ${rowid} papers in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const today = db.prepare('SELECT max(published_at) FROM papers').pluck().get() as string;
const days = Number(values.days);
const since = windowStart(today, days);
const embedder = bundledEmbedder();
db.prepare("INSERT INTO search_state (key, value) VALUES ('embedding_model', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(embedder.id);
const historyFrom = windowStart(today, Math.max(60, days + 53));
const rows = db.prepare('SELECT rowid, title, abstract, published_at FROM papers WHERE published_at >= ? AND rowid NOT IN (SELECT paper_rowid FROM paper_vectors)').all(historyFrom) as { rowid: number; title: string; abstract: string; published_at: string }[];
t = performance.now();
for (let i = 0; i < rows.length; i += 2000) {
  const chunk = rows.slice(i, i + 2000);
  const vecs = await embedder.embed(chunk.map((r) => paperText(r)));
  await store.searchIndex.putVectors(embedder.id, chunk.map((r, j) => ({ rowid: r.rowid, ...quantize(vecs[j]!) })));
}
console.log(`embedded ${rows.length} papers of the last 60 days in ${((performance.now() - t) / 1000).toFixed(1)} s`);

// Readers: each saves 10 papers of 1–3 topics from the 53 days before the window; every other one also follows the
// first author and the first category of its first saved paper (the follow paths of the ranking).
const older = db.prepare('SELECT rowid, id, authors, categories FROM papers WHERE published_at >= ? AND published_at < ?').all(historyFrom, since) as { rowid: number; id: string; authors: string; categories: string }[];
const users: number[] = [];
for (let u = 0; u < Number(values.users); u++) {
  const user = await store.users.ensure({ username: `reader${u}` });
  users.push(user.id);
  const mine = new Set(Array.from({ length: 1 + (u % 3) }, (_, k) => topics.get(older[(u * 7919 + k * 104729) % older.length]!.rowid)));
  const col = await store.personal.defaultCollection(user.id);
  const saved = older.filter((p) => mine.has(topics.get(p.rowid))).slice(0, 10);
  if (!col.size) for (const p of saved) await store.personal.addItem(col.id, p.id);
  if (u % 2 === 0 && saved[0]) {
    await store.personal.follow(user.id, 'author', JSON.parse(saved[0].authors)[0] ?? 'nobody');
    await store.personal.follow(user.id, 'category', JSON.parse(saved[0].categories)[0] ?? 'cs.LG');
  }
}

if (!Number(values.runs)) {
  console.log(`prepared ${dbPath} (--runs 0: nothing timed)`);
  store.close();
  process.exit(0);
}

const builds: number[] = [];
for (let b = 0; b < 3; b++) {
  t = performance.now();
  buildRankWindow(await store.personal.window(since, embedder.id), embedder.dim); // what RecentWindows does on a miss
  builds.push(performance.now() - t);
}
builds.sort((a, b) => a - b);
const windows = new RecentWindows(store);
const win = await windows.get(since, 0);
console.log(`window ${since}..${today}: ${win.win.papers.length} papers, built in ${builds[1]!.toFixed(0)} ms (median of 3 cold builds; shared by all users), SIMD ${win.win.matrix.simd ? 'on' : 'off'}`);
const times: number[] = [];
for (let r = 0; r < Number(values.runs); r++) {
  const s = performance.now();
  const picks = await forYou(store, users[r % users.length]!, { today, days, limit: 30, windowMaxAgeMs: 60_000, windows });
  times.push(performance.now() - s);
  if (!picks.length) throw new Error('no picks');
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
const load = loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`forYou over ${win.win.papers.length} window papers, ${times.length} calls (${users.length} readers, half with follows): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`);
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), node ${process.version}, load average ${load}, ${new Date().toISOString().slice(0, 16)}Z`);
console.log(`| ${count.toLocaleString('en')} papers | ${win.win.papers.length.toLocaleString('en')} papers (${days} days) | ${builds[1]!.toFixed(0)} ms | ${q(0.5)} ms | ${q(0.95)} ms | ${q(0.99)} ms | load ${loadavg()[0]!.toFixed(1)} |`);
store.close();
