import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { searchPapers } from '../../src/search/searchPapers.ts';
import { createSearchContext } from '../../src/search/searchContext.ts';
import type { Store } from '../../src/storage/store.ts';
import { forEachBackend, rawValue } from '../helpers/backends.ts';
import { storeEnv, testStore } from '../helpers/testApp.ts';
import { fakeEnv, startFakeArxiv } from './fakeArxiv.ts';

const BIN = fileURLToPath(new URL('../../bin/paperwire.mjs', import.meta.url));

/** Runs the CLI in a child process; `killWhen` is polled and SIGKILLs the child once it resolves to true. */
function runCli(args: string[], env: Record<string, string>, killWhen?: () => boolean | Promise<boolean>) {
  return new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    let polling = false;
    const poll = async () => {
      if (polling) return;
      polling = true;
      if (await Promise.resolve(killWhen!()).catch(() => false)) child.kill('SIGKILL');
      polling = false;
    };
    const timer = killWhen && setInterval(poll, 5);
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, out });
    });
  });
}

/** A count (plain SQL, the same on both backends) in the database the child processes write. */
const countIn = async (store: Store, sql: string) => Number(await rawValue(store, sql));

forEachBackend((backend) => {
  test(`a bulk import killed with SIGKILL mid-run resumes: 0 records lost, 0 duplicated (${backend})`, async () => {
    const kit = await testStore({ backend });
    const { dir, store } = kit;
    try {
      const n = 40_000;
      const file = join(dir, 'snapshot.jsonl');
      const lines: string[] = [];
      for (let i = 0; i < n; i++) {
        lines.push(JSON.stringify({ id: `2401.${String(i).padStart(5, '0')}`, title: `Synthetic paper number ${i}`, abstract: `Words about topic ${i % 97} and method ${i % 13}.`,
          categories: 'cs.LG', versions: [{ version: 'v1', created: 'Mon, 1 Jan 2024 10:00:00 GMT' }], authors_parsed: [['Author', `A${i}`, '']] }));
      }
      writeFileSync(file, lines.join('\n') + '\n');
      const env = { ...storeEnv(kit), PAPERWIRE_LOG_LEVEL: 'warn' };
      const first = await runCli(['import', file], env, async () => (await countIn(store, 'SELECT count(*) FROM papers')) >= 4000);
      assert.equal(first.signal, 'SIGKILL', `the first run was killed mid-import:\n${first.out}`);
      const before = await countIn(store, 'SELECT count(*) FROM papers');
      assert.ok(before > 0 && before < n, `killed with ${before} of ${n} stored`);

      const second = await runCli(['import', file], env);
      assert.equal(second.code, 0, second.out);
      assert.match(second.out, /resumed after line \d+/);
      assert.equal(await countIn(store, 'SELECT count(*) FROM papers'), n, '0 lost');
      assert.equal(await countIn(store, 'SELECT count(DISTINCT arxiv_id) FROM papers'), n, '0 duplicated');
      assert.equal(await countIn(store, "SELECT count(DISTINCT paper_rowid) FROM search_changes WHERE kind = 'upsert'"), n, 'every paper is in the search change log');
      assert.equal(await countIn(store, "SELECT count(*) FROM search_queue WHERE task = 'embed'"), n, 'and queued once for embedding');
      const { total } = await searchPapers(createSearchContext(store), { q: 'synthetic', mode: 'lexical', limit: 1 });
      assert.equal(total, n, 'the search index holds each paper once');
    } finally {
      kit.cleanup();
    }
  });

  test(`an arXiv harvest killed with SIGKILL mid-run resumes at the next page: 0 lost, 0 duplicated (${backend})`, async () => {
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
    const kit = await testStore({ backend });
    const { dir, store } = kit;
    try {
      const env = { ...fakeEnv(fake.url, dir, 30), ...storeEnv(kit), PAPERWIRE_LOG_LEVEL: 'warn' };
      const args = ['ingest', 'arxiv', '--cats', 'cs.CV', '--since', '2025-01-01', '--page-size', '5'];
      const first = await runCli(args, env, () => fake.requests.length >= 4);
      assert.equal(first.signal, 'SIGKILL', first.out);
      const stored = await countIn(store, 'SELECT count(*) FROM papers');
      assert.ok(stored >= 10 && stored < total, `killed with ${stored} of ${total} stored`);
      const seenBefore = fake.requests.length;

      const second = await runCli(args, env);
      assert.equal(second.code, 0, second.out);
      const resumedAt = Number(fake.requests[seenBefore]!.query.get('start'));
      assert.ok(resumedAt >= 10, `the rerun starts at the committed position (${resumedAt}), not at 0`);
      assert.equal(resumedAt, stored, 'exactly after the last committed page');
      assert.equal(await countIn(store, 'SELECT count(*) FROM papers'), total, '0 lost');
      assert.equal(await countIn(store, 'SELECT count(DISTINCT arxiv_id) FROM papers'), total, '0 duplicated');
      assert.match(second.out, /arxiv-api:cs.CV: ok/);
    } finally {
      await fake.close();
      kit.cleanup();
    }
  });
});
