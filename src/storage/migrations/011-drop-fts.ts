/**
 * Search runs on paperwire's in-memory lexical index (built from `papers` and kept current from
 * `search_changes`), so the SQLite full-text table had no reader left but keyword statistics, which now come
 * from that index too. Dropping it (and its trigger) removes most of the write cost of a bulk import.
 */
export const dropFtsSchema = `
DROP TRIGGER IF EXISTS papers_fts_insert;
DROP TRIGGER IF EXISTS papers_fts_update;
DROP TRIGGER IF EXISTS papers_fts_delete;
DROP TABLE IF EXISTS papers_fts;
`;
