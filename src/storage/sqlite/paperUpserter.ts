import type { PaperInput } from '../../model/paper.ts';
import type { Db } from '../database.ts';
import type { UpsertStatus } from '../store.ts';
import type { PaperRow } from '../paperRows.ts';
import { isOlderVersion, keyPapers, mergedPaperRow, newPaperValues, NEW_PAPER_COLUMNS, type KeyedPaper } from '../paperUpsertRows.ts';
import { ensureOrganization } from './sqliteOrganizations.ts';

/** From this many papers a batch writes the search change log and queue in bulk instead of by trigger. */
const BULK_FROM = 32;
/** New papers per INSERT statement in a batch (fewer statement runs and bindings), and columns per paper. */
const ROWS_PER_INSERT = 32;
const COLUMNS = NEW_PAPER_COLUMNS.length;

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
    db.prepare(`INSERT INTO papers (${NEW_PAPER_COLUMNS.join(', ')})
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

  const orgId = (org: NonNullable<PaperInput['organization']>) => ensureOrganization(db, org).id;
  const one = (k: KeyedPaper, existing: PaperRow | undefined): { id: string; status: UpsertStatus } => {
    if (existing && isOlderVersion(k.input, existing)) return { id: existing.id as string, status: 'unchanged' };
    if (!existing) {
      queued.push(...newPaperValues(k, orgId));
      if (queued.length === COLUMNS * ROWS_PER_INSERT) insertMany.run(queued), (queued.length = 0);
      return { id: k.id, status: 'new' };
    }
    const row = mergedPaperRow(k, existing, orgId);
    if (!row) return { id: !k.arxivId ? (existing.id as string) : k.id, status: 'unchanged' };
    flush();
    update.run({ ...row, rowid: existing.rowid });
    return { id: row.id, status: 'updated' };
  };

  return (inputs) => {
    const keyed = keyPapers(inputs);
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
