import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { mulberry32 } from '../../../src/search/semantic/nearestCentroid.ts';
import { LexicalIndex, type IndexDoc, type LexicalQuery } from '../../../src/search/lexical/lexicalIndex.ts';
import { HitHeap } from '../../../src/search/lexical/hitHeap.ts';
import { PostingSegment, SegmentBuilder } from '../../../src/search/lexical/postingSegment.ts';
import { commonTerms, layoutBytes, layoutLength } from '../../../src/search/lexical/windowLayouts.ts';
import { readGroup } from '../../../src/search/lexical/layoutGroups.ts';
import { readLexicalSnapshot, writeLexicalSnapshot } from '../../../src/search/lexical/lexicalSnapshot.ts';
import { DOC_BLOCKS, windowsIn, windowTopK, type DocFilter } from '../../../src/search/lexical/windowTopK.ts';
import { WindowScratch } from '../../../src/search/lexical/windowScratch.ts';

/** The project's seeded PRNG, so the corpus and queries are the same on every run. */
const rng = mulberry32;

// Zipf-like vocabulary: low ranks are in most papers, high ranks in few, as in real abstracts.
const VOCAB = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x`);
const pickWord = (r: () => number) => VOCAB[Math.floor(VOCAB.length * r() ** 3)]!;
const text = (r: () => number, n: number) => Array.from({ length: n }, () => pickWord(r)).join(' ');

function doc(r: () => number, rowid: number): IndexDoc {
  return {
    rowid, id: `p${rowid}`, title: text(r, 3 + Math.floor(r() * 8)), abstract: text(r, 20 + Math.floor(r() * 120)),
    authors: [`Ann ${pickWord(r)}`], categories: [r() < 0.3 ? 'cs.LG' : 'cs.CL'], hasCode: r() < 0.4, upvotes: Math.floor(r() * 50),
    publishedAt: `202${Math.floor(r() * 5)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
  };
}

/** The same papers, updates and removals in an index that always prunes and one that never does. */
function build(): [LexicalIndex, LexicalIndex] {
  const pruned = new LexicalIndex(0);
  const exhaustive = new LexicalIndex(Number.POSITIVE_INFINITY);
  const r = rng(7);
  const docs: IndexDoc[] = [];
  for (let i = 1; i <= 9_000; i++) docs.push(doc(r, i));
  for (const index of [pruned, exhaustive]) {
    index.beginBulk();
    for (const d of docs.slice(0, 6_000)) index.add(d);
    index.endBulk();
    // Live additions: sealed small segments, merges, and an unsealed tail; then updates and removals.
    for (const d of docs.slice(6_000)) index.add(d);
    for (let i = 5; i <= 9_000; i += 97) index.remove(i);
    for (let i = 11; i <= 9_000; i += 131) index.add({ ...docs[i - 1]!, title: `${docs[i - 1]!.title} w0x w1x` });
  }
  return [pruned, exhaustive];
}

function randomQuery(r: () => number): LexicalQuery {
  const n = 1 + Math.floor(r() * 5);
  const scored = [...new Set(Array.from({ length: n }, () => pickWord(r)))].map((term) => ({ term, weight: r() < 0.7 ? 1 : 0.3 + r() * 0.5 }));
  const q: LexicalQuery = { scored, required: [], anyOf: [], excluded: [], sort: 'relevance', limit: [1, 10, 20, 100][Math.floor(r() * 4)]! };
  const f = r();
  if (f < 0.1) q.from = 20230101;
  else if (f < 0.2) q.hasCode = true;
  else if (f < 0.3) q.excluded = [pickWord(r)];
  else if (f < 0.4) q.anyOf = [['c:cs.lg']];
  else if (f < 0.45) q.required = [pickWord(r)];
  return q;
}

test('pruned top-k (windows by bound, MaxScore inside a window) returns exactly the exhaustive ranking and scores', () => {
  const [pruned, exhaustive] = build();
  const r = rng(11);
  let compared = 0;
  for (let i = 0; i < 600; i++) {
    const q = randomQuery(r);
    const a = pruned.search(q);
    const b = exhaustive.search(q);
    assert.deepEqual(a.hits.map((h) => [h.id, h.score]), b.hits.map((h) => [h.id, h.score]), `query ${JSON.stringify(q)}`);
    compared += a.hits.length;
  }
  assert.ok(compared > 10_000, `compared ${compared} hits`);
});

