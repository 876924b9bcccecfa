/**
 * `npm run bench:pages`: the cached anonymous daily page (`/`) served by paperwire (compiled, as `npm start` runs
 * it) against a bare Node http server sending the same bytes, in the same run, with and without gzip; each server
 * and the load generator (autocannon's CLI) run in processes of their own. Rounds alternate the two servers so a
 * change in the machine's load hits both. BENCH_ROUNDS (3), BENCH_SECONDS (5), BENCH_CONNECTIONS (50).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBare } from './lib/bareServer.ts';
import { loadTestProcess, type LoadResult } from './lib/loadTest.ts';
import { ensureBuilt, startServer } from './lib/serverProcess.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

/** The raw response (not decompressed) to a GET of `url` with `headers`. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ body: Buffer.concat(chunks), headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await ensureBuilt();
const dir = mkdtempSync(join(tmpdir(), 'pw-bench-pages-'));
const server = await startServer(dir, { PAPERWIRE_LOAD_DEMO: 'true', PAPERWIRE_API_RATE_LIMIT: '0' }, true);
try {
  await server.waitForLog(/embedded papers/, 120_000);
  const plain = await rawGet(`${server.url}/`, {});
  const gz = await rawGet(`${server.url}/`, { 'accept-encoding': 'gzip' });
  if (gz.headers['content-encoding'] !== 'gzip') throw new Error('the daily page was not sent gzip-compressed');
  const type = 'text/html; charset=utf-8';
  const variants = [
    { name: 'identity', headers: {} as Record<string, string>, bare: await startBare(plain.body, { 'content-type': type }), runs: { paperwire: [] as LoadResult[], bare: [] as LoadResult[] } },
    { name: 'gzip', headers: { 'accept-encoding': 'gzip' }, bare: await startBare(gz.body, { 'content-type': type, 'content-encoding': 'gzip' }), runs: { paperwire: [] as LoadResult[], bare: [] as LoadResult[] } },
  ];
  const load0 = loadavg()[0]!;
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) {
      const order = round % 2 ? (['bare', 'paperwire'] as const) : (['paperwire', 'bare'] as const);
      for (const who of order) v.runs[who].push(await loadTestProcess(who === 'bare' ? v.bare.url : `${server.url}/`, CONNECTIONS, SECONDS, v.headers));
    }
  }
  for (const v of variants) v.bare.stop();
  console.log(
    `\nthe daily page /: ${(plain.body.length / 1024).toFixed(1)} KB, gzip ${(gz.body.length / 1024).toFixed(1)} KB; ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds each; ` +
      `${cpus().length} cores, node ${process.version}, load average ${load0.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after; ${new Date().toISOString().slice(0, 10)}\n`,
  );
  console.log('| encoding | paperwire req/s (median, runs) | bare node req/s (median, runs) | paperwire p99 ms | errors | paperwire / bare (median of rounds) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const v of variants) {
    const [p, b] = [v.runs.paperwire.map((r) => r.rps), v.runs.bare.map((r) => r.rps)];
    const errors = [...v.runs.paperwire, ...v.runs.bare].reduce((n, r) => n + r.errors, 0);
    const ratio = median(p.map((x, i) => x / b[i]!));
    console.log(
      `| ${v.name} | ${median(p).toLocaleString('en-US')} (${p.join(', ')}) | ${median(b).toLocaleString('en-US')} (${b.join(', ')}) | ${median(v.runs.paperwire.map((r) => r.p99))} | ${errors} | ${(100 * ratio).toFixed(0)}% |`,
    );
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
