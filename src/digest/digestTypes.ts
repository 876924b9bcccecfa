import type { Paper } from '../model/paper.ts';

/** How often a subscriber hears from paperwire: weekday digests, a weekly one, or only saved-search alerts. */
export type DigestFrequency = 'daily' | 'weekly' | 'none';

/** An email address subscribed to digests (double opt-in: 'pending' until the confirmation link is opened). */
export interface Subscriber {
  id: number;
  email: string;
  userId?: number;
  frequency: DigestFrequency;
  status: 'pending' | 'active' | 'unsubscribed';
  confirmSentAt?: string;
  confirmedAt?: string;
  createdAt: string;
  /** Part of the unsubscribe link; rotating it makes older links stop working. */
  linkVersion: number;
}

/** One digest or alert mail to one subscriber for one period, recorded before it is sent. */
export interface DigestSend {
  id: number;
  subscriberId: number;
  /** 'day:2025-12-25', 'week:2025-W52' or 'alert:<search id>:<newest hit id>'. */
  period: string;
  /** Fixed when the send is recorded and reused on every attempt, so a resend is recognisably the same mail. */
  messageId: string;
  subject: string;
  paperIds: string[];
  hitIds: number[];
  /** The subscriber's "For you" picks, chosen when the send is recorded so every attempt carries the same ones. */
  picks: DigestPick[];
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
}

/** A recommended paper in a digest, with the reason shown beside it. */
export interface DigestPick {
  paperId: string;
  reason: string;
}

/** What the digest job records for a send: everything needed to compose the same mail again on a rerun. */
export type NewDigestSend = Pick<DigestSend, 'subscriberId' | 'period' | 'messageId' | 'subject' | 'paperIds' | 'hitIds'> & { picks?: DigestPick[] };

/** Narrowing of a saved search beyond its words. */
export interface SearchFilters {
  organization?: string;
  category?: string;
  minUpvotes?: number;
}

/** Where a saved search's new papers go: into the digest, in a mail of their own at once, or only to its feed. */
export type AlertDelivery = 'digest' | 'instant' | 'feed';

/** A signed-in user's saved search. */
export interface SavedSearch {
  id: number;
  userId: number;
  query: string;
  filters: SearchFilters;
  delivery: AlertDelivery;
  createdAt: string;
  checkedAt?: string;
  /** Part of the private feed address; rotating it makes older addresses stop working. */
  feedVersion: number;
}

/** A paper a saved search found; `baseline` marks papers that already matched when the search was saved. */
export interface SavedSearchHit {
  id: number;
  searchId: number;
  query: string;
  paper: Paper;
  foundAt: string;
  baseline: boolean;
  notifiedAt?: string;
}
