import type { PaperInput } from '../../model/paper.ts';
import { localPaperId, titleKey } from '../../model/paperId.ts';
import type { Db } from '../database.ts';
import type { UpsertStatus } from '../store.ts';
import type { PaperRow } from './paperRows.ts';
import { ensureOrganization } from './sqliteOrganizations.ts';

const COMPARED = ['title', 'abstract', 'authors', 'author_count', 'published_at', 'categories', 'code_url', 'project_url', 'github_stars', 'organization_id', 'version', 'withdrawn_at', 'base_upvotes'] as const;

/** From this many papers a batch writes the search change log and queue in bulk instead of by trigger. */
const BULK_FROM = 32;
/** New papers per INSERT statement in a batch (fewer statement runs and bindings), and columns per paper. */
const ROWS_PER_INSERT = 32;
const COLUMNS = 17;

/**
 * The paper upsert as a plain synchronous batch step, to run inside a caller's transaction: PaperStore wraps
 * it for one paper or many, and ingestion commits a batch together with its source cursor. A batch looks its
 * existing papers up in two queries (by id, then by title for local papers) instead of two per paper, and
 * inserts new papers 32 to a statement: the per-row cost is most of a bulk import's main thread.
 */
export function createPaperUpserter(db: Db): (inputs: PaperInput[]) => { id: string; status: UpsertStatus }[] {
  const rawById = db.prepare('SELECT * FROM papers WHERE id = ? OR arxiv_id = ?');
  const rawByTitle = db.prepare("SELECT * FROM papers WHERE title_key = ? AND id LIKE 'pw-%' LIMIT 1");
  const manyById = db.prepare(`SELECT * FROM papers WHERE id IN (SELECT value FROM json_each(?))
    UNION SELECT * FROM papers WHERE arxiv_id IN (SELECT value FROM json_each(?))`);
  const manyByTitle = db.prepare("SELECT * FROM papers WHERE title_key IN (SELECT value FROM json_each(?)) AND id LIKE 'pw-%'");
  const insertRows = (n: number) =>
    db.prepare(`INSERT INTO papers (id, arxiv_id, version, title, title_key, abstract, authors, author_count, published_at,
      categories, code_url, project_url, github_stars, organization_id, base_upvotes, upvotes, withdrawn_at)
    VALUES ${Array.from({ length: n }, () => `(${'?, '.repeat(COLUMNS - 1)}?)`).join(', ')}`);
  const insert = insertRows(1);
  const insertMany = insertRows(ROWS_PER_INSERT);
  // New papers wait here and go in ROWS_PER_INSERT at a time; flushed before anything reads or updates papers.
  const queued: unknown[] = [];
  const flush = () => {
    for (let i = 0; i < queued.length; i += COLUMNS) insert.run(queued.slice(i, i + COLUMNS));
    queued.length = 0;
  };
  const update = db.prepare(`UPDATE papers SET id = @id, arxiv_id = @arxiv_id, version = @version, title = @title, title_key = @title_key,
      abstract = @abstract, authors = @authors, author_count = @author_count, published_at = @published_at, categories = @categories,
      code_url = @code_url, project_url = @project_url, github_stars = @github_stars, organization_id = @organization_id,
      upvotes = upvotes - base_upvotes + @base_upvotes, base_upvotes = @base_upvotes, withdrawn_at = @withdrawn_at,
      updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
    WHERE rowid = @rowid`);

  const maxRowid = db.prepare('SELECT coalesce(max(rowid), 0) FROM papers').pluck();
  const bulkOn = db.prepare('INSERT OR IGNORE INTO papers_bulk_write (active) VALUES (1)');
  const bulkOff = db.prepare('DELETE FROM papers_bulk_write');
  const bulkRevision = db.prepare('UPDATE content_revision SET n = n + 1'); // the content triggers stood aside too
  const bulkChanges = db.prepare("INSERT INTO search_changes (paper_rowid, kind) SELECT rowid, 'upsert' FROM papers WHERE rowid > ?");
  const bulkQueue = db.prepare('INSERT OR IGNORE INTO search_queue (task, paper_rowid) SELECT ?, rowid FROM papers WHERE rowid > ?');

  type Keyed = { input: PaperInput; arxivId?: string; id: string; key: string };
  const one = ({ input, arxivId, id, key }: Keyed, existing: PaperRow | undefined): { id: string; status: UpsertStatus } => {
    if (existing && input.version !== undefined && existing.version !== null && input.version < (existing.version as number)) {
      return { id: existing.id as string, status: 'unchanged' };
    }
    if (!existing) {
      queued.push(
        id, arxivId ?? null, input.version ?? null, input.title, key, input.abstract ?? null, JSON.stringify(input.authors ?? []),
        input.authors?.length || input.authorCount || null, input.publishedAt ?? null, JSON.stringify(input.categories ?? []),
        input.codeUrl ?? null, input.projectUrl ?? null, input.githubStars ?? null,
        input.organization ? ensureOrganization(db, input.organization).id : null, input.baseUpvotes ?? 0, input.baseUpvotes ?? 0, input.withdrawnAt ?? null,
      );
      if (queued.length === COLUMNS * ROWS_PER_INSERT) insertMany.run(queued), (queued.length = 0);
      return { id, status: 'new' };
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
      organization_id: input.organization ? ensureOrganization(db, input.organization).id : ((existing.organization_id as number | null) ?? null),
      base_upvotes: input.baseUpvotes ?? (existing.base_upvotes as number | null) ?? 0,
      withdrawn_at: input.withdrawnAt ?? (existing.withdrawn_at as string | null) ?? null,
    };
    const changed = row.id !== existing.id || COMPARED.some((c) => (row[c] ?? null) !== (existing[c] ?? null));
    if (!changed) return { id: row.id, status: 'unchanged' };
    flush();
    update.run({ ...row, rowid: existing.rowid });
    return { id: row.id, status: 'updated' };
  };

  return (inputs) => {
    const keyed: Keyed[] = inputs.map((input) => {
      const arxivId = input.arxivId ?? (input.id && !input.id.startsWith('pw-') ? input.id : undefined);
      return { input, arxivId, id: arxivId ?? input.id ?? localPaperId(input.title), key: titleKey(input.title) };
    });
    // One lookup per batch; a paper met twice in one batch is looked up again after its first write.
    const found = new Map<string, PaperRow>();
    const ids = JSON.stringify(keyed.map((k) => k.id));
    for (const r of manyById.all(ids, ids) as PaperRow[]) {
      found.set(r.id as string, r);
      if (r.arxiv_id) found.set(r.arxiv_id as string, r);
    }
    const byTitle = new Map<string, PaperRow>();
    const titled = keyed.filter((k) => k.arxivId && !found.has(k.id));
    if (titled.length) {
      for (const r of manyByTitle.all(JSON.stringify(titled.map((k) => k.key))) as PaperRow[]) if (!byTitle.has(r.title_key as string)) byTitle.set(r.title_key as string, r);
    }
    const touched = new Set<string>();
    const each = () => {
      queued.length = 0; // left over only when an earlier batch failed (and rolled back)
      const results = keyed.map((k) => {
        let existing: PaperRow | undefined;
        if (touched.has(k.id) || touched.has(`title:${k.key}`)) {
          flush();
          existing = (rawById.get(k.id, k.arxivId ?? k.id) ?? (k.arxivId ? rawByTitle.get(k.key) : undefined)) as PaperRow | undefined;
        } else existing = found.get(k.id) ?? (k.arxivId ? byTitle.get(k.key) : undefined);
        touched.add(k.id);
        touched.add(`title:${k.key}`);
        return one(k, existing);
      });
      flush();
      return results;
    };
    if (keyed.length < BULK_FROM) return each();
    // Bulk: the insert triggers stand aside (migration 11) and the batch's new papers, the rowids above the
    // largest before it, are logged and queued in three statements.
    const before = maxRowid.get() as number;
    bulkOn.run();
    let results: { id: string; status: UpsertStatus }[];
    try {
      results = each();
    } finally {
      bulkOff.run();
    }
    bulkRevision.run();
    bulkChanges.run(before);
    bulkQueue.run('embed', before);
    bulkQueue.run('keywords', before);
    return results;
  };
}
