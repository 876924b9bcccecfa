import type { Paper } from '../model/paper.ts';
import type { Store } from '../storage/store.ts';

/** Reads papers by id, in the order asked, leaving out unknown ids (the shape of `PaperStore.getMany`). */
export type PaperReads = (ids: string[]) => Promise<Paper[]>;

/**
 * `getMany` for the steps of one search: a paper read once (a spelling's surface form, the exact-title check of
 * the best lexical hits) is not read again when the page is filled — the same rows in the same revision — so a
 * hybrid query reads each of its papers' rows once. Made per search, dropped with it.
 */
export function paperReads(store: Store): PaperReads {
  const seen = new Map<string, Paper>();
  return async (ids) => {
    const missing = ids.filter((id) => !seen.has(id));
    if (missing.length) for (const p of await store.papers.getMany(missing)) seen.set(p.id, p);
    return ids.flatMap((id) => seen.get(id) ?? []);
  };
}
