import type { TableExport } from '../tableExport.ts';
import { openPgStore } from './pgStore.ts';
import { TargetNotEmptyError } from '../storeErrors.ts';

/** Change logs the target's own triggers fill as rows arrive; emptied at the end (every reader then loads in full). */
const LOGS = ['search_changes', 'vector_changes'];
/** Not content (rate-limit counters) or kept by each database itself. */
const SKIPPED = new Set(['schema_migrations', 'rate_windows', 'backoffs', 'pw_copy_progress']);
/** Copied after every paper arrived: the target's triggers queued every paper, the source knows what is pending. */
const LAST = ['search_queue'];

/** What a copy did, table by table. */
export interface CopyReport {
  tables: { name: string; rows: number }[];
  resumed: boolean;
}

/**
 * Copies a SQLite instance into an empty PostgreSQL database (`paperwire db copy --to URL`): creates the schema,
 * then streams every table in foreign-key order, in batches of `batchRows` rows in primary-key order, each
 * batch committed together with the table's position in `pw_copy_progress` — so a copy killed at any moment
 * resumes where its last committed batch ended. Then sets the identity sequences past the copied ids, empties the
 * change logs (servers load their indexes in full from a fresh database) and checks every table's row count
 * against the source. Refuses a target that holds papers from anything but an unfinished copy. The source is read
 * through a TableExport (src/storage/sqlite/sqliteExport.ts): this module only writes PostgreSQL.
 */
export async function copyToPostgres(source: TableExport, url: string, options: { batchRows?: number; onBatch?: (table: string, rows: number) => void } = {}): Promise<CopyReport> {
  const batchRows = options.batchRows ?? 2000;
  const target = await openPgStore(url, { migrate: true, poolSize: 2 });
  const db = target.pg;
  try {
    await db.run('CREATE TABLE IF NOT EXISTS pw_copy_progress (table_name text PRIMARY KEY, last_key text NOT NULL, done boolean NOT NULL DEFAULT false)');
    const resumed = ((await db.one<{ n: number }>('SELECT count(*) AS n FROM pw_copy_progress'))!.n) > 0;
    if (!resumed && (await target.papers.count()) > 0) throw new TargetNotEmptyError('the target database already holds papers: copy into an empty database');
    const tables = await copyOrder(db);
    const report: CopyReport = { tables: [], resumed };
    for (const table of tables) {
      const columns = await targetColumns(db, table);
      if (!source.columns(table).length) throw new Error(`the SQLite database has no table ${table}: is it a paperwire database?`);
      const key = await primaryKey(db, table);
      const at = await progress(db, table);
      if (at?.done) continue;
      if (LAST.includes(table) && !at) await db.run(`DELETE FROM ${table}`);
      const after: unknown[] | undefined = at ? JSON.parse(at.last_key) : undefined;
      const per = Math.max(1, Math.min(batchRows, Math.floor(60_000 / columns.length)));
      for (const rows of source.rows(table, key, columns, after, per)) {
        const params: unknown[] = [];
        const values = rows.map((r) => `(${columns.map((c) => (params.push(r[c]), `$${params.length}`)).join(', ')})`).join(', ');
        const end = rows[rows.length - 1]!;
        const last = key.map((_, i) => end[`__k${i}`]);
        await db.tx(async (sql) => {
          await sql.run(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`, params);
          await sql.run('INSERT INTO pw_copy_progress (table_name, last_key) VALUES ($1, $2) ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key', [table, JSON.stringify(last)]);
        });
        options.onBatch?.(table, rows.length);
      }
      await db.run("INSERT INTO pw_copy_progress (table_name, last_key, done) VALUES ($1, '[]', true) ON CONFLICT (table_name) DO UPDATE SET done = true", [table]);
    }
    for (const table of LOGS) await db.run(`DELETE FROM ${table}`);
    await resetIdentities(db);
    for (const table of tables) {
      const want = source.count(table);
      const got = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
      if (want !== got) throw new Error(`${table}: ${want} rows in SQLite but ${got} in PostgreSQL`);
      report.tables.push({ name: table, rows: got });
    }
    await db.run('DROP TABLE pw_copy_progress');
    return report;
  } finally {
    await target.closed();
  }
}

type Db = Awaited<ReturnType<typeof openPgStore>>['pg'];

const progress = (db: Db, table: string) => db.one<{ last_key: string; done: boolean }>('SELECT last_key, done FROM pw_copy_progress WHERE table_name = $1', [table]);

/** A table's primary key columns in the target (SQLite's are the same); SQLite's rowid for a table without one. */
async function primaryKey(db: Db, table: string): Promise<string[]> {
  const cols = await db.rows<{ c: string }>(
    `SELECT a.attname AS c FROM pg_index i JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY k.n`,
    [table],
  );
  return cols.length ? cols.map((r) => r.c) : ['rowid'];
}

/** The target's tables with content, parents before children (foreign keys), the work queue last. */
async function copyOrder(db: Db): Promise<string[]> {
  const names = (await db.rows<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")).map((r) => r.t).filter((t) => !SKIPPED.has(t) && !LOGS.includes(t));
  const edges = await db.rows<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
      WHERE c.contype = 'f' AND c.conrelid <> c.confrelid AND c.connamespace = current_schema()::regnamespace`,
  );
  const order: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (order.includes(t) || path.has(t)) return;
    path.add(t);
    for (const e of edges) if (e.child === t && names.includes(e.parent)) visit(e.parent, path);
    order.push(t);
  };
  for (const t of names) if (!LAST.includes(t)) visit(t, new Set());
  return [...order, ...LAST.filter((t) => names.includes(t))];
}

/** A table's columns in the target, in order (generated identity columns included: ids are copied as they are). */
async function targetColumns(db: Db, table: string): Promise<string[]> {
  return (await db.rows<{ c: string }>('SELECT column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position', [table])).map((r) => r.c);
}

/** Moves every identity sequence past the largest copied value, so new rows get fresh ids. */
async function resetIdentities(db: Db): Promise<void> {
  const identities = await db.rows<{ t: string; c: string }>("SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'");
  for (const { t, c } of identities) {
    await db.run(`SELECT setval(pg_get_serial_sequence('${t}', '${c}'), coalesce((SELECT max("${c}") FROM ${t}), 0) + 1, false)`);
  }
}
