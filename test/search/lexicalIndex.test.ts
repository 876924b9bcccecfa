import assert from 'node:assert/strict';
import { test } from 'node:test';
import { letterMask } from '../../src/search/lexical/letterMask.ts';
import { LexicalIndex, type IndexDoc, type LexicalQuery } from '../../src/search/lexical/lexicalIndex.ts';

const doc = (rowid: number, title: string, abstract = '', extra: Partial<IndexDoc> = {}): IndexDoc => ({
  rowid, id: `p${rowid}`, title, abstract, authors: [], categories: [], hasCode: false, upvotes: 0, ...extra,
});
const query = (terms: string[], extra: Partial<LexicalQuery> = {}): LexicalQuery => ({
  scored: terms.map((term) => ({ term, weight: 1 })), required: [], anyOf: [], excluded: [], sort: 'relevance', limit: 10, ...extra,
});
const ids = (index: LexicalIndex, q: LexicalQuery) => index.search(q).hits.map((h) => h.id);

test('BM25F ranks a title match above an abstract match, and rarer words above common ones', () => {
  const index = new LexicalIndex();
  index.add(doc(1, 'A study of networks', 'We apply quantization to networks.'));
  index.add(doc(2, 'Quantization of networks', 'A study of networks.'));
  index.add(doc(3, 'Networks everywhere', 'Networks networks.'));
  assert.deepEqual(ids(index, query(['quantiz'])), ['p2', 'p1']);
  assert.equal(ids(index, query(['quantiz', 'network']))[0], 'p2');
  assert.equal(index.search(query(['network'])).total, 3);
});

test('filters: required, any-of, excluded, dates, code; orders by date and upvotes', () => {
  const index = new LexicalIndex();
  index.add(doc(1, 'Graph learning', 'graphs', { publishedAt: '2023-05-01', categories: ['cs.LG'], upvotes: 5, authors: ['Ada Lovelace'] }));
  index.add(doc(2, 'Graph transformers', 'graphs and vision', { publishedAt: '2024-02-01', categories: ['cs.CV'], hasCode: true, upvotes: 1, orgName: 'Acme' }));
  index.add(doc(3, 'Graph kernels', 'graphs', { publishedAt: '2024-08-01', categories: ['cs.LG'], upvotes: 9 }));
  assert.deepEqual(ids(index, query(['graph'], { from: 20240101 })).sort(), ['p2', 'p3']);
  assert.deepEqual(ids(index, query(['graph'], { to: 20231231 })), ['p1']);
  assert.deepEqual(ids(index, query(['graph'], { hasCode: true })), ['p2']);
  assert.deepEqual(ids(index, query(['graph'], { excluded: ['vision'] })).sort(), ['p1', 'p3']);
  assert.deepEqual(ids(index, query(['graph'], { anyOf: [['c:cs.lg']] })).sort(), ['p1', 'p3']);
  assert.deepEqual(ids(index, query(['graph'], { required: ['a:lovelac'] })), ['p1']);
  assert.deepEqual(ids(index, query([], { anyOf: [['o:acme']] })), ['p2']);
  assert.deepEqual(ids(index, query(['graph'], { sort: 'date' })), ['p3', 'p2', 'p1']);
  assert.deepEqual(ids(index, query(['graph'], { sort: 'upvotes' })), ['p3', 'p1', 'p2']);
  index.setUpvotes(2, 100);
  assert.equal(ids(index, query(['graph'], { sort: 'upvotes' }))[0], 'p2');
});

test('updates replace a paper, removals drop it, and counts stay right across segment merges', () => {
  const index = new LexicalIndex();
  for (let i = 1; i <= 9000; i++) index.add(doc(i, `Paper ${i} about ${i % 2 ? 'odd' : 'even'} things`, i % 1000 === 0 ? 'rare' : 'common'));
  assert.equal(index.search(query(['odd'])).total, 4500);
  assert.equal(index.search(query(['rare'])).total, 9);
  index.add(doc(1000, 'Now about zebras', 'zebra'));
  index.remove(2000);
  assert.equal(index.search(query(['rare'])).total, 7);
  assert.deepEqual(ids(index, query(['zebra'])), ['p1000']);
  for (let i = 9001; i <= 13000; i++) index.add(doc(i, 'More odd things'));
  assert.equal(index.search(query(['odd'])).total, 8500);
  assert.equal(index.search(query(['rare'])).total, 7);
  assert.equal(index.size, 12999);
  assert.ok(index.stats().segments < 8, `segments are merged (${index.stats().segments})`);
  assert.equal(index.search(query(['odd'], { limit: 3 })).hits.length, 3);
});

