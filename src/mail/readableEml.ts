import { randomBytes } from 'node:crypto';
import type { MailMessage } from './mailer.ts';

const oneLine = (v: string) => v.replace(/[\r\n]+/g, ' ').trim();
/** A header value as an RFC 2047 encoded word when it is not plain ASCII. */
const headerText = (v: string) => (/^[\x20-\x7e]*$/.test(v) ? oneLine(v) : `=?utf-8?B?${Buffer.from(oneLine(v)).toString('base64')}?=`);
const part = (type: string, body: string) => `Content-Type: ${type}; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${body.replace(/\r\n/g, '\n')}\n`;

/**
 * A message as an .eml file a person can read and copy links from: 8bit UTF-8 bodies, never quoted-printable
 * (whose "=3D" escapes and soft line breaks break a copied confirmation link). Used for the outbox only; mail
 * sent over SMTP keeps nodemailer's transfer encodings.
 */
export function readableEml(m: MailMessage, from: string, date = new Date()): { eml: string; messageId: string } {
  const host = /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost';
  const messageId = `<${randomBytes(12).toString('hex')}@${host}>`;
  const head = [
    `From: ${oneLine(from)}`,
    `To: ${oneLine(m.to)}`,
    `Subject: ${headerText(m.subject)}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: ${messageId}`,
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k.replace(/[^\w-]/g, '')}: ${headerText(v)}`),
    'MIME-Version: 1.0',
  ].join('\n');
  if (!m.html) return { eml: `${head}\n${part('text/plain', m.text)}`, messageId };
  const boundary = `paperwire-${randomBytes(8).toString('hex')}`;
  const eml = `${head}\nContent-Type: multipart/alternative; boundary="${boundary}"\n\n--${boundary}\n${part('text/plain', m.text)}--${boundary}\n${part('text/html', m.html)}--${boundary}--\n`;
  return { eml, messageId };
}
