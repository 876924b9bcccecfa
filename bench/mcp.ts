/**
 * `npm run bench:mcp`: what the MCP endpoint costs over the JSON API for the same answers, one client calling in
 * sequence against `paperwire serve` over the demo corpus (a fresh MCP server is built per request: stateless), and
 * how long `paperwire mcp` takes from spawn to its tool list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { loadDemoCorpus } from '../src/ingest/demoCorpus.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { startServer } from './lib/serverProcess.ts';

const N = Number(process.env.BENCH_CALLS ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-mcp-'));
const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
await loadDemoCorpus(store);
const day = (await store.daily.latestDate())!;
const paper = (await store.daily.list({ from: day, to: day }, 'upvotes', { limit: 1, offset: 0 })).entries[0]!.paper.id;
store.close();
const env = { PAPERWIRE_SEMANTIC: 'false', PAPERWIRE_API_RATE_LIMIT: '0', PAPERWIRE_LOG_LEVEL: 'info' };
const server = await startServer(dir, env);
await server.waitForLog(/lexical search index built/);

const client = new Client({ name: 'bench', version: '1' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));

async function measure(label: string, once: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 20; i++) await once();
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await once();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2);
  return `| ${label} | ${N} | ${at(0.5)} | ${at(0.99)} | ${Math.round(N / (ms.reduce((a, b) => a + b, 0) / 1000))} |`;
}
const get = (path: string) => async () => {
  const res = await fetch(`${server.url}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.text();
};
const tool = (name: string, args: Record<string, unknown>) => async () => {
  const r = await client.callTool({ name, arguments: args });
  if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.content)}`);
  return r;
};

const rows = [
  await measure('API `/api/papers/search?q=speculative+decoding&limit=20`', get('/api/papers/search?q=speculative+decoding&limit=20')),
  await measure('MCP `search_papers` q=speculative decoding, limit 20', tool('search_papers', { q: 'speculative decoding', limit: 20 })),
  await measure(`API \`/api/papers/${paper}\``, get(`/api/papers/${paper}`)),
  await measure('MCP `get_paper` (Markdown)', tool('get_paper', { id: paper })),
  await measure(`API \`/api/daily_papers?date=${day}&limit=20\``, get(`/api/daily_papers?date=${day}&limit=20`)),
  await measure('MCP `daily_papers` date, limit 20', tool('daily_papers', { date: day, limit: 20 })),
  await measure('MCP `tools/list`', () => client.listTools()),
];
await client.close();
await server.stop();

const starts: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const c = new Client({ name: 'bench', version: '1' });
  await c.connect(new StdioClientTransport({ command: process.execPath, args: ['bin/paperwire.mjs', 'mcp'], env: { PATH: process.env.PATH ?? '', PAPERWIRE_DATA_DIR: dir, ...env, PAPERWIRE_LOG_LEVEL: 'warn' } }));
  await c.listTools();
  starts.push(performance.now() - t);
  await c.close();
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`| call | calls | p50 ms | p99 ms | calls/s (sequential) |\n| --- | ---: | ---: | ---: | ---: |\n${rows.join('\n')}\n\n`);
process.stdout.write(`paperwire mcp, spawn to tool list: ${starts.map((s) => Math.round(s)).join(', ')} ms\n`);
