/**
 * Sync lag between servers (npm run bench:sync): two `paperwire serve` processes over one data folder; a write
 * through server A, then B is polled (every 10 ms) until it shows it. Per round: a paper submitted through A's
 * API (its text random corpus words, unlike any other paper's) until B's lexical search finds it, then until B's
 * semantic search for those words ranks it in the top 10 (one of the servers' embedding jobs embeds it; B learns
 * the vector from the feed if A did), and an upvote through A until B's API counts it.
 * The corpus is the demo corpus's papers repeated to N (embedded during warm-up). Prints p50/p95/max per kind.
 * With --postgres both servers share a PostgreSQL database instead (a throwaway cluster of its own, durable
 * commits, started from the installed PostgreSQL): B then learns of A's writes by NOTIFY.
 * Usage: tsx bench/sync.ts [papers=5000] [rounds=20] [--postgres]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken, signUp } from '../src/community/accounts.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { openPgStore } from '../src/storage/postgres/pgStore.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { postgresBin, startPostgres, type PgCluster } from '../scripts/pgCluster.mjs';
import { startServer, type ServerProcess } from './lib/serverProcess.ts';

const [N = 5000, ROUNDS = 20] = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-sync-'));
const servers: ServerProcess[] = [];

const seed = readFileSync(new URL('../demo/seed-papers.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { title: string; abstract?: string });
let cluster: PgCluster | undefined;
let databaseUrl: string | undefined;
if (process.argv.includes('--postgres')) {
  const bin = postgresBin();
  if (!bin) throw new Error('--postgres needs PostgreSQL installed (initdb)');
  cluster = await startPostgres(bin);
  databaseUrl = cluster.url;
}
const store = databaseUrl ? await openPgStore(databaseUrl, { migrate: true }) : openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
const papers = Array.from({ length: N }, (_, i) => ({ id: `2501.${String(i).padStart(5, '0')}`, title: `${seed[i % seed.length]!.title} (${i})`, abstract: seed[i % seed.length]!.abstract, publishedAt: '2026-11-30' }));
for (let i = 0; i < papers.length; i += 1000) await store.papers.upsertMany(papers.slice(i, i + 1000));
const config = loadConfig({ PAPERWIRE_DATA_DIR: dir });
const log = createLogger('silent');
const cd = { store, config: { ...config, secret: 'bench' }, log, mailer: createMailer(config, log), today: () => new Date().toISOString().slice(0, 10) };
const account = (await signUp(cd, { username: 'bench', email: 'bench@example.org', password: 'correct horse battery' }, { verified: true, skipMail: true }))!;
const { secret: token } = await createApiToken(cd, account, 'bench');
store.close();

const env = { ...(databaseUrl ? { PAPERWIRE_DATABASE_URL: databaseUrl } : {}), PAPERWIRE_API_RATE_LIMIT: '0', PAPERWIRE_WRITE_RATE_LIMIT: '100000', PAPERWIRE_SUBMIT_DAILY_CAP: '0', PAPERWIRE_SUBMIT_MAX_AGE_DAYS: '0' };
const started = performance.now();
servers.push(...(await Promise.all([startServer(dir, env), startServer(dir, env)])));
const [a, b] = servers as [ServerProcess, ServerProcess];
await Promise.all([a.waitReady(600_000), b.waitReady(600_000)]);
const readyMs = performance.now() - started;

const getJson = async <T>(url: string): Promise<T> => {
  for (;;) {
    const res = await fetch(url).catch(() => undefined); // an idle keep-alive socket the server closed: try again
    if (res?.ok) return res.json() as Promise<T>;
    if (res) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  }
};
const post = (path: string, body: unknown) =>
  fetch(`${a.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
/** Milliseconds from `since` until `check` holds on B (polled every 10 ms; 60 s at most). */
async function until(since: number, check: () => Promise<boolean>): Promise<number> {
  while (!(await check())) {
    if (performance.now() - since > 60_000) throw new Error('not visible on B within 60 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - since;
}
const found = (hits: { paper: { id: string } }[], id: string) => hits.some((h) => h.paper.id === id);

const vocabulary = [...new Set(seed.flatMap((p) => (p.abstract ?? '').toLowerCase().match(/[a-z]{5,}/g) ?? []))];
let state = 42;
const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31), state / 2 ** 31);
const lag = { lexical: [] as number[], semantic: [] as number[], vote: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  const word = `zyx${r}quartz`;
  const id = `2612.${String(90000 + r)}`;
  // words drawn at random from the corpus: a text unlike any other paper's, so its meaning finds it first
  const words = Array.from({ length: 12 }, () => vocabulary[Math.floor(random() * vocabulary.length)]!).join(' ');
  const title = `${word} ${words}`;
  let t = performance.now();
  const res = await post('/api/papers/submit', { paper_id: id, title, abstract: `${words}. ${words}.`, authors: ['Bench'], published_at: new Date().toISOString().slice(0, 10) });
  if (!res.ok) throw new Error(`submit failed: ${res.status} ${await res.text()}`);
  lag.lexical.push(
    await until(t, async () => found(await getJson(`${b.url}/api/papers/search?q=${word}&mode=lexical`), id)).catch(async (err) => {
      const onA = found(await getJson(`${a.url}/api/papers/search?q=${word}&mode=lexical`), id);
      console.error(JSON.stringify({ round: r, id, foundOnA: onA, readyA: await getJson(`${a.url}/readyz`), readyB: await getJson(`${b.url}/readyz`) }));
      console.error(`--- A\n${a.output().slice(-2000)}\n--- B\n${b.output().slice(-2000)}`);
      throw err;
    }),
  );
  lag.semantic.push(await until(t, async () => found(await getJson(`${b.url}/api/papers/search?q=${encodeURIComponent(words)}&mode=semantic&limit=10`), id)));
  const target = papers[(r * 31) % papers.length]!.id;
  const before = (await getJson<{ upvotes: number }>(`${b.url}/api/papers/${target}`)).upvotes;
  t = performance.now();
  const up = await post(`/api/papers/${target}/upvote`, {});
  if (!up.ok) throw new Error(`upvote failed: ${up.status} ${await up.text()}`);
  lag.vote.push(await until(t, async () => (await getJson<{ upvotes: number }>(`${b.url}/api/papers/${target}`)).upvotes > before));
}

const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const row = (xs: number[]) => ({ p50: Math.round(pct(xs, 50)), p95: Math.round(pct(xs, 95)), max: Math.round(Math.max(...xs)) });
console.log(JSON.stringify({ backend: databaseUrl ? 'postgres' : 'sqlite', papers: N, rounds: ROUNDS, bothReadyMs: Math.round(readyMs), lagMs: { lexicalSearch: row(lag.lexical), semanticSearch: row(lag.semantic), vote: row(lag.vote) } }, null, 1));
await Promise.all(servers.map((s) => s.stop()));
cluster?.stop();
rmSync(dir, { recursive: true, force: true });