test('pruned single-word search reports the exact count when nothing is filtered or dead, an estimate otherwise', () => {
  const index = new LexicalIndex(0);
  for (let i = 1; i <= 3_000; i++) index.add({ rowid: i, id: `p${i}`, title: i % 3 ? 'common word' : 'common other', abstract: 'text', authors: [], categories: [], hasCode: i % 2 === 0, upvotes: 0 });
  const q = (extra: Partial<LexicalQuery> = {}): LexicalQuery => ({ scored: [{ term: 'common', weight: 1 }], required: [], anyOf: [], excluded: [], sort: 'relevance', limit: 20, ...extra });
  const plain = index.search(q());
  assert.equal(plain.exact, true);
  assert.equal(plain.total, 3_000);
  assert.equal(plain.hits.length, 20);
  const coded = index.search(q({ hasCode: true }));
  assert.equal(coded.exact, false);
  assert.ok(coded.total >= 20 && coded.total <= 3_000, `estimate ${coded.total}`);
  const two = index.search({ ...q(), scored: [{ term: 'common', weight: 1 }, { term: 'word', weight: 1 }] });
  assert.equal(two.exact, false);
  assert.ok(two.hits.every((h) => Number(h.id.slice(1)) % 3 !== 0), 'papers with both words rank first');
});

test('segments past 65,536 papers (16-bit doc offsets from each segment base) rank the same both ways', () => {
  const pruned = new LexicalIndex(0);
  const exhaustive = new LexicalIndex(Number.POSITIVE_INFINITY);
  const r = rng(5);
  const docs = Array.from({ length: 70_000 }, (_, i) => ({
    rowid: i + 1, id: `p${i + 1}`, title: text(r, 3), abstract: text(r, 6), authors: [`Bo ${pickWord(r)}`], categories: ['cs.LG'], hasCode: i % 2 === 0, upvotes: 0,
  }));
  for (const index of [pruned, exhaustive]) {
    index.beginBulk();
    for (const d of docs) index.add(d);
    index.endBulk();
    for (let i = 69_000; i <= 70_000; i += 7) index.add({ ...docs[i - 1]!, title: `${docs[i - 1]!.title} w2x` });
  }
  assert.ok(pruned.stats().segments >= 2, 'more than one segment');
  const q = (scored: string[], extra: Partial<LexicalQuery> = {}): LexicalQuery => ({ scored: scored.map((term) => ({ term, weight: 1 })), required: [], anyOf: [], excluded: [], sort: 'relevance', limit: 50, ...extra });
  for (const query of [q(['w2x']), q(['w0x', 'w9x']), q(['w3x'], { hasCode: true }), q(['w1x'], { required: ['a:w5x'] }), q(['w4x'], { excluded: ['w0x'] })]) {
    const a = pruned.search(query).hits;
    assert.deepEqual(a, exhaustive.search(query).hits, JSON.stringify(query));
    assert.ok(a.some((h) => h.doc >= 65_536), `${JSON.stringify(query.scored)} reaches the second segment`);
  }
  assert.equal(pruned.search(q([], { required: ['w2x'], sort: 'date' })).total, exhaustive.search(q([], { required: ['w2x'], sort: 'date' })).total);
});

