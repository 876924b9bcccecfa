/**
 * The lexical search index lives in memory in each server process; this change log (filled by triggers, so any
 * process that writes papers feeds it) tells every index what to re-read. Old rows are pruned by the readers.
 */
export const lexicalSchema = `
CREATE TABLE search_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  paper_rowid INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('upsert', 'delete', 'votes'))
);

CREATE TRIGGER papers_lexical_insert AFTER INSERT ON papers BEGIN
  INSERT INTO search_changes (paper_rowid, kind) VALUES (new.rowid, 'upsert');
END;
CREATE TRIGGER papers_lexical_update AFTER UPDATE OF id, title, abstract, authors, categories, published_at, code_url, organization_id ON papers BEGIN
  INSERT INTO search_changes (paper_rowid, kind) VALUES (new.rowid, 'upsert');
END;
CREATE TRIGGER papers_lexical_votes AFTER UPDATE OF upvotes ON papers WHEN old.upvotes IS NOT new.upvotes BEGIN
  INSERT INTO search_changes (paper_rowid, kind) VALUES (new.rowid, 'votes');
END;
CREATE TRIGGER papers_lexical_delete AFTER DELETE ON papers BEGIN
  INSERT INTO search_changes (paper_rowid, kind) VALUES (old.rowid, 'delete');
END;
`;
