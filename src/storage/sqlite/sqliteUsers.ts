import type { UserRef } from '../../model/paper.ts';
import type { Db } from '../database.ts';
import type { UserStore } from '../store.ts';

type UserRow = { id: number; username: string; fullname: string | null; avatar_url: string | null };
const toRef = (r: UserRow): UserRef => ({ id: r.id, username: r.username, fullname: r.fullname ?? undefined, avatarUrl: r.avatar_url ?? undefined });

/** The SQLite implementation of UserStore. */
export function createUserStore(db: Db): UserStore {
  const get = db.prepare('SELECT id, username, fullname, avatar_url FROM users WHERE username = ?');
  const insert = db.prepare('INSERT INTO users (username, fullname) VALUES (?, ?) ON CONFLICT(username) DO NOTHING');
  return {
    async get(username) {
      const row = get.get(username) as UserRow | undefined;
      return row && toRef(row);
    },
    async ensure(user) {
      insert.run(user.username, user.fullname ?? null);
      return toRef(get.get(user.username) as UserRow);
    },
  };
}
