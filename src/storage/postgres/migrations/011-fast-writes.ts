import { lockKey } from '../pgDb.ts';
import { SEARCH_CHANGES_LOCK } from './005-search.ts';

/**
 * PostgreSQL schema 11: cheaper bulk imports. The work queue's foreign key to papers cost a referential check per
 * queued row (two per new paper, more than half the time of a bulk insert), for rows that the papers trigger
 * itself writes from papers it has just inserted. The key goes; what it did on delete (drop a deleted paper's
 * queued work) moves into the statement-level delete trigger, one statement per deleting statement.
 *
 * And a vote in one round trip: pw_set_vote takes the change-log lock (as every writer of upvotes does, before any
 * row lock), writes or deletes the vote and moves the paper's counter only when the vote row changed, all inside
 * the one statement's own transaction, where VoteStore.set took four (BEGIN, lock, write, COMMIT). It answers the
 * count after the vote and whether anything changed; no row when the paper is unknown.
 *
 * And a batch of daily-list entries in one round trip (pw_feature_papers): the days' locks (keys computed by the
 * caller, sorted) first, then each entry in order exactly as one INSERT did (the next free position unless one
 * is given; an entry already there is left alone). Returns how many entries it added.
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

CREATE FUNCTION pw_set_vote(p_user bigint, p_paper text, p_up boolean, OUT upvotes integer, OUT changed boolean) RETURNS SETOF record
LANGUAGE plpgsql AS $$
DECLARE
  target bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(${lockKey(SEARCH_CHANGES_LOCK)});
  SELECT p.rowid, p.upvotes INTO target, upvotes FROM papers p WHERE p.id = p_paper;
  IF NOT FOUND THEN RETURN; END IF;
  IF p_up THEN
    INSERT INTO upvotes (user_id, paper_rowid) VALUES (p_user, target) ON CONFLICT DO NOTHING;
  ELSE
    DELETE FROM upvotes v WHERE v.user_id = p_user AND v.paper_rowid = target;
  END IF;
  changed := FOUND;
  IF changed THEN
    UPDATE papers p SET upvotes = p.upvotes + CASE WHEN p_up THEN 1 ELSE -1 END WHERE p.rowid = target RETURNING p.upvotes INTO upvotes;
  END IF;
  RETURN NEXT;
END $$;

CREATE FUNCTION pw_feature_papers(p_locks bigint[], p_dates text[], p_rowids bigint[], p_users bigint[], p_positions integer[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  k bigint;
  i integer;
  n integer;
  added integer := 0;
BEGIN
  FOREACH k IN ARRAY p_locks LOOP
    PERFORM pg_advisory_xact_lock(k);
  END LOOP;
  FOR i IN 1 .. coalesce(array_length(p_dates, 1), 0) LOOP
    INSERT INTO daily_entries (date, paper_rowid, submitted_by, position)
      VALUES (p_dates[i], p_rowids[i], p_users[i], coalesce(p_positions[i], (SELECT coalesce(max(d.position), 0) + 1 FROM daily_entries d WHERE d.date = p_dates[i])))
      ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    added := added + n;
  END LOOP;
  RETURN added;
END $$;
`;
