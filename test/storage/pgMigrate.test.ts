import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { openStore } from '../../src/storage/openStore.ts';
import { pgMigrations } from '../../src/storage/postgres/migrations/index.ts';
import { openPgDb } from '../../src/storage/postgres/pgDb.ts';
import { pgMigrate, pgSchemaState } from '../../src/storage/postgres/pgMigrate.ts';
import { openPgStore } from '../../src/storage/postgres/pgStore.ts';
import { SchemaAheadError, SchemaBehindError, StoreUnavailableError } from '../../src/storage/storeErrors.ts';
import { freshPgDatabase } from '../helpers/backends.ts';

test('PostgreSQL migrations are numbered in order without repeats', () => {
  const versions = pgMigrations.map((m) => m.version);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  assert.equal(new Set(versions).size, versions.length);
});

test('PostgreSQL: servers starting together migrate once, each migration with its ledger row', async () => {
  const { url, drop } = await freshPgDatabase({ unmigrated: true });
  try {
    const dbs = await Promise.all([1, 2, 3].map(() => openPgDb(url, { max: 2 })));
    const applied = await Promise.all(dbs.map((db) => pgMigrate(db)));
    assert.deepEqual(applied.flat().sort((a, b) => a - b), pgMigrations.map((m) => m.version), 'every migration applied exactly once between them');
    assert.deepEqual(await pgMigrate(dbs[0]!), []);
    const state = await pgSchemaState(dbs[0]!);
    assert.equal(state.current, state.latest);
    assert.equal((await dbs[0]!.one<{ n: number }>('SELECT count(*) AS n FROM schema_migrations'))!.n, pgMigrations.length);
    await Promise.all(dbs.map((db) => db.pool.end()));
  } finally {
    await drop();
  }
});

test('PostgreSQL: a failing migration rolls back whole and leaves the version unchanged', async () => {
  const { url, drop } = await freshPgDatabase();
  const db = await openPgDb(url, { max: 1 });
  try {
    const broken = [...pgMigrations, { version: 999, name: 'broken', sql: 'CREATE TABLE half_done (x integer); SELECT * FROM no_such_table;' }];
    await assert.rejects(pgMigrate(db, broken), /no_such_table/);
    const state = await pgSchemaState(db);
    assert.equal(state.current, pgMigrations.at(-1)!.version);
    assert.equal((await db.one<{ t: string | null }>("SELECT to_regclass('half_done')::text AS t"))!.t, null);
  } finally {
    await db.pool.end();
    await drop();
  }
});

test('PostgreSQL: the store refuses a database written by a newer paperwire, and one behind unless asked to migrate', async () => {
  const ahead = await freshPgDatabase();
  const behind = await freshPgDatabase({ unmigrated: true });
  try {
    const db = await openPgDb(ahead.url, { max: 1 });
    await db.run("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')", [pgMigrations.at(-1)!.version + 1]);
    await db.pool.end();
    await assert.rejects(openPgStore(ahead.url, { migrate: true }), SchemaAheadError);
    await assert.rejects(openPgStore(behind.url), SchemaBehindError);
    const store = await openPgStore(behind.url, { migrate: true });
    await store.closed();
  } finally {
    await ahead.drop();
    await behind.drop();
  }
});

test('PostgreSQL: an unreachable server or a wrong URL is one line naming PAPERWIRE_DATABASE_URL, exit code 2', async () => {
  await assert.rejects(openStore({ databasePath: '', databaseUrl: 'postgres://nobody@127.0.0.1:1/none' }), (err: unknown) => {
    assert.ok(err instanceof StoreUnavailableError);
    assert.match(err.message, /^PAPERWIRE_DATABASE_URL: cannot use PostgreSQL at 127\.0\.0\.1:1\/none/);
    return true;
  });
  const { url, drop } = await freshPgDatabase();
  const saved = { ...process.env };
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  try {
    process.env.PAPERWIRE_DATABASE_URL = url.replace(/\/[^/]+$/, '/no_such_database');
    process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof process.stderr.write;
    assert.equal(await main(['migrate']), 2);
    process.env.PAPERWIRE_DATABASE_URL = 'mysql://x';
    assert.equal(await main(['migrate']), 2);
    process.env.PAPERWIRE_DATABASE_URL = url;
    assert.equal(await main(['backup', '/tmp/x.dump']), 2, 'backup on PostgreSQL points to pg_dump');
  } finally {
    process.stderr.write = write;
    process.env = saved;
    await drop();
  }
  assert.match(errors[0]!, /paperwire migrate: PAPERWIRE_DATABASE_URL: cannot use PostgreSQL at .*no_such_database.*does not exist/);
  assert.equal(errors[0]!.trim().split('\n').length, 1);
  assert.match(errors[1]!, /PAPERWIRE_DATABASE_URL=.*must be a postgres:\/\/ URL/);
  assert.match(errors[2]!, /pg_dump --format=custom --file=\/tmp\/x\.dump --dbname="\$PAPERWIRE_DATABASE_URL"/);
});

test('PostgreSQL: `paperwire serve` (which takes its port first) stops at an unreachable server with one line naming PAPERWIRE_DATABASE_URL, exit code 2, and frees the port', async () => {
  const { spawnSync } = await import('node:child_process');
  const { createServer } = await import('node:net');
  const { fileURLToPath } = await import('node:url');
  const { tempDir } = await import('../helpers/testApp.ts');
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const { dir, cleanup } = tempDir();
  try {
    const bin = fileURLToPath(new URL('../../bin/paperwire.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'serve'], {
      env: { ...process.env, PAPERWIRE_DATA_DIR: dir, PAPERWIRE_HOST: '127.0.0.1', PAPERWIRE_PORT: String(port), PAPERWIRE_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^paperwire serve: PAPERWIRE_DATABASE_URL: cannot use PostgreSQL at 127\.0\.0\.1:1\/none/);
    // the port it took first is free again
    await new Promise<void>((resolve, reject) => {
      const s = createServer().once('error', reject).listen(port, '127.0.0.1', () => s.close(() => resolve()));
    });
  } finally {
    cleanup();
  }
});
