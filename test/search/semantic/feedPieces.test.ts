import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import { noticedBy, twoStores } from '../../helpers/backends.ts';
import { hashEmbedder } from './hashEmbedder.ts';

test('a server applies another writer’s batch of vectors in pieces between requests, and a search meanwhile finds the just-embedded papers', async () => {
  const { a, b, cleanup } = await twoStores('sqlite');
  try {
    const embedder = hashEmbedder(384);
    // A: the embedding worker's connection; B: the server thread following the feed
    const writer = createSemanticSearch(a, embedder);
    const server = createSemanticSearch(b, embedder);
    await writer.load();
    await server.load();
    const papers = Array.from({ length: 3000 }, (_, i) => ({ id: `2401.${String(i + 1).padStart(5, '0')}`, title: `paper ${i} on topic ${i % 97}`, abstract: `filler words ${i % 31} and ${i % 7}` }));
    papers.push({ id: '2401.09999', title: 'Zebrafish fin regeneration', abstract: 'Zebrafish regrow fins after amputation.' });
    await a.papers.upsertMany(papers);
    await noticedBy(b, () => writer.embedPending({ batch: 4000 }));
    assert.equal(server.size, 0, 'the server has not followed yet');

    // the follow starts (the worker told of its batch); count the event loop's turns until it is done
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const following = server.sync();
    // a request arriving mid-follow: its search waits for the batch it needs, and finds the newest paper
    await new Promise((r) => setImmediate(r));
    const hits = await server.search('zebrafish fin regeneration', 1);
    running = false;
    await following;
    assert.equal(hits[0]?.id, '2401.09999');
    assert.equal(server.size, 3001);
    // 3,001 vectors (several ms of reading and quantizing) applied in pieces of about a millisecond
    assert.ok(turns >= 4, `the event loop turned ${turns} times while the batch was applied`);
    writer.close();
    server.close();
  } finally {
    cleanup();
  }
});