test('windows whose bound cannot beat the k-th score are skipped, and the top k equal scoring every posting', () => {
  // One segment of 60,000 papers (15 windows of 4,096): a common term everywhere, a mid one in every 7th paper, a rare one in
  // every 150th of the first 20,000, with impacts drawn at random; the rare term's papers lie in a few windows only.
  const r = rng(21);
  const n = 60_000;
  const builder = new SegmentBuilder();
  const postings: Map<number, number>[] = [new Map(), new Map(), new Map(), new Map()];
  for (let d = 0; d < n; d++) {
    const has = [true, d % 7 === 0, d % 150 === 0 && d < 20_000, r() < 0.3];
    has.forEach((h, t) => {
      if (!h) return;
      const impact = 1 + Math.floor(r() * 255);
      postings[t]!.set(d, impact);
      builder.add(t, d, impact);
    });
  }
  const seg = builder.seal(4, (_d, packed) => packed);
  const terms = [{ id: 0, factor: 0.004 }, { id: 1, factor: 0.02 }, { id: 2, factor: 0.09 }, { id: 3, factor: -0.001 }];
  const dates = Int32Array.from({ length: n }, () => 20200101 + Math.floor(r() * 5) * 10000);
  const filterOf = (from: number): DocFilter => ({ flags: new Uint8Array(n).fill(1), dates, allow: new Uint32Array(n), deny: new Uint32Array(n), gen: 1, hasAllow: false, filtered: from > 0, from, to: 0, needCode: 0, allLive: true });
  for (const [k, from] of [[10, 0], [100, 0], [10, 20230101]] as const) {
    const heap = new HitHeap(k);
    const scores = new Float32Array(n);
    // one thread: on two, a window may be read while the k-th score is still rising on the other (tested for hits in windowKernel.test.ts)
    const stats = windowTopK([seg], terms, filterOf(from), heap, scores, new WindowScratch(undefined, undefined, 1));
    // the exhaustive ranking: float32 sums in term order, later papers first on equal scores
    const all: { doc: number; score: number }[] = [];
    for (let d = 0; d < n; d++) {
      if (from && dates[d]! < from) continue;
      let s = Number.NaN;
      for (let t = 0; t < terms.length; t++) {
        const impact = postings[t]!.get(d);
        if (impact === undefined) continue;
        const v = terms[t]!.factor * impact;
        s = s === s ? Math.fround(s + v) : Math.fround(v);
      }
      all.push({ doc: d, score: s });
    }
    all.sort((a, b) => b.score + b.doc * 1e-12 - (a.score + a.doc * 1e-12));
    const got = heap.order().map((i) => ({ doc: heap.docs[i]!, score: scores[heap.docs[i]!]! }));
    assert.deepEqual(got, all.slice(0, k), `k ${k}, from ${from}`);
    assert.ok(stats.scored < stats.windows / 2, `k ${k}: scored ${stats.scored} of ${stats.windows} windows`);
  }
});

test('long queries of common words (block maxima of the looked-up terms) keep the exhaustive top k', () => {
  // One segment of 40,000 papers (10 windows): 16 terms from one in 1.2 papers to one in 40; each term's impacts are
  // high in a few runs of papers and low elsewhere, so its block maxima (64 papers) are far below its window maximum
  // in most blocks — the bound a looked-up term gives a candidate there.
  const r = rng(33);
  const n = 40_000;
  const m = 16;
  const builder = new SegmentBuilder();
  const postings: Map<number, number>[] = Array.from({ length: m }, () => new Map());
  const hot = Array.from({ length: m }, () => Array.from({ length: n >> 6 }, () => r() < 0.08));
  for (let d = 0; d < n; d++) {
    for (let t = 0; t < m; t++) {
      if (r() >= 0.85 / (1 + t * 0.4)) continue;
      const impact = hot[t]![d >> 6] ? 120 + Math.floor(r() * 136) : 1 + Math.floor(r() * 60);
      postings[t]!.set(d, impact);
      builder.add(t, d, impact);
    }
  }
  const seg = builder.seal(m, (_d, packed) => packed);
  const terms = Array.from({ length: m }, (_, t) => ({ id: t, factor: 0.002 * Math.log(1 + n / postings[t]!.size) }));
  const filter: DocFilter = { flags: new Uint8Array(n).fill(1), dates: new Int32Array(n), allow: new Uint32Array(n), deny: new Uint32Array(n), gen: 1, hasAllow: false, filtered: false, from: 0, to: 0, needCode: 0, allLive: true };
  const all: { doc: number; score: number }[] = [];
  for (let d = 0; d < n; d++) {
    let s = Number.NaN;
    for (let t = 0; t < m; t++) {
      const impact = postings[t]!.get(d);
      if (impact === undefined) continue;
      const v = terms[t]!.factor * impact;
      s = s === s ? Math.fround(s + v) : Math.fround(v);
    }
    if (s === s) all.push({ doc: d, score: s });
  }
  all.sort((a, b) => b.score + b.doc * 1e-12 - (a.score + a.doc * 1e-12));
  // the native window step (windowKernel.ts) and the JavaScript one
  for (const scratch of [new WindowScratch(), new WindowScratch(null)]) {
    for (const k of [20, 100, 20]) {
      // the same query twice at k 20: the second time with the terms' layouts and block maxima kept from the first
      const heap = new HitHeap(k);
      const scores = new Float32Array(n);
      windowTopK([seg], terms, filter, heap, scores, scratch);
      const got = heap.order().map((i) => ({ doc: heap.docs[i]!, score: scores[heap.docs[i]!]! }));
      assert.deepEqual(got, all.slice(0, k), `k ${k}, ${scratch.kernel ? 'native' : 'JavaScript'}`);
    }
  }
});

