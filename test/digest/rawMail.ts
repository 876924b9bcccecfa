/** A received message read just enough for assertions: unfolded headers and the decoded text and HTML parts. */
export interface ParsedMail {
  headers: Map<string, string>;
  text: string;
  html: string;
}

const splitHead = (raw: string) => {
  const at = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, at).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body: raw.slice(at).replace(/^\r?\n\r?\n/, '') };
};

const decode = (body: string, encoding = '') => {
  if (/quoted-printable/i.test(encoding)) {
    const bytes = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return bytes.toString('utf8');
  }
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
};

const decodeWord = (v: string) =>
  v.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decode(text.replace(/_/g, ' '), 'quoted-printable'),
  );

/** Parses a raw RFC 5322 message as nodemailer writes it (multipart/alternative or a single part). */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitHead(raw);
  for (const k of ['subject', 'to']) if (headers.has(k)) headers.set(k, decodeWord(headers.get(k)!));
  const type = headers.get('content-type') ?? 'text/plain';
  const out = { headers, text: '', html: '' };
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1).map(splitHead) : [{ headers, body }];
  for (const p of parts) {
    const t = p.headers.get('content-type') ?? 'text/plain';
    const content = decode(p.body.trim(), p.headers.get('content-transfer-encoding'));
    if (/text\/html/i.test(t)) out.html = content;
    else if (/text\/plain/i.test(t)) out.text = content;
  }
  return out;
}
