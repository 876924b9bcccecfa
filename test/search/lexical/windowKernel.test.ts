import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PARALLEL_FROM } from '../../../src/search/memoryMap.ts';
import { mulberry32 } from '../../../src/search/semantic/nearestCentroid.ts';
import { HitHeap } from '../../../src/search/lexical/hitHeap.ts';
import { SegmentBuilder, type PostingSegment } from '../../../src/search/lexical/postingSegment.ts';
import { windowKernel, type WindowKernel } from '../../../src/search/lexical/windowKernel.ts';
import { windowsIn, windowTopK, type DocFilter, type PrunedTerm } from '../../../src/search/lexical/windowTopK.ts';
import { WindowScratch } from '../../../src/search/lexical/windowScratch.ts';

const M = 48;

/**
 * Two segments (40,000 and 30,000 papers) of 48 terms whose frequencies fall from one paper in 1.1 to one in 600;
 * each term's impacts are high in a few runs of 64 papers and low elsewhere (so block maxima differ from window
 * maxima), and a few papers hold many terms at high impact (the top k the long queries must find).
 */
function corpus(): { segments: PostingSegment[]; postings: Map<number, number>[]; n: number } {
  const r = mulberry32(41);
  const postings: Map<number, number>[] = Array.from({ length: M }, () => new Map());
  const hot = Array.from({ length: M }, () => new Set(Array.from({ length: 40 }, () => Math.floor(r() * (70_000 >> 6)))));
  const segments: PostingSegment[] = [];
  for (const [from, to] of [[0, 40_000], [40_000, 70_000]] as const) {
    const builder = new SegmentBuilder();
    for (let d = from; d < to; d++) {
      const star = r() < 0.0005;
      for (let t = 0; t < M; t++) {
        if (!star && r() >= 0.9 / (1 + t * t * 0.25)) continue;
        const impact = star || hot[t]!.has(d >> 6) ? 150 + Math.floor(r() * 106) : 1 + Math.floor(r() * 90);
        postings[t]!.set(d, impact);
        builder.add(t, d, impact);
      }
    }
    segments.push(builder.seal(M, (_d, packed) => packed));
  }
  return { segments, postings, n: 70_000 };
}

/** The exhaustive ranking: float32 sums in query-term order, later papers first on equal scores. */
function exhaustive(postings: Map<number, number>[], n: number, terms: PrunedTerm[], k: number): { doc: number; score: number }[] {
  const all: { doc: number; score: number }[] = [];
  for (let d = 0; d < n; d++) {
    let s = Number.NaN;
    for (const t of terms) {
      const impact = postings[t.id]!.get(d);
      if (impact === undefined) continue;
      const v = t.factor * impact;
      s = s === s ? Math.fround(s + v) : Math.fround(v);
    }
    if (s === s) all.push({ doc: d, score: s });
  }
  return all.sort((a, b) => b.score + b.doc * 1e-12 - (a.score + a.doc * 1e-12)).slice(0, k);
}

test('the native window loop is built here (native/mmap/windowQuery.c)', () => {
  const kernel = windowKernel();
  assert.ok(kernel, 'native/mmap/build/Release/paperwire_mmap.node has windowQuery and termLayout');
  assert.equal(new WindowScratch().kernel, kernel, 'a scratch uses it by default');
  assert.equal(new WindowScratch(null).kernel, null, 'and JavaScript when asked');
  // one segment of one window, one term whose postings [0, 5) run past the segment's single posting
  const out = new Float64Array(6);
  const call = (pos: number[], blockAt = -1, order = -0) =>
    kernel.windowQuery([new Uint16Array(1), new Uint8Array([7])], new Uint32Array(pos), new Float64Array(2), new Float64Array(1), new Float64Array([order]), new Uint8Array(0), new Int32Array([blockAt]), new Int32Array([1, 1, 1, 1, 0, 1, 0, 0]), new Float64Array([0, 0, -Infinity, 2, 2]), out);
  assert.equal(call([0, 1]), 1, 'a valid call finds its one paper');
  assert.deepEqual([...out], [14, 0, 14, 1, 1, 1], 'its key, doc and score, then one candidate, one window, one candidate passed');
  assert.throws(() => kernel.windowQuery([new Uint16Array(1), new Uint8Array([7])], new Uint32Array([0, 1]), new Float64Array(2), new Float64Array(1), new Float64Array([-0]), new Uint8Array(0), new Int32Array([-1]), new Int32Array([1, 1, 1, 1, 0, 1, 0, 0]), new Float64Array([0, 0, -Infinity, 2, 2]), out, [new Uint8Array(1)] as never, new Int32Array(6)), /filter is/, 'a filter without its four arrays is refused');
  assert.throws(() => call([0, 5]), /out of range/, 'postings past the arrays are refused, not read');
  assert.throws(() => call([1, 0]), /out of range/, 'window starts must not go back');
  assert.throws(() => call([0, 1], 0), /out of range/, 'block maxima past their array are refused');
  assert.throws(() => call([0, 1], -1, -3), /out of range/, 'a window that is not the segment\'s is refused');
});

