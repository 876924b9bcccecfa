import type { AlertDelivery, DigestFrequency, DigestSend, NewDigestSend, SavedSearch, SavedSearchHit, SearchFilters, Subscriber } from '../digest/digestTypes.ts';

/** Digest subscribers: created pending, activated by the confirmation link, never deleted (unsubscribed instead). */
export interface SubscriberStore {
  get(id: number): Promise<Subscriber | undefined>;
  byEmail(email: string): Promise<Subscriber | undefined>;
  byUser(userId: number): Promise<Subscriber | undefined>;
  /** The subscriber for this address, created 'pending' with this frequency when new. */
  ensure(email: string, frequency: DigestFrequency, userId?: number): Promise<Subscriber>;
  /** Puts an unsubscribed address back to 'pending' (it must confirm again). */
  setPending(id: number, frequency: DigestFrequency): Promise<void>;
  /** Records that a confirmation mail went out now, carrying the single-use nonce whose hash is given. */
  markConfirmSent(id: number, nonceHash: string): Promise<void>;
  /** Activates the subscription with this frequency (the account's own verified address needs no mail). */
  activate(id: number, frequency: DigestFrequency): Promise<Subscriber>;
  /**
   * Confirms from the mailed link, in one step: only while the nonce is the one last mailed and the address has
   * not unsubscribed since; uses up the nonce, activates with the link's frequency, and ties the subscriber to
   * `userId` when the link was asked for from that account. Undefined when the link is used, stale or superseded.
   */
  confirm(id: number, nonceHash: string, frequency: DigestFrequency, userId?: number): Promise<Subscriber | undefined>;
  /** Gives the subscriber a new unsubscribe link (its link version goes up; older links stop working). */
  rotateLinks(id: number): Promise<void>;
  setFrequency(id: number, frequency: DigestFrequency): Promise<void>;
  /** Ties the subscriber to an account (one subscriber per account). */
  linkUser(id: number, userId: number): Promise<void>;
  /** Unsubscribes, forgets any pending confirmation nonce and cancels its unsent digests; false when it already was. */
  unsubscribe(id: number): Promise<boolean>;
  /** Active subscribers with this frequency and id above `afterId`, in id order (the digest job's cursor). */
  listDue(frequency: DigestFrequency, afterId: number, limit: number): Promise<Subscriber[]>;
  countByStatus(): Promise<Record<string, number>>;
}

/** The digest ledger: one row per subscriber and period, recorded before sending and marked when the server accepts it. */
export interface DigestSendStore {
  /** Records the sends not recorded yet (the unique key is subscriber and period); returns how many were new. */
  record(sends: NewDigestSend[]): Promise<number>;
  /** Sends not known to be delivered ('pending', or 'sending' when a run died mid-send), id above `afterId`, in id order. */
  listUnsent(afterId: number, limit: number): Promise<DigestSend[]>;
  /** Counts an attempt and marks the send as handed to the mail server; false when it is no longer unsent. */
  markSending(id: number): Promise<boolean>;
  /** Marks the send delivered and the saved-search hits it carried as notified, in one transaction. */
  markSent(id: number, hitIds: number[]): Promise<void>;
  /** Back to 'pending' after a failed attempt, or 'failed' for good when `final`. */
  markFailed(id: number, error: string, final: boolean): Promise<void>;
  cancel(id: number, reason: string): Promise<void>;
  get(subscriberId: number, period: string): Promise<DigestSend | undefined>;
  countByStatus(period?: string): Promise<Record<string, number>>;
}

/** Users' saved searches and the papers they have found. */
export interface SavedSearchStore {
  create(userId: number, search: { query: string; filters: SearchFilters; delivery: AlertDelivery }): Promise<SavedSearch>;
  get(id: number): Promise<SavedSearch | undefined>;
  listByUser(userId: number): Promise<SavedSearch[]>;
  listAll(): Promise<SavedSearch[]>;
  setDelivery(id: number, userId: number, delivery: AlertDelivery): Promise<boolean>;
  /** Gives the search's private feed a new address (its version goes up, so old feed links stop working); false when not the user's. */
  rotateFeed(id: number, userId: number): Promise<boolean>;
  delete(id: number, userId: number): Promise<boolean>;
  /** Ids of the papers this search has already found. */
  knownPaperIds(searchId: number): Promise<Set<string>>;
  /** Records found papers (baseline ones count as already notified) and the check time; returns how many were new. */
  addHits(searchId: number, paperIds: string[], baseline: boolean): Promise<number>;
  /** A user's hits not yet mailed, from searches with these deliveries, oldest first. */
  unnotifiedHits(userId: number, deliveries: AlertDelivery[]): Promise<SavedSearchHit[]>;
  /** Users who have hits not yet mailed from searches with these deliveries. */
  usersWithUnnotified(deliveries: AlertDelivery[]): Promise<number[]>;
  /** Users who have at least one saved search (the digest job asks only them for hits). */
  usersWithSearches(): Promise<Set<number>>;
  hitsByIds(ids: number[]): Promise<SavedSearchHit[]>;
  /** A search's hits, newest first: its private feed. */
  recentHits(searchId: number, limit: number): Promise<SavedSearchHit[]>;
}
