import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { RevisionScope } from '../store.ts';
import { StoreUnavailableError } from '../storeErrors.ts';

/** What every PostgreSQL store module runs its SQL through: the pool itself, or one transaction's connection. */
export interface Sql {
  /** All rows of a query. */
  rows<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** The first row, or undefined. */
  one<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R | undefined>;
  /** Runs a statement; returns how many rows it changed. */
  run(text: string, params?: unknown[]): Promise<number>;
}

/** The PostgreSQL handle of a store: a pool, transactions, and the local write counter behind `revision()`. */
export interface PgDb extends Sql {
  pool: pg.Pool;
  /** This store's application_name, the payload of its change notifications. */
  name: string;
  /**
   * Runs `fn` in one transaction (READ COMMITTED), committed when it returns and rolled back when it throws.
   * `locks` names advisory locks taken first, in order (pg_advisory_xact_lock, released at commit): the explicit
   * form of the serialization SQLite's BEGIN IMMEDIATE gave every writer.
   */
  tx<T>(fn: (sql: Sql) => Promise<T>, locks?: string[]): Promise<T>;
  /**
   * Counts a write this process committed (the revision moves at once for this process's own writes), as what
   * it changed: `'lists'` unless said otherwise (countedAs), so a write no one classified empties every cache.
   */
  bumped(kind?: WriteKind): void;
  /** How many of this process's own committed writes count toward a revision of `scope` (Store.revision). */
  writes(scope?: RevisionScope): number;
}

/**
 * What a write changed, for the revisions of Store.revision: `'quiet'` — search bookkeeping no page shows
 * (vectors, queues, change logs, job leases); `'annotations'` — papers' AI keywords and summaries; `'lists'` —
 * anything else. Migration 12's triggers send the same word with their notifications.
 */
export type WriteKind = 'quiet' | 'annotations' | 'lists';

/** Three counters of writes, one per revision scope (every write, content, lists), moved by the kind of a write. */
export function writeCounters() {
  const n = { any: 0, content: 0, lists: 0 };
  return {
    count(kind: WriteKind | undefined) {
      n.any++;
      if (kind !== 'quiet') n.content++;
      if (kind !== 'quiet' && kind !== 'annotations') n.lists++;
    },
    of: (scope?: RevisionScope) => (scope ? n[scope] : n.any),
  };
}

const INT8 = 20;
/** int8 (ids, counts, ms timestamps) as JS numbers: every value paperwire keeps is far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** A lock name as the 64-bit key pg_advisory_xact_lock takes (stable across processes and versions). */
export function lockKey(name: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(`paperwire:${name}`)) h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
  return BigInt.asIntN(64, h).toString();
}

