import type { PaperInput } from '../../model/paper.ts';
import type { UpsertStatus } from '../store.ts';
import type { Sql } from './pgDb.ts';
import { isOlderVersion, keyPapers, mergedPaperRow, newPaperValues, NEW_PAPER_COLUMNS, type KeyedPaper } from '../paperUpsertRows.ts';

type Row = Record<string, unknown>;

/** The PostgreSQL array type of each new-paper column, in NEW_PAPER_COLUMNS order (each sent as one array, unnest). */
const COLUMN_TYPES = ['text', 'text', 'int', 'text', 'text', 'text', 'text', 'int', 'text', 'text', 'text', 'text', 'int', 'bigint', 'int', 'int', 'text'] as const;
/**
 * New papers in one statement, one array parameter per column (measured against one JSON parameter per batch:
 * the arrays were as fast or faster, see docs/benchmarks.md). Rows go in input order (ordinality), so rowids and
 * change numbers follow the file.
 */
const COLUMN_LIST = NEW_PAPER_COLUMNS.join(', ');
const INSERT = `INSERT INTO papers (${COLUMN_LIST})
  SELECT ${COLUMN_LIST} FROM unnest(${COLUMN_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
  WITH ORDINALITY AS t(${COLUMN_LIST}, ord) ORDER BY ord`;

const UPDATE = `UPDATE papers SET id = $1, arxiv_id = $2, version = $3, title = $4, title_key = $5, abstract = $6, authors = $7,
  author_count = $8, published_at = $9, categories = $10, code_url = $11, project_url = $12, github_stars = $13, organization_id = $14,
  upvotes = upvotes - base_upvotes + $15, base_upvotes = $15, withdrawn_at = $16, updated_at = pw_now() WHERE rowid = $17`;

/** Finds or creates organizations by handle in one round trip each way; returns handle (lowercased) → id. */
async function ensureOrganizations(sql: Sql, orgs: { name: string; fullname?: string }[]): Promise<Map<string, number>> {
  const unique = new Map<string, { name: string; fullname: string }>();
  for (const o of orgs) if (!unique.has(o.name.toLowerCase())) unique.set(o.name.toLowerCase(), { name: o.name, fullname: o.fullname ?? o.name });
  const ids = new Map<string, number>();
  if (!unique.size) return ids;
  const list = [...unique.values()];
  await sql.run('INSERT INTO organizations (name, fullname) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (name) DO NOTHING', [
    list.map((o) => o.name),
    list.map((o) => o.fullname),
  ]);
  for (const r of await sql.rows<{ id: number; name: string }>('SELECT id, name FROM organizations WHERE name = ANY($1::citext[])', [list.map((o) => o.name)])) {
    ids.set(r.name.toLowerCase(), r.id);
  }
  return ids;
}

/**
 * The paper upsert for PostgreSQL, run inside the caller's transaction (which holds the papers lock, so two
 * imports never race to insert the same paper): existing papers are looked up in two queries per batch, new
 * ones go in with one INSERT over arrays (unnest) per run of new papers, and the triggers log and queue them
 * once per statement. Same rules as the SQLite upserter: by arXiv id, then local id, then a local paper's title.
 */
export async function upsertPapers(sql: Sql, inputs: PaperInput[]): Promise<{ id: string; status: UpsertStatus }[]> {
  const keyed = keyPapers(inputs);
  const orgIds = await ensureOrganizations(sql, inputs.flatMap((i) => (i.organization ? [i.organization] : [])));
  const orgId = (o: NonNullable<PaperInput['organization']>) => orgIds.get(o.name.toLowerCase())!;

  const found = new Map<string, Row>();
  const ids = keyed.map((k) => k.id);
  for (const r of await sql.rows('SELECT * FROM papers WHERE id = ANY($1::text[]) OR arxiv_id = ANY($1::text[])', [ids])) {
    found.set(r.id as string, r);
    if (r.arxiv_id) found.set(r.arxiv_id as string, r);
  }
  const byTitle = new Map<string, Row>();
  const titled = keyed.filter((k) => k.arxivId && !found.has(k.id));
  if (titled.length) {
    const rows = await sql.rows("SELECT * FROM papers WHERE title_key = ANY($1::text[]) AND id LIKE 'pw-%' ORDER BY rowid", [titled.map((k) => k.key)]);
    for (const r of rows) if (!byTitle.has(r.title_key as string)) byTitle.set(r.title_key as string, r);
  }

  const queued: unknown[][] = [];
  const flush = async () => {
    if (!queued.length) return;
    await sql.run(INSERT, COLUMN_TYPES.map((_, c) => queued.map((row) => row[c])));
    queued.length = 0;
  };
  const lookup = async (k: KeyedPaper): Promise<Row | undefined> => {
    await flush();
    return (
      (await sql.one('SELECT * FROM papers WHERE id = $1 OR arxiv_id = $2 LIMIT 1', [k.id, k.arxivId ?? k.id])) ??
      (k.arxivId ? await sql.one("SELECT * FROM papers WHERE title_key = $1 AND id LIKE 'pw-%' ORDER BY rowid LIMIT 1", [k.key]) : undefined)
    );
  };

  const touched = new Set<string>();
  const results: { id: string; status: UpsertStatus }[] = [];
  for (const k of keyed) {
    const { input, arxivId, id, key } = k;
    // A paper met twice in one batch is looked up again after its first write.
    const existing = touched.has(id) || touched.has(`title:${key}`) ? await lookup(k) : (found.get(id) ?? (arxivId ? byTitle.get(key) : undefined));
    touched.add(id);
    touched.add(`title:${key}`);
    if (existing && isOlderVersion(input, existing)) {
      results.push({ id: existing.id as string, status: 'unchanged' });
      continue;
    }
    if (!existing) {
      queued.push(newPaperValues(k, orgId));
      results.push({ id, status: 'new' });
      continue;
    }
    const row = mergedPaperRow(k, existing, orgId);
    if (!row) {
      results.push({ id: !arxivId ? (existing.id as string) : id, status: 'unchanged' });
      continue;
    }
    await flush();
    await sql.run(UPDATE, [
      row.id, row.arxiv_id, row.version, row.title, row.title_key, row.abstract, row.authors, row.author_count, row.published_at,
      row.categories, row.code_url, row.project_url, row.github_stars, row.organization_id, row.base_upvotes, row.withdrawn_at, existing.rowid,
    ]);
    results.push({ id: row.id, status: 'updated' });
  }
  await flush();
  return results;
}
