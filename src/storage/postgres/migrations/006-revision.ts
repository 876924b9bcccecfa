/**
 * PostgreSQL schema 6: change notification for caches. Every statement that writes a table bumps the sequence
 * `store_revision` and sends NOTIFY paperwire_revision (delivered when its transaction commits, folded to one
 * per transaction, carrying the writer's application_name): each server LISTENs and counts the others' (its
 * own writes it counts as they commit), and polls the sequence while its listening connection is down. A migration that adds a table calls pw_track_revision('name') for it.
 */
export const pgRevisionSchema = `
CREATE SEQUENCE store_revision;

CREATE FUNCTION pw_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('store_revision');
  PERFORM pg_notify('paperwire_revision', current_setting('application_name'));
  RETURN NULL;
END $$;

CREATE FUNCTION pw_track_revision(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION pw_bump_revision()', t || '_revision', t);
END $$;

SELECT pw_track_revision(tablename::text) FROM pg_tables
  WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'search_changes', 'search_queue');
`;
