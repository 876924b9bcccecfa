import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentFrequency } from '../../../src/search/keywords/keywordJob.ts';
import { LexicalIndex, type IndexDoc } from '../../../src/search/lexical/lexicalIndex.ts';
import { wordTerms } from '../../../src/search/lexical/compileQuery.ts';

const COMMON = ['graph', 'neural', 'network', 'diffusion', 'model', 'quantum', 'learning', 'sparse', 'attention', 'protein', 'language', 'vision'];
// in about 1 % and 0.03 % of the papers: below countAll's bitset threshold (1/32), so their lists are read
const RARE = ['zebrafish', 'tokamak', 'origami'];
const RAREST = ['axolotl', 'quasicrystal'];
const WORDS = [...COMMON, ...RARE, ...RAREST];

/** A seeded corpus: papers of random words, some removed or replaced, in bulk segments, live segments and the tail. */
function corpus(): LexicalIndex {
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = (n: number) => Array.from({ length: n }, () => COMMON[Math.floor(next() * next() * COMMON.length)]!).join(' ');
  // the rarest words come with zebrafish half the time, so their short lists meet its longer one
  const sometimes = () => [...RARE.filter(() => next() < 0.01), ...RAREST.filter(() => next() < 0.0003).map((w) => (next() < 0.5 ? `${w} zebrafish` : w))].join(' ');
  const doc = (rowid: number): IndexDoc => ({ rowid, id: `p${rowid}`, title: pick(3), abstract: `${pick(12)} ${sometimes()}`, authors: [], categories: [], hasCode: false, upvotes: 0 });
  const index = new LexicalIndex();
  index.beginBulk();
  for (let r = 1; r <= 70_000; r++) index.add(doc(r)); // more than one bulk segment (65,536 papers each)
  index.endBulk();
  for (let r = 70_001; r <= 75_500; r++) index.add(doc(r)); // live segments of 2,000 and an unsealed tail
  for (let r = 5; r <= 75_500; r += 97) index.remove(r); // dead papers keep their postings
  for (let r = 11; r <= 75_500; r += 301) index.add(doc(r)); // replaced papers: a dead old number and a new one
  return index;
}

test('countAll counts the live papers holding every term, as a search requiring them does', () => {
  const index = corpus();
  const total = (terms: string[]) => index.search({ scored: [], required: terms, anyOf: [], excluded: [], sort: 'date', limit: 0 }).total;
  let checked = 0;
  for (let a = 0; a < WORDS.length; a++) {
    for (let b = a + 1; b < WORDS.length; b++) {
      const pair = [...wordTerms(WORDS[a]!), ...wordTerms(WORDS[b]!)];
      assert.equal(index.countAll(pair), total(pair), pair.join(' '));
      const three = [...pair, ...wordTerms(WORDS[(a + b) % WORDS.length]!)];
      assert.equal(index.countAll(three), total([...new Set(three)]), three.join(' '));
      checked++;
    }
  }
  assert.ok(checked > 100);
  const df = (w: string) => index.docFreq(wordTerms(w)[0]!);
  for (const w of RAREST) {
    assert.ok(df(w) > 5 && df(w) * 16 < df('zebrafish'), `${w} (${df(w)}): a short list against a longer one`);
    assert.ok(index.countAll([wordTerms(w)[0]!, wordTerms('zebrafish')[0]!]) > 2, `${w} meets zebrafish`);
  }
  for (const w of RARE) assert.ok(df(w) * 32 < index.size, `${w} (${df(w)}): not common`);
  assert.ok(index.countAll(['graph', 'neural']) > 0, 'the pairs are not all empty');
  assert.equal(index.countAll(['graph', 'nosuchword']), 0);
});

test('the keyword job’s phrase frequencies equal the search index’s counts', () => {
  const index = corpus();
  for (const phrase of ['graph neural network', 'diffusion model', 'sparse attention', 'protein language model', 'quantum vision']) {
    const terms = [...new Set(wordTerms(phrase))];
    const searched = index.search({ scored: [], required: terms, anyOf: [], excluded: [], sort: 'date', limit: 0 }).total;
    assert.equal(documentFrequency(index, phrase), searched, phrase);
  }
});

test('countAll’s kept bitsets of common words follow adds and removals', () => {
  const index = corpus();
  const pair = [...wordTerms('graph'), ...wordTerms('neural')];
  const before = index.countAll(pair);
  index.add({ rowid: 90_001, id: 'p90001', title: 'graph neural', abstract: '', authors: [], categories: [], hasCode: false, upvotes: 0 });
  assert.equal(index.countAll(pair), before + 1);
  index.remove(90_001);
  index.remove(1);
  const withFirst = index.search({ scored: [], required: pair, anyOf: [], excluded: [], sort: 'date', limit: 0 }).total;
  assert.equal(index.countAll(pair), withFirst);
});
