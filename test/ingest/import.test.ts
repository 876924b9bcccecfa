import assert from 'node:assert/strict';
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { detectFormat, openImportInput } from '../../src/ingest/importInput.ts';
import { importPapers } from '../../src/ingest/importPapers.ts';
import { searchPapers } from '../../src/search/searchPapers.ts';
import { createSearchContext } from '../../src/search/searchContext.ts';
import type { Store } from '../../src/storage/store.ts';
import { testStore } from '../helpers/testApp.ts';
import { FIXTURES, fixture } from './fakeArxiv.ts';
import { execRaw, forEachBackend } from '../helpers/backends.ts';

const stream = (text: string) => Readable.from([Buffer.from(text)]);
const found = (store: Store, q: string) => searchPapers(createSearchContext(store), { q, mode: 'lexical', limit: 5 });

test('format detection tells the three formats apart', async () => {
  assert.equal(await detectFormat(stream('[{"paper":{}}]')), 'hf');
  assert.equal(await detectFormat(stream('{"paper":{"id":"1"},"publishedAt":"x"}\n')), 'hf');
  assert.equal(await detectFormat(stream(fixture('kaggle-sample.jsonl'))), 'kaggle');
  assert.equal(await detectFormat(stream('{"title":"x","published":"2025-01-01"}\n')), 'jsonl');
});

