import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Store } from '../storage/store.ts';
import { paperRecordSchema, recordToInput, type PaperRecord } from './paperRecord.ts';

/** What an import did, line by line: the summary the CLI prints and the admin page shows. */
export interface ImportSummary {
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  featured: number;
  skipped: { line: number; reason: string }[];
}

/** Stores one parsed record: the paper, then its places on daily lists (and their submitters). */
export async function storeRecord(
  store: Store,
  record: PaperRecord,
  summary: ImportSummary,
  positionOn?: (date: string) => number | undefined,
): Promise<void> {
  const { id, status } = await store.papers.upsert(recordToInput(record));
  summary[status]++;
  for (const f of record.featured ?? []) {
    const user = f.submitted_by ? await store.users.ensure({ username: f.submitted_by }) : undefined;
    if ((await store.daily.feature(id, f.date, { submittedBy: user?.id, position: positionOn?.(f.date) })) === 'added') summary.featured++;
  }
}

/** Why a line could not be read, in one short sentence. */
function describe(error: unknown): string {
  if (error instanceof SyntaxError) return `not valid JSON (${error.message})`;
  if (error && typeof error === 'object' && 'issues' in error) {
    const issues = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    return issues.slice(0, 3).map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
  }
  return String(error);
}

/**
 * Imports papers from JSON lines in paperwire's format. A malformed line is reported with its number and
 * skipped; the rest are stored. Upserts make a rerun import nothing twice.
 */
export async function importPapers(store: Store, input: Readable, onLine?: (summary: ImportSummary) => void): Promise<ImportSummary> {
  const summary: ImportSummary = { read: 0, new: 0, updated: 0, unchanged: 0, featured: 0, skipped: [] };
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (!line) continue;
    summary.read++;
    try {
      const record = paperRecordSchema.parse(JSON.parse(line));
      await storeRecord(store, record, summary);
    } catch (error) {
      summary.skipped.push({ line: lineNo, reason: describe(error) });
    }
    onLine?.(summary);
  }
  return summary;
}