test('the commonest words\' window layouts made ahead of the first searches (warmWindows) are kept, and the ranking stays exact', async () => {
  const [pruned, exhaustive] = build();
  let pauses = 0;
  const pause = () => void pauses++;
  const made = await pruned.warmWindows(16, pause);
  assert.ok(made > 0, `layouts made: ${made}`);
  assert.ok(pauses >= made, 'it pauses between terms');
  assert.equal(await pruned.warmWindows(16, pause), 0, 'a second warm-up finds every layout kept');
  const r = rng(23);
  for (let i = 0; i < 200; i++) {
    const q = randomQuery(r);
    assert.deepEqual(pruned.search(q).hits.map((h) => [h.id, h.score]), exhaustive.search(q).hits.map((h) => [h.id, h.score]), `query ${JSON.stringify(q)}`);
  }
  assert.equal(await new LexicalIndex(1_000_000).warmWindows(16, pause), 0, 'nothing on a corpus too small for the window path');
});

test('a kept window layout holds its window positions, window maxima and block maxima in one buffer', async () => {
  const [pruned, exhaustive] = build();
  await pruned.warmWindows(16, () => undefined);
  const { windows, segments } = pruned as unknown as { windows: WindowScratch; segments: PostingSegment[] };
  let kept = 0;
  for (const seg of segments) {
    const nw = windowsIn(seg);
    for (const id of seg.termIds) {
      const w = windows.windows(seg, id, nw)!;
      if (!w.blocks) continue; // a rare term's layout is written into reused arrays, not kept
      kept++;
      assert.equal(w.max.buffer, w.pos.buffer, 'window maxima beside the positions');
      assert.equal(w.blocks.buffer, w.pos.buffer, 'block maxima beside them');
      assert.equal(w.pos.buffer.byteLength, 4 * (nw + 1) + nw + nw * DOC_BLOCKS, 'nothing else in the buffer');
      // each window's maximum is the largest of its blocks' maxima (the block maxima were written into their part)
      for (let k = 0; k < nw; k++) assert.equal(w.max[k], Math.max(0, ...w.blocks.subarray(k * DOC_BLOCKS, (k + 1) * DOC_BLOCKS)), `window ${k}`);
    }
  }
  assert.ok(kept >= 16, `kept layouts: ${kept}`);
  const r = rng(29);
  for (let i = 0; i < 100; i++) {
    const q = randomQuery(r);
    assert.deepEqual(pruned.search(q).hits.map((h) => [h.id, h.score]), exhaustive.search(q).hits.map((h) => [h.id, h.score]));
  }
});

test('a segment with as many kept layouts as it may hold forgets the least recently used one, not all of them', () => {
  const [pruned] = build();
  const { segments } = pruned as unknown as { segments: PostingSegment[] };
  // a segment with four words common enough for their layouts to be kept (more than 8 postings a window)
  const seg = segments.find((s) => s.termIds.filter((_, i) => s.starts[i + 1]! - s.starts[i]! > windowsIn(s) * 8).length >= 4)!;
  assert.ok(seg, 'a segment with four common words');
  const nw = windowsIn(seg);
  const [a, b, c, d] = [...seg.termIds].filter((_, i) => seg.starts[i + 1]! - seg.starts[i]! > nw * 8);
  const scratch = new WindowScratch(undefined, 3);
  const [wa, wb, wc] = [a!, b!, c!].map((id) => scratch.windows(seg, id, nw)!);
  assert.equal(scratch.made, 3);
  assert.equal(scratch.windows(seg, a!, nw), wa, 'kept: asked again, the same layout');
  scratch.windows(seg, d!, nw); // a fourth: the least recently used (b, since a was asked again) goes
  assert.equal(scratch.made, 4);
  assert.equal(scratch.windows(seg, a!, nw), wa, 'a, used lately, is still kept');
  assert.equal(scratch.windows(seg, c!, nw), wc, 'c is still kept');
  assert.equal(scratch.made, 4, 'nothing computed again for them');
  const again = scratch.windows(seg, b!, nw)!;
  assert.notEqual(again, wb, 'b was forgotten and is computed again');
  assert.equal(scratch.made, 5);
  assert.deepEqual([again.pos, again.max, again.blocks], [wb!.pos, wb!.max, wb!.blocks], 'to the same layout');
});

