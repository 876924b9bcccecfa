/**
 * `npm run bench:password`: what a password hash costs at the old work factor (scrypt N=2^14) and at the current
 * one (N=2^17, OWASP's recommendation): one at a time (a sign-in's added latency) and four at once (libuv's default
 * thread pool, i.e. a burst of sign-ins), with the process's peak memory.
 */
import { hashPassword } from '../src/community/secrets.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: string[] = [];
for (const cost of [14, 17]) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await hashPassword('a benchmark password', cost);
    times.push(performance.now() - t);
  }
  const t = performance.now();
  await Promise.all(Array.from({ length: 4 }, () => hashPassword('a benchmark password', cost)));
  const burst = performance.now() - t;
  rows.push(`| N=2^${cost} | ${Math.round(median(times))} ms | ${Math.round(burst)} ms | ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB |`);
  console.log(rows.at(-1));
}
console.log(['| scrypt (r=8, p=1) | one hash, median | 4 at once, total | peak RSS so far |', '|---|---|---|---|', ...rows].join('\n'));
