import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { openStore } from '../../src/storage/openStore.ts';
import type { Store } from '../../src/storage/store.ts';
import { execRaw, forEachBackend, rawValue } from '../helpers/backends.ts';
import { bareDatabase, tempDir } from '../helpers/testApp.ts';

const BIN = join(import.meta.dirname, '../../bin/paperwire.mjs');
const run = (args: string[], env: Record<string, string>, input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, input, encoding: 'utf8', timeout: 60_000 });
/** Opens the database a child process used (as it left it), runs `use`, and closes it again. */
async function withStore<T>(env: Record<string, string>, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(loadConfig(env));
  try {
    return await use(store);
  } finally {
    await ('closed' in store ? (store as { closed: () => Promise<void> }).closed() : store.close());
  }
}

forEachBackend((backend) => {
  test(`import reports malformed lines by number, imports the rest, and imports nothing twice (${backend})`, async () => {
    const { dir, env, cleanup } = await bareDatabase(backend);
    try {
      const file = join(dir, 'papers.jsonl');
      writeFileSync(file, [
        JSON.stringify({ id: '2401.00001', title: 'First', authors: ['A One'], published: '2024-01-01', featured: [{ date: '2024-01-02', submitted_by: 'ada' }], upvotes: 4 }),
        '{"title": "broken json',
        JSON.stringify({ title: '' }),
        '',
        JSON.stringify({ title: 'Second', published: '2024-02-30' }),
        JSON.stringify({ title: 'Third', authors: 'not a list' }),
        JSON.stringify({ title: 'Fourth, no id', abstract: 'Text.', organization: { name: 'lab', fullname: 'The Lab' } }),
      ].join('\n'));
      const first = run(['import', file], env);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /read 6, new 2, updated 0, unchanged 0, featured 1, skipped 4/);
      assert.match(first.stdout, /line 2: not valid JSON/);
      assert.match(first.stdout, /line 3: title: title is empty/);
      assert.match(first.stdout, /line 5: published: expected a real date/);
      assert.match(first.stdout, /line 6: authors: /);
      const second = run(['import', file], env);
      assert.match(second.stdout, /new 0, updated 0, unchanged 2, featured 0, skipped 4/);
      await withStore(env, async (store) => {
        assert.equal(await store.papers.count(), 2);
        assert.equal(Number(await rawValue(store, 'SELECT count(*) AS n FROM daily_entries')), 1);
      });
      const stdin = run(['import', '-'], env, JSON.stringify({ title: 'From stdin' }) + '\n');
      assert.match(stdin.stdout, /new 1/);
      const missing = run(['import', join(dir, 'nope.jsonl')], env);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /no such file/);
    } finally {
      cleanup();
    }
  });
});

test('config prints the effective configuration with secrets redacted; bad values stop with a clear message', () => {
  const { dir, cleanup } = tempDir();
  try {
    const ok = run(['config'], { PAPERWIRE_DATA_DIR: dir, PAPERWIRE_SECRET: 's3cret-'.repeat(6), PORT: '9090' });
    assert.equal(ok.status, 0, ok.stderr);
    const shown = JSON.parse(ok.stdout);
    assert.equal(shown.port, 9090);
    assert.equal(shown.secret, '[redacted]');
    assert.ok(!ok.stdout.includes('s3cret-'));
    const bad = run(['config'], { PAPERWIRE_DATA_DIR: dir, PAPERWIRE_PORT: 'eighty', PAPERWIRE_LOAD_DEMO: 'maybe' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /invalid configuration/);
    assert.match(bad.stderr, /PAPERWIRE_PORT="eighty"/);
    assert.match(bad.stderr, /PAPERWIRE_LOAD_DEMO="maybe"/);
    assert.doesNotMatch(bad.stderr, /at \w+ \(/, 'no stack trace');
    const unknown = run(['frobnicate'], {});
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command/);
  } finally {
    cleanup();
  }
});

forEachBackend((backend) => {
  test(`migrate brings a new database up; serve refuses a database newer than the code (${backend})`, async () => {
    const bare = await bareDatabase(backend);
    try {
      const env = { ...bare.env, PAPERWIRE_PORT: '0' };
      const m = run(['migrate'], env);
      assert.equal(m.status, 0, m.stderr);
      assert.match(m.stdout, /applied migrations 1,/);
      assert.match(run(['migrate'], env).stdout, /already at version/);
      await withStore(env, (store) => execRaw(store, "INSERT INTO schema_migrations (version, name) VALUES (9999, 'from the future')"));
      const serve = run(['serve'], env);
      assert.equal(serve.status, 2);
      assert.match(serve.stderr, /schema is at version 9999, but this paperwire knows only up to/);
    } finally {
      bare.cleanup();
    }
  });

  test(`serve loads the demo corpus into an empty database and answers on its port (${backend})`, async () => {
    const { env, cleanup } = await bareDatabase(backend);
    const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, ...env, PAPERWIRE_PORT: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d) => {
          err += d;
          const m = /serving on (http:\/\/\S+)/.exec(err);
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(`server exited: ${err}`)));
      });
      const res = await fetch(url + '/');
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Daily Papers/);
      const api = await (await fetch(url + '/api/daily_papers?limit=1')).json();
      assert.equal(api.length, 1);
    } finally {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      cleanup();
    }
  });
});
