import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { digestJobs } from '../../src/digest/digestJobs.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import type { Store } from '../../src/storage/store.ts';
import { forEachBackend } from '../helpers/backends.ts';
import { storeEnv, testStore, type TestStore } from '../helpers/testApp.ts';
import { parseMail } from './rawMail.ts';

const BIN = join(import.meta.dirname, '../../bin/paperwire.mjs');

forEachBackend((backend) => describe(`paperwire digest (outbox mode) and the scheduled job (${backend})`, () => {
  let kit: TestStore<Store>;
  let dir = '';
  let env: Record<string, string | undefined> = {};
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'digest', ...args], { env, encoding: 'utf8' });
  const outbox = () => {
    try {
      return readdirSync(join(dir, 'outbox'));
    } catch {
      return [];
    }
  };

  before(async () => {
    kit = await testStore({ backend });
    dir = kit.dir;
    env = { ...process.env, ...storeEnv(kit), PAPERWIRE_SECRET: 's'.repeat(40), PAPERWIRE_LOAD_DEMO: '0', PAPERWIRE_LOG_LEVEL: 'error', PAPERWIRE_SMTP_URL: '' };
    const store = kit.store;
    const { id } = await store.papers.upsert({ arxivId: '2511.40001', title: 'Outbox paper', abstract: 'Short.' });
    await store.daily.feature(id, '2025-11-20');
    for (const email of ['one@example.org', 'two@example.org']) {
      const sub = await store.subscribers.ensure(email, 'daily');
      await store.subscribers.activate(sub.id, 'daily');
    }
  });
  after(() => kit.cleanup());

  it('rejects bad arguments with a message and exit code 2', () => {
    for (const args of [['--period', 'hourly'], ['--date', '2025-02-30'], ['--to', 'nobody'], ['--bogus'], ['extra']]) {
      const r = cli(...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /paperwire digest: /);
      assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
    }
  });

  it('reports a dry run without sending, then writes one .eml per subscriber, once', () => {
    const dry = cli('--dry-run', '--period', 'day', '--date', '2025-11-21');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /daily day:2025-11-20: would send 2 digests \(dry run\)/);
    assert.equal(outbox().length, 0);

    const weekend = cli('--period', 'day', '--date', '2025-11-22');
    assert.match(weekend.stdout, /weekend/);

    const real = cli('--period', 'day', '--date', '2025-11-21');
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stdout, /recorded 2, sent 2, failed 0/);
    assert.equal(outbox().length, 2);
    const mail = parseMail(readFileSync(join(dir, 'outbox', outbox()[0]!), 'utf8'));
    assert.match(mail.text, /Outbox paper/);
    assert.equal(cli('--period', 'day', '--date', '2025-11-21').status, 0);
    assert.equal(outbox().length, 2, 'a rerun writes nothing twice');

    const preview = cli('--to', 'someone@example.org', '--period', 'day', '--date', '2025-11-21');
    assert.match(preview.stdout, /preview sent/);
    assert.equal(outbox().length, 3);
  });

  it('the scheduled job sends nothing before the configured hour and the due digests after it', async () => {
    const store = kit.store;
    const sub = await store.subscribers.ensure('three@example.org', 'daily');
    await store.subscribers.activate(sub.id, 'daily');
    const config = { ...loadConfig({ ...storeEnv(kit), PAPERWIRE_DIGEST_HOUR: '7' }), secret: 's'.repeat(40) };
    const log = createLogger('silent');
    const mailer = createMailer(config, log);
    let hour = 6;
    const [job] = digestJobs({ store, mailer, config, log }, () => '2025-11-21', () => new Date(Date.UTC(2025, 10, 21, hour)));
    await job!.run(new AbortController().signal);
    assert.equal((await store.digestSends.get(sub.id, 'day:2025-11-20')), undefined);
    hour = 7;
    await job!.run(new AbortController().signal);
    assert.equal((await store.digestSends.get(sub.id, 'day:2025-11-20'))!.status, 'sent');
    mailer.close();
  });
}));
