import type { Follow, Signal, WindowPaper } from '../storage/personalStore.ts';

/** The recent papers a recommendation ranks, with their vectors unpacked once into one float matrix (row i = papers[i]). */
export interface RankWindow {
  papers: WindowPaper[];
  dim: number;
  /** papers.length × dim floats; a row of zeros where a paper has no vector yet. */
  matrix: Float32Array;
}

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

/** Unpacks int8 vectors into one float matrix: the shape `rankForYou` scores against. */
export function buildRankWindow(papers: WindowPaper[], dim: number): RankWindow {
  const matrix = new Float32Array(papers.length * dim);
  papers.forEach((p, i) => {
    if (!p.vector || p.vector.length !== dim) return;
    for (let d = 0; d < dim; d++) matrix[i * dim + d] = p.vector[d]! * p.scale;
  });
  return { papers, dim, matrix };
}

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

/**
 * Ranks a window of recent papers for one user: a linear score of semantic closeness to the user's interest
 * centroids, followed authors, organizations, categories and alerts, co-authors of saved papers, and a small
 * popularity prior; each pick carries the strongest reason. With no signal at all it is the popularity order.
 */
export function rankForYou(win: RankWindow, input: RankInput): Pick[] {
  const { dim, papers, matrix } = win;
  const W = WEIGHTS;
  const sig = input.signals
    .map((s, i) => ({ s, v: unpack(s.paper, dim), w: (s.kind === 'saved' ? W.saved : W.upvoted) * W.decay ** i }))
    .filter((x): x is { s: Signal; v: Float32Array; w: number } => Boolean(x.v));
  const cents = centroids(sig);
  const followed = (kind: Follow['kind']) => new Map(input.follows.filter((f) => f.kind === kind).map((f) => [f.value.toLowerCase(), f.value]));
  const authors = followed('author');
  const orgs = followed('org');
  const cats = followed('category');
  const coauthors = new Map<string, Signal>();
  for (const s of input.signals) for (const a of s.paper.authors) if (!coauthors.has(a.toLowerCase())) coauthors.set(a.toLowerCase(), s);

  // Closeness to the nearest centroid, one tight pass over the contiguous matrix per centroid.
  const sims = new Float32Array(papers.length);
  for (const c of cents) {
    for (let i = 0, off = 0; i < papers.length; i++, off += dim) {
      let d = 0;
      for (let k = 0; k < dim; k++) d += c[k]! * matrix[off + k]!;
      if (d > sims[i]!) sims[i] = d;
    }
  }
  const scored: { i: number; score: number; sim: number }[] = [];
  for (let i = 0; i < papers.length; i++) {
    const p = papers[i]!;
    if (input.seen.has(p.rowid)) continue;
    const sim = sims[i]!;
    let score = W.similar * sim + W.popularity * Math.log1p(Math.max(0, p.upvotes));
    if (input.alertHits.has(p.rowid)) score += W.alert;
    if (authors.size && p.authors.some((a) => authors.has(a.toLowerCase()))) score += W.author;
    if (p.org && orgs.has(p.org.toLowerCase())) score += W.org;
    if (cats.size && p.categories.some((c) => cats.has(c.toLowerCase()))) score += W.category;
    if (coauthors.size && p.authors.some((a) => coauthors.has(a.toLowerCase()))) score += W.coauthor;
    scored.push({ i, score, sim });
  }
  scored.sort((a, b) => b.score - a.score || papers[b.i]!.upvotes - papers[a.i]!.upvotes || papers[a.i]!.rowid - papers[b.i]!.rowid);
  return scored.slice(0, input.limit).map(({ i, score, sim }) => {
    const p = papers[i]!;
    return { paper: p, score, reason: reasonFor(p, i, sim, { win, sig, authors, orgs, cats, coauthors, alertHits: input.alertHits }) };
  });
}

const quote = (t: string) => `“${t.length > 70 ? `${t.slice(0, 67)}…` : t}”`;

function reasonFor(
  p: WindowPaper,
  i: number,
  sim: number,
  ctx: { win: RankWindow; sig: { s: Signal; v: Float32Array }[]; authors: Map<string, string>; orgs: Map<string, string>; cats: Map<string, string>; coauthors: Map<string, Signal>; alertHits: Map<number, string> },
): Reason {
  const alert = ctx.alertHits.get(p.rowid);
  if (alert) return { kind: 'alert', text: `matches your alert ${quote(alert)}` };
  const author = p.authors.find((a) => ctx.authors.has(a.toLowerCase()));
  if (author) return { kind: 'author', text: `by ${author}, whom you follow` };
  if (p.org && ctx.orgs.has(p.org.toLowerCase())) return { kind: 'org', text: `from ${ctx.orgs.get(p.org.toLowerCase())}, which you follow` };
  if (ctx.sig.length && sim > 0) {
    let best = ctx.sig[0]!;
    let bestDot = -Infinity;
    for (const s of ctx.sig) {
      const d = dot(s.v, ctx.win.matrix, i * ctx.win.dim);
      if (d > bestDot) (bestDot = d), (best = s);
    }
    return { kind: 'similar', text: `because you ${best.s.kind} ${quote(best.s.paper.title)}` };
  }
  const cat = p.categories.find((c) => ctx.cats.has(c.toLowerCase()));
  if (cat) return { kind: 'category', text: `in ${cat}, which you follow` };
  const co = p.authors.find((a) => ctx.coauthors.has(a.toLowerCase()));
  if (co) return { kind: 'coauthor', text: `by ${co}, an author of ${quote(ctx.coauthors.get(co.toLowerCase())!.paper.title)}` };
  return { kind: 'popular', text: 'popular this week' };
}
