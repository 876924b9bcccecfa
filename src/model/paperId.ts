import { createHash } from 'node:crypto';

/** A title reduced to its letters and digits, so that the same paper read from two sources is recognized as one. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A stable id for a paper that has no arXiv id: the same title always gets the same id. */
export function localPaperId(title: string): string {
  return 'pw-' + createHash('sha256').update(titleKey(title)).digest('hex').slice(0, 12);
}

const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
const OLD_STYLE = /^([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?$/;

/**
 * Reads an arXiv identifier in any common spelling (bare, "arXiv:" prefix, abs/pdf URL, with a version) and
 * returns it without version; undefined when the text is not an arXiv id.
 */
export function parseArxivId(text: string): { id: string; version?: number } | undefined {
  let s = text.trim();
  s = s.replace(/^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\//i, '').replace(/\.pdf$/i, '');
  s = s.replace(/^arxiv:/i, '');
  const m = NEW_STYLE.exec(s) ?? OLD_STYLE.exec(s);
  if (!m) return undefined;
  return { id: m[1]!, version: m[2] ? Number(m[2]) : undefined };
}

/** Whether a paper id is a shape paperwire could have issued (an arXiv id or a local id); guards routes and the API. */
export function isPaperId(id: string): boolean {
  if (/^pw-[0-9a-f]{12}$/.test(id)) return true;
  const parsed = parseArxivId(id);
  return parsed !== undefined && parsed.version === undefined && parsed.id === id;
}
