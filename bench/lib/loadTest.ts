import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  non2xx: number;
  timeouts: number;
}

/** The figures a load test reports: throughput, latency percentiles and failures. */
export interface LoadResult {
  url: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Drives `url` with autocannon for `seconds` over `connections` keep-alive connections. */
export async function loadTest(url: string, connections = 50, seconds = 10, headers: Record<string, string> = {}): Promise<LoadResult> {
  const r = await autocannon({ url, connections, duration: seconds, headers });
  return { url, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts };
}

/**
 * Like `loadTest`, but with autocannon in a process of its own (its CLI), so the load generator never shares a
 * thread with the bench script's own work.
 */
export async function loadTestProcess(url: string, connections = 50, seconds = 10, headers: Record<string, string> = {}): Promise<LoadResult> {
  const cli = require.resolve('autocannon/autocannon.js');
  const args = [cli, '-j', '-c', String(connections), '-d', String(seconds), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`autocannon exited with ${code}`))));
  });
  const r = JSON.parse(out) as AutocannonResult;
  return { url, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts };
}
