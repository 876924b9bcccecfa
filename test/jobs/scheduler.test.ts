import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig, redactConfig } from '../../src/config/config.ts';
import { withLease } from '../../src/jobs/jobLease.ts';
import { startScheduler, type JobOutcome } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { execRaw, forEachBackend, rawValue, twoStores } from '../helpers/backends.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = createLogger('silent');

forEachBackend((backend) => {
  test(`a lease is held by one run at a time, even within one process, and is free again after release (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    try {
      let release!: () => void;
      const first = withLease(a.jobLeases, 'job:x', () => new Promise<string>((r) => (release = () => r('first'))));
      await sleep(20);
      assert.equal(await withLease(a.jobLeases, 'job:x', async () => 'same process'), undefined, 'not reentrant');
      assert.equal(await withLease(b.jobLeases, 'job:x', async () => 'other server'), undefined);
      release();
      assert.equal(await first, 'first');
      assert.equal(await withLease(b.jobLeases, 'job:x', async () => 'other server'), 'other server');
      assert.equal(await withLease(a.jobLeases, 'job:x', async () => 'too soon', { minGapMs: 60_000 }), undefined, 'the last run finished under a minute ago');
    } finally {
      cleanup();
    }
  });

  test(`the lease of a server that stopped renewing (another host: no pid to check) is taken over after its TTL, not before (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    try {
      assert.ok(await a.jobLeases.acquire('job:x', 'elsewhere.example:4242:dead', 600));
      assert.equal(await withLease(b.jobLeases, 'job:x', async () => 'ran'), undefined, 'live lease respected');
      await sleep(700);
      assert.equal(await withLease(b.jobLeases, 'job:x', async () => 'ran'), 'ran', 'expired lease taken');
    } finally {
      cleanup();
    }
  });

  test(`a run renews its lease past the TTL, and stops (its signal aborts) when the lease is taken from it (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    try {
      let signal!: AbortSignal;
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      const run = withLease(
        a.jobLeases,
        'job:x',
        async (lease) => {
          signal = lease.signal;
          started();
          while (!lease.signal.aborted) await sleep(20);
          return 'stopped';
        },
        { ttlMs: 300 },
      );
      await running;
      await sleep(900); // three TTLs
      assert.equal(await withLease(b.jobLeases, 'job:x', async () => 'stolen'), undefined, 'still renewed');
      assert.equal(signal.aborted, false);
      await execRaw(a, `UPDATE job_leases SET holder = 'elsewhere.example:1:x', expires_at = ${Date.now() + 60_000} WHERE name = 'job:x'`);
      assert.equal(await run, 'stopped', 'the next renewal found the lease gone and aborted the run');
      assert.match(String(signal.reason), /taken over/);
      assert.equal(await rawValue(a, "SELECT holder FROM job_leases WHERE name = 'job:x'"), 'elsewhere.example:1:x', 'the new holder keeps it');
    } finally {
      cleanup();
    }
  });

  test(`two schedulers over one database: a leased job never runs twice at once and keeps its interval site-wide; an unleased one runs in both (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    let inFlight = 0;
    let overlap = 0;
    const leasedRuns: string[] = [];
    const localRuns = { a: 0, b: 0 };
    const outcomes: Record<string, JobOutcome[]> = { a: [], b: [] };
    const jobs = (server: 'a' | 'b') => [
      {
        name: 'leased',
        leased: true,
        everyMs: 600,
        firstAfterMs: 10,
        async run() {
          if (++inFlight > 1) overlap++;
          leasedRuns.push(server);
          await sleep(10);
          inFlight--;
        },
      },
      { name: 'local', leased: false, everyMs: 100, firstAfterMs: 10, run: async () => void localRuns[server]++ },
    ];
    const started = Date.now();
    const stops = (['a', 'b'] as const).map((s) =>
      startScheduler(jobs(s), log, { leases: (s === 'a' ? a : b).jobLeases, leaseTtlMs: 150, onRun: (job, outcome) => job === 'leased' && outcomes[s].push(outcome) }),
    );
    try {
      await sleep(3000);
    } finally {
      await Promise.all(stops.map((stop) => stop()));
      cleanup();
    }
    const elapsed = Date.now() - started;
    assert.equal(overlap, 0, 'never two runs at once');
    assert.ok(leasedRuns.length >= 3, `it ran (${leasedRuns.length} runs)`);
    // The server without the lease retries every TTL (150 ms); without the site-wide interval it would run the job
    // as soon as the other released it, about twice per 600 ms.
    assert.ok(leasedRuns.length <= Math.ceil(elapsed / 540) + 1, `${leasedRuns.length} runs in ${elapsed} ms: the 600 ms interval held across both`);
    assert.ok([...outcomes.a, ...outcomes.b].includes('skipped'), 'the server without the lease skipped');
    assert.ok(localRuns.a >= 3 && localRuns.b >= 3, 'an unleased job runs on every server');
  });

  test(`a job that runs more often than a lease lasts keeps its lease between runs: one server runs it, without a database write per run, until it stops (${backend})`, async () => {
    const { a, b, cleanup } = await twoStores(backend);
    const runs = { a: 0, b: 0 };
    const job = (server: 'a' | 'b') => ({ name: 'frequent', leased: true, everyMs: 50, firstAfterMs: 10, run: async () => void runs[server]++ });
    // commits by a, as b sees them: SQLite's data_version on b's connection; on PostgreSQL b's revision (one per NOTIFY from a)
    const dataVersion = async () => (backend === 'sqlite' ? ((await rawValue(b, 'PRAGMA data_version')) as number) : b.revision());
    const stopA = startScheduler([job('a')], log, { leases: a.jobLeases, leaseTtlMs: 3000 });
    await sleep(300);
    const stopB = startScheduler([job('b')], log, { leases: b.jobLeases, leaseTtlMs: 3000 });
    try {
      const before = { version: await dataVersion(), runs: runs.a };
      await sleep(1200);
      assert.ok(runs.a - before.runs >= 8, `a kept running it (${runs.a - before.runs} runs)`);
      assert.equal(runs.b, 0, 'b never ran it while a held the lease');
      const commits = (await dataVersion()) - before.version;
      assert.ok(commits <= 3, `${commits} commits by a in 1.2 s: renewals only, none per run`);
      await stopA();
      const handedOver = Date.now();
      while (runs.b === 0 && Date.now() - handedOver < 2000) await sleep(20);
      assert.ok(runs.b > 0, 'a gave the lease back at stop; b took the job over well within the TTL');
    } finally {
      await stopB();
      cleanup();
    }
  });
});