test('a snapshot persists every common term\'s window layout, equal to the one computed on first use; searches on the loaded index compute none', async () => {
  // 70,000 short papers in bulk: a full segment (16 windows) and a short one
  const r = rng(41);
  const docs = Array.from({ length: 70_000 }, (_, i) => ({
    rowid: i + 1, id: `p${i + 1}`, title: text(r, 4), abstract: text(r, 12), authors: [], categories: ['cs.LG'], hasCode: false, upvotes: 0,
  }));
  const built = new LexicalIndex(0);
  const exhaustive = new LexicalIndex(Number.POSITIVE_INFINITY);
  for (const index of [built, exhaustive]) {
    index.beginBulk();
    for (const d of docs) index.add(d);
    index.endBulk();
  }
  const original = (built as unknown as { segments: PostingSegment[] }).segments;
  assert.deepEqual(original.map(windowsIn), [16, 2]);
  assert.ok(original.every((s) => !s.layouts), 'the build itself keeps none (a building server takes the lazy path)');
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-layouts-'));
  const loaded = await (async () => {
    try {
      const path = join(dir, 'lexical.snap');
      await writeLexicalSnapshot(path, { position: 1, state: built.exportState() });
      return LexicalIndex.fromState((await readLexicalSnapshot(path)).state, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true }); // the loaded index reads the file it keeps open
    }
  })();
  const { segments } = loaded as unknown as { segments: PostingSegment[] };
  let compared = 0;
  for (const [s, seg] of segments.entries()) {
    const layouts = seg.layouts!;
    assert.ok(layouts, 'the snapshot kept the segment\'s layouts');
    const nw = windowsIn(seg);
    const common = [...seg.termIds.keys()].filter((i) => seg.starts[i + 1]! - seg.starts[i]! > nw * 8);
    assert.deepEqual([...layouts.terms], common, 'one layout per term of more than 8 postings a window, in term order');
    assert.deepEqual(await commonTerms(original[s]!), layouts.terms);
    // the same postings as a segment without persisted layouts, whose layouts are computed on first use
    const lazy = new PostingSegment(seg.termIds, seg.starts, seg.docs, seg.impacts, seg.base);
    const native = new WindowScratch();
    const js = new WindowScratch(null);
    for (const i of common) {
      const id = seg.termIds[i]!;
      // the term's group: its layout in each segment where it is common, this one's at the segment's place
      const group = readGroup(layouts.groups, id);
      assert.ok(group, 'read from the file');
      assert.equal(group.length, segments.length);
      const saved = group[layouts.member]!;
      assert.equal(layouts.member, s);
      for (const [k, other] of segments.entries()) {
        const at = other.indexOf(id);
        assert.equal(!!group[k], at >= 0 && other.starts[at + 1]! - other.starts[at]! > windowsIn(other) * 8, `term ${id} in segment ${k}`);
      }
      for (const scratch of [native, js]) {
        const made = scratch.windows(lazy, id, nw)!;
        assert.deepEqual([saved.pos, saved.max, saved.blocks], [made.pos, made.max, made.blocks], `term ${id}, ${scratch.kernel ? 'native' : 'JavaScript'}`);
      }
      compared++;
    }
    assert.equal(js.made, common.length);
    assert.ok(layoutBytes(nw) >= layoutLength(nw) && layoutBytes(nw) % 4 === 0);
  }
  assert.ok(compared > 300, `layouts compared: ${compared}`);
  // the warm-up reads the commonest words' persisted layouts, searches read the others (none made), the ranking stays exact
  assert.ok((await loaded.warmWindows(16, () => undefined)) >= 16, 'warmed from the file');
  const warmed = (loaded as unknown as { windows: WindowScratch }).windows;
  assert.equal(warmed.made, 0, 'none computed by the warm-up');
  assert.ok(warmed.groupReads <= 16 && warmed.read > warmed.groupReads, `one read a term for both segments: ${warmed.read} layouts in ${warmed.groupReads} reads`);
  const q = (scored: string[]): LexicalQuery => ({ scored: scored.map((term) => ({ term, weight: 1 })), required: [], anyOf: [], excluded: [], sort: 'relevance', limit: 20 });
  const qr = rng(43);
  const queries = Array.from({ length: 150 }, () => q(Array.from({ length: 1 + Math.floor(qr() * 8) }, () => pickWord(qr))));
  for (const query of queries) assert.deepEqual(loaded.search(query).hits.map((h) => [h.id, h.score]), exhaustive.search(query).hits.map((h) => [h.id, h.score]), JSON.stringify(query.scored));
  const scratch = (loaded as unknown as { windows: WindowScratch }).windows;
  assert.equal(scratch.made, 0, 'no layout computed on the request path');
  assert.ok(scratch.read > 50, `layouts read: ${scratch.read}`);
  assert.ok(scratch.read >= 1.5 * scratch.groupReads, `a group read serves both segments: ${scratch.read} layouts in ${scratch.groupReads} reads`);
  // once the index is closed (replaced), its searches compute their layouts instead: the same ranking
  await loaded.close();
  const fresh = new WindowScratch();
  (loaded as unknown as { windows: WindowScratch }).windows = fresh;
  for (const query of queries.slice(0, 40)) assert.deepEqual(loaded.search(query).hits.map((h) => [h.id, h.score]), exhaustive.search(query).hits.map((h) => [h.id, h.score]));
  assert.ok(fresh.made > 0 && fresh.read === 0, 'computed once the file is closed');
});

