/**
 * The full-text index of papers is written by the paper upsert once per batch instead of row by row in
 * triggers (see createPaperUpserter): with other triggers on `papers`, FTS5 flushed its pending terms on every
 * row and bulk imports ran several times slower. The delete trigger stays, for any code that deletes papers.
 */
export const ftsBatchedSchema = `
DROP TRIGGER IF EXISTS papers_fts_insert;
DROP TRIGGER IF EXISTS papers_fts_update;
`;
