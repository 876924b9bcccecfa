import type { PaperInput } from '../model/paper.ts';
import type { UpsertStatus } from './store.ts';

/** One paper as an ingestion source hands it over, with the daily lists it belongs on (HF snapshots, RSS). */
export interface IngestItem {
  paper: PaperInput;
  featured?: { date: string; submittedBy?: string; position?: number }[];
}

/** Counts a run reports; the admin page shows them per source. */
export interface RunCounts {
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: number;
  requests: number;
}

/** One ingestion run as the run log keeps it. */
export interface IngestRun extends RunCounts {
  id: number;
  source: string;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'ok' | 'failed';
  message?: string;
  errors: string[];
}

/**
 * Ingestion bookkeeping: cursors advanced atomically with the papers they cover (so a crash never loses or
 * doubles a record), the run log, and the cross-process request gate that spaces calls to arXiv.
 */
export interface IngestStore {
  cursor(source: string): Promise<string | undefined>;
  /**
   * Upserts the items and sets the source's cursor in ONE transaction; `cursor` undefined leaves it as it is.
   * Submitters are matched exactly: one differing only in case from an existing username is credited to no one.
   */
  commit(source: string, items: IngestItem[], cursor?: string): Promise<{ statuses: UpsertStatus[]; featured: number }>;
  clearCursor(source: string): Promise<void>;
  /**
   * Storage tuning for the length of a bulk import (SQLite: WAL checkpoints move to their own thread); call the
   * returned function when the import ends, however it ends.
   */
  bulkWrites(): Promise<() => Promise<void>>;
  startRun(source: string): Promise<number>;
  /**
   * Ends the runs of a source still marked running as failed with `message`, returning how many. Called by the
   * holder of the ingest lease as it starts, when such runs can only belong to a process that died mid-run.
   */
  abandonRuns(source: string, message: string): Promise<number>;
  /** Records progress of a running run (counts so far), or its end when `status` is given. */
  updateRun(id: number, counts: RunCounts, end?: { status: 'ok' | 'failed'; message?: string; errors?: string[] }): Promise<void>;
  /** The newest run of each source, newest first. */
  lastRuns(): Promise<IngestRun[]>;
  recentRuns(limit: number): Promise<IngestRun[]>;
  /**
   * Reserves the next request slot on a named gate shared by every process using this database: returns how
   * many ms to wait before sending, and pushes the gate `intervalMs` past that moment.
   */
  reserveSlot(gate: string, intervalMs: number, nowMs?: number): Promise<number>;
  /** Keeps the gate closed until at least `untilMs` (after a slow response, or a Retry-After). */
  holdGate(gate: string, untilMs: number): Promise<void>;
}
