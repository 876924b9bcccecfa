import { HttpError } from '../http/errors.ts';
import type { CommunityDeps } from './communityDeps.ts';
import { EMAIL, PASSWORD_MIN, TOKEN_LIFETIMES_DAYS, usernameProblem } from './rules.ts';
import { dummyHash, hashPassword, needsRehash, randomToken, sha256, verifyPassword } from './secrets.ts';
import type { Account, Role, TokenScope } from './types.ts';
import { claimAttempt, signInRules } from './signInThrottle.ts';

const HOUR = 3600_000;
/** How long a session, a verification link and a reset link live. */
export const SESSION_TTL_MS = 30 * 24 * HOUR;
const VERIFY_TTL_MS = 48 * HOUR;
const RESET_TTL_MS = 1 * HOUR;

const later = (ms: number) => new Date(Date.now() + ms).toISOString();

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN) throw new HttpError(422, `The password must be at least ${PASSWORD_MIN} characters long`);
  if (password.length > 200) throw new HttpError(422, 'The password must be at most 200 characters long');
}

/** Mails a fresh single-use link of the given purpose to the account. */
async function mailLink(deps: CommunityDeps, account: Account, purpose: 'verify' | 'reset'): Promise<void> {
  const token = randomToken();
  await deps.store.accounts.createMailToken(sha256(token), account.id, purpose, later(purpose === 'verify' ? VERIFY_TTL_MS : RESET_TTL_MS));
  const base = deps.config.baseUrl;
  const message =
    purpose === 'verify'
      ? { subject: 'Confirm your paperwire account', text: `Hello ${account.username},\n\nconfirm your email address by opening this link and pressing the button on the page (valid for 48 hours):\n\n${base}/verify?token=${token}\n\nIf you did not sign up, ignore this mail.\n` }
      : { subject: 'Reset your paperwire password', text: `Hello ${account.username},\n\nchoose a new password by opening this link (valid for one hour, usable once):\n\n${base}/reset/confirm?token=${token}\n\nIf you did not ask for this, ignore this mail; your password is unchanged.\n` };
  await deps.mailer.send({ to: account.email!, ...message });
}

/** Runs a mail send in the background so the answer's timing says nothing about whether an account exists. */
function sendLater(deps: CommunityDeps, work: () => Promise<void>): void {
  work().catch((err) => deps.log.error('could not send account mail', { error: err instanceof Error ? err.message : String(err) }));
}

/**
 * Signs a new user up and mails the verification link. When the email is already registered the answer is the
 * same (no enumeration) and the owner gets a mail saying so; a taken username is public anyway and is reported.
 */
export async function signUp(deps: CommunityDeps, input: { username: string; email: string; password: string }, options: { role?: Role; verified?: boolean; skipMail?: boolean } = {}): Promise<Account | undefined> {
  const username = input.username.trim();
  const email = input.email.trim().toLowerCase();
  const problem = usernameProblem(username);
  if (problem) throw new HttpError(422, problem);
  if (!EMAIL.test(email)) throw new HttpError(422, 'That does not look like an email address');
  checkPassword(input.password);
  const existingName = await deps.store.users.get(username);
  if (existingName) throw new HttpError(422, 'That username is taken; choose another');
  const passwordHash = await hashPassword(input.password, deps.config.scryptCost);
  const created = await deps.store.accounts.create({ username, email, passwordHash, role: options.role, verified: options.verified });
  if (created === 'taken') {
    const owner = await deps.store.accounts.byLogin(email);
    if (owner?.email && !options.skipMail)
      sendLater(deps, async () => {
        await deps.mailer.send({ to: owner.email!, subject: 'Someone tried to sign up with your email', text: `Hello ${owner.username},\n\nsomeone (maybe you) tried to create a paperwire account with this address, which already has one.\nIf you forgot your password, reset it at ${deps.config.baseUrl}/reset\n` });
      });
    return undefined;
  }
  deps.log.info('account created', { username, role: created.role });
  if (!options.verified && !options.skipMail) sendLater(deps, () => mailLink(deps, created, 'verify'));
  return created;
}

/** Sends a new verification link to a signed-in, unverified account. */
export async function resendVerification(deps: CommunityDeps, account: Account): Promise<void> {
  if (account.emailVerifiedAt) return;
  await mailLink(deps, account, 'verify');
}

/** Confirms an email address from the mailed link; the link works once. */
export async function verifyEmail(deps: CommunityDeps, token: string): Promise<Account> {
  const userId = token ? await deps.store.accounts.useMailToken(sha256(token), 'verify', new Date().toISOString()) : undefined;
  if (!userId) throw new HttpError(400, 'This confirmation link is invalid, already used or expired; sign in and ask for a new one in your settings');
  await deps.store.accounts.update(userId, { emailVerifiedAt: new Date().toISOString() });
  return (await deps.store.accounts.byId(userId))!;
}

/**
 * Checks a login and password and opens a session; returns the session token for the cookie. Unknown logins
 * cost the same scrypt work and get the same message as wrong passwords.
 */
export async function signIn(deps: CommunityDeps, login: string, password: string, from = 'unknown'): Promise<{ account: Account; token: string }> {
  const account = login.trim() ? await deps.store.accounts.byLogin(login.trim()) : undefined;
  // Counted before the password is checked: `from` is the client's address bucket (see signInThrottle.ts).
  const refund = await claimAttempt(deps.store, signInRules(account ? `id:${account.id}` : `login:${login.trim().toLowerCase()}`, from));
  const ok = await verifyPassword(password, account?.passwordHash ?? dummyHash(deps.config.scryptCost));
  if (!account || !account.passwordHash || !ok) throw new HttpError(401, 'Wrong username, email or password');
  if (account.suspendedAt) throw new HttpError(403, 'This account is suspended');
  await refund();
  // hashes made with an older, smaller work factor are upgraded now, while the password is at hand
  if (needsRehash(account.passwordHash, deps.config.scryptCost)) {
    await deps.store.accounts.update(account.id, { passwordHash: await hashPassword(password, deps.config.scryptCost) });
    deps.log.info('password hash upgraded', { username: account.username });
  }
  const token = await openSession(deps, account.id);
  deps.log.info('signed in', { username: account.username });
  return { account, token };
}

