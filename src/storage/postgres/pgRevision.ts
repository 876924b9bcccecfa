import pg from 'pg';
import type { RevisionScope } from '../store.ts';
import { writeCounters, type PgDb, type WriteKind } from './pgDb.ts';

/** How often the revision sequence is polled while the listening connection is down. */
const POLL_MS = 2000;

/**
 * Keeps a PostgreSQL store's `revision()` current for caches: this process's own commits are counted at once
 * by PgDb; other servers' arrive by LISTEN paperwire_revision on a connection of its own (every write statement
 * NOTIFYs at commit with its writer's name; see migration 6). While that connection is down (a server restart)
 * the `store_revision` sequence is polled instead, and a reconnect counts as a change, since notifications may
 * have been missed meanwhile. A notification's payload names its kind of write after the writer (migration 12),
 * counted toward the scoped revisions like this process's own; an unknown or missing kind counts as `lists`.
 * Returns the synchronous reader and a stop function.
 */
export function watchRevision(db: PgDb, url: string): { revision: (scope?: RevisionScope) => number; stop: () => Promise<void> } {
  const outside = writeCounters();
  let lastSeq = -1;
  let stopped = false;
  let listenedBefore = false;
  let listener: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const again = (client: pg.Client) => {
    void client.end().catch(() => {});
    if (listener === client) listener = undefined;
    if (!stopped && !retry) retry = setTimeout(() => ((retry = undefined), void listen()), 1000).unref();
  };
  const listen = async () => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client.on('notification', (n) => {
      const [writer, kind] = (n.payload ?? '').split(' ');
      if (writer !== db.name) outside.count(kind as WriteKind | undefined);
    });
    client.on('error', () => again(client));
    try {
      await client.connect();
      await client.query('LISTEN paperwire_revision');
      if (stopped) return void (await client.end());
      if (listenedBefore) outside.count('lists'); // back after a gap: whatever happened meanwhile counts as a change
      listenedBefore = true;
      listener = client;
    } catch {
      again(client);
    }
  };
  void listen();

  const poll = setInterval(() => {
    if (listener) return;
    db.pool.query<{ last_value: number }>('SELECT last_value FROM store_revision').then(
      (res) => {
        const seq = res.rows[0]?.last_value ?? 0;
        if (seq !== lastSeq && lastSeq !== -1) outside.count('lists');
        lastSeq = seq;
      },
      () => {},
    );
  }, POLL_MS).unref();

  return {
    revision: (scope) => db.writes(scope) + outside.of(scope),
    async stop() {
      stopped = true;
      clearInterval(poll);
      clearTimeout(retry);
      await listener?.end().catch(() => {});
    },
  };
}
