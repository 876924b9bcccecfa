import { coreSchema } from './001-core.ts';
import { communitySchema } from './002-community.ts';
import { digestSchema } from './003-digest.ts';
import { ingestSchema } from './004-ingest.ts';
import { ftsBatchedSchema } from './008-fts-batched.ts';
import { lexicalSchema } from './005-lexical.ts';
import { semanticSchema } from './009-semantic.ts';
import { personalSchema } from './010-personal.ts';
import { bulkImportSchema } from './011-bulk-import.ts';
import { digestPicksSchema } from './012-digest-picks.ts';
import { securitySchema } from './013-security.ts';
import { vectorChangesSchema } from './015-vector-changes.ts';
import { jobLeasesFinishedSchema } from './016-job-leases-finished.ts';
import { tokenScopesSchema } from './018-token-scopes.ts';
import { contentRevisionSchema } from './019-content-revision.ts';

/** One schema change; `version` is its place in the order, and each runs in its own transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Every migration in order. Append only: a released migration is never edited, and numbers are never reused.
 * Features take the next free number when they add tables.
 */
export const migrations: Migration[] = [
  { version: 1, name: 'core', sql: coreSchema },
  { version: 2, name: 'community', sql: communitySchema },
  { version: 3, name: 'digest', sql: digestSchema },
  { version: 4, name: 'ingest', sql: ingestSchema },
  { version: 5, name: 'lexical', sql: lexicalSchema },
  { version: 8, name: 'fts-batched', sql: ftsBatchedSchema },
  { version: 9, name: 'semantic', sql: semanticSchema },
  { version: 10, name: 'personal', sql: personalSchema },
  { version: 11, name: 'bulk-import', sql: bulkImportSchema },
  { version: 12, name: 'digest-picks', sql: digestPicksSchema },
  { version: 13, name: 'security', sql: securitySchema },
  { version: 15, name: 'vector-changes', sql: vectorChangesSchema },
  { version: 16, name: 'job-leases-finished', sql: jobLeasesFinishedSchema },
  { version: 18, name: 'token-scopes', sql: tokenScopesSchema },
  { version: 19, name: 'content-revision', sql: contentRevisionSchema },
];
