import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createApiToken } from '../../src/community/accounts.ts';
import type { CommunityDeps } from '../../src/community/communityDeps.ts';
import type { TokenScope } from '../../src/community/types.ts';
import { signUp } from '../../src/community/accounts.ts';

/** Every tool the MCP server offers. */
export const TOOLS = ['add_to_collection', 'daily_papers', 'for_you', 'get_paper', 'my_collections', 'search_papers', 'similar_papers', 'trending', 'upvote'];

/** Titles of the demo corpus's papers about speculative decoding (from the corpus file itself). */
export function demoSpeculativeTitles(): string[] {
  return readFileSync('demo/seed-papers.jsonl', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { title: string }).title.replace(/\s+/g, ' '))
    .filter((t) => /speculative decoding/i.test(t));
}

/** A verified account with a personal access token of the given scope. */
export async function tokenFor(cd: CommunityDeps, username: string, scope: TokenScope): Promise<{ token: string; userId: number }> {
  const account = (await signUp(cd, { username, email: `${username}@example.org`, password: 'correct horse battery' }, { verified: true, skipMail: true }))!;
  return { token: (await createApiToken(cd, account, `${scope} token`, { scope })).secret, userId: account.id };
}

/** Calls a tool and returns its result with the text of its first content block. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult & { text: string }> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const first = r.content[0];
  return { ...r, text: first?.type === 'text' ? first.text : '' };
}

type Brief = { id: string; title: string; upvotes: number; abstract: string; featured?: string };

/**
 * What every transport must do, asserted against a client connected to a server over the demo corpus: the tool
 * list with schemas, search, one paper's Markdown, paging a day, errors naming the argument, and that the
 * read-only token behind the client cannot upvote. Returns a paper id for the caller's own checks.
 */
export async function commonScenario(client: Client, latestDay: string, dayCount: number): Promise<string> {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
  const search = tools.find((t) => t.name === 'search_papers')!;
  assert.deepEqual(search.inputSchema.required, ['q']);
  assert.ok(['q', 'mode', 'sort', 'limit', 'offset', 'from', 'to', 'category', 'org', 'has_code'].every((k) => k in (search.inputSchema.properties ?? {})), 'the API search parameters');
  assert.match(search.description ?? '', /query language/);

  const found = await call(client, 'search_papers', { q: 'speculative decoding', limit: 10 });
  assert.equal(found.isError, undefined, found.text);
  const hits = (found.structuredContent as { papers: Brief[]; total: number }).papers;
  const wanted = demoSpeculativeTitles();
  assert.ok(wanted.length >= 5);
  for (const title of wanted) assert.ok(hits.some((h) => h.title === title), `found "${title}"`);
  assert.match(hits[0]!.title, /speculative/i);
  assert.ok(hits.every((h) => h.abstract.length <= 301), 'abstracts are short');
  assert.deepEqual(JSON.parse(found.text), found.structuredContent, 'the same answer as text');

  const paper = await call(client, 'get_paper', { id: hits[0]!.id });
  assert.ok(paper.text.startsWith(`# ${hits[0]!.title}`), paper.text.slice(0, 80));
  assert.match(paper.text, /## Abstract\n\n\S/);
  assert.match(paper.text, /\*\*Upvotes:\*\* \d+/);

  const seen: string[] = [];
  for (let p = 0; p < 100; p++) {
    const page = await call(client, 'daily_papers', { date: latestDay, p, limit: 7 });
    const body = page.structuredContent as { papers: Brief[]; next_page?: number; period: { key: string } };
    assert.equal(body.period.key, latestDay);
    assert.ok(body.papers.every((x) => x.featured === latestDay));
    seen.push(...body.papers.map((x) => x.id));
    if (body.next_page === undefined) break;
    assert.equal(body.papers.length, 7);
    assert.equal(body.next_page, p + 1);
  }
  assert.equal(seen.length, dayCount, 'paging covers the whole day');
  assert.equal(new Set(seen).size, dayCount, 'no paper twice');
  const newest = await call(client, 'daily_papers', { limit: 3 });
  assert.equal((newest.structuredContent as { period: { key: string } }).period.key, latestDay, 'no date: the newest day');

  const tooMany = await call(client, 'search_papers', { q: 'decoding', limit: 500 });
  assert.equal(tooMany.isError, true);
  assert.match(tooMany.text, /limit must be a whole number from 1 to 120/);
  const noQuery = await call(client, 'search_papers', {});
  assert.equal(noQuery.isError, true);
  assert.match(noQuery.text, /\bq\b/);
  const badDay = await call(client, 'daily_papers', { date: '2025-02-30' });
  assert.equal(badDay.isError, true);
  assert.match(badDay.text, /date is not a real day/);
  const badMode = await call(client, 'search_papers', { q: 'x', mode: 'fuzzy' });
  assert.match(badMode.text, /mode must be hybrid, lexical or semantic/);
  const unknown = await call(client, 'get_paper', { id: '2401.99999' });
  assert.equal(unknown.isError, true);
  assert.match(unknown.text, /Paper 2401\.99999 was not found/);

  const before = hits[0]!.upvotes;
  const refused = await call(client, 'upvote', { id: hits[0]!.id });
  assert.equal(refused.isError, true);
  assert.match(refused.text, /read-only/);
  const saved = await call(client, 'add_to_collection', { paper_id: hits[0]!.id });
  assert.match(saved.text, /read-only/);
  const after = (await call(client, 'search_papers', { q: `"${hits[0]!.title}"`, limit: 1 })).structuredContent as { papers: Brief[] };
  assert.equal(after.papers[0]!.upvotes, before, 'no vote was counted');
  const mine = await call(client, 'my_collections');
  assert.equal(mine.isError, undefined, 'a read-only token reads its collections');
  assert.deepEqual((mine.structuredContent as { collections: { name: string }[] }).collections.map((c) => c.name), ['Saved']);
  return hits[0]!.id;
}
