import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import { noticedBy, twoStores } from '../../helpers/backends.ts';
import { hashEmbedder } from './hashEmbedder.ts';
import { turnsUntil } from '../../helpers/eventLoopTurns.ts';


const batch = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `2401.${String(from + i).padStart(5, '0')}`, title: `paper ${from + i} on topic ${(from + i) % 97}`, abstract: `filler words ${(from + i) % 31} and ${(from + i) % 7}` }));

test('a server applies another writer’s batch of vectors in pieces between requests; a search meanwhile gets the rest at once and finds the just-embedded paper', async () => {
  const { a, b, cleanup } = await twoStores('sqlite');
  try {
    const embedder = hashEmbedder(384);
    // A: the embedding worker's connection; B: the server thread following the feed
    const writer = createSemanticSearch(a, embedder);
    const server = createSemanticSearch(b, embedder);
    await writer.load();
    await server.load();
    await a.papers.upsertMany(batch(1, 3000));
    await noticedBy(b, () => writer.embedPending({ batch: 4000 }));
    assert.equal(server.size, 0, 'the server has not followed yet');
    // the background follow (the worker told of its batch, or the once-a-second follower)
    const background = await turnsUntil(server.sync());
    assert.equal(server.size, 3000);
    assert.ok(background.turns >= 4, `the event loop turned ${background.turns} times while 3,000 vectors were applied`);

    await a.papers.upsertMany([...batch(3001, 3000), { id: '2401.09999', title: 'Zebrafish fin regeneration', abstract: 'Zebrafish regrow fins after amputation.' }]);
    await noticedBy(b, () => writer.embedPending({ batch: 4000 }));
    const following = server.sync();
    await new Promise((r) => setImmediate(r)); // a request arrives once the follow has started
    const asked = await turnsUntil(server.search('zebrafish fin regeneration', 1));
    assert.equal(asked.result[0]?.id, '2401.09999', 'the search waited for the batch it needed');
    assert.ok(asked.turns <= 2, `the rest of the batch was applied at once for the waiting search (${asked.turns} turns)`);
    await following;
    assert.equal(server.size, 6001);
    writer.close();
    server.close();
  } finally {
    cleanup();
  }
});
