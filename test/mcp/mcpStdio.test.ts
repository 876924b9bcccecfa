import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CommunityDeps } from '../../src/community/communityDeps.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { forEachBackend, type Backend } from '../helpers/backends.ts';
import { storeEnv, testStore } from '../helpers/testApp.ts';
import { call, commonScenario, tokenFor } from './mcpFixture.ts';

/** A database holding the demo corpus and two users with tokens, closed again so `paperwire mcp` can open it; `env` points a process at it. */
async function dataDir(backend: Backend) {
  const t = await testStore({ backend, demo: true });
  const config = loadConfig(storeEnv(t));
  const cd: CommunityDeps = { store: t.store, config, log: createLogger('silent'), mailer: createMailer(config, createLogger('silent')), today: () => '2026-11-23' };
  const reader = await tokenFor(cd, 'reader', 'read');
  const writer = await tokenFor(cd, 'writer', 'write');
  const day = (await t.store.daily.latestDate())!;
  const { total } = await t.store.daily.list({ from: day, to: day }, 'upvotes', { limit: 1, offset: 0 });
  t.store.close();
  return { env: storeEnv(t), reader, writer, day, total, cleanup: t.cleanup };
}

/** `paperwire mcp` started by the SDK's own stdio client, as an assistant starts it from its config. */
async function connect(database: Record<string, string>, token?: string): Promise<Client> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...database, PAPERWIRE_SEMANTIC: 'false', PAPERWIRE_LOG_LEVEL: 'warn', ...(token ? { PAPERWIRE_MCP_TOKEN: token } : {}) };
  const client = new Client({ name: 'paperwire-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: ['bin/paperwire.mjs', 'mcp'], env, stderr: 'inherit' }));
  return client;
}

forEachBackend((backend) => {
  test(`paperwire mcp over stdio: tools, search, Markdown, paging, errors, a read-only token cannot upvote, a write token can (${backend})`, async () => {
    const d = await dataDir(backend);
    try {
      const reader = await connect(d.env, d.reader.token);
      const id = await commonScenario(reader, d.day, d.total);
      await reader.close();

      const writer = await connect(d.env, d.writer.token);
      const before = (await call(writer, 'get_paper', { id })).text.match(/\*\*Upvotes:\*\* (\d+)/)![1];
      const voted = await call(writer, 'upvote', { id });
      assert.deepEqual(voted.structuredContent, { paper: id, upvoted: true, upvotes: Number(before) + 1 });
      await writer.close();

      const anon = await connect(d.env);
      assert.match((await call(anon, 'upvote', { id })).text, /needs a personal access token/);
      const { contents } = await anon.readResource({ uri: `paperwire://daily/${d.day}` });
      assert.match((contents[0] as { text: string }).text, new RegExp(`^# Papers of ${d.day}`));
      await anon.close();
    } finally {
      d.cleanup();
    }
  });

  test(`paperwire mcp refuses to start when turned off or given a bad token, saying why; config redacts the token (${backend})`, async () => {
    const d = await dataDir(backend);
    try {
      const run = (env: Record<string, string>) => spawnSync(process.execPath, ['bin/paperwire.mjs', 'mcp'], { env: { PATH: process.env.PATH, ...d.env, ...env }, input: '', encoding: 'utf8' });
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
      const shown = spawnSync(process.execPath, ['bin/paperwire.mjs', 'config'], { env: { PATH: process.env.PATH, ...d.env, PAPERWIRE_MCP_TOKEN: d.reader.token }, encoding: 'utf8' });
      const config = JSON.parse(shown.stdout) as Record<string, unknown>;
      assert.equal(config.mcpToken, '[redacted]');
      assert.equal(config.mcp, true);
      assert.ok(!shown.stdout.includes(d.reader.token), 'paperwire config never prints the token');
    } finally {
      d.cleanup();
    }
  });
});
