/**
 * `npm run bench:import`: imports a Kaggle-format snapshot from the synthetic generator (1M records by default)
 * into a fresh database with `paperwire import`, in a child process so that its peak memory is measured alone,
 * and prints papers/s (search index included) and peak RSS. Goal: ≥ 20,000 papers/s with RSS ≤ 500 MB.
 *
 *   npx tsx bench/import.ts [--count 1000000] [--seed 1]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureCorpus } from './synth/index.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '1' } } });
const count = Number(values.count);
const seed = Number(values.seed);
const file = await ensureCorpus(count, seed, 'kaggle', { onGenerate: (p) => process.stderr.write(`generating ${count} Kaggle records into ${p} …\n`) });
const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-import-'));
const bin = fileURLToPath(new URL('../bin/paperwire.mjs', import.meta.url));
try {
  const started = process.hrtime.bigint();
  // GNU time reports the child's peak RSS; without it, fall back to this process's children's rusage.
  const timeBin = spawnSync('sh', ['-c', 'command -v /usr/bin/time'], { encoding: 'utf8' }).stdout.trim();
  const cmd = timeBin ? [timeBin, '-f', 'MAXRSS_KB=%M', process.execPath, bin, 'import', file] : [process.execPath, bin, 'import', file];
  const run = spawnSync(cmd[0]!, cmd.slice(1), { env: { ...process.env, PAPERWIRE_DATA_DIR: dir, PAPERWIRE_LOG_LEVEL: 'warn' }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`import failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const rssKb = Number(/MAXRSS_KB=(\d+)/.exec(run.stderr)?.[1] ?? process.resourceUsage().maxRSS);
  const summary = run.stdout.trim().split('\n')[0];
  const dbBytes = statSync(join(dir, 'paperwire.db')).size;
  console.log(`bench:import  ${new Date().toISOString().slice(0, 10)}  node ${process.version}  ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
  console.log(`  corpus      ${count.toLocaleString('en-US')} Kaggle records, ${(statSync(file).size / 1e6).toFixed(0)} MB, seed ${seed}`);
  console.log(`  summary     ${summary}`);
  console.log(`  time        ${seconds.toFixed(1)} s (process start to exit, search index included)`);
  console.log(`  rate        ${Math.round(count / seconds).toLocaleString('en-US')} papers/s   (goal ≥ 20,000)`);
  console.log(`  peak RSS    ${Math.round(rssKb / 1024)} MB   (goal ≤ 500)`);
  console.log(`  database    ${(dbBytes / 1e6).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
