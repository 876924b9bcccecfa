import type { DigestFrequency, SavedSearch, Subscriber } from '../digest/digestTypes.ts';
import { html, type SafeHtml } from './html.ts';

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

const frequencyChoice = (current: DigestFrequency, withNone: boolean) => html`<fieldset class="stack">
  <legend>How often</legend>
  <label><input type="radio" name="frequency" value="daily"${current === 'daily' ? html` checked` : ''}> Daily, on weekdays: the top papers of the previous day</label>
  <label><input type="radio" name="frequency" value="weekly"${current === 'weekly' ? html` checked` : ''}> Weekly, on Mondays: the top papers of the past week</label>
  ${withNone ? html`<label><input type="radio" name="frequency" value="none"${current === 'none' ? html` checked` : ''}> No digest, only my saved-search alerts</label>` : ''}
</fieldset>`;

/** The public subscribe form (email and frequency); no account needed. */
export function subscribeForm(csrf: string, values: { email?: string; frequency?: DigestFrequency } = {}, signedIn = false): SafeHtml {
  return html`<p class="lede">The most upvoted research papers, in your inbox. Confirm by email; unsubscribe in one click from any digest.</p>
<form method="post" action="/subscribe" class="stack">${csrfField(csrf)}
  <label for="email">Email</label>
  <input id="email" name="email" type="email" required maxlength="254" autocomplete="email" value="${values.email ?? ''}">
  ${frequencyChoice(values.frequency ?? 'daily', false)}
  <button type="submit">Subscribe</button>
</form>
<p class="muted">${signedIn ? html`Manage your digest and saved-search alerts in <a href="/settings/digest">your settings</a>.` : html`With an account you can also <a href="/login?next=/settings/digest">save searches and get alerts</a>.`}
Prefer a feed reader? Every list has RSS and Atom, for example <a href="/papers/trending.rss">trending</a>.</p>`;
}

/** The page behind the visible unsubscribe link: one button, so mail scanners that open links unsubscribe no one. */
export function unsubscribeConfirm(token: string, email: string): SafeHtml {
  return html`<p>Stop all paperwire digests and alerts to <strong>${email}</strong>?</p>
<form method="post" action="/unsubscribe" class="stack"><input type="hidden" name="t" value="${token}">
  <button type="submit">Unsubscribe</button>
</form>`;
}

/**
 * The page a confirmation link opens: what confirming does (and which account the subscription would join), and
 * one button, so opening the link (or a mail scanner fetching it) confirms nothing.
 */
export function subscriptionConfirmForm(csrf: string, token: string, m: { email: string; frequency: DigestFrequency; username?: string }): SafeHtml {
  const what = m.frequency === 'daily' ? 'the top papers every weekday' : m.frequency === 'weekly' ? 'the top papers every Monday' : 'saved-search alerts';
  return html`<p>Send ${what} to <strong>${m.email}</strong>?</p>
${m.username ? html`<p class="notice">Confirming also ties this address to the paperwire account <strong>@${m.username}</strong>: it can then change or stop this subscription and have its saved-search alerts mailed here. Confirm only if that account is yours.</p>` : ''}
<form method="post" action="/subscribe/confirm" class="stack">${csrfField(csrf)}<input type="hidden" name="t" value="${token}">
  <button type="submit">Confirm subscription</button>
</form>`;
}

/** Everything the digest settings page shows. */
export interface DigestSettingsModel {
  csrf: string;
  accountEmail?: string;
  subscriber?: Subscriber;
  searches: { search: SavedSearch; feed: { rss: string; atom: string } }[];
  prefill?: { query?: string };
}

const describeFilters = (s: SavedSearch) =>
  [s.filters.organization && `organization ${s.filters.organization}`, s.filters.category && `category ${s.filters.category}`, s.filters.minUpvotes !== undefined && `≥ ${s.filters.minUpvotes} upvotes`].filter(Boolean).join(', ');

const deliveryLabel = { digest: 'in my digest', instant: 'by mail at once', feed: 'only in the feed' } as const;

