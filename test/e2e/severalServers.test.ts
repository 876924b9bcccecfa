import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerProcess } from '../../bench/lib/serverProcess.ts';
import { signUp } from '../../src/community/accounts.ts';
import { loadConfig } from '../../src/config/config.ts';
import { loadDemoCorpus } from '../../src/ingest/demoCorpus.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { openSqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import { openPgStore } from '../../src/storage/postgres/pgStore.ts';
import { forEachBackend, rawRows, rawValue } from '../helpers/backends.ts';
import { testStore } from '../helpers/testApp.ts';

const BIN = fileURLToPath(new URL('../../bin/paperwire.mjs', import.meta.url));
const cli = (dir: string, env: Record<string, string>, ...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, PAPERWIRE_DATA_DIR: dir, ...env }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
};

/** Polls `check` until it returns true or `ms` pass; fails with `what`. (A keep-alive socket the server closed while idle only makes one try fail.) */
async function eventually(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    if (await check().catch((err) => ((last = err), false))) return;
    if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const json = async <T>(url: string): Promise<T> => {
  const res = await fetch(url).catch((err) => assert.fail(`GET ${url}: ${err.cause ?? err}`));
  return res.json() as Promise<T>;
};
const ids = (hits: { paper?: { id: string }; id?: string }[]) => hits.map((h) => h.paper?.id ?? h.id);

forEachBackend((backend) =>
test(`two servers over one database answer as one site: CLI imports, re-embeds and withdrawals reach both searches; votes, sessions and CSRF tokens cross (${backend})`, async () => {
  const { store, dir, databaseUrl, cleanup } = await testStore({ backend });
  // the servers and the CLI find the database as an admin's would: the data folder, and PostgreSQL's URL when set
  const env: Record<string, string> = databaseUrl ? { PAPERWIRE_DATABASE_URL: databaseUrl } : {};
  const servers: ServerProcess[] = [];
  try {
    // the data folder as an admin would have it: the demo corpus and one account
    await loadDemoCorpus(store);
    const config = loadConfig({ PAPERWIRE_DATA_DIR: dir, ...env });
    const log = createLogger('silent');
    await signUp({ store, config: { ...config, secret: 'unused' }, log, mailer: createMailer(config, log), today: () => '2026-12-05' }, { username: 'alice', email: 'alice@example.org', password: 'correct horse battery' }, { verified: true, skipMail: true });
    const [near, far] = await rawRows<{ id: string; title: string; abstract: string }>(store, 'SELECT id, title, abstract FROM papers ORDER BY rowid LIMIT 2 OFFSET 10');
    store.close();

    // both started at once, as a deploy starts them; neither holds the secret key yet
    servers.push(...(await Promise.all([startServer(dir, env), startServer(dir, env)])));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    await Promise.all([a.waitReady(), b.waitReady()]);

    // a paper imported by the CLI, worded like `near`: found by words and by meaning, and similar to `near`, on both
    const file = join(dir, 'new.jsonl');
    const paper = { id: '2612.00042', title: `Zyxquartz ${near!.title}`, abstract: near!.abstract, published: '2026-12-04' };
    writeFileSync(file, `${JSON.stringify(paper)}\n`);
    cli(dir, env, 'import', file);
    for (const s of servers) {
      await eventually(`lexical search on ${s.url}`, async () => ids(await json(`${s.url}/api/papers/search?q=zyxquartz&mode=lexical`)).includes(paper.id));
      await eventually(`semantic search on ${s.url}`, async () => ids(await json(`${s.url}/api/papers/search?q=${encodeURIComponent(paper.title)}&mode=semantic&limit=5`)).includes(paper.id));
      await eventually(`similar papers on ${s.url}`, async () => ids(await json(`${s.url}/api/papers/${near!.id}/similar?limit=3`)).includes(paper.id));
    }

    // re-embedded by another process (as `paperwire reindex` or a new model would): both follow the new vector
    const writer = databaseUrl ? await openPgStore(databaseUrl) : openSqliteStore(join(dir, 'paperwire.db'));
    const model = (await rawValue(writer, "SELECT value FROM search_state WHERE key = 'embedding_model'")) as string;
    const vectors = await writer.searchIndex.vectors(model, 0, 100_000);
    const farVector = vectors.find((v) => v.id === far!.id)!;
    const rowid = vectors.find((v) => v.id === paper.id)!.rowid;
    await writer.searchIndex.putVectors(model, [{ rowid, scale: farVector.scale, vector: farVector.vector }]);
    writer.close();
    for (const s of servers) {
      await eventually(`the re-embedded vector on ${s.url}`, async () => ids(await json(`${s.url}/api/papers/${far!.id}/similar?limit=1`))[0] === paper.id);
    }

    // withdrawn through the CLI: it leaves semantic search on both
    writeFileSync(file, `${JSON.stringify({ ...paper, withdrawn_at: '2026-12-05T00:00:00Z' })}\n`);
    cli(dir, env, 'import', file);
    for (const s of servers) {
      await eventually(`the withdrawal on ${s.url}`, async () => !ids(await json(`${s.url}/api/papers/search?q=${encodeURIComponent(far!.title)}&mode=semantic&limit=10`)).includes(paper.id));
    }

    // a session opened on A, and A's CSRF token, work on B; each vote shows on the other's cached page and API
    const form = await fetch(`${a.url}/login`);
    const anonCookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
    const anonCsrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const login = await fetch(`${a.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: anonCookie }, body: new URLSearchParams({ login: 'alice', password: 'correct horse battery', csrf: anonCsrf }) });
    assert.equal(login.status, 303, 'signed in on A');
    const session = /pw_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const paperPage = await (await fetch(`${a.url}/papers/${near!.id}`, { headers: { Cookie: session } })).text();
    const csrf = /action="\/papers\/[^"]+\/upvote"[\s\S]*?name="csrf" value="([^"]+)"/.exec(paperPage)![1]!;
    const count = async (s: ServerProcess) => Number(/<span class="n">(\d+)<\/span>/.exec(await (await fetch(`${s.url}/papers/${near!.id}`)).text())![1]);
    const apiCount = async (s: ServerProcess) => (await json<{ upvotes: number }>(`${s.url}/api/papers/${near!.id}`)).upvotes;
    const before = await count(a);
    assert.equal(await count(b), before, 'both pages are cached now');
    const vote = (s: ServerProcess, up: string) => fetch(`${s.url}/papers/${near!.id}/upvote`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session }, body: new URLSearchParams({ csrf, up }) });
    // another server learns of a write when it is told (PostgreSQL: a notification at commit, on its own
    // connection), so the page there shows it within a moment, not necessarily on the very next request
    const shows = async (what: string, read: () => Promise<number>, want: number) => eventually(what, async () => (await read()) === want, 3_000);
    assert.equal((await vote(b, '1')).status, 303, "A's session and CSRF token are accepted by B");
    await shows("B's vote shows on A's cached page", () => count(a), before + 1);
    assert.equal(await apiCount(a), before + 1, "and in A's API");
    assert.equal((await vote(a, '0')).status, 303);
    await shows("A's unvote shows on B's cached page", () => count(b), before);
    assert.equal(await apiCount(b), before);
  } catch (err) {
    for (const s of servers) process.stderr.write(`--- ${s.url}\n${s.output().slice(-3000)}\n`);
    throw err;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    cleanup();
  }
}));
