import { z } from 'zod';
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
 * Starts a double opt-in: the address is kept as 'pending' (or stays active) and gets a confirmation link carrying
 * the frequency asked for. Nothing about the address's state is revealed to the requester; an address gets at most
 * one confirmation mail per CONFIRM_RESEND_MS.
 */
export async function requestSubscription(deps: DigestDeps, input: { email: string; frequency: DigestFrequency; userId?: number }, now = Date.now()): Promise<'sent' | 'throttled'> {
  let sub = await deps.store.subscribers.ensure(input.email, input.frequency, input.userId);
  if (sub.status === 'unsubscribed') await deps.store.subscribers.setPending(sub.id, input.frequency);
  if (input.userId !== undefined && sub.userId === undefined) await deps.store.subscribers.linkUser(sub.id, input.userId);
  sub = (await deps.store.subscribers.get(sub.id))!;
  if (sub.confirmSentAt && now - Date.parse(sub.confirmSentAt) < CONFIRM_RESEND_MS) return 'throttled';
  await deps.store.subscribers.markConfirmSent(sub.id);
  await deps.mailer.send(confirmationMail(sub, input.frequency, confirmUrl(deps.config, sub, input.frequency, now)));
  deps.log.info('confirmation mail sent', { subscriber: sub.id });
  return 'sent';
}

/** Confirms a subscription from its link; undefined for a forged, expired or mismatched token. */
export async function confirmSubscription(deps: DigestDeps, token: string | undefined, now = Date.now()): Promise<Subscriber | undefined> {
  const f = readToken(deps.config.secret, 'confirm', token);
  if (!f || f.length !== 4 || Number(f[3]) < now) return undefined;
  const [id, email, frequency] = f as [string, string, DigestFrequency];
  const sub = await deps.store.subscribers.get(Number(id));
  if (!sub || sub.email.toLowerCase() !== email || !['daily', 'weekly', 'none'].includes(frequency)) return undefined;
  return deps.store.subscribers.activate(sub.id, frequency);
}

/** The subscriber an unsubscribe token names, when the token is genuine and still matches its address. */
export async function subscriberForUnsubscribe(deps: Pick<DigestDeps, 'store' | 'config'>, token: string | undefined): Promise<Subscriber | undefined> {
  const f = readToken(deps.config.secret, 'unsubscribe', token);
  if (!f || f.length !== 2) return undefined;
  const sub = await deps.store.subscribers.get(Number(f[0]));
  return sub && sub.email.toLowerCase() === f[1] ? sub : undefined;
}

/** One-click unsubscribe (RFC 8058) and the visible link's button: the token is the whole authorization. */
export async function unsubscribeByToken(deps: Pick<DigestDeps, 'store' | 'config'>, token: string | undefined): Promise<Subscriber | undefined> {
  const sub = await subscriberForUnsubscribe(deps, token);
  if (sub) await deps.store.subscribers.unsubscribe(sub.id);
  return sub;
}
