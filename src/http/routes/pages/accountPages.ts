import type { Context, Hono } from 'hono';
import { changePassword, createApiToken, requestPasswordReset, resendVerification, resetPassword, signIn, signOut, signUp, verifyEmail } from '../../../community/accounts.ts';
import { formPage, loginForm, resetConfirmForm, resetRequestForm, settingsBody, signupForm, verifyForm } from '../../../views/accountViews.ts';
import type { SafeHtml } from '../../../views/html.ts';
import { messageView } from '../../../views/messageView.ts';
import type { CommunityHttp } from '../../communityHttp.ts';
import { anonCsrf } from '../../csrf.ts';
import type { AppDeps } from '../../deps.ts';
import { HttpError } from '../../errors.ts';
import { clientKey } from '../../rateLimit.ts';
import { claimAttempt, passwordCheckRules, TooManyAttempts } from '../../../community/signInThrottle.ts';
import { HTML } from '../../respond.ts';
import { safeNext as sameSiteNext } from '../../safeNext.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../../session.ts';
import { sha256 } from '../../../community/secrets.ts';
import type { AppEnv } from '../../viewer.ts';

const page = (c: Context, body: SafeHtml, status = 200) => c.body(body.value, status as 200, { 'Content-Type': HTML, 'Cache-Control': 'no-store' });

