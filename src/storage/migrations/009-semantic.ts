/**
 * Semantic search, keywords and summaries: paper vectors per embedding model, the queue of papers whose text
 * changed (filled by triggers, so an import only adds a row and never waits for a model), and the active model.
 */
export const semanticSchema = `
CREATE TABLE paper_vectors (
  model TEXT NOT NULL,
  paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
  scale REAL NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (model, paper_rowid)
) WITHOUT ROWID;
CREATE INDEX paper_vectors_paper ON paper_vectors(paper_rowid);

CREATE TABLE search_queue (
  task TEXT NOT NULL,
  paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
  PRIMARY KEY (task, paper_rowid)
) WITHOUT ROWID;
CREATE INDEX search_queue_paper ON search_queue(paper_rowid);

CREATE TABLE search_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE INDEX papers_unsummarized ON papers(rowid) WHERE ai_summary IS NULL;

INSERT INTO search_queue (task, paper_rowid) SELECT 'embed', rowid FROM papers;
INSERT INTO search_queue (task, paper_rowid) SELECT 'keywords', rowid FROM papers;

CREATE TRIGGER papers_search_queue_insert AFTER INSERT ON papers BEGIN
  INSERT OR IGNORE INTO search_queue (task, paper_rowid) VALUES ('embed', new.rowid), ('keywords', new.rowid);
END;
CREATE TRIGGER papers_search_queue_update AFTER UPDATE OF id, title, abstract ON papers
  WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.abstract IS NOT new.abstract BEGIN
  INSERT OR IGNORE INTO search_queue (task, paper_rowid) VALUES ('embed', new.rowid), ('keywords', new.rowid);
END;
CREATE TRIGGER papers_summary_stale AFTER UPDATE OF title, abstract ON papers
  WHEN old.abstract IS NOT new.abstract OR old.title IS NOT new.title BEGIN
  UPDATE papers SET ai_summary = NULL WHERE rowid = new.rowid;
END;
`;
