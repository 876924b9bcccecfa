/** The core schema: papers, organizations, users, daily lists, upvotes and the lexical index. */
export const coreSchema = `
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  fullname TEXT NOT NULL,
  avatar_url TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  fullname TEXT,
  avatar_url TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE papers (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  arxiv_id TEXT UNIQUE,
  version INTEGER,
  title TEXT NOT NULL,
  title_key TEXT NOT NULL,
  abstract TEXT,
  authors TEXT NOT NULL DEFAULT '[]',
  author_count INTEGER,
  published_at TEXT,
  categories TEXT NOT NULL DEFAULT '[]',
  code_url TEXT,
  project_url TEXT,
  github_stars INTEGER,
  organization_id INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
  base_upvotes INTEGER NOT NULL DEFAULT 0,
  upvotes INTEGER NOT NULL DEFAULT 0,
  num_comments INTEGER NOT NULL DEFAULT 0,
  ai_summary TEXT,
  ai_keywords TEXT NOT NULL DEFAULT '[]',
  withdrawn_at TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX papers_title_key ON papers(title_key);
CREATE INDEX papers_organization ON papers(organization_id);
CREATE INDEX papers_published ON papers(published_at);

CREATE TABLE daily_entries (
  date TEXT NOT NULL,
  paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
  submitted_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  submitted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (date, paper_rowid)
) WITHOUT ROWID;
CREATE INDEX daily_entries_paper ON daily_entries(paper_rowid);
CREATE INDEX daily_entries_submitter ON daily_entries(submitted_by);

CREATE TABLE upvotes (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (user_id, paper_rowid)
) WITHOUT ROWID;
CREATE INDEX upvotes_paper ON upvotes(paper_rowid);

CREATE VIRTUAL TABLE papers_fts USING fts5(
  title, abstract, authors,
  content='papers', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
  INSERT INTO papers_fts(rowid, title, abstract, authors) VALUES (new.rowid, new.title, coalesce(new.abstract, ''), new.authors);
END;
CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
  INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors) VALUES ('delete', old.rowid, old.title, coalesce(old.abstract, ''), old.authors);
END;
CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract, authors ON papers BEGIN
  INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors) VALUES ('delete', old.rowid, old.title, coalesce(old.abstract, ''), old.authors);
  INSERT INTO papers_fts(rowid, title, abstract, authors) VALUES (new.rowid, new.title, coalesce(new.abstract, ''), new.authors);
END;
`;
