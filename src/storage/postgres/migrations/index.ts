import type { Migration } from '../../migrations/index.ts';
import { pgCoreSchema } from './001-core.ts';
import { pgCommunitySchema } from './002-community.ts';
import { pgDigestSchema } from './003-digest.ts';
import { pgIngestPersonalSchema } from './004-ingest-personal.ts';
import { pgSearchSchema } from './005-search.ts';
import { pgRevisionSchema } from './006-revision.ts';
import { pgSecuritySchema } from './007-security.ts';
import { pgJobLeasesFinishedSchema } from './008-job-leases-finished.ts';
import { pgVectorChangesSchema } from './009-vector-changes.ts';
import { pgLimitsSchema } from './010-limits.ts';
import { pgFastWritesSchema } from './011-fast-writes.ts';
import { pgContentRevisionSchema } from './012-content-revision.ts';

/**
 * The PostgreSQL migrations in order: their own numbering (PostgreSQL started from the SQLite schema as of its
 * version 12, in fewer steps), with the same rules: append only, never edited once released, each applied in
 * one transaction with its ledger row.
 */
export const pgMigrations: Migration[] = [
  { version: 1, name: 'core', sql: pgCoreSchema },
  { version: 2, name: 'community', sql: pgCommunitySchema },
  { version: 3, name: 'digest', sql: pgDigestSchema },
  { version: 4, name: 'ingest-personal', sql: pgIngestPersonalSchema },
  { version: 5, name: 'search', sql: pgSearchSchema },
  { version: 6, name: 'revision', sql: pgRevisionSchema },
  { version: 7, name: 'security', sql: pgSecuritySchema },
  { version: 8, name: 'job-leases-finished', sql: pgJobLeasesFinishedSchema },
  { version: 9, name: 'vector-changes', sql: pgVectorChangesSchema },
  { version: 10, name: 'limits', sql: pgLimitsSchema },
  { version: 11, name: 'fast-writes', sql: pgFastWritesSchema },
  { version: 12, name: 'content-revision', sql: pgContentRevisionSchema },
];