test('long queries with the native window loop give the exhaustive top k, as the JavaScript steps do — on one thread with the same candidates, on two with the same hits', () => {
  const { segments, postings, n } = corpus();
  const kernel = windowKernel()!;
  const calls = [0, 0, 0];
  let layouts = 0;
  // the real kernel, its calls counted by threads asked for (so the test knows each native path ran)
  const counted: WindowKernel = {
    windowQuery: (...a) => (calls[a[7][3]!]!++, kernel.windowQuery(...a)),
    termLayout: (...a) => (layouts++, kernel.termLayout(...a)),
  };
  const one = new WindowScratch(counted, undefined, 1);
  const two = new WindowScratch(counted, undefined, 2);
  const js = new WindowScratch(null);
  const filter: DocFilter = { flags: new Uint8Array(n).fill(1), dates: new Int32Array(n), allow: new Uint32Array(n), deny: new Uint32Array(n), gen: 1, hasAllow: false, filtered: false, from: 0, to: 0, needCode: 0, allLive: true };
  const r = mulberry32(43);
  for (let q = 0; q < 24; q++) {
    // 8–30 distinct terms, common ones included, weights as compileQuery gives them; now and then a negative factor
    const size = 8 + Math.floor(r() * 23);
    const ids = [...new Set(Array.from({ length: size * 2 }, () => Math.floor(M * r() ** 1.5)))].slice(0, size);
    const terms: PrunedTerm[] = ids.map((id) => ({ id, factor: (r() < 0.05 ? -0.0005 : 0.002 * Math.log(1 + n / postings[id]!.size)) * (r() < 0.7 ? 1 : 0.6) }));
    for (const k of [1, 20, 100]) {
      const want = exhaustive(postings, n, terms, k);
      const results = [one, js, two].map((scratch) => {
        const heap = new HitHeap(k);
        const scores = new Float32Array(n);
        const stats = windowTopK(segments, terms, filter, heap, scores, scratch);
        return { hits: heap.order().map((i) => ({ doc: heap.docs[i]!, score: scores[heap.docs[i]!]! })), stats };
      });
      assert.deepEqual(results[0]!.hits, want, `native, one thread, query ${q} (${terms.length} terms), k ${k}`);
      assert.deepEqual(results[1]!.hits, want, `JavaScript, query ${q}, k ${k}`);
      assert.deepEqual(results[2]!.hits, want, `native, two threads, query ${q}, k ${k}`);
      assert.deepEqual(results[0]!.stats, results[1]!.stats, `the same candidates, passed and windows both ways (query ${q}, k ${k})`);
    }
  }
  assert.ok(calls[1]! >= 48, `the one-thread loop ran (${calls[1]} queries)`);
  assert.ok(calls[2]! >= 24, `queries of ${PARALLEL_FROM} postings or more went to two threads (${calls[2]})`);
  assert.ok(layouts > 0, `common terms' layouts made natively (${layouts})`);
});

