/**
 * Bulk import speed. Search runs on paperwire's in-memory lexical index (built from `papers` and kept current
 * from `search_changes`), so the SQLite full-text table had no reader left but keyword statistics, which now
 * come from that index too: it is dropped with its trigger. And a batch upsert writes the search change log and
 * work queue for its new papers once per batch (INSERT … SELECT) instead of by per-row insert triggers: it puts
 * a row in `papers_bulk_write` inside its transaction and deletes it before commit, so no other connection
 * ever sees the row and every other writer still fires the triggers. Titles are looked up only to match a local
 * paper (`pw-…`) that later arrives with an arXiv id, so only local papers' titles are indexed.
 */
export const bulkImportSchema = `
DROP TRIGGER IF EXISTS papers_fts_insert;
DROP TRIGGER IF EXISTS papers_fts_update;
DROP TRIGGER IF EXISTS papers_fts_delete;
DROP TABLE IF EXISTS papers_fts;

DROP INDEX papers_title_key;
CREATE INDEX papers_local_title ON papers(title_key) WHERE id LIKE 'pw-%';

CREATE TABLE papers_bulk_write (active INTEGER PRIMARY KEY);
DROP TRIGGER papers_lexical_insert;
CREATE TRIGGER papers_lexical_insert AFTER INSERT ON papers WHEN NOT EXISTS (SELECT 1 FROM papers_bulk_write) BEGIN
  INSERT INTO search_changes (paper_rowid, kind) VALUES (new.rowid, 'upsert');
END;
DROP TRIGGER papers_search_queue_insert;
CREATE TRIGGER papers_search_queue_insert AFTER INSERT ON papers WHEN NOT EXISTS (SELECT 1 FROM papers_bulk_write) BEGIN
  INSERT OR IGNORE INTO search_queue (task, paper_rowid) VALUES ('embed', new.rowid), ('keywords', new.rowid);
END;
`;
