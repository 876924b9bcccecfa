import { HttpError } from '../http/errors.ts';
import type { Account } from './types.ts';

/** Username rules: 2–32 letters, digits, "-" or "_", starting with a letter or digit (also used in URLs). */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/;
/** Organization handle rules, like usernames. */
export const ORG_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,38}$/;
/** Organization handles the site's own routes use (`/orgs/new`), so no organization may take them. */
export const RESERVED_ORG_NAMES: ReadonlySet<string> = new Set(['new']);

/**
 * Why a username is not acceptable, or undefined when it is: the one check sign-up, the CLI and imports share
 * (usernames appear in URLs, so nothing else is allowed in).
 */
export function usernameProblem(name: string): string | undefined {
  return USERNAME.test(name) ? undefined : 'The username must be 2 to 32 letters, digits, "-" or "_", starting with a letter or digit';
}

/** Why an organization handle is not acceptable, or undefined when it is: the site's form and imports share it. */
export function orgNameProblem(name: string): string | undefined {
  if (!ORG_NAME.test(name)) return 'The handle must be 2 to 39 letters, digits, "-" or "_", starting with a letter or digit';
  if (RESERVED_ORG_NAMES.has(name.toLowerCase())) return `The handle "${name}" is reserved by the site`;
  return undefined;
}

/** A plausible email address; the verification mail is the real check. */
export const EMAIL = /^[^\s@<>()",;]{1,64}@[^\s@<>()",;]{1,255}\.[A-Za-z]{2,}$/;
export const PASSWORD_MIN = 10;
/** The lifetimes a new API token may be given, in days; 0 means until deleted. */
export const TOKEN_LIFETIMES_DAYS = [30, 90, 365, 0] as const;

/** Refuses a write by an account that is suspended or has not verified its email, saying why. */
export function assertCanWrite(account: Account | undefined): asserts account is Account {
  if (!account) throw new HttpError(401, 'Sign in first');
  if (account.suspendedAt) throw new HttpError(403, 'This account is suspended; it can read but not post, vote or submit');
  if (!account.emailVerifiedAt) throw new HttpError(403, 'Verify your email address first: follow the link in the mail we sent when you signed up (or ask for a new one in your settings)');
}

/** Whether a role includes moderator powers. */
export const isModerator = (role: Account['role'] | undefined) => role === 'moderator' || role === 'admin';

/** Refuses unless the account is a moderator (or admin). */
export function assertModerator(account: Account | undefined): asserts account is Account {
  if (!account || !isModerator(account.role) || account.suspendedAt) throw new HttpError(403, 'Only moderators can do that');
}

/** Refuses unless the account is an admin. */
export function assertAdmin(account: Account | undefined): asserts account is Account {
  if (!account || account.role !== 'admin' || account.suspendedAt) throw new HttpError(403, 'Only admins can do that');
}
