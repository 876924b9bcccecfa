import { lockKey } from '../pgDb.ts';
import { SEARCH_CHANGES_LOCK } from './005-search.ts';

/**
 * PostgreSQL schema 11: cheaper bulk imports. The work queue's foreign key to papers cost a referential check per
 * queued row (two per new paper, more than half the time of a bulk insert), for rows that the papers trigger
 * itself writes from papers it has just inserted. The key goes; what it did on delete (drop a deleted paper's
 * queued work) moves into the statement-level delete trigger, one statement per deleting statement.
 */
export const pgFastWritesSchema = `
ALTER TABLE search_queue DROP CONSTRAINT search_queue_paper_rowid_fkey;

CREATE OR REPLACE FUNCTION pw_papers_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(${lockKey(SEARCH_CHANGES_LOCK)});
  INSERT INTO search_changes (paper_rowid, kind) SELECT rowid, 'delete' FROM old_rows ORDER BY rowid;
  DELETE FROM search_queue WHERE paper_rowid IN (SELECT rowid FROM old_rows);
  RETURN NULL;
END $$;
`;
