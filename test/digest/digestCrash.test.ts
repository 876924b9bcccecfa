import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/storage/store.ts';
import { forEachBackend } from '../helpers/backends.ts';
import { storeEnv, testStore, type TestStore } from '../helpers/testApp.ts';
import { parseMail } from './rawMail.ts';
import { startSmtpSink } from './smtpSink.ts';

const BIN = join(import.meta.dirname, '../../bin/paperwire.mjs');
const DAILY = 60;

/** Starts `paperwire digest` as a child process against the test database and SMTP sink. */
function digestProcess(kit: TestStore<Store>, smtpUrl: string) {
  const child = spawn(process.execPath, [BIN, 'digest', '--period', 'day', '--date', '2025-12-24'], {
    env: { ...process.env, ...storeEnv(kit), PAPERWIRE_SMTP_URL: smtpUrl, PAPERWIRE_SECRET: 's'.repeat(40), PAPERWIRE_LOAD_DEMO: '0', PAPERWIRE_LOG_LEVEL: 'warn', PAPERWIRE_DIGEST_CONCURRENCY: '4', PAPERWIRE_BASE_URL: 'https://papers.example.org' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
  return { child, exited };
}

forEachBackend((backend) => describe(`a digest run killed with SIGKILL and rerun (${backend})`, () => {
  let kit: TestStore<Store>;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const expected = new Set<string>();

  before(async () => {
    kit = await testStore({ backend });
    const store = kit.store;
    for (let i = 0; i < 12; i++) {
      const { id } = await store.papers.upsert({ arxivId: `2512.${String(10000 + i)}`, title: `Paper number ${i} on sparse attention`, abstract: `Abstract ${i}. `.repeat(40), authors: ['A. Author'], baseUpvotes: i * 3 });
      await store.daily.feature(id, '2025-12-23');
    }
    for (let i = 0; i < DAILY + 10; i++) {
      const email = `reader${i}@example.net`;
      const sub = await store.subscribers.ensure(email, 'daily');
      await store.subscribers.activate(sub.id, i < DAILY ? 'daily' : 'weekly');
      if (i < DAILY) expected.add(email);
    }
    const pending = await store.subscribers.ensure('unconfirmed@example.net', 'daily');
    assert.equal(pending.status, 'pending');
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink.close();
    kit.cleanup();
  });

  it('delivers exactly one digest to every subscriber, with the Message-ID recorded before the first attempt', async () => {
    const first = digestProcess(kit, sink.url);
    await sink.waitFor(15);
    sink.hold();
    await sink.waitForHeld();
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    assert.equal(killed.signal, 'SIGKILL');
    sink.release();

    const acceptedBeforeKill = sink.received.length;
    assert.ok(acceptedBeforeKill >= 15 && acceptedBeforeKill < DAILY, `killed mid-run (${acceptedBeforeKill} accepted)`);
    const ledger = await kit.store.digestSends.countByStatus('day:2025-12-23');
    assert.equal(ledger.sent, acceptedBeforeKill, 'every accepted message was marked sent before the kill');
    assert.ok((ledger.sending ?? 0) >= 1, 'some sends were interrupted mid-handover');
    assert.equal((ledger.sent ?? 0) + (ledger.sending ?? 0) + (ledger.pending ?? 0), DAILY, 'the whole run was recorded before sending');

    const second = digestProcess(kit, sink.url);
    const done = await second.exited;
    assert.equal(done.code, 0, done.out);
    assert.match(done.out, /recorded 0, sent \d+, failed 0, resumed [1-9]/);

    const to = sink.received.map((m) => m.to[0]!);
    assert.equal(to.length, DAILY, 'one message per daily subscriber, no duplicates');
    assert.deepEqual(new Set(to), expected);
    const ids = sink.received.map((m) => parseMail(m.raw).headers.get('message-id'));
    assert.equal(new Set(ids).size, DAILY);

    const check = kit.store;
    assert.deepEqual(await check.digestSends.countByStatus('day:2025-12-23'), { sent: DAILY });
    for (const m of sink.received) {
      const sub = (await check.subscribers.byEmail(m.to[0]!))!;
      assert.equal((await check.digestSends.get(sub.id, 'day:2025-12-23'))!.messageId, parseMail(m.raw).headers.get('message-id'));
    }

    const third = digestProcess(kit, sink.url);
    const again = await third.exited;
    assert.equal(again.code, 0);
    assert.match(again.out, /recorded 0, sent 0/);
    assert.equal(sink.received.length, DAILY, 'a rerun after completion sends nothing');
  });
}));
