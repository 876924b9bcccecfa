import { basename, dirname, join } from 'node:path';
import { openDatabase, type Db } from '../database.ts';
import { assertSchemaCurrent, migrate } from '../migrate.ts';
import type { Store } from '../store.ts';
import { createAccountStore } from './sqliteAccounts.ts';
import { createClaimStore } from './sqliteClaims.ts';
import { createCommentStore } from './sqliteComments.ts';
import { createDailyStore } from './sqliteDaily.ts';
import { createMembershipStore } from './sqliteMemberships.ts';
import { createModerationLogStore } from './sqliteModerationLog.ts';
import { createIngestStore } from './sqliteIngest.ts';
import { createJobLeaseStore } from './sqliteJobLeases.ts';
import { createLimitStore } from './sqliteLimits.ts';
import { createSavedSearchStore } from './sqliteSavedSearches.ts';
import { createDigestSendStore, createSubscriberStore } from './sqliteSubscribers.ts';
import { createOrganizationStore } from './sqliteOrganizations.ts';
import { createPaperStore } from './sqlitePapers.ts';
import { createPersonalStore } from './sqlitePersonal.ts';
import { createSearchIndexStore } from './sqliteSearchIndex.ts';
import { createLexicalStore } from './sqliteLexical.ts';
import { createSubmissionStore } from './sqliteSubmissions.ts';
import { createUserStore } from './sqliteUsers.ts';
import { createVoteStore } from './sqliteVotes.ts';

/** A Store backed by SQLite, with the raw handle kept for the few jobs that need it (backups, benchmarks). */
export interface SqliteStore extends Store {
  db: Db;
}

/**
 * Opens the SQLite store at `path`. With `migrate: true` pending migrations run first; either way the store
 * refuses to open when the schema does not match this code (ahead: never; behind: run `paperwire migrate`).
 * With `revisionPerTurn: true` (the server's), a scoped `revision(scope)` — what cached pages are keyed by — asks
 * SQLite whether another connection committed (`PRAGMA data_version`, a read transaction: ~20 µs of file locking,
 * the largest cost of a cached page) once per event-loop turn, so every request Node read in one poll of its
 * sockets shares one check; this connection's own writes still change it at once. The unscoped `revision()` that
 * background followers call (often from a timer, before the turn's poll) always checks and shares nothing: a check
 * made before the poll and kept for the requests read in it would miss a commit made while the server waited for
 * them (a vote on another server, then a read of this one's cached page). Without the option, every call checks.
 * A scoped revision reads migration 19's counters again only after that check (or this connection's own changes)
 * saw a commit.
 */
export function openSqliteStore(path: string, options: { migrate?: boolean; revisionPerTurn?: boolean; pageCacheMb?: number } = {}): SqliteStore {
  const db = openDatabase(path, { pageCacheMb: options.pageCacheMb });
  try {
    if (options.migrate) migrate(db);
    assertSchemaCurrent(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const limits = createLimitStore(() => openDatabase(limitsPath(path), { pageCacheMb: options.pageCacheMb }));
  let turnVersion: number | undefined;
  const otherCommits = () => dataVersion.get() as number;
  const turnCommits = options.revisionPerTurn
    ? () => {
        if (turnVersion === undefined) {
          turnVersion = dataVersion.get() as number;
          setImmediate(() => (turnVersion = undefined)).unref();
        }
        return turnVersion;
      }
    : otherCommits;
  // the content counters (migration 19), read again only when some commit happened since the last read
  const contentCounters = db.prepare("SELECT coalesce(sum(n), 0) AS content, coalesce(sum(n) FILTER (WHERE scope = 'lists'), 0) AS lists FROM content_revision");
  let counted = { version: -1, changes: -1, content: 0, lists: 0 };
  const content = () => {
    const version = turnCommits();
    const changes = totalChanges.get() as number;
    if (version !== counted.version || changes !== counted.changes) {
      counted = { version, changes, ...(contentCounters.get() as { content: number; lists: number }) };
    }
    return counted;
  };
  return {
    db,
    papers: createPaperStore(db),
    daily: createDailyStore(db),
    organizations: createOrganizationStore(db),
    users: createUserStore(db),
    votes: createVoteStore(db),
    accounts: createAccountStore(db),
    comments: createCommentStore(db),
    submissions: createSubmissionStore(db),
    memberships: createMembershipStore(db),
    claims: createClaimStore(db),
    moderationLog: createModerationLogStore(db),
    ingest: createIngestStore(db),
    subscribers: createSubscriberStore(db),
    digestSends: createDigestSendStore(db),
    savedSearches: createSavedSearchStore(db),
    jobLeases: createJobLeaseStore(db),
    searchIndex: createSearchIndexStore(db),
    lexical: createLexicalStore(db),
    personal: createPersonalStore(db),
    limits,
    poolStats: async () => ({ open: db.open ? 1 : 0, idle: db.open ? 1 : 0, waiting: 0 }), // one synchronous connection: never busy when asked
    revision: (scope) => (scope ? content()[scope] : otherCommits() * 1_000_000_000 + (totalChanges.get() as number)),
    close: () => {
      limits.close();
      db.close();
    },
  };
}

/** Where the rate-limit side file of a database lives: `paperwire.db` → `paperwire-limits.db`, in the same folder. */
export function limitsPath(path: string): string {
  return path === ':memory:' ? path : join(dirname(path), `${basename(path).replace(/\.db$/, '')}-limits.db`);
}
