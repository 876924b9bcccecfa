import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../../src/search/semantic/nearestCentroid.ts';
import { idf } from '../../../src/search/lexical/bm25f.ts';
import { LexicalIndex, type IndexDoc, type LexicalQuery } from '../../../src/search/lexical/lexicalIndex.ts';
import { countCredible, credibleKernel, CredibleScratch, type CredibleKernel } from '../../../src/search/lexical/credibleMatches.ts';
import { PostingSegment } from '../../../src/search/lexical/postingSegment.ts';

// Zipf-like vocabulary: low ranks are in most papers, high ranks in few, as in real abstracts.
const VOCAB = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}x`);
const pickWord = (r: () => number) => VOCAB[Math.floor(VOCAB.length * r() ** 3)]!;
const text = (r: () => number, n: number) => Array.from({ length: n }, () => pickWord(r)).join(' ');

/** Sealed bulk segments, small live segments, an unsealed tail, removed and updated papers: every place a posting lives. */
function build(native: boolean): LexicalIndex {
  const index = new LexicalIndex(0, undefined, native);
  const r = mulberry32(5);
  const docs: IndexDoc[] = Array.from({ length: 7_000 }, (_, i) => ({
    rowid: i + 1, id: `p${i + 1}`, title: text(r, 3 + Math.floor(r() * 6)), abstract: text(r, 10 + Math.floor(r() * 60)),
    authors: [], categories: [r() < 0.3 ? 'cs.LG' : 'cs.CL'], hasCode: r() < 0.4, upvotes: 0, publishedAt: `202${Math.floor(r() * 5)}-05-01`,
  }));
  index.beginBulk();
  for (const d of docs.slice(0, 5_000)) index.add(d);
  index.endBulk();
  for (const d of docs.slice(5_000)) index.add(d);
  for (let i = 3; i <= 7_000; i += 89) index.remove(i);
  for (let i = 7; i <= 7_000; i += 113) index.add({ ...docs[i - 1]!, title: `${docs[i - 1]!.title} w0x w2x` });
  return index;
}

/** The papers holding a term, from an exhaustive single-term search (every live holder, limit above the corpus). */
const holdersOf = (index: LexicalIndex) => {
  const cache = new Map<string, Set<number>>();
  return (term: string) => {
    let set = cache.get(term);
    if (!set) cache.set(term, (set = new Set(index.search({ scored: [{ term, weight: 1 }], required: [], anyOf: [], excluded: [], sort: 'date', limit: 100_000 }).hits.map((h) => h.doc))));
    return set;
  };
};

test('the native count of a segment is built here (native/mmap/credibleSegment.c) and refuses ranges past the postings', () => {
  const kernel = credibleKernel();
  assert.ok(kernel, 'native/mmap/build/Release/paperwire_mmap.node has credibleSegment');
  assert.equal(new CredibleScratch().native, undefined, 'a scratch looks it up on first use');
  const s = new CredibleScratch();
  assert.throws(() => kernel.credibleSegment(new Uint16Array(4), Int32Array.of(0, 9), Float64Array.of(1), Uint8Array.of(1), Int32Array.of(1, 0), s.stamp, s.share, s.touched, 0.5), /out of range/);
  assert.throws(() => kernel.credibleSegment(new Uint16Array(4), Int32Array.of(0, 2), Float64Array.of(1), Uint8Array.of(1), Int32Array.of(1, 0), new Uint32Array(8), s.share, s.touched, 0.5), /credibleSegment\(/, 'scratch smaller than a segment');
});

for (const native of [true, false])
test(`credibleCount and coverage equal the plain definition: float32 share sums in query order, over every posting (${native ? 'native count' : 'JavaScript'})`, () => {
  const index = build(native);
  const holders = holdersOf(index);
  const r = mulberry32(9);
  let counted = 0;
  for (let i = 0; i < 150; i++) {
    const n = 1 + Math.floor(r() * 6);
    const scored = [...new Set(Array.from({ length: n }, () => pickWord(r)))].map((term, k) => ({ term, weight: k === 0 || r() < 0.6 ? 1 : 0.2 + r() * 0.5 }));
    if (r() < 0.2) scored.push({ term: 'nosuchword', weight: 1 });
    const own = scored.filter((s) => s.weight >= 1).map((s) => s.term);
    const q: LexicalQuery = { scored, required: [], anyOf: r() < 0.2 ? [['c:cs.lg']] : [], excluded: [], sort: 'relevance', limit: 100, hasCode: r() < 0.2 || undefined };
    const min = [0.5, 0.67, 0.9][i % 3]!;
    // the reference: one float32 accumulator per paper, each held term's share added in query order
    const mass = [...new Set(own)].reduce((m, t) => m + idf(Math.max(1, index.size), index.docFreq(t)), 0);
    const share = new Map<number, number>();
    for (const { term, weight } of scored) {
      if (!index.docFreq(term)) continue;
      const w = (weight * idf(Math.max(1, index.size), index.docFreq(term))) / mass;
      for (const d of holders(term)) share.set(d, Math.fround((share.get(d) ?? 0) + w));
    }
    const passes = index.matcher(q);
    // a removed paper's postings count in document frequencies until merged away, so the mass can be 0 or less: nothing is credible then
    const expected = mass > 0 ? [...share].filter(([d, s]) => s >= min - 1e-9 && passes(d)).length : 0;
    assert.deepEqual(index.credibleCount(q, own, min), { count: expected, exact: true }, `query ${JSON.stringify(scored)} min ${min}`);
    counted += expected;
    const page = index.search(q).hits.map((h) => h.doc);
    const coverage = index.coverage(scored, own, page);
    page.forEach((d, k) => {
      // coverage adds the same shares in float64 and caps at 1
      let s = 0;
      for (const { term, weight } of scored) if (index.docFreq(term) && holders(term).has(d)) s += (weight * idf(Math.max(1, index.size), index.docFreq(term))) / mass;
      assert.equal(coverage[k], mass > 0 ? Math.min(1, s) : 0, `coverage of doc ${d} for ${JSON.stringify(scored)}`);
    });
  }
  assert.ok(counted > 5_000, `counted ${counted}`);
});

for (const native of [true, false])
test(`a count over many segments stops after its reading budget and extrapolates from a spread sample; few segments are always counted in full (${native ? 'native count' : 'JavaScript'})`, () => {
  // the built kernel, its calls counted (so the test knows the native path ran)
  let calls = 0;
  const kernel = credibleKernel()!;
  const counted: CredibleKernel = { credibleSegment: (...a) => (calls++, kernel.credibleSegment(...a)) };
  const scratch = () => new CredibleScratch(native ? counted : false);
  // 12 segments of 2,000 papers: term 1 in every paper, term 2 in every third, term 3 in every seventh
  const r = mulberry32(3);
  const segments: PostingSegment[] = [];
  let credible = 0;
  for (let s = 0; s < 12; s++) {
    const lists: number[][] = [[], [], []];
    for (let off = 0; off < 2_000; off++) {
      lists[0]!.push(off);
      if (r() < 1 / 3) lists[1]!.push(off);
      if (r() < 1 / 7) lists[2]!.push(off);
      // shares 0.2, 0.5, 0.3 below: credible (≥ 0.67) with term 2 (and 1 or 3), never without it
      if (lists[1]!.at(-1) === off) credible++;
    }
    const starts = Uint32Array.of(0, lists[0]!.length, lists[0]!.length + lists[1]!.length, lists.flat().length);
    const docs = Uint16Array.from(lists.flat());
    segments.push(new PostingSegment(Uint32Array.of(1, 2, 3), starts, docs, new Uint8Array(docs.length).fill(1), s * 2_000));
  }
  const terms = [{ id: 1, share: 0.2 }, { id: 2, share: 0.5 }, { id: 3, share: 0.3 }];
  const all = () => true;
  assert.deepEqual(countCredible(segments, terms, 0.67, all, scratch()), { count: credible, exact: true });
  const sampled = countCredible(segments, terms, 0.67, all, scratch(), 1);
  assert.equal(sampled.exact, false);
  assert.ok(Math.abs(sampled.count - credible) < 0.2 * credible, `estimate ${sampled.count} near ${credible}`);
  // eight segments or fewer: the budget never cuts a count short
  assert.deepEqual(countCredible(segments.slice(0, 8), terms, 0.67, all, scratch(), 1).exact, true);
  assert.equal(calls > 0, native, `native calls ${calls}`);
});
