import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractKeywords } from '../../../src/search/keywords/extractKeywords.ts';
import { createKeywordJob, documentFrequency } from '../../../src/search/keywords/keywordJob.ts';
import { searchPapers } from '../../../src/search/searchPapers.ts';
import { createSearchContext } from '../../../src/search/searchContext.ts';
import { testApp, testStore } from '../../helpers/testApp.ts';
import { forEachBackend } from '../../helpers/backends.ts';

forEachBackend((backend) => {
  test(`keywords favour rare, repeated terms and phrases; stopwords, common words, URLs and sub-phrases are left out (${backend})`, () => {
    const df = new Map([['network', 900], ['knowledge', 20], ['distillation', 15], ['knowledge distillation', 12], ['student', 30], ['teacher', 25], ['kd', 5], ['compact', 40]]);
    const stats = { documents: 1000, df: (t: string) => df.get(t) ?? (t.includes(' ') ? 1 : 400) };
    const kw = extractKeywords(
      'Knowledge Distillation for Compact Networks',
      'We study knowledge distillation (KD), where a small student network learns from a teacher network. KD with a strong teacher helps the student. Code: https://github.com/someone/kd-repo-2024',
      stats,
    );
    assert.equal(kw[0], 'knowledge distillation');
    assert.ok(kw.includes('KD'), 'acronyms keep their case');
    assert.ok(kw.includes('student') && kw.includes('teacher'));
    assert.ok(!kw.includes('network') && !kw.includes('networks'), 'a word in most papers is not a keyword');
    assert.ok(!kw.includes('knowledge') && !kw.includes('distillation'), 'sub-phrases of a chosen keyword are skipped');
    assert.ok(!kw.some((k) => /github|someone|repo|https|\bwe\b/.test(k)), `no URL parts or stopwords: ${kw}`);
    assert.ok(kw.length <= 6);
    assert.deepEqual(extractKeywords('', '', stats), []);
    assert.deepEqual(extractKeywords('The of and', '', stats), []);
  });

  test(`the keywords job fills ai_keywords for queued papers, shown as chips linking to a search and in the API (${backend})`, async () => {
    const t = await testApp({ backend, demo: true });
    try {
      const job = createKeywordJob(t.search);
      assert.equal(await job({ batch: 100 }), 293);
      assert.equal(await t.store.searchIndex.queuedCount('keywords'), 0);
      const paper = (await searchPapers(t.search, { q: 'SegNet', mode: 'lexical', limit: 1 })).papers[0]!;
      assert.ok(paper.aiKeywords.includes('SegNet'), `keywords: ${paper.aiKeywords}`);
      const api = (await (await t.app.request(`/api/papers/${paper.id}`)).json()) as { ai_keywords: string[] };
      assert.deepEqual(api.ai_keywords, paper.aiKeywords);
      const page = await (await t.app.request(`/papers/${paper.id}`)).text();
      assert.match(page, /<a href="\/search\?q=SegNet">SegNet<\/a>/);

      // a changed abstract is queued and gets new keywords; an unchanged paper is not touched
      await t.store.papers.upsert({ id: paper.id, title: paper.title, abstract: 'Holographic tomography of superconducting qubits with holographic tomography.' });
      assert.equal(await t.store.searchIndex.queuedCount('keywords'), 1);
      assert.equal(await job(), 1);
      assert.ok((await t.store.papers.get(paper.id))!.aiKeywords.includes('holographic tomography'));
    } finally {
      t.cleanup();
    }
  });

  test(`document frequencies for keywords come from the lexical index: a word from its postings, a phrase as the AND-count of its words (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      await store.papers.upsertMany([
        { title: 'Knowledge distillation for compact students', abstract: 'Distilling a teacher.' },
        { title: 'Knowledge graphs', abstract: 'Graph distillation of knowledge bases.' },
        { title: 'Teachers and students', abstract: 'No shared words here.' },
      ]);
      const index = await createSearchContext(store).lexical.current();
      assert.equal(documentFrequency(index, 'knowledge'), 2);
      assert.equal(documentFrequency(index, 'students'), 2, 'stemmed like the index: student, students');
      assert.equal(documentFrequency(index, 'knowledge distillation'), 2, 'both words in each of two papers');
      assert.equal(documentFrequency(index, 'compact knowledge'), 1);
      assert.equal(documentFrequency(index, 'quantum'), 0);
      assert.equal(documentFrequency(index, 'the of'), 3, 'stopwords only: as common as it gets');
    } finally {
      cleanup();
    }
  });
});