test('on large corpora relevance search prunes: the same top results as reading every posting, an estimated total', () => {
  const pruned = new LexicalIndex(50_000, 0);
  const exhaustive = new LexicalIndex(Number.POSITIVE_INFINITY);
  const fewPostings = new LexicalIndex();
  for (const index of [pruned, exhaustive, fewPostings]) {
    index.beginBulk();
    for (let i = 1; i <= 60_000; i++) index.add(doc(i, `common words ${i % 7 === 0 ? 'frequent' : 'other'}`, i % 600 === 0 ? 'rare finding common' : 'plain text'));
    index.endBulk();
    for (let i = 60_001; i <= 60_010; i++) index.add(doc(i, 'rare rare', 'only the rare word'));
  }
  for (const terms of [['rare', 'common', 'frequent'], ['common', 'frequent'], ['common'], ['frequent', 'other', 'plain']]) {
    const a = pruned.search(query(terms, { limit: 30 }));
    const b = exhaustive.search(query(terms, { limit: 30 }));
    assert.deepEqual(a.hits, b.hits, terms.join(' '));
    assert.ok(a.total > 0.5 * b.total && a.total < 2 * b.total, `estimate ${a.total} near ${b.total}`);
  }
  assert.equal(pruned.search(query(['rare', 'common'])).exact, false);
  const single = pruned.search(query(['common'], { limit: 5 }));
  assert.equal(single.exact, true);
  assert.equal(single.total, 60_000);
  // under a million postings (the default budget) even a large corpus reads them all: same hits, an exact total
  for (const terms of [['rare', 'common', 'frequent'], ['frequent', 'other', 'plain']]) {
    const a = fewPostings.search(query(terms, { limit: 30 }));
    const b = exhaustive.search(query(terms, { limit: 30 }));
    assert.deepEqual(a, b, terms.join(' '));
    assert.equal(a.exact, true);
  }
});

test('the postings budget of reading every posting shrinks past five times pruneFrom papers: pruned beyond it, the same hits', () => {
  // pruneFrom 1,000: a budget of 20,000 postings up to 5,000 papers, 20,000 × (5,000 / 20,000)² = 1,250 at 20,000
  const sized = new LexicalIndex(1_000);
  const exhaustive = new LexicalIndex(Number.POSITIVE_INFINITY);
  for (const index of [sized, exhaustive]) {
    index.beginBulk();
    for (let i = 1; i <= 20_000; i++) index.add(doc(i, `common ${i % 2 ? 'other' : 'plain'} ${i % 97 === 0 ? 'rare' : ''} ${i % 29 === 0 ? 'zebra' : ''}`, `words ${i % 5 === 0 ? 'other' : ''}`));
    index.endBulk();
  }
  // 206 + 689 postings: read in full, an exact total
  const small = query(['rare', 'zebra'], { limit: 25 });
  assert.deepEqual(sized.search(small), exhaustive.search(small));
  assert.equal(sized.search(small).exact, true);
  // 10,000 + 689 postings: under the fixed 20 per paper of pruneFrom, over the shrunken budget, so pruned
  for (const terms of [['plain', 'zebra'], ['common', 'other', 'rare']]) {
    const a = sized.search(query(terms, { limit: 25 }));
    assert.equal(a.exact, false, terms.join(' '));
    assert.deepEqual(a.hits, exhaustive.search(query(terms, { limit: 25 })).hits, terms.join(' '));
  }
});

test('a matcher right after a search reuses its filter stamps, and computes its own after another search', () => {
  const index = new LexicalIndex();
  index.add(doc(1, 'Graph learning', 'graphs', { categories: ['cs.LG'] }));
  index.add(doc(2, 'Graph vision', 'graphs', { categories: ['cs.CV'] }));
  index.add(doc(3, 'Vision only', 'images', { categories: ['cs.LG'] }));
  const q = query(['graph'], { anyOf: [['c:cs.lg']], excluded: ['vision'] });
  index.search(q);
  const passes = index.matcher(q);
  assert.deepEqual([0, 1, 2].map(passes), [true, false, false]);
  index.search(query(['graph']));
  const again = index.matcher(q);
  assert.deepEqual([0, 1, 2].map(again), [true, false, false]);
  const other = index.matcher(query([], { anyOf: [['c:cs.cv']] }));
  assert.deepEqual([0, 1, 2].map(other), [false, true, false]);
});

