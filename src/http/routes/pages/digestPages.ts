import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { DigestDeps } from '../../../digest/deliverDigests.ts';
import type { DigestFrequency } from '../../../digest/digestTypes.ts';
import { saveSearch, savedSearchInput } from '../../../digest/savedSearchAlerts.ts';
import { savedSearchFeedUrl } from '../../../digest/subscriberLinks.ts';
import { confirmSubscription, readConfirmation, requestSubscription, subscribeInput, subscriberForUnsubscribe, unsubscribeByToken } from '../../../digest/subscriptions.ts';
import { formPage } from '../../../views/accountViews.ts';
import type { SafeHtml } from '../../../views/html.ts';
import { messageView } from '../../../views/messageView.ts';
import { digestSettingsBody, subscribeForm, subscriptionConfirmForm, unsubscribeConfirm } from '../../../views/subscribeViews.ts';
import type { CommunityHttp } from '../../communityHttp.ts';
import { anonCsrf } from '../../csrf.ts';
import type { AppDeps } from '../../deps.ts';
import { HttpError } from '../../errors.ts';
import { clientKey } from '../../rateLimit.ts';
import { HTML } from '../../respond.ts';
import type { AppEnv } from '../../viewer.ts';

const page = (c: Context, body: SafeHtml, status = 200) => c.body(body.value, status as 200, { 'Content-Type': HTML, 'Cache-Control': 'no-store' });
const firstIssue = (err: z.ZodError) => err.issues[0]?.message ?? 'invalid input';

/** What the digest settings page says after a form's redirect (`?done=key`): fixed sentences, never text from the address. */
const DONE = {
  subscribed: (x: { email: string }) => `Subscribed: your account's confirmed address ${x.email} needs no further confirmation.`,
  confirming: (x: { email: string }) => `A confirmation link is on its way to ${x.email}.`,
  saved: () => 'Saved.',
  unsubscribed: () => 'Unsubscribed: you will get no more digests or alerts by mail.',
  'search-saved': (x: { query: string }) => `Saved the search “${x.query}”.`,
  'search-changed': () => 'Saved.',
  'search-deleted': () => 'Deleted the saved search.',
} satisfies Record<string, (x: { email: string; query: string }) => string>;

/**
 * Subscribe (double opt-in, no account needed), confirm, one-click unsubscribe (RFC 8058: the token in the URL
 * is the authorization, so no CSRF token and no sign-in), and the signed-in digest settings with saved searches.
 */
