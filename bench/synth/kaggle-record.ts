/**
 * Converts a synthetic paper into a record of the Kaggle "arxiv-metadata-oai-snapshot" (JSON lines), so the
 * bulk importer is exercised on the real shape: one authors string, wrapped abstract with leading spaces,
 * RFC 1123 version dates, authors_parsed, mostly-null journal fields, and code links hidden in `comments`.
 */
import type { SynthPaper } from './generate-papers.ts';
import { Rng, hashString } from './rng.ts';

export interface KaggleRecord {
  id: string;
  submitter: string;
  authors: string;
  title: string;
  comments: string | null;
  'journal-ref': string | null;
  doi: string | null;
  'report-no': string | null;
  categories: string;
  license: string | null;
  abstract: string;
  versions: { version: string; created: string }[];
  update_date: string;
  authors_parsed: [string, string, string][];
  topic: number;
}

const LICENSES = ['http://arxiv.org/licenses/nonexclusive-distrib/1.0/', 'http://creativecommons.org/licenses/by/4.0/',
  null, 'http://creativecommons.org/licenses/by-nc-sa/4.0/', 'http://creativecommons.org/licenses/by-sa/4.0/',
  'http://creativecommons.org/publicdomain/zero/1.0/'];
const VENUES = ['CVPR', 'ICCV', 'NeurIPS', 'ICML', 'ICLR', 'ACL', 'EMNLP', 'AAAI', 'IJCAI', 'ICRA', 'IROS', 'KDD', 'SIGIR', 'WWW', 'Interspeech'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** "Mon, 2 Apr 2007 19:18:42 GMT", as arXiv writes version dates. */
export function rfc1123(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}

/** Hard-wraps text at about `width` columns, as the snapshot's titles and abstracts are. */
function wrap(text: string, width: number, indent: string): string {
  let out = '';
  let lineStart = 0;
  let lastSpace = -1;
  for (let i = text.indexOf(' '); ; i = text.indexOf(' ', i + 1)) {
    const end = i === -1 ? text.length : i;
    if (end - lineStart > width && lastSpace > lineStart) {
      out += text.slice(lineStart, lastSpace) + '\n' + indent;
      lineStart = lastSpace + 1;
    }
    if (i === -1) break;
    lastSpace = i;
  }
  return out + text.slice(lineStart);
}

function splitName(name: string): [string, string, string] {
  const i = name.lastIndexOf(' ');
  return [name.slice(i + 1), name.slice(0, i), ''];
}

/** The snapshot record for a paper; deterministic (its extra fields are seeded by the paper id). */
export function toKaggleRecord(p: SynthPaper): KaggleRecord {
  const rng = new Rng(hashString(p.id));
  const v1 = Date.parse(`${p.published}T00:00:00Z`) + rng.int(86_400) * 1000;
  const versions = [{ version: 'v1', created: rfc1123(v1) }];
  let last = v1;
  for (let v = 2; rng.chance(v === 2 ? 0.2 : 0.25) && v <= 5; v++) {
    last += (1 + rng.int(60)) * 86_400_000 + rng.int(86_400) * 1000;
    versions.push({ version: `v${v}`, created: rfc1123(last) });
  }
  const year = p.published.slice(0, 4);
  const notes: string[] = [];
  if (rng.chance(0.6)) notes.push(`${rng.range(6, 40)} pages, ${rng.range(1, 15)} figures${rng.chance(0.4) ? `, ${rng.range(1, 8)} tables` : ''}`);
  if (rng.chance(0.15)) notes.push(`Accepted at ${rng.pick(VENUES)} ${year}`);
  if (p.code_url && rng.chance(0.5)) notes.push(`Code: ${p.code_url}`);
  if (p.project_url && rng.chance(0.5)) notes.push(`Project page: ${p.project_url}`);
  const names = p.authors;
  const authors = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return {
    id: p.id,
    submitter: rng.chance(0.8) ? names[0] : rng.pick(names),
    authors,
    title: p.title.length > 70 ? wrap(p.title, 70, '  ') : p.title,
    comments: notes.length ? notes.join('; ') : null,
    'journal-ref': rng.chance(0.05) ? `${rng.pick(VENUES)} ${year}` : null,
    doi: rng.chance(0.08) ? `10.${rng.range(1000, 9999)}/${p.id.replace('.', '-')}` : null,
    'report-no': rng.chance(0.01) ? `REPORT-${year}-${rng.range(1, 999)}` : null,
    categories: p.categories.join(' '),
    license: rng.pick(LICENSES),
    abstract: `  ${wrap(p.abstract, 78, '')}\n`,
    versions,
    update_date: new Date(last).toISOString().slice(0, 10),
    authors_parsed: names.map(splitName),
    topic: p.topic,
  };
}
