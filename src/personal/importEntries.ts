import { HttpError } from '../http/errors.ts';
import { parseArxivId } from '../model/paperId.ts';
import type { Store } from '../storage/store.ts';
import { ownedCollection } from './collections.ts';

/** One entry of an import text: the arXiv id found in it, or why none was. */
export interface ImportEntry {
  /** How the entry is named in reports: its BibTeX key or the line's text. */
  label: string;
  id?: string;
  problem?: string;
}

/** What an import did: how many papers were added or already there, and each entry that failed, with why. */
export interface ImportReport {
  added: number;
  already: number;
  failed: { label: string; problem: string }[];
}

const MAX_TEXT = 1_000_000;
const MAX_ENTRIES = 2_000;
const SKIPPED_TYPES = new Set(['comment', 'string', 'preamble']);
const ID_PATTERNS = [
  /\beprint\s*=\s*[{"]?\s*([^,}"\s]+)/i,
  /arxiv\.org\/(?:abs|pdf)\/([^\s},"]+)/i,
  /10\.48550\/arxiv\.([^\s},"]+)/i,
  /\barxiv:\s*([^\s},"]+)/i,
];

/** The arXiv id in one BibTeX entry's text, trying eprint, arXiv URLs, arXiv DOIs and "arXiv:" mentions in turn. */
function idInEntry(body: string): string | undefined {
  for (const re of ID_PATTERNS) {
    const m = re.exec(body);
    const parsed = m && parseArxivId(m[1]!.replace(/\.$/, ''));
    if (parsed) return parsed.id;
  }
  return undefined;
}

/**
 * Reads an import text: a BibTeX file (any entry type; the id from eprint, an arXiv URL or DOI, or "arXiv:…") or a
 * list of arXiv ids and URLs, one or more per line. Entries without an id are reported, never fatal.
 */
export function parseImport(text: string): ImportEntry[] {
  if (text.length > MAX_TEXT) throw new HttpError(422, 'The import is too large: at most 1 MB');
  const entries: ImportEntry[] = [];
  if (/@\s*[a-z]+\s*[{(]/i.test(text)) {
    const starts = [...text.matchAll(/@\s*([a-z]+)\s*[{(]/gi)];
    starts.forEach((m, n) => {
      const type = m[1]!.toLowerCase();
      if (SKIPPED_TYPES.has(type)) return;
      const body = text.slice(m.index! + m[0].length, starts[n + 1]?.index ?? text.length);
      const key = /^\s*([^,\s]+)\s*,/.exec(body)?.[1] ?? `entry ${n + 1}`;
      const id = idInEntry(body);
      entries.push(id ? { label: key, id } : { label: key, problem: 'no arXiv id in this entry (eprint, arXiv URL or DOI)' });
    });
  } else {
    for (const token of text.split(/[\s,;]+/).filter(Boolean)) {
      const parsed = parseArxivId(token);
      entries.push(parsed ? { label: token.slice(0, 100), id: parsed.id } : { label: token.slice(0, 100), problem: 'not an arXiv id' });
    }
  }
  if (entries.length > MAX_ENTRIES) throw new HttpError(422, `Too many entries: at most ${MAX_ENTRIES} per import`);
  return entries;
}

/** Imports a BibTeX file or id list into one of the user's collections; the one entry point for the page and API. */
export async function importIntoCollection(store: Store, userId: number, collectionId: number, text: string): Promise<ImportReport> {
  await ownedCollection(store, userId, collectionId);
  const entries = parseImport(text);
  if (!entries.length) throw new HttpError(422, 'Nothing to import: paste BibTeX entries or arXiv ids');
  const report: ImportReport = { added: 0, already: 0, failed: [] };
  for (const e of entries) {
    if (!e.id) {
      report.failed.push({ label: e.label, problem: e.problem! });
      continue;
    }
    const r = await store.personal.addItem(collectionId, e.id);
    if (r === 'added') report.added++;
    else if (r === 'exists') report.already++;
    else report.failed.push({ label: e.label, problem: `${e.id} is not on paperwire yet: submit it first` });
  }
  return report;
}
