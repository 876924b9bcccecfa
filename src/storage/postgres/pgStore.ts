import type { Store } from '../store.ts';
import { createPgAccountStore } from './pgAccounts.ts';
import { createPgClaimStore, createPgCommentStore, createPgMembershipStore, createPgModerationLogStore, createPgSubmissionStore } from './pgCommunity.ts';
import { openPgDb, uncounted, type PgDb } from './pgDb.ts';
import { createPgDigestSendStore, createPgJobLeaseStore, createPgSubscriberStore } from './pgDigest.ts';
import { createPgIngestStore } from './pgIngest.ts';
import { createPgLimitStore } from './pgLimits.ts';
import { pgAssertSchemaCurrent, pgMigrate } from './pgMigrate.ts';
import { createPgDailyStore, createPgOrganizationStore, createPgPaperStore, createPgUserStore, createPgVoteStore } from './pgPapers.ts';
import { createPgPersonalStore } from './pgPersonal.ts';
import { watchRevision } from './pgRevision.ts';
import { createPgSavedSearchStore } from './pgSavedSearches.ts';
import { createPgLexicalStore, createPgSearchIndexStore } from './pgSearch.ts';

/** A Store backed by PostgreSQL, with its handle kept for tests and tools that need the pool. */
export interface PgStore extends Store {
  pg: PgDb;
  /** Ends the pool and the listening connection, and resolves when they are closed. */
  closed(): Promise<void>;
}

/**
 * Opens the PostgreSQL store at `url`. With `migrate: true` pending migrations run first (under an advisory
 * lock, so servers starting together migrate once); either way the store refuses to open when the schema does
 * not match this code. An unreachable server is a StoreUnavailableError naming PAPERWIRE_DATABASE_URL.
 */
export async function openPgStore(url: string, options: { migrate?: boolean; poolSize?: number } = {}): Promise<PgStore> {
  const db = await openPgDb(url, { max: options.poolSize });
  try {
    if (options.migrate) await pgMigrate(db);
    await pgAssertSchemaCurrent(db);
  } catch (err) {
    await db.pool.end().catch(() => {});
    throw err;
  }
  const watch = watchRevision(db, url);
  let closing: Promise<void> | undefined;
  const closed = () => (closing ??= watch.stop().then(() => db.pool.end()).catch(() => {}));
  return {
    pg: db,
    papers: createPgPaperStore(db),
    daily: createPgDailyStore(db),
    organizations: createPgOrganizationStore(db),
    users: createPgUserStore(db),
    votes: createPgVoteStore(db),
    accounts: createPgAccountStore(db),
    comments: createPgCommentStore(db),
    submissions: createPgSubmissionStore(db),
    memberships: createPgMembershipStore(db),
    claims: createPgClaimStore(db),
    moderationLog: createPgModerationLogStore(db),
    ingest: createPgIngestStore(db),
    subscribers: createPgSubscriberStore(db),
    digestSends: createPgDigestSendStore(db),
    savedSearches: createPgSavedSearchStore(db),
    jobLeases: createPgJobLeaseStore(db),
    searchIndex: createPgSearchIndexStore(db),
    lexical: createPgLexicalStore(db),
    personal: createPgPersonalStore(db),
    limits: createPgLimitStore(uncounted(db)),
    poolStats: async () => ({ open: db.pool.totalCount, idle: db.pool.idleCount, waiting: db.pool.waitingCount }),
    revision: watch.revision,
    close: () => void closed(),
    closed,
  };
}
