import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bundledEmbedder } from '../../src/search/embedding/bundledEmbedder.ts';
import { searchPapers } from '../../src/search/searchPapers.ts';
import { createSemanticSearch } from '../../src/search/semantic/semanticSearch.ts';
import { testApp } from '../helpers/testApp.ts';

// A caller that shows no count of matches (the JSON API, search feeds) gets the same page without the count of a
// hybrid query's credible matches beyond the ranked pool: the demo corpus, the bundled model, the real app.
let t: Awaited<ReturnType<typeof testApp>>;
before(async () => {
  t = await testApp();
  const semantic = createSemanticSearch(t.store, bundledEmbedder());
  await semantic.load();
  await semantic.embedPending();
  t.search.semantic = semantic;
});
after(() => t.cleanup());

test('without a total: the same papers in the same order, a lower-bound total, and the API body is that page', async () => {
  // words in more papers than the ranked pool (100) holds, so counting them reads beyond it
  for (const q of ['language models', 'learning model data', 'diffusion transformer', 'reasoning']) {
    const counted = await searchPapers(t.search, { q, limit: 20 });
    const uncounted = await searchPapers(t.search, { q, limit: 20, total: false });
    assert.deepEqual(uncounted.papers.map((p) => p.id), counted.papers.map((p) => p.id), q);
    assert.ok(uncounted.total >= uncounted.papers.length && uncounted.total <= counted.total, `${q}: ${uncounted.total} of ${counted.total}`);
    const res = await t.app.request(`/api/papers/search?q=${encodeURIComponent(q)}&limit=20`);
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { paper: { id: string } }[]).map((r) => r.paper.id), counted.papers.map((p) => p.id), q);
  }
  // where credible matches lie beyond the pool, the count is what was skipped: a smaller total, marked inexact
  const counted = await searchPapers(t.search, { q: 'language models', limit: 20 });
  const uncounted = await searchPapers(t.search, { q: 'language models', limit: 20, total: false });
  assert.ok(uncounted.total < counted.total, `${uncounted.total} < ${counted.total}`);
  assert.equal(uncounted.totalExact, false);
});
