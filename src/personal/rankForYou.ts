import type { Follow, Signal, WindowPaper } from '../storage/personalStore.ts';
import type { RankWindow } from './rankWindow.ts';

/** Why a paper was picked, in words and with the signal it came from. */
export interface Reason {
  kind: 'alert' | 'author' | 'org' | 'similar' | 'category' | 'coauthor' | 'popular';
  text: string;
}

/** One recommended paper. */
export interface Pick {
  paper: WindowPaper;
  score: number;
  reason: Reason;
}

/** What the ranking learns from: the user's saves and upvotes, follows, and which window papers their alerts matched. */
export interface RankInput {
  signals: Signal[];
  follows: Follow[];
  /** Window rowid → the followed search or alert query that found it. */
  alertHits: Map<number, string>;
  /** Rowids never to recommend (already saved, upvoted, read or hidden). */
  seen: Set<number>;
  limit: number;
}

/** Weights of the linear score; chosen on the evaluation in scripts/eval-recommend.ts (docs/search.md). */
export const WEIGHTS = { similar: 1, alert: 0.25, author: 0.3, org: 0.15, category: 0.08, coauthor: 0.1, popularity: 0.03, saved: 1, upvoted: 0.8, decay: 0.98 };
const MAX_CENTROIDS = 6;
const JOIN_COSINE = 0.55;

const unpack = (p: WindowPaper, dim: number): Float32Array | undefined => {
  if (!p.vector || p.vector.length !== dim) return undefined;
  const v = new Float32Array(dim);
  for (let d = 0; d < dim; d++) v[d] = p.vector[d]! * p.scale;
  return v;
};
const dot = (a: Float32Array, b: Float32Array, off = 0) => {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[off + d]!;
  return s;
};
const unit = (v: Float32Array) => {
  const n = Math.sqrt(dot(v, v)) || 1;
  return v.map((x) => x / n);
};

/**
 * Interest centroids from the user's saved and upvoted papers: each signal joins the nearest centroid when close
 * enough, else starts a new one (up to MAX_CENTROIDS), so a reader of two or three topics keeps one profile per
 * topic instead of a mean that sits between them. Newer signals weigh more.
 */
function centroids(vectors: { v: Float32Array; w: number }[]): Float32Array[] {
  const sums: Float32Array[] = [];
  for (const { v, w } of vectors) {
    let best = -1;
    let bestCos = -Infinity;
    sums.forEach((s, i) => {
      const c = dot(unit(s), v);
      if (c > bestCos) (bestCos = c), (best = i);
    });
    if (best < 0 || (bestCos < JOIN_COSINE && sums.length < MAX_CENTROIDS)) sums.push(v.map((x) => x * w));
    else for (let d = 0; d < v.length; d++) sums[best]![d]! += v[d]! * w;
  }
  return sums.map(unit);
}

const ALERT = 1, AUTHOR = 2, ORG = 4, CATEGORY = 8, COAUTHOR = 16, SEEN = 32;

/** The linear score's feature bonus for each combination of flags. */
function bonusTable(): Float64Array {
  const W = WEIGHTS;
  const t = new Float64Array(32);
  for (let f = 0; f < 32; f++)
    t[f] = (f & ALERT ? W.alert : 0) + (f & AUTHOR ? W.author : 0) + (f & ORG ? W.org : 0) + (f & CATEGORY ? W.category : 0) + (f & COAUTHOR ? W.coauthor : 0);
  return t;
}

/**
 * Ranks a window of recent papers for one user: a linear score of semantic closeness to the user's interest
 * centroids, followed authors, organizations, categories and alerts, co-authors of saved papers, and a small
 * popularity prior; each pick carries the strongest reason. With no signal at all it is the popularity order.
 * Closeness is one SIMD pass over the window per centroid; follows mark the rows they touch through the window's
 * indexes; the best `limit` rows are kept while scoring (ties: more upvotes, then older rowid).
 */