const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * PostgreSQL text cannot hold NUL (SQLite's can): a NUL in a parameter becomes U+FFFD, so a lookup with one
 * finds nothing (as on SQLite, where no stored name has one) and a write keeps a visible mark instead of failing.
 */
function withoutNul(params: unknown[] | undefined): unknown[] | undefined {
  if (!params) return params;
  const clean = (v: unknown): unknown =>
    typeof v === 'string' ? (v.includes('\0') ? v.replaceAll('\0', '\uFFFD') : v) : Array.isArray(v) ? v.map(clean) : v;
  return params.map(clean);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether an error means the server cannot be used right now rather than that the query was wrong: the
 * connection refused, reset or timed out, the server shutting down, crashed, starting up or in recovery
 * (SQLSTATE class 08, 57P01-57P03), or pg's own messages for a connection that ended.
 */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (CONNECTION_CODES.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Client was closed and is not queryable/i.test(message);
}

/** A connection failure as the StoreUnavailableError callers recognize (the HTTP layer answers 503); anything else as it was. */
function unavailable(err: unknown): unknown {
  if (err instanceof StoreUnavailableError || !isConnectionError(err)) return err;
  return new StoreUnavailableError(`the PostgreSQL server is not reachable: ${(err as Error).message}`, { cause: err });
}

/** The Sql helpers over a pool or a connection; `onWrite` hears of every statement that changed rows. */
function wrap(q: pg.Pool | pg.PoolClient, onWrite: () => void): Sql {
  const query = async (text: string, params?: unknown[]) => {
    const res = await q.query(text, withoutNul(params)).catch((err: unknown) => Promise.reject(unavailable(err)));
    if (WRITES.has(res.command) && res.rowCount) onWrite();
    return res;
  };
  return {
    rows: async (text, params) => (await query(text, params)).rows,
    one: async (text, params) => (await query(text, params)).rows[0],
    run: async (text, params) => (await query(text, params)).rowCount ?? 0,
  };
}

/** A host/port/database description of a URL without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the configured server';
  }
}

/**
 * Opens a pool on `url` and checks that the server answers; an unreachable server or a refused login is one
 * clear StoreUnavailableError naming PAPERWIRE_DATABASE_URL (the CLI prints it and exits 2).
 */
export async function openPgDb(url: string, options: { max?: number } = {}): Promise<PgDb> {
  let pool: pg.Pool;
  // A name per store, carried by its NOTIFYs so that its own listener can tell its writes from other servers'.
  const name = `paperwire:${randomUUID()}`;
  try {
    pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000, types, application_name: name });
  } catch (err) {
    throw new StoreUnavailableError(`PAPERWIRE_DATABASE_URL: ${(err as Error).message}`);
  }
  // An idle connection dropped by the server (a restart) must not crash the process; the pool reconnects.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StoreUnavailableError(`PAPERWIRE_DATABASE_URL: cannot use PostgreSQL at ${describeUrl(url)}: ${(err as Error).message}`);
  }
  const writes = writeCounters();
  const bumped = (kind?: WriteKind) => writes.count(kind);
  const base = wrap(pool, () => bumped());
  return {
    ...base,
    pool,
    name,
    bumped,
    writes: writes.of,
    tx: (fn, locks = []) => transaction(pool, fn, locks, () => bumped()),
  };
}

/**
 * One transaction on a connection of `pool` (see PgDb.tx); `onCommitted` hears when it committed having changed
 * rows. A connection that cannot even roll back (the server went away) is dropped rather than reused.
 */
async function transaction<T>(pool: pg.Pool, fn: (sql: Sql) => Promise<T>, locks: string[], onCommitted: () => void): Promise<T> {
  const client = await pool.connect().catch((err: unknown) => Promise.reject(unavailable(err)));
  let broken = false;
  // A checked-out connection has no listener of the pool's: the server going away mid-transaction would be an
  // unhandled 'error' event (a crash). The failed query rejects on its own; the connection is dropped below.
  const dropped = () => void (broken = true);
  client.on('error', dropped);
  try {
    let wrote = false;
    const sql = wrap(client, () => void (wrote = true));
    await sql.run('BEGIN');
    for (const name of locks) await sql.run('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(name)]);
    const result = await fn(sql);
    await sql.run('COMMIT');
    if (wrote) onCommitted();
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw err;
  } finally {
    client.off('error', dropped);
    client.release(broken);
  }
}

/**
 * The pool's queries and transactions without counting writes toward `revision()`: for tables that are not
 * content (the rate-limit counters), whose writes must not empty the page caches.
 */
export function uncounted(db: PgDb): Sql & { tx: PgDb['tx'] } {
  const none = () => {};
  return { ...wrap(db.pool, none), tx: (fn, locks = []) => transaction(db.pool, fn, locks, none) };
}

/**
 * The pool's queries and transactions with their writes counted as `kind` (WriteKind): search bookkeeping as
 * `'quiet'`, so embedding and keyword extraction do not empty the page caches of this process.
 */
export function countedAs(db: PgDb, kind: WriteKind): Sql & { tx: PgDb['tx'] } {
  const count = () => db.bumped(kind);
  return { ...wrap(db.pool, count), tx: (fn, locks = []) => transaction(db.pool, fn, locks, count) };
}

/** Whether an error is PostgreSQL's unique violation (a concurrent or repeated insert of the same key). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}
