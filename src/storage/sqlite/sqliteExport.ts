import { openDatabase } from '../database.ts';
import { assertSchemaCurrent } from '../migrate.ts';
import type { TableExport } from '../tableExport.ts';

const column = (c: string) => (c === 'rowid' ? 'rowid' : `"${c.replaceAll('"', '""')}"`);
const table = (t: string) => `"${t.replaceAll('"', '""')}"`;

/**
 * Opens a SQLite instance read-only for export (refusing one whose schema is behind or ahead of this code): the
 * SQLite half of `paperwire db copy`, so the PostgreSQL half holds no SQLite SQL. Pages are read by key, never
 * by offset, so each page costs the same however far into a table it is.
 */
export function openSqliteExport(path: string): TableExport {
  const db = openDatabase(path, { readonly: true });
  try {
    assertSchemaCurrent(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    columns: (t) => (db.prepare(`PRAGMA table_info(${table(t)})`).all() as { name: string }[]).map((c) => c.name),
    count: (t) => (db.prepare(`SELECT count(*) AS n FROM ${table(t)}`).get() as { n: number }).n,
    *rows(t, key, columns, after, batch) {
      const have = new Set(this.columns(t));
      const select = columns.map((c) => (have.has(c) ? column(c) : c === 'rowid' ? 'rowid AS rowid' : `NULL AS ${column(c)}`)).join(', ');
      const keyList = key.map(column).join(', ');
      const head = `SELECT ${key.map((k, i) => `${column(k)} AS "__k${i}"`).join(', ')}, ${select} FROM ${table(t)}`;
      const first = db.prepare(`${head} ORDER BY ${keyList} LIMIT ?`);
      const next = db.prepare(`${head} WHERE (${keyList}) > (${key.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ?`);
      let from = after;
      for (;;) {
        const page = (from ? next.all(...from, batch) : first.all(batch)) as Record<string, unknown>[];
        if (!page.length) return;
        yield page;
        const end = page[page.length - 1]!;
        from = key.map((_, i) => end[`__k${i}`]);
      }
    },
    close: () => db.close(),
  };
}