/** The signed-in user's digest subscription and saved searches. */
export function digestSettingsBody(m: DigestSettingsModel): SafeHtml {
  const sub = m.subscriber;
  const subscription =
    sub && sub.status !== 'unsubscribed'
      ? html`<p>${sub.status === 'active' ? html`Digests go to <strong>${sub.email}</strong>.` : html`We sent a confirmation link to <strong>${sub.email}</strong>; open it to start your digest.`}</p>
<form method="post" action="/settings/digest/frequency" class="stack">${csrfField(m.csrf)}${frequencyChoice(sub.frequency, true)}<button type="submit">Save</button></form>
<form method="post" action="/settings/digest/unsubscribe" class="row">${csrfField(m.csrf)}<button type="submit">Unsubscribe from all mail</button></form>
<form method="post" action="/settings/digest/rotate" class="row">${csrfField(m.csrf)}<button type="submit" class="link">Replace the unsubscribe link</button> <span class="muted">(links in mails already sent stop working; for when a mail was forwarded)</span></form>`
      : html`<form method="post" action="/settings/digest" class="stack">${csrfField(m.csrf)}
  <label for="email">Email</label>
  <input id="email" name="email" type="email" required maxlength="254" autocomplete="email" value="${sub?.email ?? m.accountEmail ?? ''}">
  ${frequencyChoice(sub?.frequency ?? 'daily', true)}
  <button type="submit">Subscribe</button>
</form>`;
  return html`<h2>Email digest</h2>
${subscription}
<h2 id="saved-searches">Saved searches</h2>
<p class="muted">New papers that match a saved search arrive in your digest, in a mail of their own at once, or only in the search's private feed. Alerts by mail need a confirmed subscription above.</p>
${m.searches.length
  ? html`<ul class="saved-searches">${m.searches.map(
      ({ search: s, feed }) => html`<li>
  <strong>“${s.query}”</strong>${describeFilters(s) ? html` <span class="muted">(${describeFilters(s)})</span>` : ''} — ${deliveryLabel[s.delivery]}
  · <a href="/search?q=${encodeURIComponent((s.query as string & { toWellFormed(): string }).toWellFormed())}">results</a> · private feed: <a href="${feed.rss}">RSS</a> / <a href="${feed.atom}">Atom</a>
  <form method="post" action="/settings/searches/${s.id}" class="inline">${csrfField(m.csrf)}<label class="visually-hidden" for="delivery-${s.id}">Delivery</label><select id="delivery-${s.id}" name="delivery">${(['digest', 'instant', 'feed'] as const).map((d) => html`<option value="${d}"${d === s.delivery ? html` selected` : ''}>${deliveryLabel[d]}</option>`)}</select> <button type="submit" class="link">Change</button></form>
  <form method="post" action="/settings/searches/${s.id}/rotate" class="inline">${csrfField(m.csrf)}<button type="submit" class="link">New feed address</button></form>
  <form method="post" action="/settings/searches/${s.id}/delete" class="inline">${csrfField(m.csrf)}<button type="submit" class="link">Delete</button></form>
</li>`,
    )}</ul>`
  : html`<p>No saved searches yet.</p>`}
<form method="post" action="/settings/searches" class="stack">${csrfField(m.csrf)}
  <label for="query">Search words</label>
  <input id="query" name="query" required maxlength="250" value="${m.prefill?.query ?? ''}">
  <label for="organization">Only from organization <span class="muted">(optional, its short name)</span></label>
  <input id="organization" name="organization" maxlength="100">
  <label for="category">Only in arXiv category <span class="muted">(optional, e.g. cs.CL)</span></label>
  <input id="category" name="category" maxlength="40">
  <label for="minUpvotes">At least this many upvotes <span class="muted">(optional)</span></label>
  <input id="minUpvotes" name="minUpvotes" type="number" min="0" max="100000">
  <label for="delivery">Send new papers</label>
  <select id="delivery" name="delivery">${(['digest', 'instant', 'feed'] as const).map((d) => html`<option value="${d}">${deliveryLabel[d]}</option>`)}</select>
  <button type="submit">Save search</button>
</form>`;
}
