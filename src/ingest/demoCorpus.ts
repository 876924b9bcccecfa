import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store } from '../storage/store.ts';
import { parseDay } from '../feed/periods.ts';
import { titleKey } from '../model/paperId.ts';
import type { PaperRecord } from './paperRecord.ts';
import { storeRecord, type ImportSummary } from './importPapers.ts';

/** The bundled demo corpus: paper cards read from five daily pages of 2025. */
export const DEMO_CORPUS_PATH = fileURLToPath(new URL('../../demo/seed-papers.jsonl', import.meta.url));

/** The year the demo pages were saved in: dates shown without a year belong to it. */
const PAGE_YEAR = 2025;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Reads a card date as shown ("Mar 11, 2020", or "Aug 28" for the pages' own year) into YYYY-MM-DD. */
export function parseCardDate(text: string | undefined): string | undefined {
  const m = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:, (\d{4}))?$/.exec(text?.trim() ?? '');
  const month = m ? MONTHS.indexOf(m[1]!.toLowerCase()) : -1;
  if (!m || month < 0) return undefined;
  const iso = `${m[3] ?? PAGE_YEAR}-${String(month + 1).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  return parseDay(iso) ? iso : undefined;
}

interface SeedCard {
  title: string;
  abstract?: string;
  authorCount?: number;
  organization?: string;
  published?: string;
  upvotes?: number;
  codeUrls?: string[];
  pageDate?: string;
  rank?: number;
}

/** Turns the seed cards into import records: one per distinct title, featured on each page's day, richest fields kept. */
export function cardsToRecords(cards: SeedCard[]): { record: PaperRecord; positions: Map<string, number> }[] {
  const byTitle = new Map<string, { record: PaperRecord; positions: Map<string, number> }>();
  for (const card of cards) {
    const key = titleKey(card.title);
    const entry = byTitle.get(key) ?? { record: { title: card.title.trim(), featured: [] } as PaperRecord, positions: new Map<string, number>() };
    const r = entry.record;
    r.abstract ??= card.abstract?.trim() || undefined;
    r.author_count ??= card.authorCount;
    r.published ??= parseCardDate(card.published);
    r.code_url ??= card.codeUrls?.find((u) => /^https?:\/\//.test(u));
    if (card.organization && !r.organization) {
      const [name, ...rest] = card.organization.trim().split(/\s+/);
      r.organization = { name: name!, fullname: rest.join(' ') || name! };
    }
    if (card.upvotes !== undefined) r.upvotes = Math.max(r.upvotes ?? 0, card.upvotes);
    const day = parseCardDate(card.pageDate);
    if (day && !entry.positions.has(day)) {
      r.featured!.push({ date: day });
      entry.positions.set(day, card.rank ?? entry.positions.size + 1);
    }
    byTitle.set(key, entry);
  }
  return [...byTitle.values()];
}

/** Loads the demo corpus into an empty database so that a first `npm start` shows a populated site. */
export async function loadDemoCorpus(store: Store, path = DEMO_CORPUS_PATH): Promise<ImportSummary> {
  const cards = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as SeedCard);
  const summary: ImportSummary = { read: cards.length, new: 0, updated: 0, unchanged: 0, featured: 0, skipped: [] };
  for (const { record, positions } of cardsToRecords(cards)) {
    await storeRecord(store, record, summary, (date) => positions.get(date));
  }
  return summary;
}