test('forEachTermLike gives exactly the word terms forEachTerm gives of that first letter and length range, as the dictionary grows', () => {
  const index = new LexicalIndex();
  const words = ['diffusion', 'difusion', 'denoising', 'dense', 'distillation', 'd', 'model', 'modular', 'mixture', 'mamba', 'extraordinarily', 'é', 'über', 'a'.repeat(70), 'a'.repeat(68)];
  const like = (first: string, min: number, max: number) => {
    const got: [string, number][] = [];
    index.forEachTermLike(first.charCodeAt(0), min, max, (text, start, end, df) => got.push([text.toString('utf8', start, end), df]));
    const want: [string, number][] = [];
    index.forEachTerm((t, df) => t.charCodeAt(0) === first.charCodeAt(0) && t.length >= min && t.length <= max && want.push([t, df]));
    assert.deepEqual(got.sort(), want.sort(), `${first} ${min}..${max}`);
    // narrowed to a letter set: exactly those of the same terms whose letters differ by at most `edits` either way
    for (const [probe, edits] of [['diffusion', 1], ['model', 2], ['dense', 0]] as const) {
      const letters = letterMask(Buffer.from(probe), 0, probe.length);
      const near: string[] = [];
      index.forEachTermLike(first.charCodeAt(0), min, max, (text, start, end) => near.push(text.toString('utf8', start, end)), 1, { letters, edits });
      const apart = (t: string) => [...new Set(t)].filter((c) => !probe.includes(c)).length > edits || [...new Set(probe)].filter((c) => !t.includes(c)).length > edits;
      assert.deepEqual(near.sort(), want.map(([t]) => t).filter((t) => !apart(t)).sort(), `${first} ${min}..${max} near ${probe}`);
    }
    return got.length;
  };
  index.add(doc(1, words.slice(0, 8).join(' '), 'mixture of experts'));
  let seen = 0;
  for (const [first, min, max] of [['d', 4, 8], ['d', 1, 12], ['m', 3, 6], ['a', 66, 72], ['x', 1, 9]] as const) seen += like(first, min, max);
  index.add(doc(2, words.slice(8).join(' '), 'diffusion models, denser', { authors: ['Dana Diffusionist'] }));
  for (const [first, min, max] of [['d', 4, 8], ['d', 1, 12], ['m', 3, 6], ['a', 66, 72], ['e', 10, 20]] as const) seen += like(first, min, max);
  assert.ok(seen > 15, `compared ${seen} terms`);
});

test('warmTermShapes makes forEachTermLike\'s term lists in pieces with a pause between them, the same lists as made on first use', async () => {
  const words = (i: number) => `d${i.toString(36)}x m${(i * 7).toString(36)}y q${i}`;
  const warmed = new LexicalIndex();
  const cold = new LexicalIndex();
  for (let i = 0; i < 6000; i++) {
    warmed.add(doc(i + 1, words(i)));
    cold.add(doc(i + 1, words(i)));
  }
  let pauses = 0;
  const steps = await warmed.warmTermShapes(() => void pauses++);
  assert.ok(steps >= 2, `pieces: ${steps}`); // 18k terms in pieces of 8,192
  assert.equal(pauses, steps);
  assert.equal(await warmed.warmTermShapes(() => void pauses++), 0, 'made once');
  const like = (index: LexicalIndex, first: string, min: number, max: number) => {
    const got: string[] = [];
    index.forEachTermLike(first.charCodeAt(0), min, max, (text, start, end) => got.push(text.toString('utf8', start, end)));
    return got.sort();
  };
  for (const [first, min, max] of [['d', 2, 4], ['m', 3, 5], ['q', 2, 5]] as const) {
    const want = like(cold, first, min, max);
    assert.ok(want.length > 100, `${first}: ${want.length}`);
    assert.deepEqual(like(warmed, first, min, max), want, `${first} ${min}..${max}`);
  }
  warmed.add(doc(7000, 'dzzzzq'));
  assert.ok(like(warmed, 'd', 6, 6).includes('dzzzzq'), 'a term added after the warm-up is still found');
});
