/**
 * The vector change feed: every server keeps the active model's vectors in memory and follows this log (as the
 * lexical index follows `search_changes`), so a paper embedded, re-embedded, withdrawn, renumbered or deleted by
 * any process reaches every server's semantic search. A row names a paper by rowid and by the id it had; readers
 * read the paper's current vector and state. Only the active model's vector writes are logged (dropping an old
 * model's vectors after a model change logs nothing). Old rows are pruned by the readers.
 */
export const vectorChangesSchema = `
CREATE TABLE vector_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  paper_rowid INTEGER NOT NULL,
  paper_id TEXT NOT NULL
);

CREATE TRIGGER paper_vectors_feed_insert AFTER INSERT ON paper_vectors
  WHEN new.model = (SELECT value FROM search_state WHERE key = 'embedding_model') BEGIN
  INSERT INTO vector_changes (paper_rowid, paper_id) SELECT new.paper_rowid, id FROM papers WHERE rowid = new.paper_rowid;
END;
CREATE TRIGGER paper_vectors_feed_delete AFTER DELETE ON paper_vectors
  WHEN old.model = (SELECT value FROM search_state WHERE key = 'embedding_model') BEGIN
  INSERT INTO vector_changes (paper_rowid, paper_id) SELECT old.paper_rowid, id FROM papers WHERE rowid = old.paper_rowid;
END;
CREATE TRIGGER papers_vector_feed_update AFTER UPDATE OF id, withdrawn_at ON papers
  WHEN old.id IS NOT new.id OR old.withdrawn_at IS NOT new.withdrawn_at BEGIN
  INSERT INTO vector_changes (paper_rowid, paper_id) VALUES (old.rowid, old.id);
END;
CREATE TRIGGER papers_vector_feed_delete AFTER DELETE ON papers BEGIN
  INSERT INTO vector_changes (paper_rowid, paper_id) VALUES (old.rowid, old.id);
END;
`;
