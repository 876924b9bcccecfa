import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pgMigrations } from '../../src/storage/postgres/migrations/index.ts';
import { openPgStore, type PgStore } from '../../src/storage/postgres/pgStore.ts';
import { openSqliteStore, type SqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import type { Store } from '../../src/storage/store.ts';

/** The storage backends every backend-neutral test runs on. */
export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];

/**
 * Runs a test file's tests once per backend, as in `forEachBackend((backend) => test(`… (${backend})`, …))`:
 * one suite, written against the Store interface, for SQLite and PostgreSQL alike.
 */
export function forEachBackend(define: (backend: Backend) => void): void {
  for (const backend of BACKENDS) define(backend);
}

/** The server scripts/run-tests.mjs started (or one the developer named), as an admin URL. */
function adminUrl(): string {
  const url = process.env.PAPERWIRE_TEST_PG_URL;
  if (!url) {
    throw new Error('PostgreSQL is not available for tests: install it (initdb is looked for in /usr/lib/postgresql/*/bin) or set PAPERWIRE_TEST_PG_URL');
  }
  return url;
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

let admin: pg.Pool | undefined;
let template: Promise<string> | undefined;

/** One admin connection per test process (it lets the process exit when idle). */
const adminPool = () => (admin ??= new pg.Pool({ connectionString: adminUrl(), max: 2, allowExitOnIdle: true }));

/**
 * A migrated template database, made once per schema (its name carries a hash of the migrations) and shared by
 * every test process: CREATE DATABASE … TEMPLATE copies it in milliseconds, where migrating takes far longer.
 */
function migratedTemplate(): Promise<string> {
  return (template ??= (async () => {
    const hash = createHash('sha256').update(JSON.stringify(pgMigrations)).digest('hex').slice(0, 12);
    const name = `pw_template_${hash}`;
    const client = await adminPool().connect();
    try {
      await client.query('SELECT pg_advisory_lock(4242)');
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!exists.rowCount) {
        await client.query(`CREATE DATABASE ${name}_building`);
        const store = await openPgStore(withDatabase(adminUrl(), `${name}_building`), { migrate: true, poolSize: 1 });
        await store.closed();
        await client.query(`ALTER DATABASE ${name}_building RENAME TO ${name}`);
      }
      return name;
    } finally {
      await client.query('SELECT pg_advisory_unlock(4242)').catch(() => {});
      client.release();
    }
  })());
}

/** A fresh PostgreSQL database of its own, migrated (or with `unmigrated`, bare): its URL and a function that drops it. */
export async function freshPgDatabase(options: { unmigrated?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const tmpl = options.unmigrated ? 'template1' : await migratedTemplate();
  const name = `pw_test_${randomBytes(6).toString('hex')}`;
  await adminPool().query(`CREATE DATABASE ${name} TEMPLATE ${tmpl}`);
  return {
    url: withDatabase(adminUrl(), name),
    drop: async () => void (await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** A PostgreSQL store over a fresh database; `cleanup` closes it and drops the database. */
export async function freshPgStore(): Promise<{ store: PgStore; url: string; cleanup: () => Promise<void> }> {
  const { url, drop } = await freshPgDatabase();
  const store = await openPgStore(url, { poolSize: 4 });
  return { store, url, cleanup: async () => (await store.closed(), await drop()) };
}

/**
 * Runs one SQL statement (no parameters, written to mean the same on both backends) on a store's own database:
 * for the few test set-ups no Store method should offer, such as moving a timestamp into the past.
 */
export async function execRaw(store: Store, sql: string): Promise<void> {
  if ('db' in store) (store as SqliteStore).db.exec(sql);
  else await (store as PgStore).pg.run(sql);
}

/** The rows of one SQL query (no parameters, meaning the same on both backends) on a store's own database. */
export async function rawRows<R = Record<string, unknown>>(store: Store, sql: string): Promise<R[]> {
  if ('db' in store) return (store as SqliteStore).db.prepare(sql).all() as R[];
  return (store as PgStore).pg.rows<R>(sql);
}

/** The first column of the first row of one SQL query (no parameters) on a store's own database. */
export async function rawValue(store: Store, sql: string): Promise<unknown> {
  const [row] = await rawRows(store, sql);
  return row && Object.values(row as object)[0];
}

/**
 * Two stores over one database — what two `paperwire serve` processes have: two connections to one SQLite file
 * (in `dir`), or two pools on one fresh PostgreSQL database. `cleanup` closes both and removes the database.
 */
export async function twoStores(backend: Backend): Promise<{ a: Store; b: Store; dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-test-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (backend === 'postgres') {
    const { url, drop } = await freshPgDatabase();
    const [a, b] = [await openPgStore(url, { poolSize: 4 }), await openPgStore(url, { poolSize: 4 })];
    return { a, b, dir, cleanup: () => (removeDir(), void Promise.all([a.closed(), b.closed()]).then(drop).catch(() => {})) };
  }
  const path = join(dir, 'paperwire.db');
  const a = openSqliteStore(path, { migrate: true });
  const b = openSqliteStore(path);
  return { a, b, dir, cleanup: () => (a.close(), b.close(), removeDir()) };
}

/**
 * Runs `write` (on another store over the same database) and waits until `reader` has noticed it: at once on
 * SQLite (data_version), within milliseconds on PostgreSQL (its NOTIFYs; a little longer so that a burst of
 * commits has all arrived). For tests of what one server sees of another's writes.
 */
export async function noticedBy<T>(reader: Store, write: () => Promise<T>): Promise<T> {
  const before = reader.revision();
  const result = await write();
  for (let i = 0; i < 400 && reader.revision() === before; i++) await new Promise((r) => setTimeout(r, 5));
  if ('pg' in reader) await new Promise((r) => setTimeout(r, 50));
  return result;
}
