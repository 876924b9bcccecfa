import { parsePaperRef } from '../community/submissions.ts';
import { notFound } from '../http/errors.ts';
import type { Paper } from '../model/paper.ts';
import type { Store } from '../storage/store.ts';

/**
 * The paper an assistant refers to, in any spelling it may have (arXiv id or URL with a version, a paperwire
 * URL or local id); a 404 HttpError naming the reference when paperwire does not know it.
 */
export async function resolvePaper(store: Store, ref: string): Promise<Paper> {
  const id = parsePaperRef(ref);
  const paper = id ? await store.papers.get(id) : undefined;
  if (!paper) throw notFound(`Paper ${ref.trim().slice(0, 100)}`);
  return paper;
}
