import pg from 'pg';
import type { PgDb } from './pgDb.ts';

/** How often the revision sequence is polled, in case the listening connection dropped. */
const POLL_MS = 2000;

/**
 * Keeps a PostgreSQL store's `revision()` current for caches: LISTEN paperwire_revision on a connection of its
 * own (every write statement NOTIFYs, delivered at commit; see migration 6), a slow poll of the `store_revision`
 * sequence behind it, and this process's own commits counted at once by PgDb. Returns the synchronous reader
 * and a stop function.
 */
export function watchRevision(db: PgDb, url: string): { revision: () => number; stop: () => Promise<void> } {
  let outside = 0;
  let lastSeq = -1;
  let stopped = false;
  let listener: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const listen = async () => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client.on('notification', () => void outside++);
    client.on('error', () => {
      outside++; // notifications may have been missed while it was down
      void client.end().catch(() => {});
      if (listener === client) listener = undefined;
      if (!stopped) retry = setTimeout(() => void listen(), 1000).unref();
    });
    try {
      await client.connect();
      await client.query('LISTEN paperwire_revision');
      if (stopped) return void (await client.end());
      listener = client;
    } catch {
      void client.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void listen(), 1000).unref();
    }
  };
  void listen();

  const poll = setInterval(() => {
    db.pool.query<{ last_value: number }>('SELECT last_value FROM store_revision').then(
      (res) => {
        const seq = res.rows[0]?.last_value ?? 0;
        if (seq !== lastSeq) {
          if (lastSeq !== -1) outside++;
          lastSeq = seq;
        }
      },
      () => {},
    );
  }, POLL_MS).unref();

  return {
    revision: () => db.writes() + outside,
    async stop() {
      stopped = true;
      clearInterval(poll);
      clearTimeout(retry);
      await listener?.end().catch(() => {});
    },
  };
}
