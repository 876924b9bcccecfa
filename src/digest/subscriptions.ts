import { z } from 'zod';
import { randomToken, sha256 } from '../community/secrets.ts';
import type { DigestDeps } from './deliverDigests.ts';
import { confirmationMail } from './digestMail.ts';
import type { DigestFrequency, Subscriber } from './digestTypes.ts';
import { confirmUrl } from './subscriberLinks.ts';
import { readToken } from './tokens.ts';

/** Least time between two confirmation mails to one address, so the form cannot be used to flood an inbox. */
export const CONFIRM_RESEND_MS = 10 * 60_000;

/** A subscription request as the form, the settings page and tests submit it. */
export const subscribeInput = z.object({
  email: z.string().trim().max(254, 'the address is too long').pipe(z.email('enter a valid email address')),
  frequency: z.enum(['daily', 'weekly', 'none'], 'choose daily or weekly'),
});

/**
 * Starts a double opt-in: the address is kept as 'pending' (or stays active) and gets a single-use confirmation
 * link carrying the frequency asked for and, when a signed-in account asked, that account: the subscription joins
 * it only when the mailbox confirms. Nothing about the address's state is revealed to the requester; an address
 * gets at most one confirmation mail per CONFIRM_RESEND_MS.
 */
export async function requestSubscription(deps: DigestDeps, input: { email: string; frequency: DigestFrequency; userId?: number; username?: string }, now = Date.now()): Promise<'sent' | 'throttled'> {
  let sub = await deps.store.subscribers.ensure(input.email, input.frequency);
  if (sub.status === 'unsubscribed') await deps.store.subscribers.setPending(sub.id, input.frequency);
  sub = (await deps.store.subscribers.get(sub.id))!;
  if (sub.confirmSentAt && now - Date.parse(sub.confirmSentAt) < CONFIRM_RESEND_MS) return 'throttled';
  const nonce = randomToken(16);
  await deps.store.subscribers.markConfirmSent(sub.id, sha256(nonce));
  const link = confirmUrl(deps.config, sub, { frequency: input.frequency, nonce, userId: input.userId }, now);
  await deps.mailer.send(confirmationMail(sub, input.frequency, link, input.username));
  deps.log.info('confirmation mail sent', { subscriber: sub.id });
  return 'sent';
}

/** What a genuine, unexpired confirmation link asks for (before it is used). */
export interface ConfirmationRequest {
  subscriber: Subscriber;
  frequency: DigestFrequency;
  userId?: number;
  nonce: string;
}

/** Reads a confirmation link without using it (the page with the button); undefined for a forged, expired or mismatched one. */
export async function readConfirmation(deps: Pick<DigestDeps, 'store' | 'config'>, token: string | undefined, now = Date.now()): Promise<ConfirmationRequest | undefined> {
  const f = readToken(deps.config.secret, 'confirm', token);
  if (!f || f.length !== 6 || !(Number(f[3]) >= now)) return undefined;
  const [id, email, frequency, , user, nonce] = f as [string, string, DigestFrequency, string, string, string];
  const subscriber = await deps.store.subscribers.get(Number(id));
  if (!subscriber || subscriber.status === 'unsubscribed' || subscriber.email.toLowerCase() !== email || !['daily', 'weekly', 'none'].includes(frequency) || !nonce) return undefined;
  return { subscriber, frequency, userId: user ? Number(user) : undefined, nonce };
}

/**
 * Confirms a subscription from its link (the button's POST): works once, only for the link mailed last, and never
 * for an address that unsubscribed after the link was sent. Undefined when the link is not (or no longer) good.
 */
export async function confirmSubscription(deps: Pick<DigestDeps, 'store' | 'config'>, token: string | undefined, now = Date.now()): Promise<Subscriber | undefined> {
  const request = await readConfirmation(deps, token, now);
  if (!request) return undefined;
  if (request.userId !== undefined && !(await deps.store.accounts.byId(request.userId))) return undefined; // the asking account is gone
  return deps.store.subscribers.confirm(request.subscriber.id, sha256(request.nonce), request.frequency, request.userId);
}

/**
 * The subscriber an unsubscribe token names, when the token is genuine and still matches its address and its
 * current link version (links signed before per-purpose keys count as version 0).
 */
export async function subscriberForUnsubscribe(deps: Pick<DigestDeps, 'store' | 'config'>, token: string | undefined): Promise<Subscriber | undefined> {
  const f = readToken(deps.config.secret, 'unsubscribe', token, { legacy: true });
  if (!f || (f.length !== 2 && f.length !== 3)) return undefined;
  const sub = await deps.store.subscribers.get(Number(f[0]));
  return sub && sub.email.toLowerCase() === f[1] && sub.linkVersion === Number(f[2] ?? 0) ? sub : undefined;
}

/** One-click unsubscribe (RFC 8058) and the visible link's button: the token is the whole authorization. */
export async function unsubscribeByToken(deps: Pick<DigestDeps, 'store' | 'config'>, token: string | undefined): Promise<Subscriber | undefined> {
  const sub = await subscriberForUnsubscribe(deps, token);
  if (sub) await deps.store.subscribers.unsubscribe(sub.id);
  return sub;
}
