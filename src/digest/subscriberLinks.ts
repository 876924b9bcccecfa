import type { Config } from '../config/config.ts';
import type { DigestFrequency, SavedSearch, Subscriber } from './digestTypes.ts';
import { createToken } from './tokens.ts';

/** How long a confirmation link stays valid. */
export const CONFIRM_TTL_MS = 7 * 86_400_000;

/** What a confirmation link binds: the subscriber, its address, the frequency asked for, and who asked. */
export interface ConfirmRequest {
  frequency: DigestFrequency;
  /** The single-use nonce (only its hash is stored). */
  nonce: string;
  /** The account that asked, which the subscription joins once the mailbox confirms. */
  userId?: number;
}

/** The one-click unsubscribe URL for a subscriber (List-Unsubscribe and the visible link); valid until rotated. */
export function unsubscribeUrl(config: Pick<Config, 'baseUrl' | 'secret'>, sub: Pick<Subscriber, 'id' | 'email' | 'linkVersion'>): string {
  return `${config.baseUrl}/unsubscribe?t=${createToken(config.secret, 'unsubscribe', [sub.id, sub.email.toLowerCase(), sub.linkVersion])}`;
}

/** The confirmation URL: bound to the subscriber, its address, the request and its nonce; valid for a week, once. */
export function confirmUrl(config: Pick<Config, 'baseUrl' | 'secret'>, sub: Pick<Subscriber, 'id' | 'email'>, request: ConfirmRequest, now = Date.now()): string {
  const fields = [sub.id, sub.email.toLowerCase(), request.frequency, now + CONFIRM_TTL_MS, request.userId ?? '', request.nonce];
  return `${config.baseUrl}/subscribe/confirm?t=${createToken(config.secret, 'confirm', fields)}`;
}

/** The private feed URL of a saved search, bound to the search, its owner and its feed version. */
export function savedSearchFeedUrl(config: Pick<Config, 'baseUrl' | 'secret'>, search: Pick<SavedSearch, 'id' | 'userId' | 'feedVersion'>, format: 'rss' | 'atom' = 'atom'): string {
  return `${config.baseUrl}/feeds/searches/${createToken(config.secret, 'feed', [search.id, search.userId, search.feedVersion])}.${format}`;
}
