import type { ApiToken, TokenScope } from '../../community/types.ts';
import { PAPER_COLUMNS } from './pgPaperColumns.ts';
import { rowToPaper, type PaperRow } from '../paperRows.ts';
import { rowToAccount } from '../sqlite/sqliteAccounts.ts';
import type { AccountStore } from '../store.ts';
import { isUniqueViolation, type PgDb } from './pgDb.ts';
import { accountPatchColumns } from '../communityRows.ts';

type Row = Record<string, string | number | null>;
const ACCOUNT_COLUMNS = 'id, username, fullname, avatar_url, email, password_hash, role, email_verified_at, suspended_at, show_upvotes, created_at';
const toToken = (r: Row): ApiToken => ({ id: r.id as number, name: r.name as string, prefix: r.prefix as string, scope: r.scope === 'read' ? 'read' : 'write', createdAt: r.created_at as string, lastUsedAt: (r.last_used_at as string | null) ?? undefined, expiresAt: (r.expires_at as string | null) ?? undefined });

/** The PostgreSQL implementation of AccountStore (usernames and emails are citext: compared case-insensitively). */
export function createPgAccountStore(db: PgDb): AccountStore {
  const get = async (id: number) => {
    const r = await db.one<Row>(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = $1`, [id]);
    return r && rowToAccount(r);
  };
  return {
    async create(a) {
      try {
        const r = await db.one<{ id: number }>(
          `INSERT INTO users (username, email, password_hash, role, email_verified_at)
            SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = $1 OR email = $2::citext) RETURNING id`,
          [a.username, a.email, a.passwordHash, a.role ?? 'user', a.verified ? new Date().toISOString() : null],
        );
        return r ? (await get(r.id))! : 'taken';
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
    },
    byId: get,
    async byLogin(login) {
      const r = await db.one<Row>(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE username = $1 OR email = $1::citext ORDER BY (username = $1) DESC LIMIT 1`, [login]);
      return r && rowToAccount(r);
    },
    async update(id, patch) {
      const set = accountPatchColumns(patch);
      if (!set.length) return;
      await db.run(`UPDATE users SET ${set.map(([k], i) => `${k} = $${i + 1}`).join(', ')} WHERE id = $${set.length + 1}`, [...set.map(([, v]) => v), id]);
    },
    async list(page, query) {
      const where = query ? 'WHERE username LIKE $1 OR email LIKE $1' : '';
      const args = query ? [`%${query}%`] : [];
      const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM users ${where}`, args))!.n;
      const rows = await db.rows<Row>(`SELECT ${ACCOUNT_COLUMNS} FROM users ${where} ORDER BY id DESC LIMIT ${Number(page.limit)} OFFSET ${Number(page.offset)}`, args);
      return { total, accounts: rows.map(rowToAccount) };
    },
    async count() {
      return (await db.one<{ n: number }>('SELECT count(*) AS n FROM users WHERE password_hash IS NOT NULL'))!.n;
    },
    async createSession(idHash, userId, expiresAt) {
      await db.run('INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ($1, $2, $3)', [idHash, userId, expiresAt]);
    },
    async sessionAccount(idHash, now) {
      const r = await db.one<Row>(
        `SELECT ${ACCOUNT_COLUMNS.split(', ').map((c) => 'u.' + c).join(', ')} FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.suspended_at IS NULL`,
        [idHash, now],
      );
      return r && rowToAccount(r);
    },
    async deleteSession(idHash) {
      await db.run('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },
    async deleteSessions(userId) {
      await db.run('DELETE FROM sessions WHERE user_id = $1', [userId]);
    },
    async createMailToken(hash, userId, purpose, expiresAt) {
      await db.run('INSERT INTO account_tokens (hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)', [hash, userId, purpose, expiresAt]);
    },
    async useMailToken(hash, purpose, now) {
      const r = await db.one<{ user_id: number }>(
        'UPDATE account_tokens SET used_at = $3 WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING user_id',
        [hash, purpose, now],
      );
      return r?.user_id;
    },
    async createApiToken(userId, name, hash, prefix, options = {}) {
      return toToken((await db.one<Row>('INSERT INTO api_tokens (user_id, name, hash, prefix, scope, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *', [userId, name, hash, prefix, options.scope ?? 'write', options.expiresAt ?? null]))!);
    },
    async apiTokenAccount(hash, now) {
      const r = await db.one<{ id: number; user_id: number; last_used_at: string | null }>('SELECT id, user_id, last_used_at FROM api_tokens WHERE hash = $1 AND (expires_at IS NULL OR expires_at > $2)', [hash, now]);
      if (!r) return undefined;
      // Recorded at most hourly: a write per API call would change the store revision and empty the page cache.
      if (!r.last_used_at || Date.parse(r.last_used_at) < Date.now() - 3600_000) await db.run('UPDATE api_tokens SET last_used_at = pw_now() WHERE id = $1', [r.id]);
      return get(r.user_id);
    },
    async listApiTokens(userId) {
      return (await db.rows<Row>('SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY id DESC', [userId])).map(toToken);
    },
    async apiTokenScope(hash) {
      return (await db.one<{ scope: TokenScope }>('SELECT scope FROM api_tokens WHERE hash = $1', [hash]))?.scope;
    },
    async deleteApiTokens(userId) {
      return db.run('DELETE FROM api_tokens WHERE user_id = $1', [userId]);
    },
    async revokeApiToken(userId, id) {
      return (await db.run('DELETE FROM api_tokens WHERE user_id = $1 AND id = $2', [userId, id])) > 0;
    },
    async upvotedPapers(userId, page) {
      const rows = await db.rows<PaperRow>(
        `SELECT ${PAPER_COLUMNS} FROM upvotes v JOIN papers p ON p.rowid = v.paper_rowid LEFT JOIN organizations o ON o.id = p.organization_id
          WHERE v.user_id = $1 ORDER BY v.created_at DESC LIMIT $2 OFFSET $3`,
        [userId, page.limit, page.offset],
      );
      return rows.map(rowToPaper);
    },
    async purgeExpired(now) {
      const sessions = await db.run('DELETE FROM sessions WHERE expires_at <= $1', [now]);
      const tokens = await db.run('DELETE FROM account_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL', [now]);
      return sessions + tokens;
    },
  };
}
