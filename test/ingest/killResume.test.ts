import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { searchPapers } from '../../src/search/searchPapers.ts';
import { createSearchContext } from '../../src/search/searchContext.ts';
import { openSqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import { tempDir } from '../helpers/testApp.ts';
import { fakeEnv, startFakeArxiv } from './fakeArxiv.ts';

const BIN = fileURLToPath(new URL('../../bin/paperwire.mjs', import.meta.url));

/** Runs the CLI in a child process; `killWhen` is polled and SIGKILLs the child once it returns true. */
function runCli(args: string[], env: Record<string, string>, killWhen?: () => boolean) {
  return new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = killWhen && setInterval(() => killWhen() && child.kill('SIGKILL'), 5);
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, out });
    });
  });
}

const countIn = (db: string, sql: string) => {
  try {
    const h = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (h.prepare(sql).pluck().get() as number) ?? 0;
    } finally {
      h.close();
    }
  } catch {
    return 0;
  }
};

test('a bulk import killed with SIGKILL mid-run resumes: 0 records lost, 0 duplicated', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const n = 40_000;
    const file = join(dir, 'snapshot.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      lines.push(JSON.stringify({ id: `2401.${String(i).padStart(5, '0')}`, title: `Synthetic paper number ${i}`, abstract: `Words about topic ${i % 97} and method ${i % 13}.`,
        categories: 'cs.LG', versions: [{ version: 'v1', created: 'Mon, 1 Jan 2024 10:00:00 GMT' }], authors_parsed: [['Author', `A${i}`, '']] }));
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const env = { PAPERWIRE_DATA_DIR: dir, PAPERWIRE_LOG_LEVEL: 'warn' };
    const db = join(dir, 'paperwire.db');
    const first = await runCli(['import', file], env, () => countIn(db, 'SELECT count(*) FROM papers') >= 4000);
    assert.equal(first.signal, 'SIGKILL', `the first run was killed mid-import:\n${first.out}`);
    const before = countIn(db, 'SELECT count(*) FROM papers');
    assert.ok(before > 0 && before < n, `killed with ${before} of ${n} stored`);

    const second = await runCli(['import', file], env);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /resumed after line \d+/);
    assert.equal(countIn(db, 'SELECT count(*) FROM papers'), n, '0 lost');
    assert.equal(countIn(db, 'SELECT count(DISTINCT arxiv_id) FROM papers'), n, '0 duplicated');
    assert.equal(countIn(db, "SELECT count(DISTINCT paper_rowid) FROM search_changes WHERE kind = 'upsert'"), n, 'every paper is in the search change log');
    assert.equal(countIn(db, "SELECT count(*) FROM search_queue WHERE task = 'embed'"), n, 'and queued once for embedding');
    const store = openSqliteStore(db, { migrate: false });
    try {
      const { total } = await searchPapers(createSearchContext(store), { q: 'synthetic', mode: 'lexical', limit: 1 });
      assert.equal(total, n, 'the search index holds each paper once');
    } finally {
      store.close();
    }
  } finally {
    cleanup();
  }
});

test('an arXiv harvest killed with SIGKILL mid-run resumes at the next page: 0 lost, 0 duplicated', async () => {
  const total = 40;
  const entry = (i: number) => `<entry><id>http://arxiv.org/abs/2501.${String(i).padStart(5, '0')}v1</id><updated>2025-01-02T00:00:00Z</updated>
    <published>2025-01-02T00:00:00Z</published><title>Harvested paper ${i}</title><summary>About ${i}.</summary><author><name>Author ${i}</name></author>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CV"/></entry>`;
  const fake = await startFakeArxiv((req) => {
    const start = Number(req.query.get('start'));
    const size = Number(req.query.get('max_results'));
    const ids = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, k) => start + k);
    return {
      delayMs: 20,
      body: `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${total}</opensearch:totalResults>
  ${ids.map(entry).join('\n')}</feed>`,
    };
  });
  const { dir, cleanup } = tempDir();
  try {
    const env = { ...fakeEnv(fake.url, dir, 30), PAPERWIRE_LOG_LEVEL: 'warn' };
    const args = ['ingest', 'arxiv', '--cats', 'cs.CV', '--since', '2025-01-01', '--page-size', '5'];
    const db = join(dir, 'paperwire.db');
    const first = await runCli(args, env, () => fake.requests.length >= 4);
    assert.equal(first.signal, 'SIGKILL', first.out);
    const stored = countIn(db, 'SELECT count(*) FROM papers');
    assert.ok(stored >= 10 && stored < total, `killed with ${stored} of ${total} stored`);
    const seenBefore = fake.requests.length;

    const second = await runCli(args, env);
    assert.equal(second.code, 0, second.out);
    const resumedAt = Number(fake.requests[seenBefore]!.query.get('start'));
    assert.ok(resumedAt >= 10, `the rerun starts at the committed position (${resumedAt}), not at 0`);
    assert.equal(resumedAt, stored, 'exactly after the last committed page');
    assert.equal(countIn(db, 'SELECT count(*) FROM papers'), total, '0 lost');
    assert.equal(countIn(db, 'SELECT count(DISTINCT arxiv_id) FROM papers'), total, '0 duplicated');
    assert.match(second.out, /arxiv-api:cs.CV: ok/);
  } finally {
    await fake.close();
    cleanup();
  }
});
