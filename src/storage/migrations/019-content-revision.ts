/**
 * Issue 20: a revision of what readers see, apart from search bookkeeping. Every commit moves SQLite's
 * `data_version`, and while a fresh import is embedded that is several commits a second of vectors, keywords and
 * queue rows — each one emptied every page cache. `content_revision` holds two counters that triggers move:
 * `lists` for any change to a table pages show (everything but the search state tables below), and `annotations`
 * for papers' AI keywords and summaries, which only a paper's own page and the API show. A bulk upsert (its
 * `papers_bulk_write` row set) moves both counters once per batch itself (paperUpserter.ts) instead of once per row.
 * A later migration that adds a table pages show must add its triggers (test/storage/contentRevision checks).
 */

/** Tables whose writes readers never see on a page: search indexes' inputs and state, job leases, the ledger. */
export const QUIET_TABLES = [
  'paper_vectors', 'vector_changes', 'search_changes', 'search_queue', 'search_state', 'job_leases',
  'papers_bulk_write', 'schema_migrations', 'content_revision',
];

const CONTENT_TABLES = [
  'account_tokens', 'api_tokens', 'authorship_claims', 'collection_items', 'collections', 'comments', 'daily_entries',
  'digest_sends', 'follows', 'ingest_cursors', 'ingest_gate', 'ingest_runs', 'moderation_log', 'org_members',
  'organizations', 'paper_marks', 'saved_search_hits', 'saved_searches', 'sessions', 'subscribers', 'upvotes', 'users',
];

/** Papers' columns other than the annotations: a change to any of them is a change to lists. */
const PAPER_COLUMNS = 'id, arxiv_id, version, title, title_key, abstract, authors, author_count, published_at, categories, code_url, project_url, github_stars, organization_id, base_upvotes, upvotes, num_comments, withdrawn_at, created_at, updated_at';

const BULK = 'WHEN NOT EXISTS (SELECT 1 FROM papers_bulk_write)';
const bump = (scope: string) => `BEGIN UPDATE content_revision SET n = n + 1 WHERE scope = '${scope}'; END;`;

export const contentRevisionSchema = `
CREATE TABLE content_revision (scope TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO content_revision (scope, n) VALUES ('lists', 0), ('annotations', 0);
${CONTENT_TABLES.map((t) => ['INSERT', 'UPDATE', 'DELETE'].map((op) => `CREATE TRIGGER ${t}_content_${op.toLowerCase()} AFTER ${op} ON ${t} ${BULK} ${bump('lists')}`).join('\n')).join('\n')}
CREATE TRIGGER papers_content_insert AFTER INSERT ON papers ${BULK} ${bump('lists')}
CREATE TRIGGER papers_content_delete AFTER DELETE ON papers ${BULK} ${bump('lists')}
CREATE TRIGGER papers_content_update AFTER UPDATE OF ${PAPER_COLUMNS} ON papers ${BULK} ${bump('lists')}
CREATE TRIGGER papers_content_annotations AFTER UPDATE OF ai_summary, ai_keywords ON papers ${BULK} ${bump('annotations')}
`;
