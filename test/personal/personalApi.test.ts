import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/community/accounts.ts';
import { communityApp, makeUser, postForm, type TestUser } from '../community/communityHelpers.ts';
import { seedPapers } from './personalFixture.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  type T = Awaited<ReturnType<typeof communityApp>>;
  interface Item {
    paper: { id: string; title: string; upvotes: number; authors: { name: string }[] };
    reason: { kind: string; text: string };
    score: number;
  }

  describe(`personal API: /api/foryou and /api/collections (${backend})`, () => {
    let t: T;
    let alice: TestUser;
    let bob: TestUser;
    let token = '';
    before(async () => {
      t = await communityApp({ backend,  demo: false, today: '2026-11-23' });
      await seedPapers(t.store);
      alice = await makeUser(t, 'alice');
      bob = await makeUser(t, 'bob');
      token = (await createApiToken(t.cd, (await t.store.accounts.byId(alice.id))!, 'script')).secret;
      await postForm(t.app, '/saved/2611.00001', { csrf: alice.csrf, save: '1' }, alice.cookie);
    });
    after(() => t.cleanup());
    const api = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });

    it('ranks recent papers for the token holder with a reason each, in the Hugging Face paper shape', async () => {
      const res = await api('/api/foryou?limit=3', { Authorization: `Bearer ${token}` });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      const items = (await res.json()) as Item[];
      assert.equal(items.length, 3);
      assert.deepEqual(items.slice(0, 2).map((x) => x.paper.id).sort(), ['2611.00002', '2611.00004'], 'the two molecule papers first');
      assert.deepEqual(items[0]!.reason, { kind: 'similar', text: 'because you saved “Graph neural networks for molecular property prediction”' });
      assert.equal(typeof items[0]!.paper.upvotes, 'number');
      const prot = items.find((x) => x.paper.id === '2611.00002')!;
      assert.deepEqual(prot.paper.authors.map((a) => a.name), ['Cy Prot']);
      assert.ok(items.every((x, i) => i === 0 || items[i - 1]!.score >= x.score));
      assert.ok(!items.some((x) => x.paper.id === '2611.00001'), 'the saved paper itself is not recommended');
    });

    it('answers a signed-in session too, and differs per user', async () => {
      const mine = (await (await api('/api/foryou', { Cookie: alice.cookie })).json()) as Item[];
      const theirs = (await (await api('/api/foryou', { Cookie: bob.cookie })).json()) as Item[];
      assert.equal(mine[0]!.reason.kind, 'similar');
      assert.ok(theirs.every((x) => x.reason.kind === 'popular'), 'no signals: popularity, said so');
      assert.equal(theirs[0]!.paper.id, '2611.00006');
    });

    it('refuses without credentials (401) and bad limits (400), as JSON', async () => {
      for (const headers of [{}, { Authorization: 'Bearer pw_not_a_real_token' }, { Authorization: 'Basic abc' }] as Record<string, string>[]) {
        const res = await api('/api/foryou', headers);
        assert.equal(res.status, 401);
        assert.match(((await res.json()) as { error: string }).error, /personal access token/);
      }
      for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=2.5']) {
        const res = await api(`/api/foryou?${q}`, { Authorization: `Bearer ${token}` });
        assert.equal(res.status, 400, q);
        assert.match(((await res.json()) as { error: string }).error, /limit must be a whole number from 1 to 100/);
      }
      assert.equal((await api('/api/collections')).status, 401);
    });

    it("lists the caller's collections and shows one with notes; a private one only to its owner", async () => {
      const list = (await (await api('/api/collections', { Authorization: `Bearer ${token}` })).json()) as { id: number; name: string; size: number; public: boolean; default: boolean }[];
      const saved = list.find((c) => c.default)!;
      assert.deepEqual([saved.name, saved.size, saved.public], ['Saved', 1, false]);
      const one = await api(`/api/collections/${saved.id}?limit=5`, { Cookie: alice.cookie });
      assert.equal(one.status, 200);
      const body = (await one.json()) as { name: string; owner: string; papers: { paper: { id: string }; note: string }[] };
      assert.equal(body.owner, 'alice');
      assert.deepEqual(body.papers.map((p) => p.paper.id), ['2611.00001']);
      assert.equal((await api(`/api/collections/${saved.id}`)).status, 404, 'private: not for anonymous callers');
      assert.equal((await api(`/api/collections/${saved.id}`, { Cookie: bob.cookie })).status, 404, 'nor for other users');

      const res = await postForm(t.app, '/collections', { csrf: alice.csrf, name: 'Molecules', public: '1' }, alice.cookie);
      const id = /\/collections\/(\d+)/.exec(res.headers.get('location') ?? '')![1];
      await postForm(t.app, `/collections/${id}/items`, { csrf: alice.csrf, paper_id: '2611.00004', note: 'diffusion <b>graphs</b>' }, alice.cookie);
      const pub = (await (await api(`/api/collections/${id}`)).json()) as { public: boolean; papers: { paper: { id: string }; note: string }[] };
      assert.equal(pub.public, true);
      assert.deepEqual(pub.papers.map((p) => [p.paper.id, p.note]), [['2611.00004', 'diffusion <b>graphs</b>']]);
      assert.equal((await api(`/api/collections/${id}?offset=1`)).status, 200);
      assert.equal(((await (await api(`/api/collections/${id}?offset=1`)).json()) as { papers: unknown[] }).papers.length, 0);
      for (const bad of ['abc', '99999999', '-1', '1e3']) assert.equal((await api(`/api/collections/${bad}`)).status, 404, bad);
      assert.equal((await api(`/api/collections/${id}?limit=1001`)).status, 400);
      assert.equal((await api(`/api/collections/${id}?offset=-1`)).status, 400);
    });

    it('is described in /openapi.json', async () => {
      const doc = (await (await api('/openapi.json')).json()) as { paths: Record<string, Record<string, { security?: unknown; parameters: { name: string }[]; responses: Record<string, unknown> }>> };
      const fy = doc.paths['/api/foryou']!.get!;
      assert.ok(fy.security, 'needs a token');
      assert.deepEqual(fy.parameters.map((p) => p.name), ['limit']);
      assert.ok(fy.responses['401'] && fy.responses['400']);
      assert.ok(doc.paths['/api/collections']?.get && doc.paths['/api/collections/{id}']?.get);
    });
  });
});
