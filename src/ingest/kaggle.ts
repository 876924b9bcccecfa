import type { IngestItem } from '../storage/ingestStore.ts';
import { cleanText, findCodeUrl, isWithdrawn, joinName, requireArxivId, splitAuthors, splitCategories, toDay, toInstant } from './normalize.ts';

/** One line of the Kaggle "arxiv-metadata-oai-snapshot" file (only the fields paperwire reads). */
interface KaggleRecord {
  id?: unknown;
  title?: unknown;
  abstract?: unknown;
  authors?: unknown;
  authors_parsed?: unknown;
  comments?: unknown;
  categories?: unknown;
  versions?: { version?: string; created?: string }[];
  update_date?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/**
 * Maps a Kaggle snapshot record to an ingest item: normalized id and latest version, cleaned title and
 * abstract, authors in order (from authors_parsed, else the one-string list), categories with the primary
 * first, first-version date as the publication date, code link, withdrawal. Throws with a reason when unusable.
 */
export function kaggleToItem(value: unknown): IngestItem {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  const r = value as KaggleRecord;
  const { id, version: idVersion } = requireArxivId(r.id);
  const title = str(r.title) && cleanText(r.title as string);
  if (!title) throw new Error('title is missing');
  const abstract = str(r.abstract) ? cleanText(r.abstract as string) : undefined;
  const comments = str(r.comments);
  const versions = Array.isArray(r.versions) ? r.versions : [];
  const lastVersion = versions.length ? Number(/^v(\d+)$/.exec(versions[versions.length - 1]?.version ?? '')?.[1]) || versions.length : idVersion;
  const authors = Array.isArray(r.authors_parsed)
    ? (r.authors_parsed as unknown[]).flatMap((a) => (Array.isArray(a) ? [joinName(String(a[0] ?? ''), String(a[1] ?? ''), String(a[2] ?? ''))] : [])).filter(Boolean)
    : splitAuthors(str(r.authors));
  return {
    paper: {
      arxivId: id,
      version: lastVersion,
      title,
      abstract,
      authors,
      publishedAt: toDay(versions[0]?.created) ?? toDay(str(r.update_date)),
      categories: splitCategories(str(r.categories)),
      codeUrl: findCodeUrl(abstract, comments),
      withdrawnAt: isWithdrawn(comments) ? (toInstant(versions[versions.length - 1]?.created) ?? toInstant(str(r.update_date))) : undefined,
    },
  };
}
