import type { IngestItem } from '../storage/ingestStore.ts';
import { commitPage, logNothingArrived, type HarvestContext } from './harvestContext.ts';
import { cleanText, findCodeUrl, isWithdrawn, joinName, requireArxivId, splitCategories, toDay, toInstant } from './normalize.ts';
import { parseXml, textOf } from './xml.ts';

/** An OAI-PMH error other than the expected ones (noRecordsMatch, badResumptionToken). */
export class OaiError extends Error {}

/** What to harvest: a set (archive) filtered to categories, changed since a day. */
export interface OaiRequest {
  oaiUrl: string;
  set?: string;
  /** Keep only records in one of these categories (OAI sets are whole archives); empty keeps all. */
  categories: string[];
  since?: string;
  defaultSince: string;
}

/** Where an OAI harvest stands: the window (`from` and `until` days), and the token of the next page within it. */
interface OaiCursor {
  origin: string;
  from: string;
  /** The window's last day, fixed when the window opens, so that resumed and restarted pages ask the same question. */
  until?: string;
  token?: string;
}

const PHYSICS = /^(astro-ph|cond-mat|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math-ph|nlin|nucl-ex|nucl-th|physics|quant-ph)$/;

/** The OAI set that holds a category: `cs` for cs.CV, `physics:hep-th` for hep-th, `math` for math.AG. */
export function oaiSetFor(category: string): string {
  const archive = category.split('.')[0]!;
  return PHYSICS.test(archive) ? `physics:${archive}` : archive;
}

/** Maps one OAI record in the `arXiv` metadata format to an ingest item; undefined for deleted records. */
export function oaiRecordToItem(record: Record<string, any>): IngestItem | undefined {
  if (record.header?.['@status'] === 'deleted') return undefined;
  const m = record.metadata?.arXiv;
  if (!m) throw new Error(`record ${textOf(record.header?.identifier) ?? '?'} has no arXiv metadata`);
  const { id } = requireArxivId(textOf(m.id));
  const title = cleanText(textOf(m.title) ?? '');
  if (!title) throw new Error(`record ${id} has no title`);
  const abstract = cleanText(textOf(m.abstract) ?? '') || undefined;
  const comments = textOf(m.comments);
  const authors = (m.authors?.author ?? []).map((a: Record<string, unknown>) => joinName(textOf(a.keyname), textOf(a.forenames), textOf(a.suffix))).filter(Boolean);
  return {
    paper: {
      arxivId: id,
      title,
      abstract,
      authors,
      publishedAt: toDay(textOf(m.created)),
      categories: splitCategories(textOf(m.categories)),
      codeUrl: findCodeUrl(abstract, comments),
      withdrawnAt: isWithdrawn(comments) ? toInstant(textOf(m.updated) ?? textOf(m.created)) : undefined,
    },
  };
}

/** One parsed ListRecords page: records, the next token, the response date, or the protocol error code. */
export function parseOaiPage(xml: string): { items: IngestItem[]; deleted: number; token?: string; responseDate?: string; error?: { code: string; text: string } } {
  const root = parseXml(xml, 'the OAI-PMH answer')['OAI-PMH'];
  if (!root) throw new OaiError('the OAI-PMH answer has no OAI-PMH element');
  const responseDate = toDay(textOf(root.responseDate));
  if (root.error) {
    const e = Array.isArray(root.error) ? root.error[0] : root.error;
    return { items: [], deleted: 0, responseDate, error: { code: e?.['@code'] ?? 'unknown', text: textOf(e) ?? '' } };
  }
  const list = root.ListRecords ?? {};
  const mapped = (list.record ?? []).map(oaiRecordToItem);
  return { items: mapped.filter(Boolean), deleted: mapped.length - mapped.filter(Boolean).length, token: textOf(list.resumptionToken), responseDate };
}

/**
 * Harvests OAI-PMH ListRecords (metadataPrefix=arXiv) incrementally by a `from=`/`until=` window of days (until
 * = the day the window opened), following resumption tokens; each page is committed with the token after it.
 * An expired token (badResumptionToken) restarts the same window; upserts make the overlap harmless. The
 * window's end day becomes the next `from` (days are inclusive, so records stamped later that day still come).
 */
export async function harvestOai(ctx: HarvestContext, source: string, req: OaiRequest): Promise<void> {
  const stored = await ctx.store.ingest.cursor(source);
  const previous = stored ? (JSON.parse(stored) as OaiCursor) : undefined;
  const origin = req.since ?? req.defaultSince;
  let cur: OaiCursor = previous && (!req.since || previous.origin === req.since) ? previous : { origin, from: origin };
  cur = { ...cur, until: cur.until ?? ctx.now().toISOString().slice(0, 10) };
  const wanted = new Set(req.categories);
  let arrived = 0;
  let restarts = 0;
  for (;;) {
    const params = cur.token
      ? new URLSearchParams({ verb: 'ListRecords', resumptionToken: cur.token })
      : new URLSearchParams({ verb: 'ListRecords', metadataPrefix: 'arXiv', from: cur.from, until: cur.until!, ...(req.set ? { set: req.set } : {}) });
    const page = parseOaiPage(await ctx.client.get(`${req.oaiUrl}?${params}`, ctx.signal));
    if (page.error?.code === 'badResumptionToken' && cur.token && restarts < 3) {
      restarts++;
      ctx.log.warn('OAI-PMH resumption token expired; restarting the window', { source, from: cur.from });
      cur = { origin: cur.origin, from: cur.from, until: cur.until };
      continue;
    }
    if (page.error?.code === 'noRecordsMatch') break;
    if (page.error) throw new OaiError(`OAI-PMH error ${page.error.code}: ${page.error.text}`);
    const items = wanted.size ? page.items.filter((i) => i.paper.categories?.some((c) => wanted.has(c))) : page.items;
    ctx.counts.skipped += page.items.length - items.length + page.deleted;
    arrived += items.length;
    const after: OaiCursor = page.token ? { ...cur, token: page.token } : { origin: cur.origin, from: cur.until! };
    await commitPage(ctx, source, items, JSON.stringify(after));
    ctx.onPage?.(ctx.counts);
    cur = after;
    if (!page.token) break;
  }
  if (arrived === 0) logNothingArrived(ctx, `OAI-PMH${req.set ? ` set ${req.set}` : ''} since ${cur.from}`);
}
