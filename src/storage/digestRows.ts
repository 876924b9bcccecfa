import type { AlertDelivery, DigestSend, SavedSearch, SavedSearchHit, Subscriber } from '../digest/digestTypes.ts';
import { rowToPaper, type PaperRow } from './paperRows.ts';

// Row → type mappers of the digest tables, shared by the SQLite and PostgreSQL stores (their rows have the same
// columns and value types); the SQL stays in each backend's folder.

/** A row as either driver returns it. */
export type Row = Record<string, string | number | null>;
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** A subscribers row as a Subscriber (both backends select the same columns). */
export const toSubscriber = (r: Row): Subscriber => ({
  id: r.id as number,
  email: r.email as string,
  userId: opt(r.user_id as number | null),
  frequency: r.frequency as Subscriber['frequency'],
  status: r.status as Subscriber['status'],
  confirmSentAt: opt(r.confirm_sent_at as string | null),
  confirmedAt: opt(r.confirmed_at as string | null),
  createdAt: r.created_at as string,
  linkVersion: (r.link_version as number | undefined) ?? 0,
});

/** A digest_sends row as a DigestSend. */
export const toSend = (r: Row): DigestSend => ({
  id: r.id as number,
  subscriberId: r.subscriber_id as number,
  period: r.period as string,
  messageId: r.message_id as string,
  subject: r.subject as string,
  paperIds: JSON.parse(r.paper_ids as string),
  hitIds: JSON.parse(r.hit_ids as string),
  picks: JSON.parse((r.picks as string | undefined) ?? '[]'),
  status: r.status as DigestSend['status'],
  attempts: r.attempts as number,
  lastError: opt(r.last_error as string | null),
  createdAt: r.created_at as string,
  sentAt: opt(r.sent_at as string | null),
});

/** A saved_searches row as a SavedSearch. */
export const toSearch = (r: Row): SavedSearch => ({
  id: r.id as number,
  userId: r.user_id as number,
  query: r.query as string,
  filters: JSON.parse(r.filters as string),
  delivery: r.delivery as AlertDelivery,
  createdAt: r.created_at as string,
  checkedAt: (r.checked_at as string | null) ?? undefined,
  feedVersion: (r.feed_version as number | undefined) ?? 0,
});

/** A saved-search hit joined with its search and paper as a SavedSearchHit. */
export const toHit = (r: PaperRow): SavedSearchHit => ({
  id: r.hit_id as number,
  searchId: r.search_id as number,
  query: r.search_query as string,
  paper: rowToPaper(r),
  foundAt: r.found_at as string,
  baseline: r.baseline === 1,
  notifiedAt: (r.notified_at as string | null) ?? undefined,
});
