/**
 * Digests and alerts: email subscribers (double opt-in), the record of every digest send (one per subscriber and
 * period, with its Message-ID fixed before sending), users' saved searches with the papers they found, and job
 * leases so two digest runs never send at once.
 */
export const digestSchema = `
CREATE TABLE subscribers (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  user_id INTEGER UNIQUE REFERENCES users(id) ON DELETE SET NULL,
  frequency TEXT NOT NULL DEFAULT 'daily' CHECK (frequency IN ('daily', 'weekly', 'none')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'unsubscribed')),
  confirm_sent_at TEXT,
  confirmed_at TEXT,
  unsubscribed_at TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX subscribers_due ON subscribers(status, frequency, id);

CREATE TABLE digest_sends (
  id INTEGER PRIMARY KEY,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
  period TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,
  subject TEXT NOT NULL,
  paper_ids TEXT NOT NULL DEFAULT '[]',
  hit_ids TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  sent_at TEXT,
  UNIQUE (subscriber_id, period)
);
CREATE INDEX digest_sends_unsent ON digest_sends(status, id) WHERE status IN ('pending', 'sending');

CREATE TABLE saved_searches (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  query TEXT NOT NULL,
  filters TEXT NOT NULL DEFAULT '{}',
  delivery TEXT NOT NULL DEFAULT 'digest' CHECK (delivery IN ('digest', 'instant', 'feed')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  checked_at TEXT
);
CREATE INDEX saved_searches_user ON saved_searches(user_id);

CREATE TABLE saved_search_hits (
  id INTEGER PRIMARY KEY,
  search_id INTEGER NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
  paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
  found_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  baseline INTEGER NOT NULL DEFAULT 0,
  notified_at TEXT,
  UNIQUE (search_id, paper_rowid)
);
CREATE INDEX saved_search_hits_unnotified ON saved_search_hits(search_id) WHERE notified_at IS NULL;

CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
`;