/** Sign up, email verification, sign in and out, password reset, and the settings page (profile, tokens). */
export function registerAccountPages(app: Hono<AppEnv>, deps: AppDeps, k: CommunityHttp): void {
  const secret = deps.config.secret;
  const safeNext = (next: string | undefined) => sameSiteNext(next, deps.config.baseUrl);
  const anon = (c: Context<AppEnv>) => c.get('viewer')?.csrf ?? anonCsrf(c, secret, k.secure);
  const failed = (err: unknown) => err instanceof HttpError && [401, 403, 422, 429].includes(err.status);

  app.get('/signup', (c) => {
    if (!deps.config.signupOpen) return page(c, messageView('Sign-up is closed', 'New accounts are created by the admins of this site.'), 403);
    return page(c, formPage('Create your account', signupForm(anon(c))));
  });
  app.post('/signup', async (c) => {
    if (!deps.config.signupOpen) throw new HttpError(403, 'Sign-up is closed on this site');
    const f = await k.form(c);
    await k.mails.enforce(c, `signup:${clientKey(c)}`, (d) => `Too many sign-ups from your address; try again in ${Math.ceil(d.resetS / 60)} minutes`);
    try {
      await signUp(k.cd, { username: f.username ?? '', email: f.email ?? '', password: f.password ?? '' });
    } catch (err) {
      if (!failed(err)) throw err;
      return page(c, formPage('Create your account', signupForm(anon(c), { username: f.username, email: f.email }), { error: (err as Error).message }), (err as HttpError).status);
    }
    return page(c, messageView('Check your inbox', `We sent a confirmation link to ${f.email}. Open it to activate your account (it is valid for 48 hours).`));
  });

  // The link opens a page with a button: a prefetching mail scanner uses nothing up, and confirming opens no
  // session (someone else's verification link must not sign this browser in as them).
  app.get('/verify', (c) => page(c, formPage('Confirm your email address', verifyForm(anon(c), (c.req.query('token') ?? '').slice(0, 200)), { account: k.menu(c) })));
  app.post('/verify', async (c) => {
    const f = await k.form(c);
    await verifyEmail(k.cd, f.token ?? '');
    if (c.get('viewer')) return c.redirect('/settings?verified=1', 303);
    return page(c, messageView('Email address confirmed', 'Your email address is confirmed. Sign in to start posting, voting and commenting.'));
  });

  app.get('/login', (c) => {
    // Already signed in (e.g. a vote box on a page rendered without vote state): go straight on.
    if (c.get('viewer')) return c.redirect(safeNext(c.req.query('next')), 303);
    return page(c, formPage('Sign in', loginForm(anon(c), '', safeNext(c.req.query('next')))));
  });
  app.post('/login', async (c) => {
    const f = await k.form(c);
    const login = (f.login ?? '').trim().toLowerCase().slice(0, 320);
    try {
      const { token } = await signIn(k.cd, login, f.password ?? '', clientKey(c));
      setSessionCookie(c, token, k.secure);
      return c.redirect(safeNext(f.next), 303);
    } catch (err) {
      if (!failed(err)) throw err;
      if (err instanceof TooManyAttempts) c.header('Retry-After', String(err.retryAfterS));
      return page(c, formPage('Sign in', loginForm(anon(c), f.login, safeNext(f.next)), { error: (err as Error).message }), (err as HttpError).status);
    }
  });

  app.post('/logout', async (c) => {
    await k.form(c);
    const token = sessionToken(c);
    if (token) await signOut(k.cd, token);
    clearSessionCookie(c, k.secure);
    return c.redirect('/', 303);
  });

  app.get('/reset', (c) => page(c, formPage('Reset your password', resetRequestForm(anon(c)))));
  app.post('/reset', async (c) => {
    const f = await k.form(c);
    await k.mails.enforce(c, `reset:${clientKey(c)}`, (d) => `Too many reset requests from your address; try again in ${Math.ceil(d.resetS / 60)} minutes`);
    await requestPasswordReset(k.cd, f.email ?? '');
    return page(c, messageView('Check your inbox', 'If an account uses that address, we sent it a link to choose a new password. The link works once, for one hour.'));
  });
  app.get('/reset/confirm', (c) => page(c, formPage('Choose a new password', resetConfirmForm(anon(c), c.req.query('token') ?? ''))));
  app.post('/reset/confirm', async (c) => {
    const f = await k.form(c);
    try {
      await resetPassword(k.cd, f.token ?? '', f.password ?? '');
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 422)) throw err;
      return page(c, formPage('Choose a new password', resetConfirmForm(anon(c), f.token ?? ''), { error: err.message }), 422);
    }
    return page(c, messageView('Password changed', 'Your password was changed, you were signed out everywhere and your API tokens were deleted. Sign in with the new password.'));
  });

  const settings = async (c: Context<AppEnv>, extra: { newToken?: string; notice?: string; error?: string } = {}, status = 200) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect('/login?next=/settings', 303);
    const account = await k.account(c);
    const [tokens, invitations, orgs] = await Promise.all([deps.store.accounts.listApiTokens(account.id), deps.store.memberships.invitationsFor(account.id), deps.store.memberships.orgsOf(account.id)]);
    const notice = extra.notice ?? (c.req.query('verified') ? 'Your email address is confirmed. Welcome!' : undefined);
    return page(c, formPage('Settings', settingsBody({ account, csrf: viewer.csrf, tokens, newToken: extra.newToken, invitations, orgs, now: new Date().toISOString() }), { notice, error: extra.error, account: k.menu(c) }), status);
  };
  app.get('/settings', (c) => settings(c));
  app.post('/settings/profile', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    const fullname = (f.fullname ?? '').trim();
    if (fullname.length > 80) return settings(c, { error: 'The display name can be at most 80 characters long' }, 422);
    await deps.store.accounts.update(account.id, { fullname: fullname || undefined, showUpvotes: f.show_upvotes === '1' });
    return settings(c, { notice: 'Saved.' });
  });
  app.post('/settings/password', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    try {
      const refund = await claimAttempt(deps.store, passwordCheckRules(account.id));
      await changePassword(k.cd, account, f.current ?? '', f.password ?? '', sha256(sessionToken(c) ?? ''));
      await refund();
    } catch (err) {
      if (!failed(err)) throw err;
      if (err instanceof TooManyAttempts) {
        c.header('Retry-After', String(err.retryAfterS));
        return settings(c, { error: `Too many wrong passwords; try again in ${err.retryAfterS} s` }, 429);
      }
      return settings(c, { error: (err as Error).message }, 422);
    }
    return settings(c, { notice: 'Password changed; your other sessions were signed out and your API tokens deleted.' });
  });
  app.post('/settings/verify', async (c) => {
    await k.form(c);
    const account = await k.account(c);
    await k.mails.enforce(c, `verify:${account.id}`, () => 'Too many confirmation mails; try again later');
    await resendVerification(k.cd, account);
    return settings(c, { notice: `We sent a new confirmation link to ${account.email}.` });
  });
  app.post('/settings/tokens', async (c) => {
    const f = await k.form(c);
    const account = await k.account(c);
    try {
      const { secret: token } = await createApiToken(k.cd, account, f.name ?? '', { scope: f.scope === 'read' ? 'read' : 'write', days: Number(f.days ?? 0) });
      return settings(c, { newToken: token });
    } catch (err) {
      if (!failed(err)) throw err;
      return settings(c, { error: (err as Error).message }, (err as HttpError).status);
    }
  });
  app.post('/settings/tokens/:id/delete', async (c) => {
    await k.form(c);
    const account = await k.account(c);
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || !(await deps.store.accounts.revokeApiToken(account.id, id))) throw new HttpError(404, 'That token was not found');
    return settings(c, { notice: 'Token deleted.' });
  });
}