export function registerDigestPages(app: Hono<AppEnv>, deps: AppDeps, k: CommunityHttp): void {
  const dd: DigestDeps = { store: deps.store, mailer: k.cd.mailer, config: deps.config, log: deps.log };
  const csrfFor = (c: Context<AppEnv>) => c.get('viewer')?.csrf ?? anonCsrf(c, deps.config.secret, k.secure);
  const limitMails = (c: Context<AppEnv>) =>
    k.mails.enforce(c, `subscribe:${clientKey(c)}`, (d) => `Too many confirmation mails from your address; try again in ${Math.ceil(d.resetS / 60)} minutes`);

  app.get('/subscribe', (c) => page(c, formPage('Get trending papers in your inbox', subscribeForm(csrfFor(c), {}, !!c.get('viewer')), { account: k.menu(c) })));
  app.post('/subscribe', async (c) => {
    const f = await k.form(c);
    const parsed = subscribeInput.safeParse({ email: f.email ?? '', frequency: f.frequency || 'daily' });
    if (!parsed.success || parsed.data.frequency === 'none') {
      const error = parsed.success ? 'choose daily or weekly' : firstIssue(parsed.error);
      return page(c, formPage('Get trending papers in your inbox', subscribeForm(csrfFor(c), { email: f.email, frequency: f.frequency as DigestFrequency }), { error, account: k.menu(c) }), 400);
    }
    await limitMails(c);
    await requestSubscription(dd, parsed.data);
    return page(c, messageView('Check your inbox', `If ${parsed.data.email} can receive mail, a confirmation link is on its way. Open it to start your digest.`, k.menu(c)));
  });

  const badConfirmation = 'This confirmation link is invalid, already used or has expired; subscribe again to get a new one';
  app.get('/subscribe/confirm', async (c) => {
    const token = c.req.query('t');
    const request = await readConfirmation(dd, token);
    if (!request) throw new HttpError(400, badConfirmation);
    const username = request.userId === undefined ? undefined : (await deps.store.accounts.byId(request.userId))?.username;
    if (request.userId !== undefined && !username) throw new HttpError(400, badConfirmation);
    const form = subscriptionConfirmForm(csrfFor(c), token!, { email: request.subscriber.email, frequency: request.frequency, username });
    return page(c, formPage('Confirm your subscription', form, { account: k.menu(c) }));
  });
  app.post('/subscribe/confirm', async (c) => {
    const f = await k.form(c);
    const sub = await confirmSubscription(dd, f.t);
    if (!sub) throw new HttpError(400, badConfirmation);
    const what = sub.frequency === 'daily' ? 'every weekday' : sub.frequency === 'weekly' ? 'every Monday' : 'when your saved searches find new papers';
    return page(c, messageView('You are subscribed', `Digests will go to ${sub.email} ${what}. Every mail has a one-click unsubscribe link.`, k.menu(c)));
  });

  app.get('/unsubscribe', async (c) => {
    const token = c.req.query('t');
    const sub = await subscriberForUnsubscribe(dd, token);
    if (!sub) throw new HttpError(400, 'This unsubscribe link is invalid; use the link from your most recent digest');
    if (sub.status === 'unsubscribed') return page(c, messageView('Already unsubscribed', `${sub.email} gets no paperwire mail.`, k.menu(c)));
    return page(c, formPage('Unsubscribe', unsubscribeConfirm(token!, sub.email), { account: k.menu(c) }));
  });
  app.post('/unsubscribe', async (c) => {
    let body: Record<string, unknown> = {};
    try {
      body = await c.req.parseBody();
    } catch {
      /* one-click clients may send an empty or odd body: the token in the URL is what counts */
    }
    const token = c.req.query('t') ?? (typeof body.t === 'string' ? body.t : undefined);
    const sub = await unsubscribeByToken(dd, token);
    if (!sub) throw new HttpError(400, 'This unsubscribe link is invalid; use the link from your most recent digest');
    deps.log.info('unsubscribed', { subscriber: sub.id, oneClick: body['List-Unsubscribe'] === 'One-Click' });
    return page(c, messageView('You are unsubscribed', `${sub.email} will get no more paperwire digests or alerts. Changed your mind? You can subscribe again any time.`, k.menu(c)));
  });

  const settings = async (c: Context<AppEnv>, extra: { notice?: string; error?: string } = {}, status = 200) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect('/login?next=/settings/digest', 303);
    const account = await k.account(c);
    const [subscriber, searches] = await Promise.all([deps.store.subscribers.byUser(account.id), deps.store.savedSearches.listByUser(account.id)]);
    const done = c.req.query('done');
    if (!extra.notice && done && done in DONE) extra = { ...extra, notice: DONE[done as keyof typeof DONE]({ email: subscriber?.email ?? account.email ?? '', query: searches[searches.length - 1]?.query ?? '' }) };
    const body = digestSettingsBody({
      csrf: viewer.csrf,
      accountEmail: account.email,
      subscriber,
      searches: searches.map((s) => ({ search: s, feed: { rss: savedSearchFeedUrl(deps.config, s, 'rss'), atom: savedSearchFeedUrl(deps.config, s, 'atom') } })),
      prefill: { query: c.req.query('q')?.slice(0, 250) },
    });
    return page(c, formPage('Digest and alerts', body, { ...extra, account: k.menu(c) }), status);
  };
  app.get('/settings/digest', (c) => settings(c));
  // Every form here answers with a redirect (POST-redirect-GET), so a reload never re-posts and never lands on a 404.
  const doneRedirect = (c: Context<AppEnv>, key: keyof typeof DONE & string) => c.redirect(`/settings/digest?done=${key}${key.startsWith('search') ? '#saved-searches' : ''}`, 303);
  app.get('/settings/searches', (c) => c.redirect('/settings/digest#saved-searches', 303));

  app.post('/settings/digest', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const parsed = subscribeInput.safeParse({ email: f.email ?? '', frequency: f.frequency || 'daily' });
    if (!parsed.success) return settings(c, { error: firstIssue(parsed.error) }, 400);
    const verified = account.emailVerifiedAt && account.email?.toLowerCase() === parsed.data.email.toLowerCase();
    if (verified) {
      const sub = await deps.store.subscribers.ensure(parsed.data.email, parsed.data.frequency, account.id);
      await deps.store.subscribers.linkUser(sub.id, account.id);
      await deps.store.subscribers.activate(sub.id, parsed.data.frequency);
      return doneRedirect(c, 'subscribed');
    }
    // any other address joins this account only when its mailbox confirms (the link names the account)
    await limitMails(c);
    await requestSubscription(dd, { ...parsed.data, userId: account.id, username: account.username });
    return doneRedirect(c, 'confirming');
  });

  app.post('/settings/digest/frequency', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const frequency = z.enum(['daily', 'weekly', 'none']).safeParse(f.frequency);
    if (!frequency.success) return settings(c, { error: 'choose daily, weekly or alerts only' }, 400);
    const sub = await deps.store.subscribers.byUser(account.id);
    if (!sub) return settings(c, { error: 'subscribe first' }, 409);
    await deps.store.subscribers.setFrequency(sub.id, frequency.data);
    return doneRedirect(c, 'saved');
  });

  app.post('/settings/digest/unsubscribe', async (c) => {
    await k.form(c);
    const account = await k.account(c);
    const sub = await deps.store.subscribers.byUser(account.id);
    if (sub) await deps.store.subscribers.unsubscribe(sub.id);
    return doneRedirect(c, 'unsubscribed');
  });

  app.post('/settings/digest/rotate', async (c) => {
    await k.form(c);
    const account = await k.account(c);
    const sub = await deps.store.subscribers.byUser(account.id);
    if (!sub) return settings(c, { error: 'subscribe first' }, 409);
    await deps.store.subscribers.rotateLinks(sub.id);
    return settings(c, { notice: 'The unsubscribe link was replaced: links in earlier mails no longer work; the next mail carries the new one.' });
  });

  app.post('/settings/searches', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const parsed = savedSearchInput.safeParse({ ...f, minUpvotes: f.minUpvotes || undefined });
    if (!parsed.success) return settings(c, { error: firstIssue(parsed.error) }, 400);
    try {
      await saveSearch(deps.search, account.id, parsed.data);
    } catch (err) {
      if (err instanceof RangeError) return settings(c, { error: err.message }, 422);
      throw err;
    }
    return doneRedirect(c, 'search-saved');
  });

  const ownSearchId = (c: Context<AppEnv>) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404, 'That saved search was not found');
    return id;
  };
  app.post('/settings/searches/:id', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const delivery = z.enum(['digest', 'instant', 'feed']).safeParse(f.delivery);
    if (!delivery.success) return settings(c, { error: 'choose how new papers should reach you' }, 400);
    if (!(await deps.store.savedSearches.setDelivery(ownSearchId(c), account.id, delivery.data))) throw new HttpError(404, 'That saved search was not found');
    return doneRedirect(c, 'search-changed');
  });
  app.post('/settings/searches/:id/rotate', async (c) => {
    await k.form(c);
    const account = await k.account(c);
    if (!(await deps.store.savedSearches.rotateFeed(ownSearchId(c), account.id))) throw new HttpError(404, 'That saved search was not found');
    return settings(c, { notice: 'The private feed has a new address below; the old one no longer works.' });
  });
  app.post('/settings/searches/:id/delete', async (c) => {
    await k.form(c);
    const account = await k.account(c);
    if (!(await deps.store.savedSearches.delete(ownSearchId(c), account.id))) throw new HttpError(404, 'That saved search was not found');
    return doneRedirect(c, 'search-deleted');
  });
}
