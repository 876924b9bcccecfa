import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSession, signUp } from '../../src/community/accounts.ts';
import type { CommunityDeps } from '../../src/community/communityDeps.ts';
import type { Role } from '../../src/community/types.ts';
import { sessionCsrf } from '../../src/http/csrf.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import type { SqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import type { Store } from '../../src/storage/store.ts';
import { testApp, type TestApp, type TestAppOptions } from '../helpers/testApp.ts';

/** The app over a temp database plus community deps for setting up users directly (password hashing at the lowest allowed cost). */
export async function communityApp(options?: TestAppOptions & { backend?: undefined }): Promise<TestApp<SqliteStore> & { cd: CommunityDeps }>;
export async function communityApp(options: TestAppOptions): Promise<TestApp<Store> & { cd: CommunityDeps }>;
export async function communityApp(options: TestAppOptions = {}): Promise<TestApp<Store> & { cd: CommunityDeps }> {
  // scrypt at 2^14 keeps account-heavy tests quick on a busy machine; the default (2^17) is tested in passwordHashing.test.ts
  const t = await testApp({ ...options, backend: options.backend ?? 'sqlite', env: { PAPERWIRE_SCRYPT_COST: '14', ...options.env } });
  const cd: CommunityDeps = { store: t.store, config: t.config, log: createLogger('silent'), mailer: createMailer(t.config, createLogger('silent')), today: () => options.today ?? '2026-11-23' };
  return { ...t, cd };
}

/** A signed-in user: the cookie to send and the CSRF token for forms. */
export interface TestUser {
  id: number;
  username: string;
  cookie: string;
  csrf: string;
}

/** Creates a verified account with a session, as if it had signed up and clicked the mail link. */
export async function makeUser(t: Awaited<ReturnType<typeof communityApp>>, username: string, role: Role = 'user', verified = true): Promise<TestUser> {
  const account = await signUp(t.cd, { username, email: `${username.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.org`, password: 'correct horse battery' }, { role, verified, skipMail: true });
  const token = await openSession(t.cd, account!.id);
  return { id: account!.id, username, cookie: `pw_session=${token}`, csrf: sessionCsrf(t.config.secret, token) };
}

/** Posts a form as a user (or anonymously with the given cookie). */
export async function postForm(app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> }, path: string, fields: Record<string, string>, cookie = '', headers: Record<string, string> = {}): Promise<Response> {
  return app.request(path, { method: 'POST', body: new URLSearchParams(fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, ...headers } });
}

/** Waits for the outbox to hold `n` mails and returns their texts, oldest first. */
export async function outbox(dir: string, n = 1): Promise<string[]> {
  const folder = join(dir, 'outbox');
  for (let i = 0; i < 200; i++) {
    if (existsSync(folder) && readdirSync(folder).length >= n) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  if (!existsSync(folder)) return [];
  return readdirSync(folder).sort().map((f) => readFileSync(join(folder, f), 'utf8'));
}

/** The first link to `path` found in a mail (quoted-printable soft breaks undone). */
export function linkIn(mail: string, path: string): string | undefined {
  const text = mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return new RegExp(`https?://[^\\s"<>]+${path.replace(/[/?]/g, (c) => `\\${c}`)}[^\\s"<>]*`).exec(text)?.[0];
}

/** The anonymous CSRF cookie and token a form page hands out. */
export async function anonForm(app: { request: (url: string) => Response | Promise<Response> }, path: string): Promise<{ cookie: string; csrf: string }> {
  const res = await app.request(path);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
  return { cookie, csrf };
}
