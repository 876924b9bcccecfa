import { TOKEN_LIFETIMES_DAYS } from '../community/rules.ts';
import type { Account, ApiToken } from '../community/types.ts';
import type { OrganizationRef } from '../model/paper.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';

/** A page holding one form: title, an optional error or notice, the form. */
export function formPage(title: string, body: SafeHtml, options: { error?: string; notice?: string; account?: SafeHtml } = {}): SafeHtml {
  return layout({ title, section: 'other', account: options.account }, html`<section class="form-page">
  <h1>${title}</h1>
  ${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
  ${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
  ${body}
</section>`);
}

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

/** The sign-up form. */
export function signupForm(csrf: string, values: { username?: string; email?: string } = {}): SafeHtml {
  return html`<form method="post" action="/signup" class="stack">${csrfField(csrf)}
  <label for="username">Username</label>
  <input id="username" name="username" required minlength="2" maxlength="32" pattern="[A-Za-z0-9][A-Za-z0-9_\\-]{1,31}" autocomplete="username" value="${values.username ?? ''}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" required maxlength="320" autocomplete="email" value="${values.email ?? ''}">
  <label for="password">Password <span class="muted">(at least 10 characters)</span></label>
  <input id="password" name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password">
  <button type="submit">Create account</button>
  <p class="muted">Already have an account? <a href="/login">Sign in</a>.</p>
</form>`;
}

/** The sign-in form. */
export function loginForm(csrf: string, login = '', next = ''): SafeHtml {
  return html`<form method="post" action="/login" class="stack">${csrfField(csrf)}<input type="hidden" name="next" value="${next}">
  <label for="login">Username or email</label>
  <input id="login" name="login" required maxlength="320" autocomplete="username" value="${login}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required maxlength="200" autocomplete="current-password">
  <button type="submit">Sign in</button>
  <p class="muted"><a href="/reset">Forgot your password?</a> · New here? <a href="/signup">Create an account</a>.</p>
</form>`;
}

/** The form asking for a password reset link. */
export function resetRequestForm(csrf: string): SafeHtml {
  return html`<form method="post" action="/reset" class="stack">${csrfField(csrf)}
  <label for="email">Email of your account</label>
  <input id="email" name="email" type="email" required maxlength="320" autocomplete="email">
  <button type="submit">Send me a reset link</button>
</form>`;
}

/** The form choosing a new password from a reset link. */
/** The page a verification link opens: one button (POST), so opening the link confirms nothing and signs no one in. */
export function verifyForm(csrf: string, token: string): SafeHtml {
  return html`<p>Confirm the email address of your paperwire account?</p>
<form method="post" action="/verify" class="stack">${csrfField(csrf)}<input type="hidden" name="token" value="${token}">
  <button type="submit">Confirm my email address</button>
</form>`;
}

export function resetConfirmForm(csrf: string, token: string): SafeHtml {
  return html`<form method="post" action="/reset/confirm" class="stack">${csrfField(csrf)}<input type="hidden" name="token" value="${token}">
  <label for="password">New password <span class="muted">(at least 10 characters)</span></label>
  <input id="password" name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password">
  <button type="submit">Set the new password</button>
</form>`;
}

/** Everything the settings page shows. */
export interface SettingsModel {
  account: Account;
  csrf: string;
  tokens: ApiToken[];
  newToken?: string;
  /** The current time (ISO), to mark expired tokens. */
  now: string;
  invitations: { org: OrganizationRef; role: string }[];
  orgs: { org: OrganizationRef; role: string }[];
}

