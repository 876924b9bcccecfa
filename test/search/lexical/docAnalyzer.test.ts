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
