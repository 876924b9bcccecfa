import type { WindowPaper } from '../storage/personalStore.ts';
import { WindowMatrix } from './windowMatrix.ts';

/**
 * The recent papers a recommendation ranks, prepared once and shared by every user's call: their int8 vectors in
 * one SIMD-scored matrix (row i = papers[i]), and the papers of each author, organization and category, so a
 * call marks the few rows its follows touch instead of testing every paper's author list.
 */
export interface RankWindow {
  papers: WindowPaper[];
  dim: number;
  matrix: WindowMatrix;
  /** Paper rowid → row; paper id → row. */
  rowOf: Map<number, number>;
  rowOfId: Map<string, number>;
  /** Lower-cased author, organization and category names → rows. */
  byAuthor: Map<string, number[]>;
  byOrg: Map<string, number[]>;
  byCategory: Map<string, number[]>;
  /** log(1 + upvotes) per row. */
  popularity: Float32Array;
  /** Scratch reused by every call (the ranking is synchronous): best cosine and feature flags per row. */
  sims: Float32Array;
  flags: Uint8Array;
}

/** Builds the shared window (vectors of another length than `dim` count as missing). */
export function buildRankWindow(papers: WindowPaper[], dim: number, options: { simd?: boolean } = {}): RankWindow {
  const n = papers.length;
  const byAuthor = new Map<string, number[]>();
  const byOrg = new Map<string, number[]>();
  const byCategory = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, key: string, row: number) => {
    const k = key.toLowerCase();
    const rows = m.get(k);
    if (!rows) m.set(k, [row]);
    else if (rows[rows.length - 1] !== row) rows.push(row);
  };
  const popularity = new Float32Array(n);
  const rowOf = new Map<number, number>();
  const rowOfId = new Map<string, number>();
  papers.forEach((p, i) => {
    rowOf.set(p.rowid, i);
    rowOfId.set(p.id, i);
    for (const a of p.authors) add(byAuthor, a, i);
    for (const c of p.categories) add(byCategory, c, i);
    if (p.org) add(byOrg, p.org, i);
    popularity[i] = Math.log1p(Math.max(0, p.upvotes));
  });
  return {
    papers,
    dim,
    matrix: new WindowMatrix(dim, papers, options),
    rowOf,
    rowOfId,
    byAuthor,
    byOrg,
    byCategory,
    popularity,
    sims: new Float32Array(n),
    flags: new Uint8Array(n),
  };
}
