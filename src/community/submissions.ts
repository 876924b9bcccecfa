import { HttpError } from '../http/errors.ts';
import type { Paper } from '../model/paper.ts';
import { isPaperId, parseArxivId } from '../model/paperId.ts';
import { postComment } from './comments.ts';
import type { CommunityDeps } from './communityDeps.ts';
import { assertCanWrite } from './rules.ts';
import type { Account } from './types.ts';

/** Metadata typed in by hand when paperwire does not know the paper yet. */
export interface ManualMetadata {
  title: string;
  authors: string[];
  abstract?: string;
  publishedAt?: string;
}

/** How a submission ended: added to today's list, already listed (pointing to that entry), or metadata needed. */
export type SubmitResult =
  | { status: 'added'; paper: Paper; date: string }
  | { status: 'exists'; paper: Paper; date: string }
  | { status: 'needs-metadata'; id: string };

/** Reads a paper reference: an arXiv id or URL, a paperwire paper URL, or a local id. */
export function parsePaperRef(ref: string): string | undefined {
  const text = ref.trim();
  const local = /(?:^|\/papers\/)(pw-[0-9a-f]{12})\/?$/.exec(text);
  if (local) return local[1];
  const ownUrl = /^https?:\/\/[^/]+\/papers\/(.+?)\/?$/.exec(text);
  const arxiv = parseArxivId(ownUrl && !/arxiv\.org/i.test(text) ? decodeURIComponent(ownUrl[1]!) : text);
  return arxiv && isPaperId(arxiv.id) ? arxiv.id : undefined;
}

/** The first day of the month an arXiv id was issued in (2401.01234 → 2024-01-01); undefined for old-style ids. */
function arxivMonth(id: string): string | undefined {
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id);
  return m ? `20${m[1]}-${m[2]}-01` : undefined;
}

function shiftDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/**
 * Submits a paper to today's list under the community rules (configurable, each explained when it bites):
 * one entry per paper (a second submission points to the first), a maximum paper age, and a daily cap per user.
 * Unknown papers need metadata typed in by hand. The optional comment is posted on the paper.
 */
export async function submitPaper(deps: CommunityDeps, account: Account | undefined, input: { ref: string; comment?: string; manual?: ManualMetadata }): Promise<SubmitResult> {
  assertCanWrite(account);
  const { store, config } = deps;
  const id = parsePaperRef(input.ref);
  if (!id) throw new HttpError(422, 'Give an arXiv id (like 2401.01234) or an arXiv or paperwire URL of the paper');
  let paper = await store.papers.get(id);
  if (paper) {
    const featured = await store.papers.featuredOn(id);
    if (featured.length) return { status: 'exists', paper, date: featured[0]!.date };
  }
  const today = deps.today();
  if (config.submitMaxAgeDays > 0) {
    const oldest = shiftDays(today, -config.submitMaxAgeDays);
    const published = paper?.publishedAt ?? input.manual?.publishedAt;
    const monthEnd = arxivMonth(id) && shiftDays(shiftDays(arxivMonth(id)!, 31).slice(0, 8) + '01', -1);
    if ((published && published < oldest) || (!published && monthEnd && monthEnd < oldest))
      throw new HttpError(422, `Only papers published in the last ${config.submitMaxAgeDays} days can be submitted, and this one is older${published ? ` (published ${published})` : ''}`);
  }
  if (config.submitDailyCap > 0) {
    const n = await store.submissions.countSince(account.id, `${today}T00:00:00.000Z`);
    if (n >= config.submitDailyCap) throw new HttpError(429, `You have submitted ${n} papers today, the daily limit of ${config.submitDailyCap}; submit more tomorrow`);
  }
  if (!paper) {
    const m = input.manual;
    if (!m?.title.trim()) return { status: 'needs-metadata', id };
    if (m.title.length > 500 || (m.abstract?.length ?? 0) > 10_000 || m.authors.length > 500) throw new HttpError(422, 'The title, authors or abstract are too long');
    const arxivId = id.startsWith('pw-') ? undefined : id;
    const stored = await store.papers.upsert({ id: arxivId ? undefined : id, arxivId, title: m.title.trim(), authors: m.authors.map((a) => a.trim()).filter(Boolean), abstract: m.abstract?.trim() || undefined, publishedAt: m.publishedAt });
    paper = (await store.papers.get(stored.id))!;
  }
  const outcome = await store.daily.feature(paper.id, today, { submittedBy: account.id });
  if (outcome === 'exists') return { status: 'exists', paper, date: today };
  deps.log.info('paper submitted', { paper: paper.id, by: account.username });
  if (input.comment?.trim()) await postComment(deps, account, { paperId: paper.id, body: input.comment });
  return { status: 'added', paper: (await store.papers.get(paper.id))!, date: today };
}
