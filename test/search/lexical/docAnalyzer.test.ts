import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocAnalyzer, type AnalyzableDoc } from '../../../src/search/lexical/docAnalyzer.ts';

const terms = (a: DocAnalyzer, doc: AnalyzableDoc) => {
  const ids: number[] = [];
  a.analyze(doc, ids, [], [0, 0, 0]);
  return ids.map((id) => a.dict.term(id)).sort();
};

test("a paper's terms do not depend on the papers analysed before it: a hyphenated stopword stays a stopword alone", () => {
  const plain: AnalyzableDoc = { title: 'Looking into the future', abstract: 'We look into it within reason.', authors: [], categories: [] };
  const hyphens: AnalyzableDoc = { title: 'Walking in-to and with-in', abstract: '', authors: [], categories: [] };
  const fresh = terms(new DocAnalyzer(), plain);
  assert.ok(!fresh.includes('into') && !fresh.includes('within'), 'stopwords alone are not terms');
  const after = new DocAnalyzer();
  const joined = terms(after, hyphens);
  assert.ok(joined.includes('into') && joined.includes('within'), 'the joined forms are terms');
  assert.deepEqual(terms(after, plain), fresh, 'the same terms after the hyphenated paper as alone');
});

test('the word memo changes speed only: any memo size (none, tiny and cleared often, the default) gives the same terms and counts', () => {
  const docs: AnalyzableDoc[] = [
    { title: 'Pre-training of Deep Bidirectional Transformers', abstract: "The model's state-of-the-art results on GLUE; pre-training, pretraining and PRE-TRAINING.", authors: ['Jacob Devlin', 'Ming-Wei Chang'], categories: ['cs.CL'] },
    { title: 'Colour constancy in the wild', abstract: 'We study colour and color, optimisation and optimization, in-to the night with-in reason.', authors: ['A. Smith'], categories: ['cs.CV'] },
    { title: 'Æsthetic café networks', abstract: 'Naïve façade models of 𝔸-algebras; x’s and y’s.', authors: [], categories: ['math.RA'] },
  ];
  const run = (memo: number) => {
    const a = new DocAnalyzer(memo);
    return [...docs, ...docs].map((d) => {
      const ids: number[] = [];
      const packed: number[] = [];
      const lens = [0, 0, 0];
      a.analyze(d, ids, packed, lens);
      return { terms: ids.map((id, i) => `${a.dict.term(id)}=${packed[i]}`).sort(), lens };
    });
  };
  const reference = run(1_000_000);
  assert.ok(reference[0]!.terms.some((t) => t.startsWith('pretrain=')), 'the joined form is a term');
  assert.deepEqual(run(0), reference);
  assert.deepEqual(run(3), reference);
});

test("author terms: every word of every name, hyphenated parts and their joined form, accents folded, whatever the author memo's size", () => {
  const docs: AnalyzableDoc[] = [
    { title: 'x', authors: ['Ming-Wei Chang', "Seán O'Brien", 'Zoë Müller', 'Ming Chang', 'Van der Berg'], categories: [] },
    { title: 'y', authors: ['Chang Ming-Wei', 'A. de la Cruz'], categories: [] },
  ];
  const authorTerms = (memo: number) => {
    const a = new DocAnalyzer(memo);
    return [...docs, ...docs].map((d) => {
      const ids: number[] = [];
      const packed: number[] = [];
      a.analyze(d, ids, packed, [0, 0, 0]);
      return ids.flatMap((id, i) => (a.dict.term(id).startsWith('a:') ? [`${a.dict.term(id)}=${packed[i]}`] : []));
    });
  };
  const first = ['a:ming', 'a:wei', 'a:mingwei', 'a:chang', 'a:sean', 'a:o', 'a:brien', 'a:obrien', 'a:zoe', 'a:muller', 'a:van', 'a:der', 'a:berg'];
  const second = ['a:chang', 'a:ming', 'a:wei', 'a:mingwei', 'a:a', 'a:de', 'a:la', 'a:cruz'];
  const expected = [first, second, first, second].map((ts) => ts.map((t) => `${t}=0`));
  for (const memo of [1_000_000, 3, 0]) assert.deepEqual(authorTerms(memo), expected, `memo ${memo}`);
});
