import { SMTPServer } from 'smtp-server';

/** A message the sink accepted (answered 250 to), raw as it came over the wire. */
export interface ReceivedMail {
  raw: string;
  to: string[];
}

/**
 * A real SMTP server on a free local port (the smtp-server package). `hold()` makes it stop answering DATA from
 * then on: held messages get no 250, so in SMTP terms they were never accepted and are not counted.
 */
export async function startSmtpSink() {
  const received: ReceivedMail[] = [];
  const held: ((err?: Error) => void)[] = [];
  let holding = false;
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (holding) {
          held.push(callback);
          for (const w of waiters.filter((w) => w.n < 0)) w.resolve();
          return;
        }
        received.push({ raw: Buffer.concat(chunks).toString('utf8'), to: session.envelope.rcptTo.map((r) => r.address) });
        callback();
        for (const w of waiters) if (w.n >= 0 && received.length >= w.n) w.resolve();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Resolves once `n` messages have been accepted. */
    waitFor: (n: number) => new Promise<void>((resolve) => (received.length >= n ? resolve() : waiters.push({ n, resolve }))),
    /** Resolves when the first message arrives while holding. */
    waitForHeld: () => new Promise<void>((resolve) => (held.length ? resolve() : waiters.push({ n: -1, resolve }))),
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const cb of held.splice(0)) cb(new Error('server went away'));
    },
    heldCount: () => held.length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
