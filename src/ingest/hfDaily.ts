import type { IngestItem } from '../storage/ingestStore.ts';
import { cleanText, findCodeUrl, requireArxivId, toDay, toInstant } from './normalize.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
const httpUrl = (v: unknown): string | undefined => {
  const s = str(v);
  return s && /^https?:\/\/\S+$/i.test(s) && s.length <= 2000 ? s : undefined;
};

/**
 * Maps one Hugging Face `daily_papers` item (`{paper: {...}, publishedAt, submittedBy, ...}`, or a bare paper
 * object) to an ingest item: the paper with its upvotes, code and project links and organization, featured
 * on the day the item was published on the daily list, by its submitter. Throws with a reason when unusable.
 */
export function hfItemToItem(value: unknown): IngestItem {
  const item = obj(value);
  if (!item) throw new Error('not a JSON object');
  const paper = obj(item.paper) ?? item;
  const { id } = requireArxivId(paper.id);
  const rawTitle = str(paper.title) ?? str(item.title);
  if (!rawTitle) throw new Error('paper.title is missing');
  const abstract = str(paper.summary) ?? str(item.summary);
  const authors = Array.isArray(paper.authors)
    ? paper.authors.flatMap((a) => {
        const name = str(obj(a)?.name);
        return name ? [cleanText(name)] : [];
      })
    : undefined;
  const org = obj(paper.organization) ?? obj(item.organization);
  const orgName = str(org?.name);
  const submitter = str(obj(item.submittedBy)?.user) ?? str(obj(paper.submittedOnDailyBy)?.user);
  const featuredDay = toDay(str(item.publishedAt) ?? str(paper.submittedOnDailyAt));
  const cleanedAbstract = abstract ? cleanText(abstract) : undefined;
  return {
    paper: {
      arxivId: id,
      title: cleanText(rawTitle),
      abstract: cleanedAbstract,
      authors: authors?.length ? authors : undefined,
      publishedAt: toDay(str(paper.publishedAt)),
      codeUrl: httpUrl(paper.githubRepo) ?? findCodeUrl(cleanedAbstract),
      projectUrl: httpUrl(paper.projectPage),
      githubStars: count(paper.githubStars),
      organization: orgName && /^[\w.-]{1,100}$/.test(orgName) ? { name: orgName, fullname: str(org?.fullname) ?? orgName } : undefined,
      baseUpvotes: count(paper.upvotes),
      withdrawnAt: toInstant(str(paper.withdrawnAt)),
    },
    featured: featuredDay ? [{ date: featuredDay, submittedBy: submitter && /^[\w.-]{1,64}$/.test(submitter) ? submitter : undefined }] : [],
  };
}
