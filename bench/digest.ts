/**
 * npm run bench:digest — 10,000 weekly subscribers, a week of synthetic papers, every digest composed and sent
 * over SMTP to a local server running in its own process. Prints mails/s for the record phase, the send phase and
 * overall, and heap/RSS sampled along the way (to show memory stays flat). Options: --subscribers N, --concurrency N,
 * --no-pool (the plain mailer: one SMTP connection per message).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config/config.ts';
import { runDigest } from '../src/digest/runDigest.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createDigestMailer } from '../src/digest/digestMailer.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { generatePapers } from './synth/index.ts';

if (process.argv.includes('--sink')) {
  let count = 0;
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], disableReverseLookup: true, logger: false, onData(stream, _s, cb) { stream.on('data', () => {}); stream.on('end', () => { count++; cb(); }); } });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.server.address() as { port: number }).port}\n`));
  process.on('SIGTERM', () => { process.stdout.write(`received ${count}\n`); process.exit(0); });
} else {
  const { values } = parseArgs({ options: { subscribers: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '4' }, 'no-pool': { type: 'boolean', default: false } } });
  const N = Number(values.subscribers);
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-digest-'));
  const sink = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--sink'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let sinkOut = '';
  sink.stdout.on('data', (d) => (sinkOut += d));
  while (!/\d+\n/.test(sinkOut)) await new Promise((r) => setTimeout(r, 20));
  const port = Number(sinkOut.trim());
  try {
    const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
    let papers = 0;
    for (const p of generatePapers({ count: 420, seed: 42, start: '2025-12-15', end: '2025-12-19' })) {
      const { id } = await store.papers.upsert({ arxivId: p.id, title: p.title, abstract: p.abstract, authors: p.authors, publishedAt: p.published, categories: p.categories, codeUrl: p.code_url, organization: p.organization && { name: p.organization.name, fullname: p.organization.fullname }, baseUpvotes: p.upvotes ?? 0 });
      for (const f of p.featured ?? [{ date: p.published }]) if (f.date >= '2025-12-15' && f.date <= '2025-12-21') (await store.daily.feature(id, f.date), papers++);
    }
    const insert = store.db.prepare("INSERT INTO subscribers (email, frequency, status, confirmed_at) VALUES (?, 'weekly', 'active', '2025-12-01T00:00:00Z')");
    store.db.transaction(() => { for (let i = 0; i < N; i++) insert.run(`reader${i}@bench.example.org`); })();

    const smtpUrl = `smtp://127.0.0.1:${port}`;
    const config = { ...loadConfig({ PAPERWIRE_DATA_DIR: dir, PAPERWIRE_SMTP_URL: smtpUrl, PAPERWIRE_BASE_URL: 'https://papers.example.org', PAPERWIRE_DIGEST_CONCURRENCY: values.concurrency }), secret: 'b'.repeat(64) };
    const log = createLogger('warn');
    const mailer = values['no-pool'] ? createMailer(config, log) : createDigestMailer(config, log);
    const heap: number[] = [];
    let peakRss = 0;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
      heap.push(m.heapUsed);
    }, 50);
    const counts = () => store.db.prepare("SELECT count(*) FROM digest_sends WHERE status = 'sent'").pluck().get() as number;
    const progress: string[] = [];
    const probe = setInterval(() => progress.push(`${counts()} sent, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`), 2000);

    const t0 = performance.now();
    const s = await runDigest({ store, mailer, config, log }, { frequency: 'weekly', today: '2025-12-22', size: 10, concurrency: Number(values.concurrency) });
    const total = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    clearInterval(probe);
    mailer.close();
    sink.kill('SIGTERM');
    await new Promise((r) => sink.on('exit', r));
    const received = Number(/received (\d+)/.exec(sinkOut)?.[1] ?? NaN);
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    const quart = (q: number) => mib(heap[Math.min(heap.length - 1, Math.floor(heap.length * q))] ?? 0);
    console.log(`digest bench: ${N} subscribers, ${papers} featured papers in week ${s.period}, concurrency ${values.concurrency}, ${values['no-pool'] ? 'one SMTP connection per message' : 'pooled SMTP (the digest mailer)'}`);
    console.log(`  recorded ${s.recorded}, sent ${s.delivery?.sent}, failed ${s.delivery?.failed}; the SMTP server accepted ${received}`);
    console.log(`  total ${total.toFixed(2)} s → ${(N / total).toFixed(0)} mails/s composed, recorded and sent`);
    console.log(`  memory: peak RSS ${mib(peakRss)}, peak heap ${mib(peakHeap)}; heap at 25/50/75/100% of the run: ${quart(0.25)} / ${quart(0.5)} / ${quart(0.75)} / ${quart(0.999)}`);
    for (const line of progress) console.log(`    ${line}`);
    store.close();
  } finally {
    if (sink.exitCode === null) sink.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
