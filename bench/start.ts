/**
 * `npm run bench:start`: how long `paperwire serve` takes from spawn to listening and to its first page, and its
 * resident memory then, run the production way (compiled JavaScript from dist/, as `npm start` does) and through
 * tsx (the TypeScript sources, as tests and development run), alternating, over the demo corpus.
 * BENCH_ROUNDS (default 5) runs of each.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, startServer } from './lib/serverProcess.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Run {
  listening: number;
  firstPage: number;
  rssMb: number;
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function once(dir: string, compiled: boolean): Promise<Run> {
  const t0 = performance.now();
  const server = await startServer(dir, {}, compiled);
  const listening = performance.now() - t0;
  const res = await fetch(`${server.url}/`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`the daily page answered ${res.status}`);
  const firstPage = performance.now() - t0;
  const run = { listening, firstPage, rssMb: rssMb(server.child.pid!) };
  await server.stop();
  return run;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: number[], f: (x: number) => string) => `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;

await ensureBuilt();
const dir = mkdtempSync(join(tmpdir(), 'pw-bench-start-'));
try {
  const seed = await startServer(dir, { PAPERWIRE_LOAD_DEMO: 'true' }, true);
  await seed.waitForLog(/embedded papers/, 120_000);
  await seed.stop();
  console.log(`demo corpus loaded and embedded; ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`);
  const runs: Record<'compiled' | 'tsx', Run[]> = { compiled: [], tsx: [] };
  await once(dir, true);
  await once(dir, false);
  for (let i = 0; i < ROUNDS; i++) {
    runs.compiled.push(await once(dir, true));
    runs.tsx.push(await once(dir, false));
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  for (const [mode, rs] of Object.entries(runs)) {
    console.log(
      `${mode.padEnd(8)} listening ${range(rs.map((r) => r.listening), s)}, first page ${range(rs.map((r) => r.firstPage), s)}, ` +
        `RSS ${range(rs.map((r) => r.rssMb), (m) => `${m.toFixed(0)} MB`)}`,
    );
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
