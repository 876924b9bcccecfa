import type { IngestRun } from './ingestStore.ts';

/** An ingest_runs row as either driver returns it. */
export type RunRow = Record<string, string | number | null>;

/** An ingest_runs row as an IngestRun: shared by the SQLite and PostgreSQL stores (same columns and value types). */
export const toRun = (r: RunRow): IngestRun => ({
  id: r.id as number,
  source: r.source as string,
  startedAt: r.started_at as string,
  finishedAt: (r.finished_at as string | null) ?? undefined,
  status: r.status as IngestRun['status'],
  read: r.read as number,
  new: r.new as number,
  updated: r.updated as number,
  unchanged: r.unchanged as number,
  skipped: r.skipped as number,
  requests: r.requests as number,
  message: (r.message as string | null) ?? undefined,
  errors: JSON.parse(r.errors as string),
});
