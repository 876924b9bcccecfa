import type { Config } from '../config/config.ts';
import type { DigestFrequency, Subscriber } from './digestTypes.ts';
import { createToken } from './tokens.ts';

/** How long a confirmation link stays valid. */
export const CONFIRM_TTL_MS = 7 * 86_400_000;

/** The one-click unsubscribe URL for a subscriber (List-Unsubscribe and the visible link); it never expires. */
export function unsubscribeUrl(config: Pick<Config, 'baseUrl' | 'secret'>, sub: Pick<Subscriber, 'id' | 'email'>): string {
  return `${config.baseUrl}/unsubscribe?t=${createToken(config.secret, 'unsubscribe', [sub.id, sub.email.toLowerCase()])}`;
}

/** The confirmation URL: bound to the subscriber, its address and the frequency asked for, valid for a week. */
export function confirmUrl(config: Pick<Config, 'baseUrl' | 'secret'>, sub: Pick<Subscriber, 'id' | 'email'>, frequency: DigestFrequency, now = Date.now()): string {
  return `${config.baseUrl}/subscribe/confirm?t=${createToken(config.secret, 'confirm', [sub.id, sub.email.toLowerCase(), frequency, now + CONFIRM_TTL_MS])}`;
}

/** The private feed URL of a saved search, bound to the search and its owner. */
export function savedSearchFeedUrl(config: Pick<Config, 'baseUrl' | 'secret'>, search: { id: number; userId: number }, format: 'rss' | 'atom' = 'atom'): string {
  return `${config.baseUrl}/feeds/searches/${createToken(config.secret, 'feed', [search.id, search.userId])}.${format}`;
}
