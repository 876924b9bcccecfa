// SQLite-only: the OpenAI-compatible embedder against a local fake; the store is incidental.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOpenAiEmbedder, openAiEndpoint } from '../../../src/search/semantic/openAiEmbedder.ts';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import { testStore } from '../../helpers/testApp.ts';
import { hashEmbedder } from './hashEmbedder.ts';
import { openAiServer, sendJson } from './openAiServer.ts';

const local = hashEmbedder(24);

test('embeds through an OpenAI-compatible endpoint: batches, bearer key, answers reordered by index, vectors normalized', async () => {
  const server = await openAiServer((req, res) => {
    const input = req.body.input as string[];
    // answer in reverse order and unnormalized, as some servers do
    const data = input.map((t, index) => ({ object: 'embedding', index, embedding: [...local.embedSync(t)].map((x) => x * 3) })).reverse();
    sendJson(res, 200, { object: 'list', data, model: req.body.model });
  });
  try {
    const embedder = createOpenAiEmbedder({ url: `${server.url}/`, model: 'sci-embed', apiKey: 'sk-test', batch: 2 });
    assert.equal(embedder.id, 'openai:sci-embed');
    const texts = ['pruning networks', 'quantize weights', 'graph molecules'];
    const vectors = await embedder.embed(texts);
    assert.equal(embedder.dim, 24);
    assert.equal(server.seen.length, 2, 'three texts in batches of two');
    assert.equal(server.seen[0]!.path, '/v1/embeddings');
    assert.equal(server.seen[0]!.authorization, 'Bearer sk-test');
    assert.deepEqual(server.seen[0]!.body, { model: 'sci-embed', input: ['pruning networks', 'quantize weights'] });
    vectors.forEach((v, i) => {
      const want = local.embedSync(texts[i]!);
      assert.ok(v.every((x, d) => Math.abs(x - want[d]!) < 1e-6), `vector ${i} matches its text`);
    });

    // the same seam drives semantic search end to end
    const { store, cleanup } = await testStore();
    try {
      await store.papers.upsert({ title: 'Pruning networks', abstract: 'We prune filters.' });
      await store.papers.upsert({ title: 'Molecule graphs', abstract: 'Graph networks for chemistry.' });
      const semantic = createSemanticSearch(store, embedder);
      await semantic.load();
      assert.equal(await semantic.embedPending(), 2);
      const [top] = await semantic.rank('graph chemistry', { limit: 1 });
      assert.equal((await store.papers.get(top!.id))!.title, 'Molecule graphs');
    } finally {
      cleanup();
    }
  } finally {
    await server.close();
  }
});

test('endpoint errors and malformed answers are reported, not stored', async () => {
  const answers: [number, unknown][] = [
    [401, { error: { message: 'bad key' } }],
    [200, { data: [] }],
    [200, { data: [{ index: 0, embedding: ['x'] }] }],
  ];
  const server = await openAiServer((_req, res) => sendJson(res, ...answers.shift()!));
  try {
    const embedder = createOpenAiEmbedder({ url: server.url, model: 'm' });
    await assert.rejects(embedder.embed(['a']), /answered 401: .*bad key/);
    await assert.rejects(embedder.embed(['a']), /malformed/);
    await assert.rejects(embedder.embed(['a']), /not a list of numbers/);
  } finally {
    await server.close();
  }
  await assert.rejects(createOpenAiEmbedder({ url: server.url, model: 'm', timeoutMs: 500 }).embed(['a']), Error, 'a closed port fails cleanly');
});

test('base URLs with or without /v1 reach the same endpoint', () => {
  assert.equal(openAiEndpoint('http://h:1', 'embeddings'), 'http://h:1/v1/embeddings');
  assert.equal(openAiEndpoint('http://h:1/v1/', 'chat/completions'), 'http://h:1/v1/chat/completions');
});
