import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentFrequency } from '../../../src/search/keywords/keywordJob.ts';
import { LexicalIndex, type IndexDoc } from '../../../src/search/lexical/lexicalIndex.ts';
import { wordTerms } from '../../../src/search/lexical/compileQuery.ts';
import { COUNT_EXACT_DF } from '../../../src/search/lexical/countAll.ts';

const COMMON = ['graph', 'neural', 'network', 'diffusion', 'model', 'quantum', 'learning', 'sparse', 'attention', 'protein', 'language', 'vision'];
// in about 1 % and 0.03 % of the papers: below 2 × COUNT_EXACT_DF, so a phrase holding one of them is counted exactly
const RARE = ['zebrafish', 'tokamak', 'origami'];
const RAREST = ['axolotl', 'quasicrystal'];
const WORDS = [...COMMON, ...RARE, ...RAREST];

/** `countAll` keeps bitsets of common words below 5 × pruneFrom papers (250k by default) and samples above: a
 * corpus made with pruneFrom 10,000 (75,500 papers) takes the large corpus's path. */
const LARGE = 10_000;

/** A seeded corpus: papers of random words, some removed or replaced, in bulk segments, live segments and the tail. */
function corpus(pruneFrom?: number): LexicalIndex {
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = (n: number) => Array.from({ length: n }, () => COMMON[Math.floor(next() * next() * COMMON.length)]!).join(' ');
  // the rarest words come with zebrafish half the time, so their short lists meet its longer one
  const sometimes = () => [...RARE.filter(() => next() < 0.01), ...RAREST.filter(() => next() < 0.0003).map((w) => (next() < 0.5 ? `${w} zebrafish` : w))].join(' ');
  const doc = (rowid: number): IndexDoc => ({ rowid, id: `p${rowid}`, title: pick(3), abstract: `${pick(12)} ${sometimes()}`, authors: [], categories: [], hasCode: false, upvotes: 0 });
  const index = new LexicalIndex(pruneFrom);
  index.beginBulk();
  for (let r = 1; r <= 70_000; r++) index.add(doc(r)); // more than one bulk segment (65,536 papers each)
  index.endBulk();
  for (let r = 70_001; r <= 75_500; r++) index.add(doc(r)); // live segments of 2,000 and an unsealed tail
  for (let r = 5; r <= 75_500; r += 97) index.remove(r); // dead papers keep their postings
  for (let r = 11; r <= 75_500; r += 301) index.add(doc(r)); // replaced papers: a dead old number and a new one
  return index;
}

const required = (index: LexicalIndex, terms: string[]) => index.search({ scored: [], required: [...new Set(terms)], anyOf: [], excluded: [], sort: 'date', limit: 0 }).total;
const rarestDf = (index: LexicalIndex, terms: string[]) => Math.min(...terms.map((t) => index.docFreq(t)));
/** The sampled estimate's bound: 5 % of the count, or 30 papers for small ones. */
const close = (estimate: number, exact: number, what: string) =>
  assert.ok(Math.abs(estimate - exact) <= Math.max(30, exact * 0.05), `${what}: ${estimate} estimated, ${exact} exactly`);

test('countAll on a small corpus: exact, with kept bitsets for common words', () => {
  const index = corpus();
  for (let a = 0; a < WORDS.length; a++) {
    for (let b = a + 1; b < WORDS.length; b++) {
      const pair = [...wordTerms(WORDS[a]!), ...wordTerms(WORDS[b]!)];
      const three = [...pair, ...wordTerms(WORDS[(a + b) % WORDS.length]!)];
      for (const terms of [pair, three]) assert.equal(index.countAll(terms), required(index, terms), terms.join(' '));
    }
  }
  assert.equal(index.countAll(['graph', 'nosuchword']), 0);
});

test('countAll on a large corpus counts the live papers holding every term: exactly while the rarest is in few papers, closely above', () => {
  const index = corpus(LARGE);
  let exact = 0;
  let sampled = 0;
  for (let a = 0; a < WORDS.length; a++) {
    for (let b = a + 1; b < WORDS.length; b++) {
      const pair = [...wordTerms(WORDS[a]!), ...wordTerms(WORDS[b]!)];
      const three = [...pair, ...wordTerms(WORDS[(a + b) % WORDS.length]!)];
      for (const terms of [pair, three]) {
        if (rarestDf(index, terms) <= 2 * COUNT_EXACT_DF) {
          assert.equal(index.countAll(terms), required(index, terms), terms.join(' '));
          exact++;
        } else {
          close(index.countAll(terms), required(index, terms), terms.join(' '));
          sampled++;
        }
      }
    }
  }
  assert.ok(exact > 100 && sampled > 20, `both ways checked (${exact} exact, ${sampled} sampled)`);
  const df = (w: string) => index.docFreq(wordTerms(w)[0]!);
  for (const w of RAREST) {
    assert.ok(df(w) > 5 && df(w) * 16 < df('zebrafish'), `${w} (${df(w)}): a short list against a longer one`);
    assert.ok(index.countAll([wordTerms(w)[0]!, wordTerms('zebrafish')[0]!]) > 2, `${w} meets zebrafish`);
  }
  assert.ok(df('graph') > COUNT_EXACT_DF * 4, 'the commonest words take the sampled path');
  assert.ok(index.countAll(['graph', 'neural']) > 0, 'the pairs are not all empty');
  assert.equal(index.countAll(['graph', 'nosuchword']), 0);
});

test('the keyword job’s phrase frequencies match the search index’s counts', () => {
  const index = corpus(LARGE);
  for (const phrase of ['graph neural network', 'diffusion model', 'sparse attention', 'protein language model', 'quantum vision', 'zebrafish graph', 'tokamak origami']) {
    const terms = [...new Set(wordTerms(phrase))];
    if (rarestDf(index, terms) <= 2 * COUNT_EXACT_DF) assert.equal(documentFrequency(index, phrase), required(index, terms), phrase);
    else close(documentFrequency(index, phrase), required(index, terms), phrase);
  }
});

for (const [size, pruneFrom] of [['small', undefined], ['large', LARGE]] as const) test(`countAll follows adds and removals (${size} corpus)`, () => {
  const index = corpus(pruneFrom);
  const rare = [...wordTerms('zebrafish'), ...wordTerms('graph')];
  const common = [...wordTerms('graph'), ...wordTerms('neural')];
  const before = [index.countAll(rare), index.countAll(common)];
  index.add({ rowid: 90_001, id: 'p90001', title: 'graph neural zebrafish', abstract: '', authors: [], categories: [], hasCode: false, upvotes: 0 });
  assert.equal(index.countAll(rare), before[0]! + 1);
  assert.equal(index.countAll(common), before[1]! + 1, 'a paper in the live tail is counted exactly');
  index.remove(90_001);
  for (let r = 1; r <= 3_000; r++) index.remove(r);
  assert.equal(index.countAll(rare), required(index, rare));
  close(index.countAll(common), required(index, common), 'after removals');
  assert.ok(index.countAll(common) < before[1]! - 1_000, 'removed papers no longer count');
});
