/**
 * `npm run bench:restart`: how long `paperwire serve` takes to be ready (`/readyz` 200: lexical index built or
 * loaded, vectors loaded) over a real field — the 125,810 arXiv papers of ../shared/corpus, converted by
 * bench/realCorpus.ts, imported and embedded once — first with no search snapshots (every index read from
 * the database, as before issue 20), then again once the server saved its snapshots (`<data>/search`), with the
 * server's resident memory each time. The server runs compiled, as `npm start` runs it (dist/, built first when
 * stale); `--tsx` runs the TypeScript sources through tsx instead (how the figures before 2026-12-05 13:00 were taken).
 * usage: npx tsx bench/restart.ts [--runs N] [--tsx] (BENCH_REAL_CORPUS names another corpus file)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledEmbedder } from '../src/search/embedding/bundledEmbedder.ts';
import { createSemanticSearch } from '../src/search/semantic/semanticSearch.ts';
import { importPapers } from '../src/ingest/importPapers.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { startServer } from './lib/serverProcess.ts';
import { ensureRealCorpus } from './realCorpus.ts';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 2;
const converted = await ensureRealCorpus();
const compiled = !args.includes('--tsx');

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(execFileSync('cat', [`/proc/${pid}/status`]).toString());
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
};

// the imported and embedded database is kept between runs (it takes minutes on a busy machine)
const prepared = join(tmpdir(), 'paperwire-restart-126k.db');
if (!existsSync(prepared)) {
  const store = openSqliteStore(`${prepared}.tmp`, { migrate: true });
  let t = Date.now();
  const summary = await importPapers(store, createReadStream(converted));
  console.log(`imported ${summary.new} papers in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  const semantic = createSemanticSearch(store, bundledEmbedder());
  await semantic.load();
  const embedded = await semantic.embedPending({ batch: 2048 });
  console.log(`embedded ${embedded} papers in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  store.close();
  renameSync(`${prepared}.tmp`, prepared);
}
const dir = mkdtempSync(join(tmpdir(), 'paperwire-restart-'));
try {
  copyFileSync(prepared, join(dir, 'paperwire.db'));

  const env = { PAPERWIRE_DIGEST_ENABLED: 'false' };
  const rows: string[] = [];
  for (let run = 0; run <= runs; run++) {
    const snapshots = existsSync(join(dir, 'search')) ? readdirSync(join(dir, 'search')).filter((f) => f.endsWith('.snap')) : [];
    const started = Date.now();
    const server = await startServer(dir, env, compiled);
    const listening = Date.now() - started;
    await server.waitReady(600_000);
    const ready = Date.now() - started;
    const rss = rssMb(server.child.pid!);
    const t0 = Date.now();
    const r = await fetch(`${server.url}/api/papers/search?q=${encodeURIComponent('graph neural networks for molecules')}`);
    await r.text();
    const firstSearch = Date.now() - t0;
    // the first run saves its snapshots on shutdown (and in the background 10 s after building)
    await server.stop();
    const lines = server.output().split('\n').filter((l) => /snapshot|index built|index loaded|clustered|search is ready/.test(l));
    for (const l of lines) console.log(`  ${l.slice(0, 220)}`);
    const sizes = snapshots.map((f) => `${f} ${(statSync(join(dir, 'search', f)).size / 2 ** 20).toFixed(0)} MB`).join(', ');
    const row = `${run === 0 ? 'no snapshots (read from the database)' : `from snapshots (${sizes})`}: listening ${listening} ms, ready ${ready} ms, first search ${firstSearch} ms (HTTP ${r.status}), RSS ${rss} MB`;
    console.log(row);
    rows.push(row);
  }
  console.log(`server ${compiled ? 'compiled (dist/)' : 'through tsx'}; machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
