import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSearchContext } from '../../src/search/searchContext.ts';
import { warmSearches } from '../../src/search/warmSearches.ts';
import { forEachBackend } from '../helpers/backends.ts';
import { testStore } from '../helpers/testApp.ts';

const TOPICS = ['quantization', 'diffusion', 'retrieval', 'robotics', 'speech', 'graphs', 'proteins', 'agents', 'vision', 'fairness'];

forEachBackend((backend) => {
  test(`warm-up searches the titles of papers spread over the index, in the mode asked, pausing between searches (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      for (const [i, topic] of TOPICS.entries()) {
        await store.papers.upsert({ arxivId: `2401.${String(i + 1).padStart(5, '0')}`, title: `Scaling ${topic} with sparse experts`, abstract: `A study of ${topic}.` });
      }
      const asked: string[] = [];
      const ctx = createSearchContext(store);
      // the semantic side records the query texts a hybrid search ranks by meaning
      ctx.semantic = { search: async (text) => (asked.push(text), []) };
      let pauses = 0;
      const pause = async () => void pauses++;

      assert.equal(await warmSearches(ctx, 'lexical', pause, 5), 5);
      assert.equal(pauses, 5);
      assert.deepEqual(asked, [], 'a lexical warm-up never asks the semantic side');

      assert.equal(await warmSearches(ctx, 'hybrid', pause, 5), 5);
      // one title in each fifth of the index: the 2nd, 4th, … 10th paper (doc (i + 0.5) × 10 / 5)
      assert.deepEqual(asked, [1, 3, 5, 7, 9].map((k) => `Scaling ${TOPICS[k]} with sparse experts`));
      assert.equal(pauses, 10);

      // more searches asked for than there are papers: each paper once
      asked.length = 0;
      assert.equal(await warmSearches(ctx, 'hybrid', pause, 40), 10);
      assert.equal(new Set(asked).size, 10);
    } finally {
      cleanup();
    }
  });

  test(`warm-up on an empty instance searches nothing (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      assert.equal(await warmSearches(createSearchContext(store), 'lexical', async () => {}, 5), 0);
    } finally {
      cleanup();
    }
  });
});
