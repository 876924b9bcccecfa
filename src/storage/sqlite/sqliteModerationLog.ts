import type { ModerationEntry } from '../../community/types.ts';
import type { Db } from '../database.ts';
import type { ModerationLogStore } from '../store.ts';

type Row = Record<string, string | number | null>;

/** The SQLite implementation of ModerationLogStore (append-only). */
export function createModerationLogStore(db: Db): ModerationLogStore {
  const insert = db.prepare('INSERT INTO moderation_log (actor_id, action, target, detail) VALUES (?, ?, ?, ?)');
  const list = db.prepare(`SELECT l.id, l.action, l.target, l.detail, l.created_at, u.id AS u_id, u.username FROM moderation_log l
    LEFT JOIN users u ON u.id = l.actor_id ORDER BY l.id DESC LIMIT ? OFFSET ?`);
  return {
    async record(e) {
      insert.run(e.actorId, e.action, e.target, e.detail ?? null);
    },
    async list(page) {
      return (list.all(page.limit, page.offset) as Row[]).map((r): ModerationEntry => ({
        id: r.id as number,
        action: r.action as string,
        target: r.target as string,
        detail: (r.detail as string | null) ?? undefined,
        createdAt: r.created_at as string,
        actor: r.u_id === null ? undefined : { id: r.u_id as number, username: r.username as string },
      }));
    },
  };
}
