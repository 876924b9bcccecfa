/**
 * `npm run bench:import-backends`: the real `paperwire import` command, end to end (process start to exit), into
 * a fresh SQLite instance and a fresh PostgreSQL database, in one run: on N synthetic Kaggle records and on the
 * 126k real arXiv papers (bench/realCorpus.ts; each featured on its announcement day). Prints papers/s for each
 * and PostgreSQL's as a share of SQLite's. PostgreSQL comes from PAPERWIRE_BENCH_PG_URL (an admin URL: a database
 * is created and dropped per run); without it only SQLite runs.
 *
 *   PAPERWIRE_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/importBackends.ts [--count 100000] [--no-real]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureRealCorpus } from './realCorpus.ts';
import { ensureCorpus } from './synth/index.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, 'no-real': { type: 'boolean' } } });
const count = Number(values.count);
const bin = fileURLToPath(new URL('../bin/paperwire.mjs', import.meta.url));
const admin = process.env.PAPERWIRE_BENCH_PG_URL;

/** Runs `paperwire import file` into a fresh instance of one backend; seconds and the summary line. */
async function importInto(file: string, backend: 'sqlite' | 'postgres'): Promise<{ seconds: number; summary: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-import-'));
  const env: Record<string, string | undefined> = { ...process.env, PAPERWIRE_DATA_DIR: dir, PAPERWIRE_LOG_LEVEL: 'warn' };
  let pool: pg.Pool | undefined;
  const name = `pw_bench_import_${process.pid}`;
  if (backend === 'postgres') {
    pool = new pg.Pool({ connectionString: admin, max: 1 });
    await pool.query(`CREATE DATABASE ${name}`);
    const url = new URL(admin!);
    url.pathname = `/${name}`;
    env.PAPERWIRE_DATABASE_URL = url.toString();
  }
  try {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [bin, 'import', file], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 0) throw new Error(`import into ${backend} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
    return { seconds, summary: run.stdout.trim().split('\n')[0]! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (pool) {
      await pool.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await pool.end();
    }
  }
}

const loadStart = loadavg().map((l) => l.toFixed(2)).join(' ');
const corpora: { label: string; file: string; papers: number }[] = [
  { label: `${count.toLocaleString('en-US')} synthetic Kaggle records`, file: await ensureCorpus(count, 1, 'kaggle'), papers: count },
];
if (!values['no-real']) corpora.push({ label: '126k real arXiv papers (featured)', file: await ensureRealCorpus(), papers: 0 });
const rows: string[] = [];
for (const c of corpora) {
  const results: Record<string, { seconds: number; summary: string }> = {};
  for (const backend of admin ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
    results[backend] = await importInto(c.file, backend);
    console.log(JSON.stringify({ corpus: c.label, backend, ...results[backend] }));
  }
  const read = Number(/read (\d+)/.exec(results.sqlite!.summary)?.[1] ?? c.papers);
  const rate = (r?: { seconds: number }) => (r ? Math.round(read / r.seconds) : undefined);
  const [s, p] = [rate(results.sqlite), rate(results.postgres)];
  rows.push(`| ${c.label} | ${s?.toLocaleString('en-US')} | ${p?.toLocaleString('en-US') ?? '—'} | ${p && s ? (p / s).toFixed(2) : '—'} |`);
}
console.log(`\nbench:import-backends ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores, load ${loadStart} at the start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end
| Corpus | SQLite papers/s | PostgreSQL papers/s | PostgreSQL / SQLite |
| --- | --- | --- | --- |
${rows.join('\n')}`);
