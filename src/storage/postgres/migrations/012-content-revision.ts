/**
 * PostgreSQL schema 12 (issue 20, SQLite's migration 19): notifications say what a write changed, so a server
 * can keep page caches through search bookkeeping. The payload becomes `<application_name> <kind>` — `quiet` for
 * vectors, search state and job leases (every server still counts them in the plain revision, which search
 * indexes follow), `annotations` for papers' AI keywords and summaries, `lists` for anything else. Tables
 * tracked by migration 6's pw_bump_revision keep its bare payload, which readers take as `lists`.
 */
const PAPER_COLUMNS = 'id, arxiv_id, version, title, title_key, abstract, authors, author_count, published_at, categories, code_url, project_url, github_stars, organization_id, base_upvotes, upvotes, num_comments, withdrawn_at, created_at, updated_at';

export const pgContentRevisionSchema = `
CREATE FUNCTION pw_bump_revision_as() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('store_revision');
  PERFORM pg_notify('paperwire_revision', current_setting('application_name') || ' ' || TG_ARGV[0]);
  RETURN NULL;
END $$;

${['paper_vectors', 'search_state', 'job_leases']
  .map((t) => `DROP TRIGGER IF EXISTS ${t}_revision ON ${t};
CREATE TRIGGER ${t}_revision AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION pw_bump_revision_as('quiet');`)
  .join('\n')}

DROP TRIGGER papers_revision ON papers;
CREATE TRIGGER papers_revision AFTER INSERT OR DELETE OR UPDATE OF ${PAPER_COLUMNS} ON papers FOR EACH STATEMENT EXECUTE FUNCTION pw_bump_revision_as('lists');
CREATE TRIGGER papers_revision_annotations AFTER UPDATE OF ai_summary, ai_keywords ON papers FOR EACH STATEMENT EXECUTE FUNCTION pw_bump_revision_as('annotations');
`;
