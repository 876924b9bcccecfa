// SQLite-only: the SMTP and outbox transports; the store is incidental (digest sending runs on both backends in test/digest/).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer, outboxDir } from '../../src/mail/mailer.ts';
import { tempDir } from '../helpers/testApp.ts';

test('without SMTP, mail is written as an .eml file to the outbox and logged', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const config = loadConfig({ PAPERWIRE_DATA_DIR: dir });
    const logs: string[] = [];
    const mailer = createMailer(config, createLogger('info', (l) => logs.push(l)));
    assert.equal(mailer.mode, 'outbox');
    const res = await mailer.send({ to: 'ada@example.org', subject: 'Hello Ada', text: 'Line one', html: '<p>Line one</p>', headers: { 'List-Unsubscribe': '<https://x.test/u>' } });
    const files = readdirSync(outboxDir(config));
    assert.equal(files.length, 1);
    assert.equal(join(outboxDir(config), files[0]!), res.file);
    const eml = readFileSync(res.file!, 'utf8');
    assert.match(eml, /^To: ada@example.org$/m);
    assert.match(eml, /^Subject: Hello Ada$/m);
    assert.match(eml, /^List-Unsubscribe: <https:\/\/x.test\/u>$/m);
    assert.match(eml, /Line one/);
    assert.ok(logs.some((l) => l.includes('outbox') && l.includes('ada@example.org')));
  } finally {
    cleanup();
  }
});

test('with PAPERWIRE_SMTP_URL, mail goes to the SMTP server', async () => {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      let data = '';
      stream.on('data', (c) => (data += c));
      stream.on('end', () => (received.push(data), done()));
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as { port: number }).port;
  const { dir, cleanup } = tempDir();
  try {
    const config = loadConfig({ PAPERWIRE_DATA_DIR: dir, PAPERWIRE_SMTP_URL: `smtp://127.0.0.1:${port}/?ignoreTLS=true`, PAPERWIRE_MAIL_FROM: 'pw <pw@example.org>' });
    const mailer = createMailer(config, createLogger('silent'));
    assert.equal(mailer.mode, 'smtp');
    await mailer.send({ to: 'bob@example.org', subject: 'Verify', text: 'Click https://x.test/verify?t=abc' });
    mailer.close();
    assert.equal(received.length, 1);
    assert.match(received[0]!, /^From: pw <pw@example.org>/m);
    assert.match(received[0]!, /verify\?t=abc/);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    cleanup();
  }
});

test('a bad SMTP URL is a configuration error', () => {
  assert.throws(() => loadConfig({ PAPERWIRE_SMTP_URL: 'http://nope' }), /PAPERWIRE_SMTP_URL/);
});
