import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Parser from 'rss-parser';
import { communityApp, makeUser, postForm, type TestUser } from '../community/communityHelpers.ts';
import { parseImport } from '../../src/personal/importEntries.ts';
import { seedPapers } from './personalFixture.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  type T = Awaited<ReturnType<typeof communityApp>>;
  const JSON_ACCEPT = { Accept: 'application/json' };

  describe(`follows, collections, marks and For you (${backend})`, () => {
    let t: T;
    let alice: TestUser;
    let bob: TestUser;
    before(async () => {
      t = await communityApp({ backend,  demo: false, today: '2026-11-23' });
      await seedPapers(t.store);
      alice = await makeUser(t, 'alice');
      bob = await makeUser(t, 'bob');
    });
    after(() => t.cleanup());

    const get = (path: string, u?: TestUser) => t.app.request(path, { headers: u ? { Cookie: u.cookie } : {} });
    const post = (path: string, u: TestUser, fields: Record<string, string>, headers: Record<string, string> = {}) => postForm(t.app, path, { csrf: u.csrf, ...fields }, u.cookie, headers);

    it('saves a paper in one request answering JSON, shows it in the Saved collection, and unsaves it', async () => {
      const res = await post('/saved/2611.00001', alice, { save: '1' }, JSON_ACCEPT);
      assert.equal(res.status, 200);
      const state = (await res.json()) as { saved: boolean; collectionId: number };
      assert.equal(state.saved, true);
      const list = await (await get('/collections', alice)).text();
      assert.match(list, /Saved<\/a> <span class="muted">1 paper · private/);
      const page = await (await get(`/collections/${state.collectionId}`, alice)).text();
      assert.match(page, /Graph neural networks for molecular property prediction/);
      assert.match(page, /aria-pressed="true">Saved</);
      assert.equal((await get(`/collections/${state.collectionId}`, bob)).status, 404, 'a private collection is invisible to others');
      assert.equal((await get(`/collections/${state.collectionId}`)).status, 404);
      await post('/saved/2611.00001', alice, { save: '0' }, JSON_ACCEPT);
      assert.doesNotMatch(await (await get(`/collections/${state.collectionId}`, alice)).text(), /molecular property prediction/);
      await post('/saved/2611.00001', alice, { save: '1' }, JSON_ACCEPT);
    });

    it('refuses bad input with 4xx and a message, never a 500', async () => {
      assert.equal((await post('/saved/2699.99999', alice, { save: '1' })).status, 404);
      assert.equal((await post('/saved/not-an-id', alice, { save: '1' })).status, 404);
      assert.equal((await postForm(t.app, '/saved/2611.00001', { save: '1' }, alice.cookie)).status, 403, 'no CSRF token');
      assert.equal((await postForm(t.app, '/saved/2611.00001', { save: '1', csrf: 'x' })).status, 403);
      assert.equal((await post('/collections', alice, { name: '  ' })).status, 422);
      assert.equal((await post('/collections', alice, { name: 'x'.repeat(81) })).status, 422);
      assert.equal((await post('/follows', alice, { kind: 'planet', value: 'Mars' })).status, 400);
      assert.equal((await post('/follows', alice, { kind: 'category', value: 'not a category!' })).status, 422);
      assert.equal((await post('/follows', alice, { kind: 'org', value: 'no-such-org' })).status, 404);
      assert.equal((await post('/marks/2611.00002', alice, { kind: 'starred' })).status, 400);
      assert.equal((await get('/following?date=2026-13-45', alice)).status, 400);
      assert.equal((await get('/collections/abc')).status, 404);
      assert.equal((await get('/collections/99999999.rss')).status, 404);
      assert.equal((await post('/collections/99999/items', alice, { paper_id: '2611.00002' })).status, 404);
      const own = await (await get('/collections', bob)).text();
      assert.ok(own.includes('Saved'));
      const res = await post('/collections', alice, { name: 'Dup' });
      assert.equal(res.status, 303);
      const dup = await post('/collections', alice, { name: 'dup' });
      assert.equal(dup.status, 422);
      assert.match(await dup.text(), /already have a collection/);
      assert.equal((await get('/for-you')).status, 303, 'anonymous readers are sent to sign in');
    });

    it('publishes a collection with notes as a page, RSS, Atom and JSON, and exports BibTeX and CSV', async () => {
      const res = await post('/collections', alice, { name: 'Molecules', description: 'Graphs of atoms', public: '1' });
      const id = /\/collections\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1];
      assert.ok(id);
      assert.equal((await post(`/collections/${id}/items`, alice, { paper_id: '2611.00004', note: '=SUM(1) "this", first' })).status, 303);
      assert.equal((await post(`/collections/${id}/items`, bob, { paper_id: '2611.00002' })).status, 404, 'only the owner adds');
      const page = await (await get(`/collections/${id}`)).text();
      assert.match(page, /Molecular generation with graph diffusion models/);
      assert.match(page, /Note: =SUM\(1\) &quot;this&quot;, first/);
      const feed = await new Parser().parseString(await (await get(`/collections/${id}.rss`)).text());
      assert.equal(feed.items[0]?.title, 'Molecular generation with graph diffusion models');
      assert.match(await (await get(`/collections/${id}.atom`)).text(), /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
      const json = (await (await get(`/collections/${id}.json`)).json()) as { name: string; papers: { id: string; note: string }[] };
      assert.equal(json.name, 'Molecules');
      assert.deepEqual(json.papers.map((p) => [p.id, p.note]), [['2611.00004', '=SUM(1) "this", first']]);
      const bib = await (await get(`/collections/${id}.bib`)).text();
      assert.match(bib, /@misc\{.*,\n\s+title\s+= \{\{Molecular generation/);
      assert.match(bib, /eprint\s+= \{2611.00004\}/);
      const csv = await (await get(`/collections/${id}.csv`)).text();
      assert.equal(csv.split('\r\n')[0], 'id,title,authors,published,categories,arxiv_url,paperwire_url,upvotes,note,added_at');
      assert.match(csv, /"'=SUM\(1\) ""this"", first"/, 'quotes doubled, formula-looking cells defused');
      await post(`/collections/${id}/settings`, alice, { name: 'Molecules', description: '' });
      assert.equal((await get(`/collections/${id}.rss`)).status, 404, 'a private collection has no feed');
      assert.equal((await get(`/collections/${id}.bib`)).status, 404, 'nor an export for others');
      assert.equal((await get(`/collections/${id}.bib`, alice)).status, 200, 'its owner still exports it');
    });

    it('imports BibTeX and id lists into a collection, reporting bad entries without failing', async () => {
      const res = await post('/collections', alice, { name: 'Imported' });
      const id = /\/collections\/(\d+)/.exec(res.headers.get('location') ?? '')![1];
      const bibtex = `@comment{ignored}
  @article{chem2026, title={Graph neural networks}, eprint={2611.00001}, archivePrefix={arXiv}}
  @misc{speech, title={Speech}, url={https://arxiv.org/abs/2611.00003v2}}
  @inproceedings{noid, title={A conference paper}, booktitle={Somewhere}}
  @misc{unknown, journal={arXiv preprint arXiv:2612.00999}}`;
      const r = await post(`/collections/${id}/import`, alice, { text: bibtex }, JSON_ACCEPT);
      assert.equal(r.status, 200);
      const report = (await r.json()) as { added: number; already: number; failed: { label: string; problem: string }[] };
      assert.equal(report.added, 2);
      assert.deepEqual(report.failed.map((f) => f.label), ['noid', 'unknown']);
      assert.match(report.failed[1]!.problem, /2612.00999 is not on paperwire yet/);
      const html = await (await post(`/collections/${id}/import`, alice, { text: '2611.00001\nhttps://arxiv.org/abs/2611.00005 banana' })).text();
      assert.match(html, /Imported 1 paper; 1 already here; 1 entry not imported/);
      assert.match(html, /<code>banana<\/code>: not an arXiv id/);
      assert.equal((await post(`/collections/${id}/import`, alice, { text: '   ' })).status, 422);
      assert.deepEqual(parseImport('arXiv:2401.01234, hep-th/9901001v3').map((e) => e.id), ['2401.01234', 'hep-th/9901001']);
    });

    it('For you ranks recent papers by what the reader saved, with reasons, and drops hidden and saved papers', async () => {
      // alice saved the molecular-graph paper (first test); bob has no signal yet.
      const cold = await (await get('/for-you', bob)).text();
      assert.match(cold, /popular this week/);
      assert.ok(cold.indexOf('Benchmarking large language models') < cold.indexOf('Equivariant message passing'), 'cold start is by popularity');
      const page = await (await get('/for-you', alice)).text();
      const molecules = page.indexOf('Equivariant message passing');
      const arithmetic = page.indexOf('Benchmarking large language models');
      assert.ok(molecules > 0 && molecules < arithmetic, 'the paper near the saved one outranks the most upvoted one');
      assert.match(page, /because you saved “Graph neural networks for molecular property prediction”/);
      assert.doesNotMatch(page.split('<main')[1]!, /Molecular generation with graph diffusion models/, 'papers in collections are not recommended again');
      await post('/marks/2611.00002', alice, { kind: 'hidden', on: '1' }, JSON_ACCEPT);
      assert.doesNotMatch(await (await get('/for-you', alice)).text(), /Equivariant message passing/);
      assert.equal((await post('/follows', alice, { kind: 'author', value: 'Gu Math' })).status, 303);
      assert.match(await (await get('/for-you', alice)).text(), /by Gu Math, whom you follow/);
    });

    it('shows the Following view of a day and manages follows', async () => {
      await post('/follows', bob, { kind: 'category', value: 'cs.CL' });
      await post('/follows', bob, { kind: 'search', value: 'diffusion molecules' });
      const day = await (await get('/following?date=2026-11-22', bob)).text();
      assert.match(day, /Streaming speech translation/);
      assert.match(day, /Molecular generation with graph diffusion/);
      assert.doesNotMatch(day, /Benchmarking large language models/, 'published another day');
      assert.match(await (await get('/follows', bob)).text(), /category: <strong>cs.CL<\/strong>/);
      await post('/follows', bob, { action: 'unfollow', kind: 'category', value: 'cs.CL' });
      assert.doesNotMatch(await (await get('/following?date=2026-11-22', bob)).text(), /Streaming speech translation/);
      assert.match(await (await get('/for-you', bob)).text(), /matches your alert “diffusion molecules”/);
    });
  });
});
