import type { PaperInput } from '../../model/paper.ts';
import { localPaperId, titleKey } from '../../model/paperId.ts';
import type { UpsertStatus } from '../store.ts';
import type { Sql } from './pgDb.ts';

type Row = Record<string, unknown>;
type Keyed = { input: PaperInput; arxivId?: string; id: string; key: string };

const COMPARED = ['title', 'abstract', 'authors', 'author_count', 'published_at', 'categories', 'code_url', 'project_url', 'github_stars', 'organization_id', 'version', 'withdrawn_at', 'base_upvotes'] as const;

/** The columns of a new paper, each sent as one array (unnest), with its PostgreSQL array type. */
const INSERT_COLUMNS = [
  ['id', 'text'], ['arxiv_id', 'text'], ['version', 'int'], ['title', 'text'], ['title_key', 'text'], ['abstract', 'text'],
  ['authors', 'text'], ['author_count', 'int'], ['published_at', 'text'], ['categories', 'text'], ['code_url', 'text'],
  ['project_url', 'text'], ['github_stars', 'int'], ['organization_id', 'bigint'], ['base_upvotes', 'int'], ['upvotes', 'int'],
  ['withdrawn_at', 'text'],
] as const;
/**
 * New papers in one statement, one array parameter per column (measured against one JSON parameter per batch:
 * the arrays were as fast or faster, see docs/benchmarks.md). Rows go in input order (ordinality), so rowids and
 * change numbers follow the file.
 */
const INSERT = `INSERT INTO papers (${INSERT_COLUMNS.map(([c]) => c).join(', ')})
  SELECT ${INSERT_COLUMNS.map(([c]) => c).join(', ')} FROM unnest(${INSERT_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})
  WITH ORDINALITY AS t(${INSERT_COLUMNS.map(([c]) => c).join(', ')}, ord) ORDER BY ord`;

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
  const keyed: Keyed[] = inputs.map((input) => {
    const arxivId = input.arxivId ?? (input.id && !input.id.startsWith('pw-') ? input.id : undefined);
    return { input, arxivId, id: arxivId ?? input.id ?? localPaperId(input.title), key: titleKey(input.title) };
  });
  const orgIds = await ensureOrganizations(sql, inputs.flatMap((i) => (i.organization ? [i.organization] : [])));
  const orgId = (o: PaperInput['organization']) => (o ? orgIds.get(o.name.toLowerCase())! : null);

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
    await sql.run(INSERT, INSERT_COLUMNS.map((_, c) => queued.map((row) => row[c])));
    queued.length = 0;
  };
  const lookup = async (k: Keyed): Promise<Row | undefined> => {
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
    if (existing && input.version !== undefined && existing.version !== null && input.version < (existing.version as number)) {
      results.push({ id: existing.id as string, status: 'unchanged' });
      continue;
    }
    if (!existing) {
      queued.push([
        id, arxivId ?? null, input.version ?? null, input.title, key, input.abstract ?? null, JSON.stringify(input.authors ?? []),
        input.authors?.length || input.authorCount || null, input.publishedAt ?? null, JSON.stringify(input.categories ?? []),
        input.codeUrl ?? null, input.projectUrl ?? null, input.githubStars ?? null, orgId(input.organization),
        input.baseUpvotes ?? 0, input.baseUpvotes ?? 0, input.withdrawnAt ?? null,
      ]);
      results.push({ id, status: 'new' });
      continue;
    }
    const row = {
      id: !arxivId ? (existing.id as string) : id,
      arxiv_id: arxivId ?? (existing.arxiv_id as string | null) ?? null,
      version: input.version ?? (existing.version as number | null) ?? null,
      title: input.title,
      title_key: key,
      abstract: input.abstract ?? (existing.abstract as string | null) ?? null,
      authors: input.authors ? JSON.stringify(input.authors) : (existing.authors as string),
      author_count: input.authors?.length || input.authorCount || (existing.author_count as number | null) || null,
      published_at: input.publishedAt ?? (existing.published_at as string | null) ?? null,
      categories: input.categories ? JSON.stringify(input.categories) : (existing.categories as string),
      code_url: input.codeUrl ?? (existing.code_url as string | null) ?? null,
      project_url: input.projectUrl ?? (existing.project_url as string | null) ?? null,
      github_stars: input.githubStars ?? (existing.github_stars as number | null) ?? null,
      organization_id: input.organization ? orgId(input.organization) : ((existing.organization_id as number | null) ?? null),
      base_upvotes: input.baseUpvotes ?? (existing.base_upvotes as number | null) ?? 0,
      withdrawn_at: input.withdrawnAt ?? (existing.withdrawn_at as string | null) ?? null,
    };
    const changed = row.id !== existing.id || COMPARED.some((c) => (row[c] ?? null) !== (existing[c] ?? null));
    if (!changed) {
      results.push({ id: row.id, status: 'unchanged' });
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
