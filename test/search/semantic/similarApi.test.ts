import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSemanticSearch } from '../../../src/search/semantic/semanticSearch.ts';
import { testApp } from '../../helpers/testApp.ts';
import { hashEmbedder } from './hashEmbedder.ts';
import { forEachBackend } from '../../helpers/backends.ts';

forEachBackend((backend) => {
  test(`GET /api/papers/{id}/similar and the paper page list semantic neighbours; bad input is a 400 or 404 (${backend})`, async () => {
    const t = await testApp({ backend, demo: false });
    try {
      const ids: string[] = [];
      for (const [title, abstract] of [
        ['Post-training quantization for large language models', 'Quantize weights to four bits after training.'],
        ['Low-bit quantization of vision transformers', 'We quantize weights and activations to low bit widths.'],
        ['Graph networks for molecules', 'Message passing over molecular graphs.'],
        ['Protein structure with graph networks', 'Molecular graphs and message passing for proteins.'],
      ]) ids.push((await t.store.papers.upsert({ title: title!, abstract })).id);
      const semantic = createSemanticSearch(t.store, hashEmbedder(64));
      await semantic.load();
      await semantic.embedPending();
      t.search.semantic = semantic;

      const res = await t.app.request(`/api/papers/${ids[0]}/similar?limit=1`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { id: string; title: string; ai_keywords: string[] }[];
      assert.equal(body.length, 1);
      assert.equal(body[0]!.id, ids[1]);
      assert.ok(Array.isArray(body[0]!.ai_keywords), 'the same paper shape as GET /api/papers/{id}');
      const all = (await (await t.app.request(`/api/papers/${ids[2]}/similar`)).json()) as { id: string }[];
      assert.equal(all[0]!.id, ids[3]);
      assert.ok(!all.some((p) => p.id === ids[2]), 'a paper is not similar to itself');

      const page = await (await t.app.request(`/papers/${ids[2]}`)).text();
      const section = page.slice(page.indexOf('Similar papers'));
      assert.ok(section.indexOf('Protein structure with graph networks') < section.indexOf('quantization') || !section.includes('quantization'));
      assert.match(section, /Protein structure with graph networks/);

      assert.equal((await t.app.request('/api/papers/2499.99999/similar')).status, 404);
      assert.equal((await t.app.request('/api/papers/%E0%A4%A/similar')).status, 404);
      const bad = await t.app.request(`/api/papers/${ids[0]}/similar?limit=500`);
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: string }).error, /limit must be a whole number from 1 to 50/);
      const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
      assert.ok(doc.paths['/api/papers/{id}/similar'], 'documented in the OpenAPI document');
    } finally {
      t.cleanup();
    }
  });

  test(`without a semantic index, similar papers fall back to shared words (${backend})`, async () => {
    const t = await testApp({ backend, demo: false });
    try {
      const a = (await t.store.papers.upsert({ title: 'Sparse mixture of experts routing', abstract: 'Experts and routing.' })).id;
      const b = (await t.store.papers.upsert({ title: 'Routing in mixture of experts models', abstract: 'Load balancing experts.' })).id;
      const body = (await (await t.app.request(`/api/papers/${a}/similar`)).json()) as { id: string }[];
      assert.deepEqual(body.map((p) => p.id), [b]);
    } finally {
      t.cleanup();
    }
  });
});