forEachBackend((backend) => {
  test(`a Kaggle snapshot imports with line numbers for the lines it skips, and a rerun stores nothing twice (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const first = await importPapers(store, createReadStream(join(FIXTURES, 'kaggle-sample.jsonl')));
      assert.equal(first.format, 'kaggle');
      assert.equal(first.read, 6);
      assert.equal(first.new, 3);
      assert.deepEqual(first.skipped.map((s) => s.line), [4, 5, 7]);
      assert.match(first.skipped[0]!.reason, /not valid JSON/);
      assert.match(first.skipped[1]!.reason, /not an arXiv id/);
      assert.match(first.skipped[2]!.reason, /title is missing/);
      const old = await store.papers.get('hep-th/9901001');
      assert.equal(old?.withdrawnAt, '1999-01-02T00:00:00.000Z');
      assert.equal((await store.papers.get('2501.00030'))?.codeUrl, 'https://github.com/coder/repo-name');
      assert.equal((await found(store, 'diphoton')).total, 1, 'the search index is filled');

      const again = await importPapers(store, createReadStream(join(FIXTURES, 'kaggle-sample.jsonl')));
      assert.deepEqual([again.new, again.updated, again.unchanged], [0, 0, 3]);
      assert.equal(await store.papers.count(), 3);
    } finally {
      cleanup();
    }
  });

  test(`a new version updates the metadata and keeps votes and comments; an older one changes nothing (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const v1 = { id: '2501.00050', title: 'First Title', abstract: 'old words', versions: [{ version: 'v1', created: 'Thu, 2 Jan 2025 10:00:00 GMT' }], authors_parsed: [['One', 'A.', '']] };
      await importPapers(store, stream(JSON.stringify(v1) + '\n'), { format: 'kaggle' });
      const user = await store.users.ensure({ username: 'voter' });
      await store.votes.set(user.id, '2501.00050', true);
      await execRaw(store, "UPDATE papers SET num_comments = 4 WHERE id = '2501.00050'");
      const v2 = { ...v1, title: 'Second Title', abstract: 'fresh words', versions: [...v1.versions, { version: 'v2', created: 'Fri, 3 Jan 2025 10:00:00 GMT' }] };
      const s = await importPapers(store, stream(JSON.stringify(v2) + '\n'), { format: 'kaggle' });
      assert.equal(s.updated, 1);
      const paper = await store.papers.get('2501.00050');
      assert.equal(paper?.title, 'Second Title');
      assert.equal(paper?.version, 2);
      assert.equal(paper?.upvotes, 1);
      assert.equal(paper?.numComments, 4);
      assert.equal((await found(store, 'fresh')).total, 1, 'the index follows the new text');
      assert.equal((await found(store, 'old')).total, 0, 'and forgets the old text');
      const back = await importPapers(store, stream(JSON.stringify(v1) + '\n'), { format: 'kaggle' });
      assert.equal(back.unchanged, 1);
      assert.equal((await store.papers.get('2501.00050'))?.title, 'Second Title');
    } finally {
      cleanup();
    }
  });

  test(`a gzipped HF daily_papers array is detected, streamed, and seeds daily lists, submitters and upvotes (${backend})`, async () => {
    const { store, dir, cleanup } = await testStore({ backend });
    try {
      const file = join(dir, 'daily.json.gz');
      writeFileSync(file, gzipSync(fixture('hf-daily.json')));
      const input = await openImportInput(file);
      assert.equal(input.gzip, true);
      const s = await importPapers(store, input.stream);
      assert.equal(s.format, 'hf');
      assert.deepEqual([s.read, s.new, s.featured], [3, 2, 2]);
      assert.equal(s.skipped.length, 1);
      assert.match(s.skipped[0]!.reason, /not an arXiv id/);
      const { entries } = await store.daily.list({ from: '2025-01-06', to: '2025-01-06' }, 'upvotes', { limit: 10, offset: 0 });
      assert.deepEqual(entries.map((e) => [e.paper.id, e.paper.upvotes, e.submittedBy?.username]), [
        ['2501.00040', 42, 'akhaliq'],
        ['2501.00041', 7, 'someone'],
      ]);
      assert.equal((await store.papers.get('2501.00041'))?.title, 'Second [bracketed] {braced} "quoted" Paper');
      assert.equal(input.bytesRead(), (await import('node:fs')).statSync(file).size);
    } finally {
      cleanup();
    }
  });
  test(`paperwire JSON lines still import, featured days included (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const s = await importPapers(store, stream('{"id":"2501.00060","title":"Own Format","featured":[{"date":"2025-01-02","submitted_by":"ann"}]}\n{"title":""}\n'));
      assert.equal(s.format, 'jsonl');
      assert.deepEqual([s.new, s.featured, s.skipped[0]?.line], [1, 1, 2]);
    } finally {
      cleanup();
    }
  });

  test(`real arXiv export lines: null fields read as absent, long MSC/ACM class strings in categories are kept (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const msc = '68T50, 68T45, 68T10, 68T30, 94A08, 62H30,\n  68U10 (Primary), 62P10, 74L15 (Secondary); I.2.7; I.2.10; I.2.6; H.5.5; K.6.5';
      assert.ok(msc.length > 100);
      const lines = [
        { id: '2507.00001', title: 'Nulls Everywhere', abstract: null, published: null, code_url: null, categories: ['cs.CL', msc], featured: [{ date: '2025-07-01' }] },
        { id: '2507.00002', title: null },
        { id: '2507.00003', title: 'Too long a category', categories: ['x'.repeat(201)] },
      ];
      const s = await importPapers(store, stream(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
      assert.equal(s.format, 'jsonl');
      assert.deepEqual([s.new, s.featured], [1, 1]);
      assert.deepEqual(s.skipped.map((k) => k.line), [2, 3]);
      assert.match(s.skipped[0]!.reason, /title/);
      assert.match(s.skipped[1]!.reason, /categories\.0/);
      const paper = await store.papers.get('2507.00001');
      assert.equal(paper?.publishedAt, undefined);
      assert.deepEqual(paper?.categories, ['cs.CL', msc.replace(/\s+/g, ' ')], 'whitespace inside a category is collapsed');
    } finally {
      cleanup();
    }
  });

  test(`an interrupted import resumes after the last committed line (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify({ id: `2501.${String(i + 100).padStart(5, '0')}`, title: `Paper ${i}`, versions: [{ version: 'v1', created: '2025-01-02' }] }));
      await store.ingest.commit('import:test-key', [], '6');
      const s = await importPapers(store, stream(lines.join('\n') + '\n'), { resumeKey: 'import:test-key', batchSize: 3 });
      assert.equal(s.resumedAfter, 6);
      assert.deepEqual([s.read, s.new], [4, 4]);
      assert.equal(await store.ingest.cursor('import:test-key'), undefined, 'a finished import forgets its cursor');
    } finally {
      cleanup();
    }
  });

  test(`a truncated JSON array fails with the line where it stopped (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      await assert.rejects(importPapers(store, stream('[{"paper":{"id":"2501.00070","title":"x"}},\n{"paper":'), { format: 'hf' }), /ends early/);
    } finally {
      cleanup();
    }
  });

  test(`JSON lines split across chunks anywhere (even inside a character), CRLF endings and blank lines read as one record per line (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      const text = ['{"id":"2501.00080","title":"Ünïcödé — split 🎉 here"}', '', '{"id":"2501.00081","title":"Second"}', 'not json', '{"id":"2501.00082","title":"Last, no newline"}'].join('\r\n');
      const bytes = Buffer.from(text);
      const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)); // one byte at a time
      const s = await importPapers(store, Readable.from(chunks), { format: 'jsonl' });
      assert.deepEqual([s.read, s.new, s.skipped.map((x) => x.line)], [4, 3, [4]]);
      assert.equal((await store.papers.get('2501.00080'))?.title, 'Ünïcödé — split 🎉 here');
      assert.equal((await store.papers.get('2501.00082'))?.title, 'Last, no newline');
    } finally {
      cleanup();
    }
  });
});

// SQLite-only: WAL checkpoints belong to the SQLite file (PostgreSQL checkpoints on its own).
test('during an import WAL checkpoints run on their own thread; afterwards the connection checkpoints itself again', async () => {
  const { store, cleanup } = await testStore();
  try {
    assert.equal(store.db.pragma('wal_autocheckpoint', { simple: true }), 1000);
    const end = await store.ingest.bulkWrites();
    try {
      assert.equal(store.db.pragma('wal_autocheckpoint', { simple: true }), 0, "the writer leaves checkpoints to the import's checkpointer");
      const file = store.db.name;
      const before = statSync(file).size;
      const grown = () => statSync(file).size > before + 3000 * 2000;
      await store.papers.upsertMany(Array.from({ length: 3000 }, (_, i) => ({ id: `2502.${String(i).padStart(5, '0')}`, title: `Checkpointed ${i}`, abstract: 'x'.repeat(2000) })));
      // The writer only appended to the WAL; the database file grows only when someone else copies pages into it.
      for (let i = 0; i < 250 && !grown(); i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(grown(), 'the checkpoint thread copied the committed pages into the database file');
    } finally {
      await end();
    }
    assert.equal(store.db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'restored when the import ends');
    assert.equal(await store.papers.count(), 3000);
  } finally {
    cleanup();
  }
});
