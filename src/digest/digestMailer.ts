import type { Config } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';

/**
 * The mailer for digests: the configured one, with nodemailer's connection pool switched on for SMTP (one
 * connection per parallel sender, reused across messages), unless the URL already sets `pool`. A fresh SMTP
 * connection per message caps a run at a few dozen mails a second; pooled, it runs at hundreds.
 */
export function createDigestMailer(config: Config, log: Logger): Mailer {
  if (!config.smtpUrl) return createMailer(config, log);
  const url = new URL(config.smtpUrl);
  if (!url.searchParams.has('pool')) {
    url.searchParams.set('pool', 'true');
    url.searchParams.set('maxConnections', String(config.digest.concurrency));
    url.searchParams.set('maxMessages', '1000');
  }
  return createMailer({ ...config, smtpUrl: url.toString() }, log);
}
