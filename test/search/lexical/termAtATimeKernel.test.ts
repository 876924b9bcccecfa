import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { memoryMap } from '../../../src/search/memoryMap.ts';
import { mulberry32 } from '../../../src/search/semantic/nearestCentroid.ts';
import { LexicalIndex, type IndexDoc, type LexicalQuery } from '../../../src/search/lexical/lexicalIndex.ts';
import { termAtATimeKernel, type TermAtATimeKernel } from '../../../src/search/lexical/termAtATimeKernel.ts';
import type { AllowedKernel } from '../../../src/search/lexical/allowedDocs.ts';

const VOCAB = Array.from({ length: 400 }, (_, i) => `v${i.toString(36)}q`);
const pickWord = (r: () => number) => VOCAB[Math.floor(VOCAB.length * r() ** 3)]!;
const text = (r: () => number, n: number) => Array.from({ length: n }, () => pickWord(r)).join(' ');

/** The same papers in two indexes, one searching in C and one in JavaScript: sealed bulk segments, live segments, an unsealed tail, removals, updates. */
function build(native: boolean, parallelFrom?: number): LexicalIndex {
  const index = new LexicalIndex(undefined, undefined, native, parallelFrom);
  const r = mulberry32(17);
  const docs: IndexDoc[] = Array.from({ length: 9_000 }, (_, i) => ({
    rowid: i + 1, id: `p${i + 1}`, title: text(r, 3 + Math.floor(r() * 6)), abstract: text(r, 10 + Math.floor(r() * 80)),
    authors: [r() < 0.5 ? 'Ada Lovelace' : 'Alan Turing'], categories: [r() < 0.3 ? 'cs.LG' : 'cs.CL'], hasCode: r() < 0.4,
    upvotes: Math.floor(r() * 50), publishedAt: `202${Math.floor(r() * 5)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
  }));
  index.beginBulk();
  for (const d of docs.slice(0, 6_000)) index.add(d);
  index.endBulk();
  for (const d of docs.slice(6_000)) index.add(d);
  for (let i = 5; i <= 9_000; i += 97) index.remove(i);
  for (let i = 11; i <= 9_000; i += 131) index.add({ ...docs[i - 1]!, title: `${docs[i - 1]!.title} v0q v3q` });
  return index;
}

test('the native term-at-a-time steps are built here (native/mmap/termAtATime.c) and refuse postings past their arrays', () => {
  const kernel = termAtATimeKernel();
  assert.ok(kernel, 'native/mmap/build/Release/paperwire_mmap.node has accumulate and topHits');
  const acc = new Float32Array(8);
  const u32 = () => new Uint32Array(8);
  assert.throws(() => kernel.accumulate(new Uint16Array(4), new Uint8Array(4), Int32Array.of(0, 9, 0, 1, 0, 0), 1, acc, u32(), u32(), u32()), /out of range/);
  assert.throws(() => kernel.accumulate(new Uint16Array(4), new Uint8Array(4), Int32Array.of(0, 4, 0, 1, 0, 0), 1, acc, u32(), u32(), new Uint8Array(8) as never), /accumulate\(/);
  // a posting past the accumulators ends the step instead of writing past them
  const touched = u32();
  assert.equal(kernel.accumulate(Uint16Array.of(1, 7, 30), Uint8Array.of(5, 6, 7), Int32Array.of(0, 3, 0, 1, 0, 0), 0.5, acc, u32(), touched, u32()), 2);
  assert.deepEqual([...touched.subarray(0, 2)], [1, 7]);
  assert.deepEqual([acc[1], acc[7]], [2.5, 3]);
});

test('the native filter of required terms (native/mmap/allowedDocs.c) stamps and lists the papers of every stage, and refuses what lies past its arrays', () => {
  const kernel = memoryMap() as unknown as AllowedKernel;
  // two segments (bases 0 and 100); stage 1: term A; stage 2: term B or C
  const segs = [Uint16Array.of(1, 3, 5, 2, 3, 9, 5), Uint16Array.of(0, 4, 4, 7)];
  // term A: [0, 3) and [0, 1); B: [3, 5) and [1, 2); C: [5, 7) and [2, 4)
  const ranges = Int32Array.of(0, 3, 0, 1, 3, 5, 1, 2, 5, 7, 2, 4);
  const allow = new Uint32Array(200);
  const out = new Uint32Array(4);
  assert.equal(kernel.allowedDocs(segs, ranges, Int32Array.of(9, 2, 1, 2, 0, 100), allow, out), 2);
  assert.deepEqual([...out.subarray(0, 2)], [3, 5], 'A with B (3) or C (5); 100 holds A but neither');
  assert.deepEqual([allow[3], allow[5], allow[1], allow[100]], [9, 9, 0, 0], 'the allowed papers stamped, no other');
  assert.throws(() => kernel.allowedDocs(segs, Int32Array.of(0, 9, 0, 1, 3, 5, 1, 2, 5, 7, 2, 4), Int32Array.of(9, 2, 1, 2, 0, 100), allow, out), /out of range/);
  assert.throws(() => kernel.allowedDocs(segs, ranges, Int32Array.of(9, 2, 1, 2, 0, 100), allow, new Uint32Array(1)), /too short/);
  assert.throws(() => kernel.allowedDocs(segs, ranges, Int32Array.of(9, 2, 1, 5, 0, 100), allow, out), /ranges too short/);
});

test('search in C gives the hits, scores and totals of search in JavaScript: every sort, filter (required terms and either-or groups included) and limit, relevance on one thread and on two', () => {
  const addon = memoryMap() as unknown as TermAtATimeKernel;
  let accumulated = 0;
  let selected = 0;
  // accumulateAll's calls by threads asked for, and how many cut their segments in two runs (two segments or more)
  const all = [0, 0, 0];
  let cut = 0;
  const { accumulate, accumulateAll, topHits } = addon;
  // the native filter of required terms and groups (allowedDocs.c), its calls counted too
  const filters = addon as unknown as AllowedKernel;
  const { allowedDocs } = filters;
  let allowedCalls = 0;
  filters.allowedDocs = (...a) => (allowedCalls++, allowedDocs(...a));
  // the addon's own functions, their calls counted, so the test knows the native steps ran
  addon.accumulate = (...a) => (accumulated++, accumulate(...a));
  addon.accumulateAll = (...a) => {
    all[a[3][2]!]!++;
    if (a[3][2] === 2 && a[0].length >= 4) cut++;
    return accumulateAll(...a);
  };
  addon.topHits = (...a) => (selected++, topHits(...a));
  try {
    const native = build(true);
    const js = build(false);
    // every relevance query on two threads (where this machine has two cores)
    const two = build(true, 0);
    const r = mulberry32(23);
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const n = 1 + Math.floor(r() * 12);
      const scored = [...new Set(Array.from({ length: n }, () => pickWord(r)))].map((term, k) => ({ term, weight: k === 0 || r() < 0.6 ? 1 : 0.2 + r() * 0.5 }));
      const q: LexicalQuery = {
        scored: r() < 0.05 ? [] : scored,
        required: r() < 0.15 ? [scored[0]!.term] : r() < 0.1 ? [pickWord(r), pickWord(r)] : [],
        anyOf: r() < 0.15 ? [['c:cs.lg', 'c:cs.cl']] : r() < 0.1 ? [['c:cs.lg'], [pickWord(r), pickWord(r), 'nosuchword']] : [],
        excluded: r() < 0.15 ? [pickWord(r)] : [],
        sort: (['relevance', 'relevance', 'date', 'upvotes'] as const)[i % 4]!,
        limit: [10, 100, 0, 1][Math.floor(r() * 4)]!,
        from: r() < 0.2 ? 20220301 : undefined,
        to: r() < 0.2 ? 20231231 : undefined,
        hasCode: r() < 0.2 || undefined,
      };
      const a = native.search(q);
      const b = js.search(q);
      assert.deepEqual(a, b, `query ${JSON.stringify(q)}`);
      assert.deepEqual(two.search(q), b, `two threads, query ${JSON.stringify(q)}`);
      if (a.hits.length) compared++;
    }
    assert.ok(compared > 150, `queries with hits: ${compared}`);
    assert.ok(accumulated > 500 && selected > 200, `native calls: accumulate ${accumulated}, topHits ${selected}`);
    assert.ok(all[1]! > 50, `relevance queries added in one native call: ${all[1]}`);
    assert.ok(allowedCalls > 60, `required terms and groups filtered natively: ${allowedCalls}`);
    if (availableParallelism() > 1) assert.ok(all[2]! > 50 && cut > 50, `on two threads: ${all[2]}, ${cut} of them over two runs of segments`);
  } finally {
    addon.accumulate = accumulate;
    addon.accumulateAll = accumulateAll;
    addon.topHits = topHits;
    filters.allowedDocs = allowedDocs;
  }
});
