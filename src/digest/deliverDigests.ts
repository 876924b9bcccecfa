import type { Config } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Paper } from '../model/paper.ts';
import type { SearchContext } from '../search/searchContext.ts';
import type { Store } from '../storage/store.ts';
import { describePeriod } from './digestEdition.ts';
import { digestMail, paperBlocks, type DigestContent } from './digestMail.ts';
import type { DigestSend } from './digestTypes.ts';

/** What the digest job needs: the store, the mailer, configuration and a log. */
export interface DigestDeps {
  store: Store;
  mailer: Mailer;
  /** `jobLeaseTtlMs`: how long the digest lease outlives a killed holder (defaults to the lease module's). */
  config: Pick<Config, 'baseUrl' | 'secret'> & Partial<Pick<Config, 'jobLeaseTtlMs'>>;
  log: { info: Logger['info']; warn: Logger['warn']; debug: Logger['debug'] };
  /** The server's search state (saved-search matching, For you picks); a run without one makes its own. */
  search?: SearchContext;
}

/** Attempts per send before it is marked failed for good. */
export const MAX_ATTEMPTS = 5;

/** What a delivery pass did. */
export interface DeliverySummary {
  sent: number;
  failed: number;
  cancelled: number;
  /** Sends found 'sending': a run died while handing them to the server; they are sent again with the same Message-ID. */
  resumed: number;
}

/** The subject, heading and blocks for a recorded send, rebuilt from the ledger row (papers cached per edition). */
async function contentFor(deps: DigestDeps, send: DigestSend, cache: Map<string, { papers: Paper[]; blocks: DigestContent['blocks'] }>): Promise<DigestContent> {
  const key = JSON.stringify(send.paperIds);
  let shared = cache.get(key);
  if (!shared) {
    const papers = await deps.store.papers.getMany(send.paperIds);
    shared = { papers, blocks: paperBlocks(papers, deps.config.baseUrl) };
    if (cache.size > 50) cache.clear();
    cache.set(key, shared);
  }
  const hits = await deps.store.savedSearches.hitsByIds(send.hitIds);
  const pickPapers = new Map((send.picks.length ? await deps.store.papers.getMany(send.picks.map((p) => p.paperId)) : []).map((p) => [p.id, p]));
  const picks = send.picks.flatMap((p) => (pickPapers.has(p.paperId) ? [{ paper: pickPapers.get(p.paperId)!, reason: p.reason }] : []));
  const period = describePeriod(send.period);
  const intro =
    period.kind === 'alert'
      ? `${hits.length} new paper${hits.length === 1 ? '' : 's'} matched your saved searches.`
      : shared.papers.length
        ? `The ${shared.papers.length} most upvoted papers ${period.kind === 'day' ? 'featured on' : 'of'} ${period.label}.`
        : `No papers were featured ${period.kind === 'day' ? 'on' : 'in'} ${period.label}, but your saved searches found some.`;
  return { subject: send.subject, heading: period.kind === 'alert' ? 'New papers for your saved searches' : `Top papers · ${period.label}`, intro, listUrl: period.path && `${deps.config.baseUrl}${period.path}`, blocks: shared.blocks, hits, picks };
}

/**
 * Sends every recorded send not yet known delivered, oldest first, `concurrency` at a time. For each: mark
 * 'sending' (committed), hand to the mail server, mark 'sent' the moment the server accepts. A send found in
 * 'sending' belonged to a run that died mid-handover and is sent again with the same Message-ID.
 */
export async function deliverDigests(deps: DigestDeps, options: { concurrency?: number; subscriberId?: number; signal?: AbortSignal; onProgress?: () => Promise<void> } = {}): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, failed: 0, cancelled: 0, resumed: 0 };
  const cache = new Map<string, { papers: Paper[]; blocks: DigestContent['blocks'] }>();
  let cursor = 0;
  let buffer: DigestSend[] = [];
  let exhausted = false;
  let refilling: Promise<void> | undefined;
  const next = async (): Promise<DigestSend | undefined> => {
    while (!buffer.length && !exhausted) {
      refilling ??= (async () => {
        const rows = await deps.store.digestSends.listUnsent(cursor, 500);
        if (!rows.length) exhausted = true;
        else cursor = rows.at(-1)!.id;
        buffer = rows.filter((r) => options.subscriberId === undefined || r.subscriberId === options.subscriberId);
        await options.onProgress?.();
      })().finally(() => (refilling = undefined));
      await refilling;
    }
    return buffer.shift();
  };

  const worker = async () => {
    for (let send = await next(); send && !options.signal?.aborted; send = await next()) {
      const sub = await deps.store.subscribers.get(send.subscriberId);
      if (!sub || sub.status !== 'active') {
        await deps.store.digestSends.cancel(send.id, 'the subscriber is no longer active');
        summary.cancelled++;
        continue;
      }
      if (send.status === 'sending') {
        summary.resumed++;
        deps.log.warn('resending a digest whose earlier attempt was interrupted', { send: send.id, messageId: send.messageId });
      }
      const message = digestMail(deps.config, sub, await contentFor(deps, send, cache), send.messageId);
      if (!(await deps.store.digestSends.markSending(send.id))) continue;
      try {
        await deps.mailer.send(message);
        await deps.store.digestSends.markSent(send.id, send.hitIds);
        summary.sent++;
      } catch (err) {
        const final = send.attempts + 1 >= MAX_ATTEMPTS;
        await deps.store.digestSends.markFailed(send.id, err instanceof Error ? err.message : String(err), final);
        summary.failed++;
        deps.log.warn('digest send failed', { send: send.id, to: sub.email, final, error: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return summary;
}
