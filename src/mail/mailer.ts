import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import { readableEml } from './readableEml.ts';

/** One message to send: plain text always, HTML optionally, extra headers (List-Unsubscribe…) as given. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

/** What a send did: the message id, and the .eml file when the message went to the outbox instead of SMTP. */
export interface MailResult {
  messageId: string;
  file?: string;
}

/** The one way paperwire sends mail (account mails, digests). */
export interface Mailer {
  send(message: MailMessage): Promise<MailResult>;
  /** Where mail goes: "smtp" when a server is configured, else "outbox" (the folder of .eml files). */
  readonly mode: 'smtp' | 'outbox';
  close(): void;
}

/** The outbox folder used when no SMTP server is configured. */
export const outboxDir = (config: Config) => join(config.dataDir, 'outbox');

/**
 * Builds the mailer from configuration: nodemailer over SMTP when PAPERWIRE_SMTP_URL is set, otherwise every
 * message is written as an .eml file to `<dataDir>/outbox/` and logged, so a fresh install works without a server.
 * Opens no connection until the first send.
 */
export function createMailer(config: Config, log: Logger): Mailer {
  const from = config.mailFrom;
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      mode: 'smtp',
      async send(m) {
        const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers });
        log.info('mail sent', { to: m.to, subject: m.subject, messageId: info.messageId });
        return { messageId: info.messageId };
      },
      close: () => transport.close(),
    };
  }
  const dir = outboxDir(config);
  return {
    mode: 'outbox',
    async send(m) {
      const { eml, messageId } = readableEml(m, from);
      mkdirSync(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
      writeFileSync(file, eml, { mode: 0o600 });
      const link = /https?:\/\/\S+[?&]token=[^\s"<>]+/.exec(m.text)?.[0]; // a confirmation or reset link, for the admin to pass on
      log.info('mail written to the outbox (no SMTP server configured)', { to: m.to, subject: m.subject, file, ...(link ? { link } : {}) });
      return { messageId, file };
    },
    close: () => {},
  };
}
