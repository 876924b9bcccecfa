import { parseArxivId } from '../model/paperId.ts';

/**
 * Cleans a title or abstract as sources send it: LaTeX line breaks (`\\`, `\newline`) and every run of
 * whitespace (hard-wrapped lines, tabs, non-breaking spaces) become one space; ends trimmed.
 */
export function cleanText(text: string): string {
  if (!MESSY.test(text)) return text;
  if (text.includes('\\')) text = text.replace(/\\\\|\\newline\b/g, ' ');
  // Only runs that are not already one plain space are replaced (most spaces are; bulk imports clean millions).
  return text.replace(/[^\S ]\s*| \s+/g, ' ').trim();
}

/** Anything cleanText would change: a backslash, whitespace other than a single space, or space at an end. */
const MESSY = /\\|[^\S ]| \s|^ | $/;

const CODE_HOST = /(?:https?:\/\/)?(?:www\.)?(github\.com|gitlab\.com)\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)/i;
const NOT_OWNERS = new Set(['about', 'features', 'topics', 'orgs', 'sponsors', 'marketplace', 'explore', 'login']);

/** The first GitHub or GitLab repository named in these texts (abstract, comments), as a clean https URL. */
export function findCodeUrl(...texts: (string | undefined)[]): string | undefined {
  for (const text of texts) {
    if (!text || !/git(?:hub|lab)\.com/i.test(text)) continue;
    const m = CODE_HOST.exec(text.replace(/\s*\/\s*/g, '/'));
    if (!m) continue;
    const owner = m[2]!;
    const repo = m[3]!.replace(/\.git$/i, '').replace(/[.]+$/, '');
    if (!repo || NOT_OWNERS.has(owner.toLowerCase())) continue;
    return `https://${m[1]!.toLowerCase()}/${owner}/${repo}`;
  }
  return undefined;
}

/** Whether the comments announce a withdrawal ("This paper has been withdrawn by the author"). */
export function isWithdrawn(comments: string | undefined): boolean {
  return !!comments && /\b(?:has been|is) withdrawn\b|^\s*withdrawn\b|\bpaper withdrawn\b/i.test(comments);
}

/** Categories from a space- or comma-separated list, primary first, without duplicates. */
export function splitCategories(text: string | undefined, primary?: string): string[] {
  const cats = (text ?? '').split(/[\s,]+/).filter(Boolean);
  if (primary) cats.unshift(primary);
  return [...new Set(cats)];
}

/** An author name from its parts ([last, first, suffix] as Kaggle's authors_parsed and OAI's keyname/forenames give them). */
export function joinName(last: string | undefined, first?: string, suffix?: string): string {
  return cleanText([first, last, suffix].filter((p) => p && p.trim()).join(' '));
}

/** Splits a one-string author list ("A. One, B. Two and C. Three") into names in order. */
export function splitAuthors(text: string | undefined): string[] {
  if (!text) return [];
  return cleanText(text.replace(/\([^)]*\)/g, ' '))
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "Mon, 2 Jan 2023 10:00:00 GMT" (arXiv's version dates): read without Date.parse, the common case of a bulk import. */
const RFC_2822_GMT = /^(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) \d{2}:\d{2}(?::\d{2})? (?:GMT|UT|UTC|\+0000)$/;
const MONTHS = new Map('Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ').map((m, i) => [m, String(i + 1).padStart(2, '0')]));

/** A date or timestamp in any form sources use (ISO, RFC 2822) as YYYY-MM-DD, or undefined when unreadable. */
export function toDay(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return text.slice(0, 10);
  const rfc = RFC_2822_GMT.exec(text);
  if (rfc && MONTHS.has(rfc[2]!) && Number(rfc[1]) <= 28) return `${rfc[3]}-${MONTHS.get(rfc[2]!)}-${rfc[1]!.padStart(2, '0')}`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

/** A date or timestamp as a full ISO 8601 instant, or undefined when unreadable. */
export function toInstant(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** An arXiv id from any spelling, normalized (no version); throws a readable error when it is not one. */
export function requireArxivId(text: unknown): { id: string; version?: number } {
  const parsed = typeof text === 'string' ? parseArxivId(text) : undefined;
  if (!parsed) throw new Error(`not an arXiv id: ${JSON.stringify(text)?.slice(0, 60)}`);
  return parsed;
}
