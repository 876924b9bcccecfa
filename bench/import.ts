/**
 * `npm run bench:import`: imports a Kaggle-format snapshot from the synthetic generator (1M records by default)
 * into a fresh database with `paperwire import`, in a child process so that its peak memory is measured alone,
 * then builds the lexical search index over the result in a second child process, exactly as a freshly started
 * `paperwire serve` does before its first search. Prints papers/s for the import alone (papers, search change
 * log and work queue written) and for "import + index ready", with peak RSS of each. Goal: ≥ 20,000 papers/s
 * with RSS ≤ 500 MB.
 *
 *   npx tsx bench/import.ts [--count 1000000] [--seed 1] [--keep DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureCorpus } from './synth/index.ts';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '1' }, 'build-index': { type: 'string' }, keep: { type: 'string' } },
});

if (values['build-index']) {
  // Child mode: open the store the import wrote and build its lexical index as `paperwire serve` does at start.
  const { openSqliteStore } = await import('../src/storage/sqlite/sqliteStore.ts');
  const { createSearchContext } = await import('../src/search/searchContext.ts');
  const started = performance.now();
  const store = openSqliteStore(join(values['build-index'], 'paperwire.db'));
  const index = await createSearchContext(store).lexical.current();
  console.log(JSON.stringify({ ms: performance.now() - started, papers: index.size }));
  store.close();
  process.exit(0);
}

const count = Number(values.count);
const seed = Number(values.seed);
const file = await ensureCorpus(count, seed, 'kaggle', { onGenerate: (p) => process.stderr.write(`generating ${count} Kaggle records into ${p} …\n`) });
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'paperwire-bench-import-'));
const bin = fileURLToPath(new URL('../bin/paperwire.mjs', import.meta.url));
const timeBin = spawnSync('sh', ['-c', 'command -v /usr/bin/time'], { encoding: 'utf8' }).stdout.trim();
const env = { ...process.env, PAPERWIRE_DATA_DIR: dir, PAPERWIRE_LOG_LEVEL: 'warn' };

/** Runs a child under GNU time (peak RSS, CPU seconds) when present; wall seconds from here. */
function timed(args: string[]): { seconds: number; rssMb?: number; cpuSeconds?: number; stdout: string } {
  const started = process.hrtime.bigint();
  const cmd = timeBin ? [timeBin, '-f', 'MAXRSS_KB=%M CPU_S=%U+%S', process.execPath, ...args] : [process.execPath, ...args];
  const run = spawnSync(cmd[0]!, cmd.slice(1), { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const rss = /MAXRSS_KB=(\d+)/.exec(run.stderr);
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(run.stderr);
  return { seconds, rssMb: rss ? Math.round(Number(rss[1]) / 1024) : undefined, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined, stdout: run.stdout };
}

const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} papers/s`;
const load = loadavg().map((l) => l.toFixed(2)).join(' ');
try {
  const imported = timed([bin, 'import', file]);
  const dbBytes = statSync(join(dir, 'paperwire.db')).size;
  const indexed = timed(['--import', 'tsx', fileURLToPath(import.meta.url), '--build-index', dir]);
  const built = JSON.parse(indexed.stdout.trim().split('\n').at(-1)!) as { ms: number; papers: number };
  const total = imported.seconds + indexed.seconds;
  console.log(`bench:import  ${new Date().toISOString().slice(0, 16)}Z  node ${process.version}  ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
  console.log(`  load avg    ${load} at the start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`);
  console.log(`  corpus      ${count.toLocaleString('en-US')} Kaggle records, ${(statSync(file).size / 1e6).toFixed(0)} MB, seed ${seed}`);
  console.log(`  summary     ${imported.stdout.trim().split('\n')[0]}`);
  console.log(`  import      ${imported.seconds.toFixed(1)} s, process start to exit: ${rate(count, imported.seconds)}   (goal ≥ 20,000)`);
  console.log(`              peak RSS ${imported.rssMb ?? '?'} MB (goal ≤ 500), CPU ${imported.cpuSeconds?.toFixed(1) ?? '?'} s, database ${(dbBytes / 1e6).toFixed(0)} MB`);
  console.log(`  index       ${indexed.seconds.toFixed(1)} s to a fresh process's lexical index over ${built.papers.toLocaleString('en-US')} papers (build ${(built.ms / 1000).toFixed(1)} s), peak RSS ${indexed.rssMb ?? '?'} MB`);
  console.log(`  both        ${total.toFixed(1)} s from import start to a searchable index: ${rate(count, total)}`);
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
