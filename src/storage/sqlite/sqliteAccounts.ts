import type { Account, ApiToken, TokenScope } from '../../community/types.ts';
import type { Db } from '../database.ts';
import type { AccountStore } from '../store.ts';
import { PAPER_COLUMNS } from './paperColumns.ts';
import { rowToPaper, type PaperRow } from '../paperRows.ts';
import { accountPatchColumns } from '../communityRows.ts';

type Row = Record<string, string | number | null>;
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
const ACCOUNT_COLUMNS = 'id, username, fullname, avatar_url, email, password_hash, role, email_verified_at, suspended_at, show_upvotes, created_at';

/** Turns a users row (ACCOUNT_COLUMNS, optionally prefixed) into an Account. */
export function rowToAccount(r: Row): Account {
  return {
    id: r.id as number,
    username: r.username as string,
    fullname: opt(r.fullname as string | null),
    avatarUrl: opt(r.avatar_url as string | null),
    email: opt(r.email as string | null),
    passwordHash: opt(r.password_hash as string | null),
    role: r.role as Account['role'],
    emailVerifiedAt: opt(r.email_verified_at as string | null),
    suspendedAt: opt(r.suspended_at as string | null),
    showUpvotes: r.show_upvotes === 1,
    createdAt: r.created_at as string,
  };
}

const toToken = (r: Row): ApiToken => ({ id: r.id as number, name: r.name as string, prefix: r.prefix as string, scope: r.scope === 'read' ? 'read' : 'write', createdAt: r.created_at as string, lastUsedAt: opt(r.last_used_at as string | null), expiresAt: opt(r.expires_at as string | null) });

/** The SQLite implementation of AccountStore: users' account columns, sessions, mail tokens and API tokens. */
export function createAccountStore(db: Db): AccountStore {
  const byId = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = ?`);
  const byLogin = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE username = @login OR email = @login COLLATE NOCASE ORDER BY username = @login DESC LIMIT 1`);
  const taken = db.prepare('SELECT 1 FROM users WHERE username = ? OR email = ? COLLATE NOCASE');
  const insert = db.prepare(`INSERT INTO users (username, email, password_hash, role, email_verified_at) VALUES (?, ?, ?, ?, ?)`);
  const sessionAccount = db.prepare(`SELECT ${ACCOUNT_COLUMNS.split(', ').map((c) => 'u.' + c).join(', ')} FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id_hash = ? AND s.expires_at > ? AND u.suspended_at IS NULL`);
  const useToken = db.prepare(`UPDATE account_tokens SET used_at = @now WHERE hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now RETURNING user_id`);
  const tokenOwner = db.prepare('SELECT id, user_id, last_used_at FROM api_tokens WHERE hash = ? AND (expires_at IS NULL OR expires_at > ?)');
  const tokenScope = db.prepare('SELECT scope FROM api_tokens WHERE hash = ?');
  const touchToken = db.prepare(`UPDATE api_tokens SET last_used_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`);
  const upvoted = db.prepare(`SELECT ${PAPER_COLUMNS} FROM upvotes v JOIN papers p ON p.rowid = v.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id WHERE v.user_id = ? ORDER BY v.created_at DESC LIMIT ? OFFSET ?`);
  const get = (id: number) => {
    const r = byId.get(id) as Row | undefined;
    return r && rowToAccount(r);
  };
  const create = db.transaction((a: Parameters<AccountStore['create']>[0]) => {
    if (taken.get(a.username, a.email)) return 'taken' as const;
    const id = Number(insert.run(a.username, a.email, a.passwordHash, a.role ?? 'user', a.verified ? new Date().toISOString() : null).lastInsertRowid);
    return get(id)!;
  });
  return {
    async create(a) {
      return create.immediate(a);
    },
    async byId(id) {
      return get(id);
    },
    async byLogin(login) {
      const r = byLogin.get({ login }) as Row | undefined;
      return r && rowToAccount(r);
    },
    async update(id, patch) {
      const set = accountPatchColumns(patch);
      if (!set.length) return;
      db.prepare(`UPDATE users SET ${set.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...set.map(([, v]) => v), id);
    },
    async list(page, query) {
      const where = query ? `WHERE username LIKE @q OR email LIKE @q` : '';
      const args = query ? [{ q: `%${query}%` }] : [];
      const total = (db.prepare(`SELECT count(*) AS n FROM users ${where}`).get(...args) as { n: number }).n;
      const rows = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM users ${where} ORDER BY id DESC LIMIT ${page.limit} OFFSET ${page.offset}`).all(...args) as Row[];
      return { total, accounts: rows.map(rowToAccount) };
    },
    async count() {
      return (db.prepare('SELECT count(*) AS n FROM users WHERE password_hash IS NOT NULL').get() as { n: number }).n;
    },
    async createSession(idHash, userId, expiresAt) {
      db.prepare('INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)').run(idHash, userId, expiresAt);
    },
    async sessionAccount(idHash, now) {
      const r = sessionAccount.get(idHash, now) as Row | undefined;
      return r && rowToAccount(r);
    },
    async deleteSession(idHash) {
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    },
    async deleteSessions(userId) {
      db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    },
    async createMailToken(hash, userId, purpose, expiresAt) {
      db.prepare('INSERT INTO account_tokens (hash, user_id, purpose, expires_at) VALUES (?, ?, ?, ?)').run(hash, userId, purpose, expiresAt);
    },
    async useMailToken(hash, purpose, now) {
      return (useToken.get({ hash, purpose, now }) as { user_id: number } | undefined)?.user_id;
    },
    async createApiToken(userId, name, hash, prefix, options = {}) {
      const id = Number(db.prepare('INSERT INTO api_tokens (user_id, name, hash, prefix, scope, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(userId, name, hash, prefix, options.scope ?? 'write', options.expiresAt ?? null).lastInsertRowid);
      return toToken(db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as Row);
    },
    async apiTokenAccount(hash, now) {
      const r = tokenOwner.get(hash, now) as { id: number; user_id: number; last_used_at: string | null } | undefined;
      if (!r) return undefined;
      // Recorded at most hourly: a write per API call would change the store revision and empty the page cache.
      if (!r.last_used_at || Date.parse(r.last_used_at) < Date.now() - 3600_000) touchToken.run(r.id);
      return get(r.user_id);
    },
    async apiTokenScope(hash) {
      const r = tokenScope.get(hash) as { scope: TokenScope } | undefined;
      return r?.scope;
    },
    async listApiTokens(userId) {
      return (db.prepare('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY id DESC').all(userId) as Row[]).map(toToken);
    },
    async deleteApiTokens(userId) {
      return db.prepare('DELETE FROM api_tokens WHERE user_id = ?').run(userId).changes;
    },
    async revokeApiToken(userId, id) {
      return db.prepare('DELETE FROM api_tokens WHERE user_id = ? AND id = ?').run(userId, id).changes > 0;
    },
    async upvotedPapers(userId, page) {
      return (upvoted.all(userId, page.limit, page.offset) as PaperRow[]).map(rowToPaper);
    },
    async purgeExpired(now) {
      const sessions = db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
      const tokens = db.prepare('DELETE FROM account_tokens WHERE expires_at <= ? OR used_at IS NOT NULL').run(now).changes;
      return sessions + tokens;
    },
  };
}
