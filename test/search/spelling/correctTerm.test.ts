import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LexicalIndex, type IndexDoc } from '../../../src/search/lexical/lexicalIndex.ts';
import { correctTerm, correctWord, warmSpelling } from '../../../src/search/spelling/correctTerm.ts';
import { editDistance } from '../../../src/search/spelling/editDistance.ts';

const doc = (rowid: number, title: string, abstract = ''): IndexDoc => ({
  rowid, id: `p${rowid}`, title, abstract, authors: [], categories: [], hasCode: false, upvotes: 0,
});

/** An index of made-up words over a small alphabet, so that many are a letter or two apart, each in 1–4 papers. */
function wordIndex(): { index: LexicalIndex; words: string[] } {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  const words = Array.from({ length: 3000 }, () => 'd' + Array.from({ length: 3 + rand(9) }, () => 'aeinrst'[rand(7)]).join(''));
  const index = new LexicalIndex();
  let rowid = 0;
  for (let i = 0; i < words.length; i += 10) {
    const copies = 1 + rand(4);
    for (let c = 0; c < copies; c++) index.add(doc(++rowid, words.slice(i, i + 10).join(' ')));
  }
  return { index, words };
}

/** The nearest term as the whole vocabulary read as strings gives it: what correctTerm must agree with. */
function nearestByStrings(index: LexicalIndex, term: string): string | undefined {
  const max = term.length < 8 ? 1 : 2;
  let best: string | undefined;
  let bestScore = -Infinity;
  index.forEachTerm((t, df) => {
    if (t[0] !== term[0] || df < 2 || Math.abs(t.length - term.length) > max) return;
    const d = editDistance(term, t, max);
    if (d > max) return;
    const score = Math.log(df) - 2.5 * d;
    if (score > bestScore || (score === bestScore && t < best!)) [best, bestScore] = [t, score];
  });
  return best;
}

test('the dictionary scan (bytes compared, terms out of reach by their letters skipped) finds what comparing every term as a string finds', () => {
  const { index, words } = wordIndex();
  let found = 0;
  let seed = 11;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  for (let k = 0; k < 600; k++) {
    // a word of the index with an edit or two, or a word of none
    let w = words[rand(words.length)]!;
    for (let e = rand(3); e > 0; e--) {
      const at = 1 + rand(w.length - 1);
      w = rand(2) ? w.slice(0, at) + 'aeinrstx'[rand(8)] + w.slice(at + 1) : w.slice(0, at) + w.slice(at + 1);
    }
    const want = nearestByStrings(index, w);
    assert.equal(correctTerm(index, w), want, w);
    if (want) found++;
  }
  assert.ok(found > 200, `most misspellings have a correction (${found})`);
});

test('a misspelled word becomes the commonest index word an edit away, an unknown one nothing', () => {
  const index = new LexicalIndex();
  for (let i = 1; i <= 6; i++) index.add(doc(i, 'diffusion models for images', 'attention and retrieval'));
  index.add(doc(7, 'diffusing heat', ''));
  assert.equal(correctWord(index, 'difusion'), 'diffus');
  assert.equal(correctWord(index, 'atention'), 'attent');
  assert.equal(correctWord(index, 'retreival'), 'retriev');
  assert.equal(correctWord(index, 'zzqqxx'), undefined);
});

test('warmSpelling corrects its words with a pause between each step, and changes nothing in the index', async () => {
  const { index } = wordIndex();
  const before = index.size;
  let pauses = 0;
  await warmSpelling(index, () => void pauses++);
  assert.equal(pauses, 16, 'two steps for each of its eight words');
  assert.equal(index.size, before);
  await warmSpelling(new LexicalIndex(), () => undefined); // an empty index: nothing to compare, nothing thrown
});
