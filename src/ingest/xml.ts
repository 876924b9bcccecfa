import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Raised when a feed is not well-formed XML; the run fails and its cursor stays where it was. */
export class MalformedFeedError extends Error {}

const REPEATED = new Set(['entry', 'author', 'category', 'link', 'record', 'item', 'setSpec']);
const parser = () =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => REPEATED.has(name),
  });

/** Parses an Atom, RSS or OAI-PMH document into plain objects (namespace prefixes dropped), or throws MalformedFeedError. */
export function parseXml(text: string, what: string): Record<string, any> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new MalformedFeedError(`${what} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  return parser().parse(text) as Record<string, any>;
}

/** The text of an element that may carry attributes ({'#text': …}) or be missing. */
export function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'object') return textOf((node as Record<string, unknown>)['#text']);
  const s = String(node).trim();
  return s || undefined;
}