/** Creates a server-side session for a user; returns the token that goes in the cookie (only its hash is stored). */
export async function openSession(deps: CommunityDeps, userId: number): Promise<string> {
  const token = randomToken();
  await deps.store.accounts.createSession(sha256(token), userId, later(SESSION_TTL_MS));
  return token;
}

/** Ends the session behind a cookie token. */
export async function signOut(deps: CommunityDeps, token: string): Promise<void> {
  await deps.store.accounts.deleteSession(sha256(token));
}

/** Mails a reset link when the email belongs to an account; answers the same either way (no enumeration). */
export async function requestPasswordReset(deps: CommunityDeps, email: string): Promise<void> {
  const account = EMAIL.test(email.trim()) ? await deps.store.accounts.byLogin(email.trim().toLowerCase()) : undefined;
  if (account?.email && account.email.toLowerCase() === email.trim().toLowerCase()) sendLater(deps, () => mailLink(deps, account, 'reset'));
}

/** Sets a new password from a reset link (single use), signs the account out everywhere and deletes its API tokens. */
export async function resetPassword(deps: CommunityDeps, token: string, password: string): Promise<Account> {
  checkPassword(password);
  const userId = token ? await deps.store.accounts.useMailToken(sha256(token), 'reset', new Date().toISOString()) : undefined;
  if (!userId) throw new HttpError(400, 'This reset link is invalid, already used or expired; ask for a new one');
  await deps.store.accounts.update(userId, { passwordHash: await hashPassword(password, deps.config.scryptCost), emailVerifiedAt: new Date().toISOString() });
  await deps.store.accounts.deleteSessions(userId);
  // whoever held the account before the reset (e.g. someone who signed up with this address) keeps no API access
  const tokens = await deps.store.accounts.deleteApiTokens(userId);
  deps.log.info('password reset', { userId, tokensRevoked: tokens });
  return (await deps.store.accounts.byId(userId))!;
}

/** Changes the password of a signed-in account after checking the current one; other sessions end, this one stays, API tokens go. */
export async function changePassword(deps: CommunityDeps, account: Account, current: string, next: string, keepSessionHash?: string): Promise<void> {
  if (!(await verifyPassword(current, account.passwordHash ?? dummyHash(deps.config.scryptCost)))) throw new HttpError(422, 'The current password is not right');
  checkPassword(next);
  await deps.store.accounts.update(account.id, { passwordHash: await hashPassword(next, deps.config.scryptCost) });
  await deps.store.accounts.deleteSessions(account.id);
  const tokens = await deps.store.accounts.deleteApiTokens(account.id);
  if (keepSessionHash) await deps.store.accounts.createSession(keepSessionHash, account.id, later(SESSION_TTL_MS));
  deps.log.info('password changed', { username: account.username, tokensRevoked: tokens });
}

/**
 * Creates a personal access token for the API and the MCP endpoint, lasting `days` (one of TOKEN_LIFETIMES_DAYS;
 * 0: until deleted); the secret is returned once and only its hash is kept. A 'read' token reads (personal lists
 * included) but cannot vote, comment, submit or save. Only verified accounts get tokens: an address someone else
 * signed up with must not yield access that outlives the owner's password reset.
 */
export async function createApiToken(deps: CommunityDeps, account: Account, name: string, options: { scope?: TokenScope; days?: number } = {}): Promise<{ secret: string; id: number }> {
  const { scope = 'write', days = 0 } = options;
  const label = name.trim();
  if (!account.emailVerifiedAt) throw new HttpError(403, 'Confirm your email address before creating API tokens');
  if (account.suspendedAt) throw new HttpError(403, 'This account is suspended');
  if (!label || label.length > 60) throw new HttpError(422, 'Give the token a name of 1 to 60 characters');
  if (!(TOKEN_LIFETIMES_DAYS as readonly number[]).includes(days)) throw new HttpError(422, `Choose a lifetime of ${TOKEN_LIFETIMES_DAYS.filter(Boolean).join(', ')} days or no expiry`);
  if ((await deps.store.accounts.listApiTokens(account.id)).length >= 20) throw new HttpError(422, 'You have 20 tokens already; delete one first');
  const secret = `pw_${randomToken()}`;
  const token = await deps.store.accounts.createApiToken(account.id, label, sha256(secret), secret.slice(0, 9), { scope, expiresAt: days ? later(days * 24 * HOUR) : undefined });
  return { secret, id: token.id };
}

/** The account behind an API token; undefined when the token is unknown, expired or the account is suspended. */
export async function authenticateToken(deps: CommunityDeps, secret: string): Promise<Account | undefined> {
  if (!secret.startsWith('pw_') || secret.length > 100) return undefined;
  const account = await deps.store.accounts.apiTokenAccount(sha256(secret), new Date().toISOString());
  return account && !account.suspendedAt ? account : undefined;
}

/** Refuses (403) a write made with a read-only token, so a token handed to a reading tool cannot vote or post. */
export async function assertTokenMayWrite(deps: CommunityDeps, secret: string): Promise<void> {
  if ((await deps.store.accounts.apiTokenScope(sha256(secret))) !== 'write') {
    throw new HttpError(403, 'This personal access token is read-only: create a token with write access in your settings to vote, comment, submit or save');
  }
}