test('filtered long queries in the native window loop (allowed, excluded, dated, with code, removed papers) give the filtered exhaustive top k and count what passed, as JavaScript does', () => {
  const { segments, postings, n } = corpus();
  const kernel = windowKernel()!;
  const filtered: number[] = [];
  const counted: WindowKernel = { windowQuery: (...a) => (a[10] && filtered.push(a[7][3]!), kernel.windowQuery(...a)), termLayout: (...a) => kernel.termLayout(...a) };
  const r = mulberry32(47);
  const gen = 7;
  const flags = Uint8Array.from({ length: n }, () => (r() < 0.97 ? 1 : 0) | (r() < 0.5 ? 2 : 0));
  const dates = Int32Array.from({ length: n }, () => (r() < 0.05 ? 0 : 20_200_101 + Math.floor(r() * 60_000)));
  const allow = Uint32Array.from({ length: n }, () => (r() < 0.4 ? gen : gen - 1));
  const deny = Uint32Array.from({ length: n }, () => (r() < 0.1 ? gen : 0));
  const filters: DocFilter[] = [
    { flags, dates, allow, deny, gen, hasAllow: true, filtered: false, from: 0, to: 0, needCode: 0, allLive: false },
    { flags, dates, allow, deny, gen, hasAllow: false, filtered: true, from: 20_220_000, to: 20_240_000, needCode: 0, allLive: false },
    { flags, dates, allow, deny, gen, hasAllow: true, filtered: true, from: 0, to: 20_230_000, needCode: 2, allLive: false },
  ];
  const passes = (f: DocFilter, d: number) =>
    !!(f.flags[d]! & 1) && (!f.hasAllow || f.allow[d] === f.gen) &&
    (!f.filtered || (f.deny[d] !== f.gen && (!f.needCode || !!(f.flags[d]! & 2)) && !((f.from && f.dates[d]! < f.from) || (f.to && (f.dates[d] === 0 || f.dates[d]! > f.to)))));
  for (let q = 0; q < 12; q++) {
    const size = 6 + Math.floor(r() * 20);
    const ids = [...new Set(Array.from({ length: size * 2 }, () => Math.floor(M * r() ** 1.5)))].slice(0, size);
    const terms: PrunedTerm[] = ids.map((id) => ({ id, factor: 0.002 * Math.log(1 + n / postings[id]!.size) }));
    for (const filter of filters) {
      const kept = postings.map((m) => new Map([...m].filter(([d]) => passes(filter, d))));
      for (const k of [1, 20, 100]) {
        const want = exhaustive(kept, n, terms, k);
        const results = [new WindowScratch(counted, undefined, 1), new WindowScratch(null), new WindowScratch(counted, undefined, 2)].map((scratch) => {
          const heap = new HitHeap(k);
          const scores = new Float32Array(n);
          const stats = windowTopK(segments, terms, filter, heap, scores, scratch);
          return { hits: heap.order().map((i) => ({ doc: heap.docs[i]!, score: scores[heap.docs[i]!]! })), stats };
        });
        assert.deepEqual(results[0]!.hits, want, `native, one thread, query ${q}, k ${k}`);
        assert.deepEqual(results[1]!.hits, want, `JavaScript, query ${q}, k ${k}`);
        assert.deepEqual(results[2]!.hits, want, `native, two threads, query ${q}, k ${k}`);
        assert.deepEqual(results[0]!.stats, results[1]!.stats, `the same candidates examined and passed, and windows, both ways (query ${q}, k ${k})`);
        assert.ok(results[0]!.stats.passed < results[0]!.stats.examined, 'the filter turned candidates away');
      }
    }
  }
  assert.ok(filtered.filter((t) => t === 1).length >= 100 && filtered.includes(2), `filtered queries ran natively on one thread and on two (${filtered.length})`);
});

test('a common term\'s layout made natively equals the JavaScript one: window starts, window and block maxima', () => {
  const { segments } = corpus();
  const native = new WindowScratch();
  const js = new WindowScratch(null);
  let compared = 0;
  for (const seg of segments) {
    const nw = windowsIn(seg);
    for (let t = 0; t < M; t++) {
      const a = native.windows(seg, t, nw);
      const b = js.windows(seg, t, nw);
      assert.deepEqual(a && { pos: [...a.pos], max: [...a.max], blocks: a.blocks && [...a.blocks] }, b && { pos: [...b.pos], max: [...b.max], blocks: b.blocks && [...b.blocks] }, `term ${t}`);
      if (a?.blocks) compared++;
    }
  }
  assert.ok(compared >= 10, `kept layouts compared: ${compared}`);
});
