import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rankForYou } from '../../src/personal/rankForYou.ts';
import { buildRankWindow } from '../../src/personal/rankWindow.ts';
import { WindowMatrix } from '../../src/personal/windowMatrix.ts';
import { quantize } from '../../src/search/semantic/embedder.ts';
import type { Signal, WindowPaper } from '../../src/storage/personalStore.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  const DIM = 64;
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
  const unitVector = (around?: Float32Array, noise = 1) => {
    const v = new Float32Array(DIM).map((_, d) => (around ? around[d]! : 0) + noise * (rand() - 0.5));
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const paper = (rowid: number, v: Float32Array | undefined, extra: Partial<WindowPaper> = {}): WindowPaper => ({
    rowid,
    id: `2611.${String(rowid).padStart(5, '0')}`,
    title: `Paper ${rowid}`,
    authors: [`Author ${rowid}`],
    categories: ['cs.LG'],
    upvotes: 0,
    ...(v ? quantize(v) : { scale: 0 }),
    ...extra,
  });
  const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, d) => s + x * b[d]!, 0);

  describe(`the recommender window (${backend})`, () => {
    const topicA = unitVector();
    const topicB = unitVector();
    const floats = Array.from({ length: 300 }, (_, i) => unitVector(i % 2 ? topicA : topicB, 0.6));
    const papers = floats.map((v, i) => paper(i + 1, i === 5 ? undefined : v, { upvotes: i % 7 }));

    it('scores int8 rows in WebAssembly SIMD with the same integers as the JavaScript loop, close to float cosines', () => {
      const simd = new WindowMatrix(DIM, papers);
      const js = new WindowMatrix(DIM, papers, { simd: false });
      assert.equal(simd.simd, true, 'the kernel is available on Node 20');
      assert.equal(js.simd, false);
      const q = unitVector();
      const a = new Float32Array(papers.length).fill(-Infinity);
      const b = new Float32Array(papers.length).fill(-Infinity);
      simd.maxCosines(q, a);
      js.maxCosines(q, b);
      assert.deepEqual(a, b);
      for (let i = 0; i < papers.length; i++) assert.ok(Math.abs(a[i]! - (i === 5 ? 0 : cosine(q, floats[i]!))) < 0.02, `row ${i}`);
      const some = new Float32Array(3);
      simd.cosinesAt(q, [9, 0, 299], some);
      assert.deepEqual([...some], [a[9], a[0], a[299]]);
    });

    it('ranks alike with and without SIMD, never shows seen papers, and explains picks', () => {
      const saved: Signal = { kind: 'saved', at: '2026-11-20', paper: paper(1000, unitVector(topicA, 0.3), { title: 'A saved paper', authors: ['Co Author'] }) };
      const input = {
        signals: [saved],
        follows: [{ kind: 'author' as const, value: 'author 4', createdAt: '' }],
        alertHits: new Map([[12, 'graph networks']]),
        seen: new Set([3, 7]),
        limit: 12,
      };
      const withSimd = rankForYou(buildRankWindow(papers, DIM), input);
      const without = rankForYou(buildRankWindow(papers, DIM, { simd: false }), input);
      assert.deepEqual(withSimd, without);
      assert.equal(withSimd.length, 12);
      const ids = withSimd.map((p) => p.paper.rowid);
      assert.ok(!ids.includes(3) && !ids.includes(7), 'seen papers are left out');
      assert.ok(withSimd.every((p, i) => i === 0 || withSimd[i - 1]!.score >= p.score), 'best first');
      const sims = withSimd.filter((p) => p.reason.kind === 'similar');
      assert.ok(sims.length >= 8 && sims.every((p) => p.paper.rowid % 2 === 0), 'the saved topic (odd index → even rowid) wins');
      assert.match(sims[0]!.reason.text, /because you saved “A saved paper”/);
      assert.deepEqual(withSimd.find((p) => p.paper.rowid === 4)?.reason, { kind: 'author', text: 'by Author 4, whom you follow' });
      assert.deepEqual(withSimd.find((p) => p.paper.rowid === 12)?.reason, { kind: 'alert', text: 'matches your alert “graph networks”' });
    });

    it('orders by popularity with no signal, ties to the older paper, and honours a limit of 0', () => {
      const win = buildRankWindow(papers, DIM);
      const picks = rankForYou(win, { signals: [], follows: [], alertHits: new Map(), seen: new Set(), limit: 5 });
      assert.deepEqual(picks.map((p) => p.paper.rowid), [7, 14, 21, 28, 35]);
      assert.ok(picks.every((p) => p.reason.kind === 'popular'));
      assert.deepEqual(rankForYou(win, { signals: [], follows: [], alertHits: new Map(), seen: new Set(), limit: 0 }), []);
      assert.deepEqual(rankForYou(buildRankWindow([], 0), { signals: [], follows: [], alertHits: new Map(), seen: new Set(), limit: 5 }), []);
    });
  });

  describe(`the window query (${backend})`, () => {
    it('holds papers published in the window and older papers featured in it, once each, without withdrawn ones', async () => {
      const { testStore } = await import('../helpers/testApp.ts');
      const { store, cleanup } = await testStore({ backend });
      try {
        const add = (arxivId: string, publishedAt: string) => store.papers.upsert({ arxivId, title: `Paper ${arxivId}`, authors: ['A'], publishedAt });
        await add('2611.00001', '2026-11-20'); // recent
        await add('2611.00002', '2026-01-05'); // old, featured twice in the window
        await add('2611.00003', '2026-01-06'); // old, featured before the window
        await add('2611.00004', '2026-11-21'); // recent and featured
        await add('2611.00005', '2026-11-22'); // recent, withdrawn
        for (const [id, day] of [['2611.00002', '2026-11-18'], ['2611.00002', '2026-11-19'], ['2611.00003', '2026-11-01'], ['2611.00004', '2026-11-21']] as const) await store.daily.feature(id, day);
        await store.papers.upsert({ arxivId: '2611.00005', title: 'Paper 2611.00005', authors: ['A'], publishedAt: '2026-11-22', withdrawnAt: '2026-11-22' });
        const ids = (await store.personal.window('2026-11-17', 'none')).map((p) => p.id).sort();
        assert.deepEqual(ids, ['2611.00001', '2611.00002', '2611.00004']);
      const { RecentWindows } = await import('../../src/personal/recentWindows.ts');
      const windows = new RecentWindows(store);
      const [wide, narrow, again] = await Promise.all([windows.get('2026-11-17', 0), windows.get('2026-11-21', 0), windows.get('2026-11-17', 0)]);
        assert.deepEqual([wide.win.papers.length, narrow.win.papers.length], [3, 1], 'concurrent builds of different windows do not mix');
        assert.equal(again, wide, 'concurrent callers of one window share its build');
      } finally {
        cleanup();
      }
    });
  });
});