test('a job with `after` neither runs nor takes its lease before that work settles (warm-up embeds under the same lease meanwhile)', async () => {
  const { a, cleanup } = await twoStores('sqlite');
  let runs = 0;
  let warmedUp!: () => void;
  const warmUp = new Promise<void>((r) => (warmedUp = r));
  const stop = startScheduler([{ name: 'embed', leased: true, everyMs: 50, firstAfterMs: 10, after: warmUp, run: async () => void runs++ }], log, { leases: a.jobLeases, leaseTtlMs: 3000 });
  try {
    await sleep(200);
    assert.equal(runs, 0, 'no run during warm-up');
    assert.equal(await withLease(a.jobLeases, 'job:embed', async () => 'warm-up'), 'warm-up', 'the lease is free for warm-up');
    warmedUp();
    await sleep(200);
    assert.ok(runs >= 2, `the job runs once warm-up is over (${runs} runs)`);
    assert.equal(await withLease(a.jobLeases, 'job:embed', async () => 'taken'), undefined, 'and keeps its lease from then on');
  } finally {
    await stop();
    cleanup();
  }
});

test('a stop waits for the runs in flight and says which it waits for, and when each ended', async () => {
  const lines: string[] = [];
  let finish!: () => void;
  const slow = new Promise<void>((r) => (finish = r));
  let started = false;
  const stop = startScheduler(
    [
      { name: 'slow', leased: false, everyMs: 10_000, firstAfterMs: 1, run: async () => ((started = true), await slow) },
      { name: 'idle', leased: false, everyMs: 10_000, run: async () => {} },
    ],
    createLogger('info', (l) => lines.push(l)),
  );
  while (!started) await sleep(5);
  let stopped = false;
  const stopping = stop().then(() => (stopped = true));
  await sleep(50);
  assert.equal(stopped, false, 'the run in flight is waited for');
  assert.match(lines.join('\n'), /stopping: waiting for jobs in flight jobs=\["slow"\]/);
  finish();
  await stopping;
  assert.match(lines.at(-1)!, /job stopped job="slow" ms=\d+/);
});

test('a scheduler refuses leased jobs without a lease store', () => {
  assert.throws(() => startScheduler([{ name: 'x', leased: true, everyMs: 1000, run: async () => {} }], log), /lease store/);
});

test('the job and metrics settings are validated at start with a message naming them', () => {
  assert.throws(() => loadConfig({ PAPERWIRE_JOB_LEASE_S: '0' }), /PAPERWIRE_JOB_LEASE_S="0"/);
  assert.throws(() => loadConfig({ PAPERWIRE_DIGEST_CHECK_EVERY: 'soon' }), /PAPERWIRE_DIGEST_CHECK_EVERY="soon": expected a duration/);
  assert.throws(() => loadConfig({ PAPERWIRE_METRICS_TOKEN: 'short' }), /PAPERWIRE_METRICS_TOKEN="short": must be at least 16 characters/);
  const config = loadConfig({ PAPERWIRE_JOB_LEASE_S: '30', PAPERWIRE_DIGEST_CHECK_EVERY: '90s', PAPERWIRE_METRICS_TOKEN: 'a-long-enough-token' });
  assert.equal(config.jobLeaseTtlMs, 30_000);
  assert.equal(config.digest.checkEveryMs, 90_000);
  assert.equal(redactConfig(config).metricsToken, '[redacted]', '`paperwire config` never prints the token');
  assert.equal(loadConfig({}).metricsToken, undefined, 'metrics are off by default');
});
