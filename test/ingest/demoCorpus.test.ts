import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cardsToRecords, DEMO_CORPUS_PATH, loadDemoCorpus, parseCardDate } from '../../src/ingest/demoCorpus.ts';
import { titleKey } from '../../src/model/paperId.ts';
import { testStore } from '../helpers/testApp.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  test(`card dates: with a year, without one (the pages\' 2025), or nonsense (${backend})`, () => {
    assert.equal(parseCardDate('Mar 11, 2020'), '2020-03-11');
    assert.equal(parseCardDate('Aug 28'), '2025-08-28');
    assert.equal(parseCardDate('Feb 30'), undefined);
    assert.equal(parseCardDate('yesterday'), undefined);
    assert.equal(parseCardDate(undefined), undefined);
  });

  test(`the demo corpus loads one paper per distinct title, on each page\'s day, with card fields kept (${backend})`, async () => {
    const cards = readFileSync(DEMO_CORPUS_PATH, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const distinct = new Set(cards.map((c: { title: string }) => titleKey(c.title))).size;
    const { store, cleanup } = await testStore({ backend });
    try {
      const summary = await loadDemoCorpus(store);
      assert.equal(summary.new, distinct);
      assert.equal(await store.papers.count(), distinct);
      const again = await loadDemoCorpus(store);
      assert.equal(again.new, 0, 'loading twice adds nothing');
      assert.equal(again.featured, 0);
      const day = await store.daily.list({ from: '2025-12-25', to: '2025-12-25' }, 'upvotes', { limit: 100, offset: 0 });
      assert.equal(day.total, cards.filter((c: { pageDate: string }) => c.pageDate === 'Dec 25').length);
      const arc = day.entries.find((e) => e.paper.title.startsWith('ARC-Encoder'))!;
      assert.equal(arc.paper.organization?.name, 'kyutai');
      assert.equal(arc.paper.publishedAt, '2025-10-23');
      assert.equal(arc.paper.upvotes, 1);
      const crowd = day.entries.find((e) => e.paper.title.startsWith('Encoder-Decoder Based'))!;
      assert.equal(crowd.paper.authorCount, 4);
      assert.equal(crowd.paper.publishedAt, '2020-03-11');
      assert.match(crowd.paper.codeUrl ?? '', /^https:\/\/github\.com\//);
      const upvotes = day.entries.map((e) => e.paper.upvotes);
      assert.deepEqual(upvotes, [...upvotes].sort((a, b) => b - a), 'a day is ordered by upvotes');
      assert.equal(await store.daily.latestDate(), '2025-12-25');
    } finally {
      cleanup();
    }
  });

  test(`duplicate cards merge into the richest record (${backend})`, () => {
    const [r] = cardsToRecords([
      { title: 'Same Paper', pageDate: 'Mar 11', rank: 4 },
      { title: 'same paper', abstract: 'Text.', authorCount: 3, upvotes: 5, pageDate: 'Jul 30', rank: 2 },
      { title: 'Same  Paper', upvotes: 2, pageDate: 'Jul 30', rank: 9 },
    ]);
    assert.equal(r!.record.abstract, 'Text.');
    assert.equal(r!.record.author_count, 3);
    assert.equal(r!.record.upvotes, 5);
    assert.deepEqual(r!.record.featured, [{ date: '2025-03-11' }, { date: '2025-07-30' }]);
    assert.equal(r!.positions.get('2025-07-30'), 2);
  });
});