export function rankForYou(win: RankWindow, input: RankInput): Pick[] {
  const { dim, papers, matrix, sims, flags, popularity } = win;
  const W = WEIGHTS;
  const sig = input.signals
    .map((s, i) => ({ s, v: unpack(s.paper, dim), w: (s.kind === 'saved' ? W.saved : W.upvoted) * W.decay ** i }))
    .filter((x): x is { s: Signal; v: Float32Array; w: number } => Boolean(x.v));
  sims.fill(0);
  flags.fill(0);
  for (const c of centroids(sig)) matrix.maxCosines(c, sims);

  const followed = (kind: Follow['kind']) => new Map(input.follows.filter((f) => f.kind === kind).map((f) => [f.value.toLowerCase(), f.value]));
  const authors = followed('author');
  const orgs = followed('org');
  const cats = followed('category');
  const coauthors = new Map<string, Signal>();
  for (const s of input.signals) for (const a of s.paper.authors) if (!coauthors.has(a.toLowerCase())) coauthors.set(a.toLowerCase(), s);
  const mark = (rows: number[] | number | undefined, bit: number) => {
    if (typeof rows === 'number') flags[rows]! |= bit;
    else if (rows) for (const r of rows) flags[r]! |= bit;
  };
  for (const a of authors.keys()) mark(win.byAuthor.get(a), AUTHOR);
  for (const o of orgs.keys()) mark(win.byOrg.get(o), ORG);
  for (const c of cats.keys()) mark(win.byCategory.get(c), CATEGORY);
  for (const a of coauthors.keys()) mark(win.byAuthor.get(a), COAUTHOR);
  for (const rowid of input.alertHits.keys()) mark(win.rowOf.get(rowid), ALERT);
  for (const rowid of input.seen) mark(win.rowOf.get(rowid), SEEN);

  const bonus = bonusTable();
  const limit = Math.max(0, input.limit);
  const rows: number[] = [];
  const scores: number[] = [];
  const before = (i: number, si: number, j: number, sj: number) =>
    si > sj || (si === sj && (papers[i]!.upvotes > papers[j]!.upvotes || (papers[i]!.upvotes === papers[j]!.upvotes && papers[i]!.rowid < papers[j]!.rowid)));
  for (let i = 0; i < papers.length; i++) {
    const f = flags[i]!;
    if (f & SEEN) continue;
    const score = W.similar * sims[i]! + W.popularity * popularity[i]! + bonus[f]!;
    let at = rows.length;
    if (at === limit && (!limit || !before(i, score, rows[at - 1]!, scores[at - 1]!))) continue;
    if (at === limit) (rows.pop(), scores.pop(), at--);
    while (at > 0 && before(i, score, rows[at - 1]!, scores[at - 1]!)) at--;
    rows.splice(at, 0, i);
    scores.splice(at, 0, score);
  }
  const nearest = nearestSignals(win, rows, sig);
  return rows.map((i, j) => ({ paper: papers[i]!, score: scores[j]!, reason: reasonFor(papers[i]!, flags[i]!, sims[i]!, nearest[j], { authors, orgs, cats, coauthors, alertHits: input.alertHits }) }));
}

/** For each picked row, the saved or upvoted paper nearest to it (scored in the kernel, one call per signal). */
function nearestSignals(win: RankWindow, rows: number[], sig: { s: Signal; v: Float32Array }[]): (Signal | undefined)[] {
  const best: (Signal | undefined)[] = rows.map(() => undefined);
  if (!sig.length || !rows.length) return best;
  const bestDot = new Float64Array(rows.length).fill(-Infinity);
  const cos = new Float32Array(rows.length);
  for (const { s, v } of sig) {
    win.matrix.cosinesAt(v, rows, cos);
    for (let j = 0; j < rows.length; j++) if (cos[j]! > bestDot[j]!) (bestDot[j] = cos[j]!), (best[j] = s);
  }
  return best;
}

const quote = (t: string) => `“${t.length > 70 ? `${t.slice(0, 67)}…` : t}”`;

function reasonFor(
  p: WindowPaper,
  flags: number,
  sim: number,
  nearest: Signal | undefined,
  ctx: { authors: Map<string, string>; orgs: Map<string, string>; cats: Map<string, string>; coauthors: Map<string, Signal>; alertHits: Map<number, string> },
): Reason {
  const alert = flags & ALERT ? ctx.alertHits.get(p.rowid) : undefined;
  if (alert) return { kind: 'alert', text: `matches your alert ${quote(alert)}` };
  const author = flags & AUTHOR ? p.authors.find((a) => ctx.authors.has(a.toLowerCase())) : undefined;
  if (author) return { kind: 'author', text: `by ${author}, whom you follow` };
  if (flags & ORG && p.org) return { kind: 'org', text: `from ${ctx.orgs.get(p.org.toLowerCase())}, which you follow` };
  if (nearest && sim > 0) return { kind: 'similar', text: `because you ${nearest.kind} ${quote(nearest.paper.title)}` };
  const cat = flags & CATEGORY ? p.categories.find((c) => ctx.cats.has(c.toLowerCase())) : undefined;
  if (cat) return { kind: 'category', text: `in ${cat}, which you follow` };
  const co = flags & COAUTHOR ? p.authors.find((a) => ctx.coauthors.has(a.toLowerCase())) : undefined;
  if (co) return { kind: 'coauthor', text: `by ${co}, an author of ${quote(ctx.coauthors.get(co.toLowerCase())!.paper.title)}` };
  return { kind: 'popular', text: 'popular this week' };
}
