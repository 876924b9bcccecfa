import assert from 'node:assert/strict';
import { test } from 'node:test';
import { similarByWords } from '../../src/search/lexical/similarByWords.ts';
import { createSearchContext } from '../../src/search/searchContext.ts';
import { testStore } from '../helpers/testApp.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  test(`similar papers by words share distinctive vocabulary and never include the paper itself (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend });
    try {
      await store.papers.upsert({ arxivId: '2401.00001', title: 'Post-training quantization of large language models', abstract: 'We quantize LLM weights to 4 bits after training with calibration data.' });
      await store.papers.upsert({ arxivId: '2401.00002', title: 'Low-bit weight quantization for LLMs', abstract: 'Weights of language models are quantized to 3 and 4 bits without retraining.' });
      await store.papers.upsert({ arxivId: '2401.00003', title: 'Coral reef monitoring with drones', abstract: 'Aerial imagery of reefs.' });
      const similar = await similarByWords(createSearchContext(store), '2401.00001', 5);
      assert.deepEqual(similar.map((p) => p.id), ['2401.00002']);
      assert.deepEqual(await similarByWords(createSearchContext(store), 'nope', 5), []);
    } finally {
      cleanup();
    }
  });
});
