/**
 * The search query language. Any string parses: what is not understood as an operator is searched as words, and
 * filter values that make no sense are reported in `problems` (and ignored) instead of failing the search.
 *
 *   words  "exact phrase"  -excluded  -"excluded phrase"  title:word  title:"a phrase"  author:name  org:name
 *   cat:cs.CL  year:2024  year:2020..2023  date:2024-01..2024-06  after:2024-03-01  before:2025  has:code
 *   sort:relevance|date|upvotes
 */
export interface ParsedQuery {
  /** Free words, in order (phrases not included). */
  words: string[];
  /** Exact phrases, as typed. */
  phrases: string[];
  /** Words and phrases that must not appear. */
  excluded: string[];
  /** Words or phrases that must appear in the title. */
  title: string[];
  author: string[];
  org: string[];
  cat: string[];
  /** Published from/to, inclusive (YYYY-MM-DD). */
  from?: string;
  to?: string;
  hasCode?: boolean;
  sort?: 'relevance' | 'date' | 'upvotes';
  /** What the user typed that could not be used, as messages for people. */
  problems: string[];
}

/** The longest query text that is parsed; the rest is ignored (the API and page refuse longer queries anyway). */
export const MAX_PARSED = 1000;

const FIELDS = new Set(['title', 'author', 'org', 'cat', 'year', 'date', 'after', 'before', 'has', 'sort', 'is']);

/** Splits into tokens: [-]field:"quoted" | [-]"quoted" | [-]word, honouring unbalanced quotes as running to the end. */
function tokens(text: string): { neg: boolean; field?: string; value: string; quoted: boolean }[] {
  const out: { neg: boolean; field?: string; value: string; quoted: boolean }[] = [];
  const re = /(-?)(?:([A-Za-z]+):)?(?:"([^"]*)(?:"|$)|(\S+))/g;
  for (const m of text.matchAll(re)) {
    const field = m[2]?.toLowerCase();
    const quoted = m[3] !== undefined;
    let value = (quoted ? m[3] : m[4]) ?? '';
    if (field && !FIELDS.has(field)) {
      out.push({ neg: m[1] === '-', value: `${m[2]}:${value}`, quoted: false });
      continue;
    }
    if (!quoted) value = value.replace(/"/g, '');
    out.push({ neg: m[1] === '-', field, value, quoted });
  }
  return out;
}

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

/** A year, month or day ("2024", "2024-03", "2024-03-05") as its first and last day; undefined when not a real date. */
export function dateSpan(text: string): { first: string; last: string } | undefined {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const y = Number(m[1]);
  if (y < 1000 || y > 2999) return undefined;
  if (!m[2]) return { first: `${y}-01-01`, last: `${y}-12-31` };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return undefined;
  if (!m[3]) return { first: `${y}-${pad(mo)}-01`, last: `${y}-${pad(mo)}-${pad(lastDay(y, mo))}` };
  const d = Number(m[3]);
  if (d < 1 || d > lastDay(y, mo)) return undefined;
  return { first: `${y}-${pad(mo)}-${pad(d)}`, last: `${y}-${pad(mo)}-${pad(d)}` };
}

/** "2020..2023", "2024-01..", "..2024-06" or a single date as an inclusive range; undefined when malformed. */
export function dateRange(text: string): { from?: string; to?: string } | undefined {
  const parts = text.split('..');
  if (parts.length > 2) return undefined;
  if (parts.length === 1) {
    const span = dateSpan(parts[0]!);
    return span && { from: span.first, to: span.last };
  }
  const [a, b] = parts as [string, string];
  const from = a ? dateSpan(a) : undefined;
  const to = b ? dateSpan(b) : undefined;
  if ((a && !from) || (b && !to) || (!a && !b)) return undefined;
  return { from: from?.first, to: to?.last };
}

const later = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a > b ? a : b);
const earlier = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a < b ? a : b);

/** Parses a query; never throws. */
export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = { words: [], phrases: [], excluded: [], title: [], author: [], org: [], cat: [], problems: [] };
  // eslint-disable-next-line no-control-regex
  const text = input.slice(0, MAX_PARSED).replace(/[\u0000-\u001f\u007f]/g, ' ');
  const narrow = (range: { from?: string; to?: string }) => {
    q.from = later(q.from, range.from);
    q.to = earlier(q.to, range.to);
  };
  let negateNext = false;
  for (const t of tokens(text)) {
    const value = t.value.trim();
    if (!value) continue;
    if (!t.field && !t.quoted && !t.neg && value === 'NOT') {
      negateNext = true;
      continue;
    }
    if (negateNext) {
      t.neg = true;
      negateNext = false;
    }
    if (!t.field) {
      if (!t.quoted && !t.neg && /^(AND|OR|&&|\|\|)$/.test(value)) continue;
      if (t.neg) q.excluded.push(value);
      else if (t.quoted && /\s/.test(value)) q.phrases.push(value);
      else q.words.push(value);
      continue;
    }
    switch (t.field) {
      case 'title':
      case 'author':
      case 'org':
      case 'cat':
        if (t.neg) q.excluded.push(value);
        else q[t.field].push(value);
        break;
      case 'year':
      case 'date': {
        const range = dateRange(value);
        if (range && (t.field === 'date' || /^\d{4}(\.\.\d{4}|\.\.|)$|^\.\.\d{4}$/.test(value))) narrow(range);
        else q.problems.push(`${t.field}:${value} is not a ${t.field === 'year' ? 'year (2024) or range (2020..2023)' : 'date (2024-03-05, 2024-03 or 2024) or range (2024-01..2024-06)'}; it was ignored`);
        break;
      }
      case 'after':
      case 'before': {
        const span = dateSpan(value);
        if (!span) q.problems.push(`${t.field}:${value} is not a date (2024-03-05, 2024-03 or 2024); it was ignored`);
        else if (t.field === 'after') narrow({ from: span.first });
        else narrow({ to: span.last });
        break;
      }
      case 'has':
      case 'is':
        if (value.toLowerCase() === 'code') q.hasCode = true;
        else q.problems.push(`${t.field}:${value} is not a known filter (try has:code); it was ignored`);
        break;
      case 'sort': {
        const s = value.toLowerCase();
        if (s === 'relevance' || s === 'date' || s === 'upvotes') q.sort = s;
        else if (s === 'new' || s === 'newest' || s === 'recent') q.sort = 'date';
        else if (s === 'votes' || s === 'top') q.sort = 'upvotes';
        else q.problems.push(`sort:${value} is not a known order (relevance, date or upvotes); it was ignored`);
        break;
      }
    }
  }
  if (q.from && q.to && q.from > q.to) q.problems.push(`the dates ask for papers published after ${q.from} and before ${q.to}, so nothing can match`);
  return q;
}

/** True when the parsed query asks for anything at all (words, phrases or a filter). */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return !q.words.length && !q.phrases.length && !q.title.length && !q.author.length && !q.org.length && !q.cat.length && !q.from && !q.to && !q.hasCode && !q.excluded.length;
}
