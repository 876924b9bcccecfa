/**
 * Ingestion bookkeeping: a cursor per source (advanced in the same transaction as the papers it covers), a log
 * of runs for the admin page, and the request gate that keeps every process of an instance polite to arXiv.
 */
export const ingestSchema = `
CREATE TABLE ingest_cursors (
  source TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE ingest_runs (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  finished_at TEXT,
  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed')),
  read INTEGER NOT NULL DEFAULT 0,
  new INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  requests INTEGER NOT NULL DEFAULT 0,
  message TEXT,
  errors TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX ingest_runs_source ON ingest_runs(source, id);

CREATE TABLE ingest_gate (
  name TEXT PRIMARY KEY,
  next_at_ms INTEGER NOT NULL
);
`;
