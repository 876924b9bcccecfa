/**
 * `npm run bench:community`: the daily page for anonymous visitors (cached) and for signed-in users (rendered
 * per viewer with vote state), and upvote toggles, against `paperwire serve` over the demo corpus.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession, signUp } from '../src/community/accounts.ts';
import { sessionCsrf } from '../src/http/csrf.ts';
import { loadDemoCorpus } from '../src/ingest/demoCorpus.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { startServer } from './lib/serverProcess.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{ requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number }>;

const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-community-'));
const secret = 's'.repeat(64);
const config = { ...loadConfig({ PAPERWIRE_DATA_DIR: dir }), secret };
const store = openSqliteStore(config.databasePath, { migrate: true });
await loadDemoCorpus(store);
const log = createLogger('silent');
const deps = { store, config, log, mailer: createMailer(config, log), today: () => '2026-11-23' };
const account = (await signUp(deps, { username: 'bench', email: 'bench@example.org', password: 'benchmark password' }, { verified: true, skipMail: true }))!;
const token = await openSession(deps, account.id);
const day = (await store.daily.latestDate())!;
const paper = (await store.daily.list({ from: day, to: day }, 'upvotes', { limit: 1, offset: 0 })).entries[0]!.paper.id;
store.close();

const server = await startServer(dir, { PAPERWIRE_SECRET: secret, PAPERWIRE_LOG_LEVEL: 'info', PAPERWIRE_WRITE_RATE_LIMIT: '100000000' });
const cookie = `pw_session=${token}`;
const csrf = sessionCsrf(secret, token);
const rows: string[] = [];
const run = async (label: string, opts: Record<string, unknown>) => {
  await autocannon({ ...opts, connections: 10, duration: 2 }); // warm-up
  const r = await autocannon({ connections: 50, duration: SECONDS, ...opts });
  rows.push(`| ${label} | ${Math.round(r.requests.average).toLocaleString('en')} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.errors + r.non2xx} |`);
  console.log(rows.at(-1));
};
/** A bare Node http server sending `file`'s bytes, in its own process: the ceiling for this machine right now. */
async function bareServer(file: string) {
  const code = `const b=require('fs').readFileSync(${JSON.stringify(file)});const s=require('http').createServer((q,r)=>{r.writeHead(200,{'content-type':'text/html; charset=utf-8'});r.end(b)}).listen(0,'127.0.0.1',()=>console.log(s.address().port))`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (d) => resolve(String(d).trim())));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

const dailyUrl = `${server.url}/papers/date/${day}`;
const bodyFile = join(dir, 'daily.html');
writeFileSync(bodyFile, await (await fetch(dailyUrl)).text());
const bare = await bareServer(bodyFile);
try {
  await run('bare Node http server, same bytes (baseline)', { url: bare.url });
  await run(`anonymous \`/papers/date/${day}\` (cached)`, { url: `${server.url}/papers/date/${day}` });
  await run(`signed-in \`/papers/date/${day}\` (rendered per viewer)`, { url: `${server.url}/papers/date/${day}`, headers: { cookie } });
  let up = 0;
  await run('signed-in upvote toggles (`POST /papers/{id}/upvote`, JSON)', {
    url: `${server.url}/papers/${paper}/upvote`,
    method: 'POST',
    headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    setupClient: (client: { setBody: (b: string) => void }) => client.setBody(`csrf=${csrf}&up=${up++ % 2}`),
  });
} finally {
  bare.stop();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\n${cpus().length} CPUs, ${SECONDS} s per row, 50 connections\n| Request | Requests/s | p50 | p99 | Errors |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}`);
