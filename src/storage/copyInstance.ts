import type { CopyReport } from './postgres/pgCopy.ts';

/**
 * Moves a SQLite instance into an empty PostgreSQL database (`paperwire db copy`): the one place that pairs the
 * two backends, the SQLite side reading (src/storage/sqlite/sqliteExport.ts) and the PostgreSQL side writing
 * (src/storage/postgres/pgCopy.ts, where resuming and the count check live). Each backend is loaded only here.
 */
export async function copySqliteToPostgres(
  sqlitePath: string,
  url: string,
  options: { batchRows?: number; onBatch?: (table: string, rows: number) => void } = {},
): Promise<CopyReport> {
  const { openSqliteExport } = await import('./sqlite/sqliteExport.ts');
  const { copyToPostgres } = await import('./postgres/pgCopy.ts');
  const source = openSqliteExport(sqlitePath);
  try {
    return await copyToPostgres(source, url, options);
  } finally {
    source.close();
  }
}