/** The settings page body: verification state, profile privacy, organizations and invitations, API tokens. */
export function settingsBody(m: SettingsModel): SafeHtml {
  const c = csrfField(m.csrf);
  return html`
${m.account.emailVerifiedAt
  ? html`<p>Signed in as <strong>@${m.account.username}</strong> (${m.account.email}), role: ${m.account.role}.</p>`
  : html`<div class="notice"><p>Your email address (${m.account.email}) is not confirmed yet, so you cannot submit, vote or comment.</p>
      <form method="post" action="/settings/verify">${c}<button type="submit">Send a new confirmation link</button></form></div>`}
<h2>Profile</h2>
<form method="post" action="/settings/profile" class="stack">${c}
  <label for="fullname">Display name</label>
  <input id="fullname" name="fullname" maxlength="80" value="${m.account.fullname ?? ''}">
  <label class="check"><input type="checkbox" name="show_upvotes" value="1"${m.account.showUpvotes ? html` checked` : ''}> Show the papers I upvote on my profile</label>
  <button type="submit">Save</button>
</form>
<h2>Password</h2>
<form method="post" action="/settings/password" class="stack">${c}
  <label for="current-password">Current password</label>
  <input id="current-password" name="current" type="password" required maxlength="200" autocomplete="current-password">
  <label for="new-password">New password <span class="muted">(at least 10 characters; signs out your other sessions and deletes your API tokens)</span></label>
  <input id="new-password" name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password">
  <button type="submit">Change password</button>
</form>
<h2>Organizations</h2>
${m.invitations.map((i) => html`<form method="post" action="/orgs/${i.org.name}/accept" class="row">${c}<span>${i.org.fullname} invited you as ${i.role}.</span> <button type="submit">Accept</button></form>`)}
${m.orgs.length ? html`<ul>${m.orgs.map((o) => html`<li><a href="/orgs/${o.org.name}">${o.org.fullname}</a> (${o.role})</li>`)}</ul>` : html`<p class="muted">You are in no organization.</p>`}
<p><a href="/orgs/new">Create an organization</a></p>
<h2>Personal access tokens</h2>
<p class="muted">For the API and the MCP endpoint (<code>/mcp</code>, for AI assistants): send <code>Authorization: Bearer TOKEN</code>. A token acts as you; keep it secret. A read-only token can read your For you list and collections but cannot vote, comment, submit or save. Changing or resetting your password deletes every token.</p>
${m.newToken ? html`<p class="notice" role="status">Your new token (shown once): <code class="token">${m.newToken}</code></p>` : ''}
${m.tokens.length
  ? html`<ul class="tokens">${m.tokens.map((t) => html`<li><strong>${t.name}</strong> <code>${t.prefix}…</code> <span class="muted">${t.scope === 'read' ? 'read only, ' : 'read and write, '}${tokenDates(t, m.now)}</span>
      <form method="post" action="/settings/tokens/${t.id}/delete" class="inline">${c}<button type="submit" class="link">Delete</button></form></li>`)}</ul>`
  : ''}
${m.account.emailVerifiedAt
  ? html`<form method="post" action="/settings/tokens" class="row">${c}
  <label for="token-name">Token name</label> <input id="token-name" name="name" required maxlength="60" placeholder="my script">
  <label for="token-scope">Access</label> <select id="token-scope" name="scope"><option value="write">Read and write</option><option value="read">Read only</option></select>
  <label for="token-days">Expires</label> <select id="token-days" name="days">${TOKEN_LIFETIMES_DAYS.map((d) => html`<option value="${d}"${d === 90 ? html` selected` : ''}>${d ? `in ${d} days` : 'never'}</option>`)}</select>
  <button type="submit">Create token</button>
</form>`
  : html`<p class="muted">Confirm your email address to create tokens.</p>`}`;
}

/** "created …, expires …, last used …" for a token; last use is recorded to the hour. */
function tokenDates(t: ApiToken, now: string): string {
  const minute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  const expiry = t.expiresAt ? (t.expiresAt <= now ? `, expired ${t.expiresAt.slice(0, 10)}` : `, expires ${t.expiresAt.slice(0, 10)}`) : ', never expires';
  return `created ${t.createdAt.slice(0, 10)}${expiry}, ${t.lastUsedAt ? `last used ${minute(t.lastUsedAt)} (to the hour)` : 'never used'}`;
}
