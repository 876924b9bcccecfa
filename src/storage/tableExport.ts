/**
 * A database read table by table, for moving an instance between backends (`paperwire db copy`): the source
 * backend streams each table's rows in primary-key order from a given key on, and the target backend only writes.
 */
export interface TableExport {
  /** The table's column names; empty when the source has no such table. */
  columns(table: string): string[];
  /** How many rows the table holds. */
  count(table: string): number;
  /**
   * The table's rows in order of `key` (column names; `rowid` for the row id), strictly after the key values
   * `after`, in pages of `batch`. Each row holds `columns` by name (a column the source lacks is null) and the key
   * values as `__k0`, `__k1`, … so the caller can record where it got to.
   */
  rows(table: string, key: string[], columns: string[], after: unknown[] | undefined, batch: number): Iterable<Record<string, unknown>[]>;
  close(): void;
}
