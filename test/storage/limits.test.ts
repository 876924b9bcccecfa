import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BackoffRule } from '../../src/storage/limitStore.ts';
import { limitsPath } from '../../src/storage/sqlite/sqliteStore.ts';
import { forEachBackend, twoStores } from '../helpers/backends.ts';

forEachBackend((backend) => {
  test(`hit counts one window across every store over the database, and a new window starts after it closes (${backend})`, async () => {
    const { a, b, dir, cleanup } = await twoStores(backend);
    try {
      const t0 = 1_000_000;
      assert.deepEqual(await a.limits.hit('k', 60_000, t0), { count: 1, resetAt: t0 + 60_000 });
      assert.deepEqual(await b.limits.hit('k', 60_000, t0 + 10), { count: 2, resetAt: t0 + 60_000 });
      assert.equal((await a.limits.hit('k', 60_000, t0 + 59_999)).count, 3);
      assert.equal((await b.limits.hit('other', 60_000, t0 + 20)).count, 1, 'keys are counted apart');
      assert.deepEqual(await b.limits.hit('k', 60_000, t0 + 60_000), { count: 1, resetAt: t0 + 120_000 }, 'the window closed');
      // SQLite keeps the counters in a side file; PostgreSQL in UNLOGGED tables of the same database
      if (backend === 'sqlite') assert.ok(existsSync(limitsPath(join(dir, 'paperwire.db'))) && limitsPath(join(dir, 'paperwire.db')).endsWith('paperwire-limits.db'));
    } finally {
      cleanup();
    }
  });

  test(`concurrent hits from two stores lose no count (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    try {
      const now = Date.now();
      const counts = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).limits.hit('busy', 60_000, now)));
      assert.deepEqual(counts.map((c) => c.count).sort((x, y) => x - y), Array.from({ length: 200 }, (_, i) => i + 1));
    } finally {
      cleanup();
    }
  });

  test(`counting does not change revision(), so page caches survive rate-limited traffic (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    try {
      const [ra, rb] = [a.revision(), b.revision()];
      for (let i = 0; i < 5; i++) await a.limits.hit('k', 60_000, Date.now());
      await b.limits.claim([{ key: 'c', free: 1, capMs: 1000, forgetMs: 1000 }], Date.now());
      assert.equal(a.revision(), ra);
      assert.equal(b.revision(), rb);
    } finally {
      cleanup();
    }
  });

  test(`sweep deletes closed windows and forgotten back-offs only (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    try {
      await a.limits.hit('old', 1000, 0);
      await a.limits.hit('live', 1_000_000, 0);
      await a.limits.claim([{ key: 'b', free: 3, capMs: 1000, forgetMs: 5000 }], 0);
      assert.equal(await b.limits.sweep(2000), 1);
      assert.equal(await b.limits.sweep(6000), 1);
      assert.equal((await a.limits.hit('live', 1_000_000, 7000)).count, 2);
    } finally {
      cleanup();
    }
  });

  test(`claim: free attempts, then waits of 1, 2, 4 … s up to the cap; all keys or none; refund lifts the wait (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    try {
      const acct: BackoffRule = { key: 'acct', free: 3, capMs: 5000, forgetMs: 60_000 };
      const addr: BackoffRule = { key: 'addr', free: 100, capMs: 60_000, forgetMs: 60_000 };
      let t = 0;
      for (let i = 0; i < 2; i++) assert.deepEqual(await a.limits.claim([acct, addr], t), { ok: true });
      assert.deepEqual(await b.limits.claim([acct, addr], t), { ok: true }, 'the third attempt passes and sets a 1 s wait');
      assert.deepEqual(await a.limits.claim([acct, addr], t + 400), { ok: false, waitMs: 600 });
      const waits: number[] = [];
      for (let i = 0; i < 5; i++) {
        t += 10_000;
        assert.deepEqual(await b.limits.claim([acct], t), { ok: true });
        const r = await a.limits.claim([acct], t + 1);
        assert.equal(r.ok, false);
        waits.push((r as { waitMs: number }).waitMs + 1);
      }
      assert.deepEqual(waits, [2000, 4000, 5000, 5000, 5000], 'doubling, then capped');
      // addr was claimed three times, never while acct refused (all or none): with 5 free, two more pass at once.
      const addr5 = { ...addr, free: 5 };
      assert.deepEqual(await a.limits.claim([addr5], t), { ok: true });
      assert.deepEqual(await a.limits.claim([addr5], t), { ok: true });
      assert.deepEqual(await a.limits.claim([addr5], t), { ok: false, waitMs: 1000 });
      await a.limits.refund(['addr'], t);
      assert.deepEqual(await a.limits.claim([addr5], t), { ok: true }, 'refunded: the attempt no longer counts and its wait is gone');
      assert.equal((await a.limits.claim([addr5], t)).ok, false);
      assert.deepEqual(await a.limits.claim([acct], t + 70_000), { ok: true }, 'forgotten after a quiet hour… or minute');
      assert.deepEqual(await a.limits.claim([acct], t + 70_000), { ok: true }, 'counting starts again from one');
    } finally {
      cleanup();
    }
  });
});