test('a save after changes writes each word\'s group whole: the loaded segments\' records copied, the new segments\' computed, every one exact', async () => {
  const r = rng(53);
  const docs = Array.from({ length: 11_000 }, (_, i) => doc(r, i + 1));
  const exhaustive = new LexicalIndex(Number.POSITIVE_INFINITY);
  const built = new LexicalIndex(0);
  for (const index of [built, exhaustive]) {
    index.beginBulk();
    for (const d of docs.slice(0, 8_000)) index.add(d);
    index.endBulk();
  }
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-groups-'));
  try {
    const first = join(dir, 'first.snap');
    await writeLexicalSnapshot(first, { position: 1, state: built.exportState() });
    const loaded = LexicalIndex.fromState((await readLexicalSnapshot(first)).state, 0);
    // papers added after the load: a sealed small segment (with its own common words) beside the loaded one, and a tail
    for (const index of [loaded, exhaustive]) {
      for (const d of docs.slice(8_000)) index.add(d);
      for (let i = 3; i <= 11_000; i += 89) index.remove(i);
    }
    const state = loaded.exportState();
    assert.ok(state.segments.length >= 2 && state.segments[0]!.layouts && state.segments.slice(1).every((g) => !g.layouts), 'one segment loaded with its layouts, the others new');
    const second = join(dir, 'second.snap');
    await writeLexicalSnapshot(second, { position: 2, state });
    const again = LexicalIndex.fromState((await readLexicalSnapshot(second)).state, 0);
    const segments = (again as unknown as { segments: PostingSegment[] }).segments;
    assert.equal(segments.length, state.segments.length);
    const compute = new WindowScratch(null);
    let records = 0;
    let shared = 0;
    for (const seg of segments) {
      const { groups, member, terms } = seg.layouts!;
      const nw = windowsIn(seg);
      const lazy = new PostingSegment(seg.termIds, seg.starts, seg.docs, seg.impacts, seg.base);
      for (const i of terms) {
        const group = readGroup(groups, seg.termIds[i]!)!;
        const saved = group[member]!;
        const made = compute.windows(lazy, seg.termIds[i]!, nw)!;
        assert.deepEqual([saved.pos, saved.max, saved.blocks], [made.pos, made.max, made.blocks], `term ${seg.termIds[i]} in segment ${member}`);
        records++;
        if (group.filter(Boolean).length > 1) shared++;
      }
    }
    assert.equal(records, segments.reduce((n, g) => n + g.layouts!.terms.length, 0));
    assert.ok(shared > records / 2, `most words' groups span several segments: ${shared} of ${records}`);
    const qr = rng(57);
    for (let i = 0; i < 80; i++) {
      const query = randomQuery(qr);
      assert.deepEqual(again.search(query).hits.map((h) => [h.id, h.score]), exhaustive.search(query).hits.map((h) => [h.id, h.score]), JSON.stringify(query.scored));
    }
    const used = (again as unknown as { windows: WindowScratch }).windows;
    assert.ok(used.read > 0, 'layouts read from the file');
    const made = (used as unknown as { layouts: WeakMap<PostingSegment, Map<number, unknown>> }).layouts;
    assert.ok(segments.every((seg) => !made.get(seg)?.size), 'none computed for a sealed segment (only the unsealed tail\'s are)');
    await Promise.all([loaded.close(), again.close()]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
