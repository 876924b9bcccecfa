import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { communityApp } from '../community/communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';
import { listenOnLoopback } from '../helpers/browser.ts';
import { call, commonScenario, tokenFor } from './mcpFixture.ts';

type App = Awaited<ReturnType<typeof communityApp>>;

forEachBackend((backend) => {
  /** The app over the demo corpus, served on a loopback port, as `paperwire serve` would serve it. */
  async function served(env: Record<string, string> = {}) {
    const t = await communityApp({ backend, env });
    const server = await listenOnLoopback(t.app);
    return { ...t, base: server.base, close: async () => (await server.close(), t.cleanup()) };
  }

  /** The SDK's own client over Streamable HTTP, sending the token when given. */
  async function connect(base: string, token?: string): Promise<Client> {
    const client = new Client({ name: 'paperwire-test', version: '1.0.0' });
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));
    return client;
  }

  async function newestDay(t: App) {
    const day = (await t.store.daily.latestDate())!;
    const { total } = await t.store.daily.list({ from: day, to: day }, 'upvotes', { limit: 1, offset: 0 });
    return { day, total };
  }

  test(`MCP over HTTP: tools, search, Markdown, paging, errors, and a read-only token cannot upvote (${backend})`, async () => {
    const t = await served();
    try {
      const { token } = await tokenFor(t.cd, 'reader', 'read');
      const client = await connect(t.base, token);
      const { day, total } = await newestDay(t);
      await commonScenario(client, day, total);
      await client.close();
    } finally {
      await t.close();
    }
  });

  test(`MCP over HTTP: a write token upvotes and saves; anonymous callers read but cannot; resources (${backend})`, async () => {
    const t = await served();
    try {
      const { token, userId } = await tokenFor(t.cd, 'writer', 'write');
      const anon = await connect(t.base);
      const hit = (await call(anon, 'search_papers', { q: 'speculative decoding', limit: 1 })).structuredContent as { papers: { id: string; upvotes: number }[] };
      const id = hit.papers[0]!.id;
      const refused = await call(anon, 'upvote', { id });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /needs a personal access token/);
      assert.match((await call(anon, 'for_you')).text, /needs a personal access token/);

      const writer = await connect(t.base, token);
      const voted = await call(writer, 'upvote', { id });
      assert.deepEqual(voted.structuredContent, { paper: id, upvoted: true, upvotes: hit.papers[0]!.upvotes + 1 });
      assert.equal((await t.store.papers.get(id))!.upvotes, hit.papers[0]!.upvotes + 1);
      const saved = await call(writer, 'add_to_collection', { paper_id: `${t.config.baseUrl}/papers/${id}`, note: 'read on Monday' });
      assert.equal(saved.isError, undefined, saved.text);
      const col = await t.store.personal.defaultCollection(userId);
      const { items } = await t.store.personal.items(col.id, { limit: 10, offset: 0 });
      assert.deepEqual(items.map((i) => [i.paper.id, i.note]), [[id, 'read on Monday']]);
      const listed = (await call(writer, 'my_collections', { collection_id: col.id })).structuredContent as { papers: { id: string; note: string }[] };
      assert.deepEqual(listed.papers.map((p) => [p.id, p.note]), [[id, 'read on Monday']]);
      const picks = await call(writer, 'for_you', { limit: 5 });
      assert.equal(picks.isError, undefined, picks.text);
      const similar = (await call(anon, 'similar_papers', { id, limit: 3 })).structuredContent as { papers: { id: string }[] };
      assert.equal(similar.papers.length, 3);
      assert.ok(!similar.papers.some((p) => p.id === id));
      const trending = (await call(anon, 'trending', { limit: 4 })).structuredContent as { papers: unknown[]; next_page: number };
      assert.equal(trending.papers.length, 4);
      assert.equal(trending.next_page, 1);

      const { resources } = await anon.listResources();
      assert.ok(resources.some((r) => r.uri === 'paperwire://daily'));
      const { day, total } = await newestDay(t);
      const top = (await t.store.daily.list({ from: day, to: day }, 'upvotes', { limit: 1, offset: 0 })).entries[0]!.paper;
      assert.equal(resources.filter((r) => r.uri.startsWith('paperwire://papers/')).length, total, 'the newest day, one resource per paper');
      assert.ok(resources.some((r) => r.uri === `paperwire://papers/${top.id}` && r.name === top.title.replace(/\s+/g, ' ')));
      const { resourceTemplates } = await anon.listResourceTemplates();
      assert.deepEqual(resourceTemplates.map((r) => r.uriTemplate).sort(), ['paperwire://daily/{date}', 'paperwire://papers/{id}']);
      const doc = await anon.readResource({ uri: `paperwire://papers/${id}` });
      assert.match((doc.contents[0] as { text: string }).text, /^# .*\n\n\*\*Upvotes:\*\* \d+/);
      assert.equal(doc.contents[0]!.mimeType, 'text/markdown');
      const daily = await anon.readResource({ uri: 'paperwire://daily' });
      assert.match((daily.contents[0] as { text: string }).text, new RegExp(`^# Papers of ${(await t.store.daily.latestDate())!}\\n\\n1\\. \\*\\*`));
      await assert.rejects(anon.readResource({ uri: 'paperwire://papers/2401.99999' }), /was not found/);
      await anon.close();
      await writer.close();
    } finally {
      await t.close();
    }
  });

  test(`MCP over HTTP: the API rate limits hold (anonymous requests per address, writes per user) (${backend})`, async () => {
    const t = await served({ PAPERWIRE_API_RATE_LIMIT: '6', PAPERWIRE_WRITE_RATE_LIMIT: '2' });
    try {
      const anon = await connect(t.base); // initialize + initialized: two requests
      await call(anon, 'trending', { limit: 1 });
      await call(anon, 'trending', { limit: 1 });
      const api = await fetch(`${t.base}/api/daily_papers?limit=1`); // the API shares the budget
      assert.equal(api.status, 200);
      await assert.rejects(call(anon, 'trending', { limit: 1 }), /429|Too many requests/);
      assert.equal((await fetch(`${t.base}/api/daily_papers?limit=1`)).status, 429);

      const { token } = await tokenFor(t.cd, 'voter', 'write');
      const writer = await connect(t.base, token); // a token is not limited per address
      const ids = ((await call(writer, 'trending', { limit: 3 })).structuredContent as { papers: { id: string }[] }).papers.map((p) => p.id);
      const before = (await t.store.papers.get(ids[2]!))!.upvotes;
      assert.equal((await call(writer, 'upvote', { id: ids[0] })).isError, undefined);
      assert.equal((await call(writer, 'upvote', { id: ids[1] })).isError, undefined);
      const third = await call(writer, 'upvote', { id: ids[2] });
      assert.equal(third.isError, true);
      assert.match(third.text, /posting too fast.*HTTP 429/);
      assert.equal((await t.store.papers.get(ids[2]!))!.upvotes, before, 'the refused vote was not counted');
      await writer.close();
    } finally {
      await t.close();
    }
  });

  test(`MCP over HTTP: bad tokens, foreign origins, GET and PAPERWIRE_MCP=false are refused with clear answers (${backend})`, async () => {
    const t = await served();
    try {
      const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } } };
      const post = (headers: Record<string, string>, body: string = JSON.stringify(init)) =>
        fetch(`${t.base}/mcp`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers }, body });
      const ok = await post({});
      assert.equal(ok.status, 200);
      assert.equal((await ok.json()).result.serverInfo.name, 'paperwire');
      const badToken = await post({ Authorization: 'Bearer pw_not-a-real-token' });
      assert.equal(badToken.status, 401);
      assert.match((await badToken.json()).error, /unknown or revoked personal access token/);
      assert.match(badToken.headers.get('www-authenticate') ?? '', /^Bearer/);
      await assert.rejects(connect(t.base, 'pw_not-a-real-token'), /unknown or revoked personal access token/);
      const foreign = await post({ Origin: 'https://evil.example' });
      assert.equal(foreign.status, 403);
      const garbage = await post({}, '{not json');
      assert.equal(garbage.status, 400);
      assert.match(await garbage.text(), /Parse error/i);
      const get = await fetch(`${t.base}/mcp`, { headers: { Accept: 'text/event-stream' } });
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
    } finally {
      await t.close();
    }
    const off = await served({ PAPERWIRE_MCP: 'false' });
    try {
      const res = await fetch(`${off.base}/mcp`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(res.status, 404);
      assert.match((await res.json()).error, /turned off/);
    } finally {
      await off.close();
    }
  });

  test(`MCP over HTTP: hostile arguments to every tool are refused or answered, never a crash (${backend})`, async () => {
    const t = await served();
    try {
      const { token } = await tokenFor(t.cd, 'hostile', 'write');
      const client = await connect(t.base, token);
      const values: unknown[] = ['', ' ', '\u0000', '\ud800', 'x'.repeat(5000), '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', -1, 1e308, 0.5, true, null, [], {}, ['2401.00001'], { $gt: '' }, 'paperwire://papers/..', 'https://arxiv.org/abs/', '2401.00001v99'];
      let calls = 0;
      for (const { name, inputSchema } of (await client.listTools()).tools) {
        const keys = Object.keys(inputSchema.properties ?? {});
        for (const v of values) {
          for (const k of keys.length ? keys : ['x']) {
            const r = await call(client, name, { q: 'decoding', id: '2401.00001', paper_id: '2401.00001', [k]: v });
            calls++;
            assert.doesNotMatch(r.text, /something went wrong/, `${name} ${k}=${JSON.stringify(v)?.slice(0, 40)}`);
          }
        }
      }
      assert.ok(calls > 500);
      assert.deepEqual(t.logs.filter((l) => /MCP tool failed|request failed/.test(l)), []);
      await client.close();
    } finally {
      await t.close();
    }
  });
});
