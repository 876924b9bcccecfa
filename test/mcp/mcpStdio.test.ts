import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CommunityDeps } from '../../src/community/communityDeps.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { testStore } from '../helpers/testApp.ts';
import { call, commonScenario, tokenFor } from './mcpFixture.ts';

/** A data folder holding the demo corpus and two users with tokens, closed again so `paperwire mcp` can open it. */
async function dataDir() {
  const t = await testStore({ demo: true });
  const config = loadConfig({ PAPERWIRE_DATA_DIR: t.dir });
  const cd: CommunityDeps = { store: t.store, config, log: createLogger('silent'), mailer: createMailer(config, createLogger('silent')), today: () => '2026-11-23' };
  const reader = await tokenFor(cd, 'reader', 'read');
  const writer = await tokenFor(cd, 'writer', 'write');
  const day = (await t.store.daily.latestDate())!;
  const { total } = await t.store.daily.list({ from: day, to: day }, 'upvotes', { limit: 1, offset: 0 });
  t.store.close();
  return { dir: t.dir, reader, writer, day, total, cleanup: t.cleanup };
}

/** `paperwire mcp` started by the SDK's own stdio client, as an assistant starts it from its config. */
async function connect(dir: string, token?: string): Promise<Client> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', PAPERWIRE_DATA_DIR: dir, PAPERWIRE_SEMANTIC: 'false', PAPERWIRE_LOG_LEVEL: 'warn', ...(token ? { PAPERWIRE_MCP_TOKEN: token } : {}) };
  const client = new Client({ name: 'paperwire-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: ['bin/paperwire.mjs', 'mcp'], env, stderr: 'inherit' }));
  return client;
}

test('paperwire mcp over stdio: tools, search, Markdown, paging, errors, a read-only token cannot upvote, a write token can', async () => {
  const d = await dataDir();
  try {
    const reader = await connect(d.dir, d.reader.token);
    const id = await commonScenario(reader, d.day, d.total);
    await reader.close();

    const writer = await connect(d.dir, d.writer.token);
    const before = (await call(writer, 'get_paper', { id })).text.match(/\*\*Upvotes:\*\* (\d+)/)![1];
    const voted = await call(writer, 'upvote', { id });
    assert.deepEqual(voted.structuredContent, { paper: id, upvoted: true, upvotes: Number(before) + 1 });
    await writer.close();

    const anon = await connect(d.dir);
    assert.match((await call(anon, 'upvote', { id })).text, /needs a personal access token/);
    const { contents } = await anon.readResource({ uri: `paperwire://daily/${d.day}` });
    assert.match((contents[0] as { text: string }).text, new RegExp(`^# Papers of ${d.day}`));
    await anon.close();
  } finally {
    d.cleanup();
  }
});

test('paperwire mcp refuses to start when turned off or given a bad token, saying why; config redacts the token', async () => {
  const d = await dataDir();
  try {
    const run = (env: Record<string, string>) => spawnSync(process.execPath, ['bin/paperwire.mjs', 'mcp'], { env: { PATH: process.env.PATH, PAPERWIRE_DATA_DIR: d.dir, ...env }, input: '', encoding: 'utf8' });
    const off = run({ PAPERWIRE_MCP: 'false' });
    assert.equal(off.status, 2);
    assert.match(off.stderr, /turned off \(PAPERWIRE_MCP=false\)/);
    assert.equal(off.stdout, '', 'stdout is for the protocol only');
    const revoked = run({ PAPERWIRE_MCP_TOKEN: 'pw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    assert.equal(revoked.status, 2);
    assert.match(revoked.stderr, /PAPERWIRE_MCP_TOKEN is not a valid personal access token/);
    const malformed = run({ PAPERWIRE_MCP_TOKEN: 'hunter2' });
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /PAPERWIRE_MCP_TOKEN=.*must be a personal access token/);
    const shown = spawnSync(process.execPath, ['bin/paperwire.mjs', 'config'], { env: { PATH: process.env.PATH, PAPERWIRE_DATA_DIR: d.dir, PAPERWIRE_MCP_TOKEN: d.reader.token }, encoding: 'utf8' });
    const config = JSON.parse(shown.stdout) as Record<string, unknown>;
    assert.equal(config.mcpToken, '[redacted]');
    assert.equal(config.mcp, true);
    assert.ok(!shown.stdout.includes(d.reader.token), 'paperwire config never prints the token');
  } finally {
    d.cleanup();
  }
});
