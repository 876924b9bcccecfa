import { randomBytes } from 'node:crypto';
import { withLease } from '../jobs/jobLease.ts';
import { deliverDigests, type DeliverySummary, type DigestDeps } from './deliverDigests.ts';
import { digestEdition, type DigestEdition } from './digestEdition.ts';
import { digestMail, paperBlocks } from './digestMail.ts';
import { digestPicks } from './digestPicks.ts';
import type { NewDigestSend, Subscriber } from './digestTypes.ts';
import { RecentWindows } from '../personal/recentWindows.ts';

/** What a digest run is asked to do. */
export interface DigestRunOptions {
  frequency: 'daily' | 'weekly';
  /** The day the run happens (YYYY-MM-DD); the edition due is derived from it. */
  today: string;
  /** Papers per digest. */
  size: number;
  /** Report what would be sent; record and send nothing. */
  dryRun?: boolean;
  /** Only this address: its digest when it is an active subscriber, else a one-off preview mail, not recorded. */
  to?: string;
  concurrency?: number;
  signal?: AbortSignal;
}

/** What a run did, for the CLI, the log and tests. */
export interface DigestRunSummary {
  frequency: 'daily' | 'weekly';
  period?: string;
  /** Why no edition was due (a weekend, no new papers). */
  skipped?: string;
  /** Another process holds the digest lease; nothing was done. */
  busy?: boolean;
  preview?: boolean;
  /** New sends recorded by this run (or, in a dry run, that would be). */
  recorded: number;
  delivery?: DeliverySummary;
}

/** A Message-ID unique to one subscriber and period, fixed when the send is recorded. */
export const digestMessageId = (period: string, subscriberId: number, baseUrl: string) =>
  `<${period.replace(/[^\w-]/g, '.')}.${subscriberId}.${randomBytes(6).toString('hex')}@${new URL(baseUrl).hostname}>`;

/** The subject line of an edition. */
export const editionSubject = (e: DigestEdition, frequency: 'daily' | 'weekly') =>
  frequency === 'daily' ? `Top papers of ${e.label} · paperwire` : `This week's top papers (${e.label}) · paperwire`;

/** Records one send per due subscriber for the edition (ledger first), in batches; returns how many were new. */
async function recordEdition(deps: DigestDeps, edition: DigestEdition, options: DigestRunOptions, only?: Subscriber, renew?: () => Promise<void>): Promise<number> {
  const searchers = await deps.store.savedSearches.usersWithSearches();
  const subject = editionSubject(edition, options.frequency);
  const inEdition = new Set(edition.papers.map((p) => p.id));
  const windows = deps.search?.windows ?? new RecentWindows(deps.store); // one window for the whole run
  let recorded = 0;
  let after = 0;
  for (;;) {
    const batch = only ? (after ? [] : [only]) : await deps.store.subscribers.listDue(options.frequency, after, 1000);
    if (!batch.length) return recorded;
    after = batch.at(-1)!.id;
    const sends: NewDigestSend[] = [];
    for (const sub of batch) {
      const hits = sub.userId !== undefined && searchers.has(sub.userId) ? await deps.store.savedSearches.unnotifiedHits(sub.userId, ['digest']) : [];
      if (!edition.papers.length && !hits.length) continue;
      const picks = sub.userId !== undefined && !options.dryRun ? await digestPicks(deps.store, sub.userId, options.today, inEdition, windows) : [];
      sends.push({ subscriberId: sub.id, period: edition.period, messageId: digestMessageId(edition.period, sub.id, deps.config.baseUrl), subject, paperIds: edition.papers.map((p) => p.id), hitIds: hits.map((h) => h.id), picks });
    }
    recorded += options.dryRun ? sends.length : await deps.store.digestSends.record(sends);
    await renew?.(); // For you picks cost a few ms per account subscriber: keep the lease through long recordings
  }
}

/**
 * The digest job, for the scheduler and `paperwire digest`: compose the due edition, record one send per
 * subscriber and period in the ledger (the unique key makes reruns add nothing), then deliver everything unsent,
 * including sends left over by an earlier run that was killed. Holds the digest lease throughout.
 */
export async function runDigest(deps: DigestDeps, options: DigestRunOptions): Promise<DigestRunSummary> {
  const summary: DigestRunSummary = { frequency: options.frequency, recorded: 0 };
  const edition = await digestEdition(deps.store, options.frequency, options.today, options.size);
  if ('skip' in edition) summary.skipped = edition.skip;
  else summary.period = edition.period;

  let only: Subscriber | undefined;
  if (options.to) {
    only = await deps.store.subscribers.byEmail(options.to);
    if (!only || only.status !== 'active' || only.frequency !== options.frequency) {
      if ('skip' in edition || options.dryRun) return { ...summary, preview: true };
      const preview: Subscriber = { id: 0, email: options.to, frequency: options.frequency, status: 'active', createdAt: new Date().toISOString(), linkVersion: 0 };
      const content = { subject: `[Preview] ${editionSubject(edition, options.frequency)}`, heading: `Top papers · ${edition.label}`, intro: 'A preview of the digest, sent by `paperwire digest --to`.', listUrl: `${deps.config.baseUrl}${edition.path}`, blocks: paperBlocks(edition.papers, deps.config.baseUrl), hits: [] };
      await deps.mailer.send(digestMail(deps.config, preview, content, digestMessageId(`preview-${edition.period}`, 0, deps.config.baseUrl)));
      return { ...summary, preview: true, recorded: 0 };
    }
  }
  if (options.dryRun) {
    if (!('skip' in edition)) summary.recorded = await recordEdition(deps, edition, options, only);
    return summary;
  }
  const done = await withLease(
    deps.store.jobLeases,
    'digest',
    async ({ renew, signal }) => {
      if (!('skip' in edition)) summary.recorded = await recordEdition(deps, edition, options, only, renew);
      summary.delivery = await deliverDigests(deps, { concurrency: options.concurrency, subscriberId: only?.id, signal, onProgress: renew });
      return true;
    },
    { ttlMs: deps.config.jobLeaseTtlMs, signal: options.signal },
  );
  if (!done) summary.busy = true;
  return summary;
}
