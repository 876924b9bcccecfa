/**
 * Scores a ranked run against graded judgments, so that paperwire's own query sets (eval/holdout) are scored
 * exactly as the development set is: nDCG@10 with gain 2^grade − 1, MRR@10 of the first result graded ≥ 2, and
 * Recall@20 of the results graded ≥ 2, per query and averaged overall and per query type.
 */

/** One query of a set: id, type (keyword, semantic, known_item, acronym) and text. */
export interface EvalQuery {
  qid: string;
  type: string;
  query: string;
}

/** The three figures of one query, or their mean over a group. */
export interface RunFigures {
  ndcg10: number;
  mrr10: number;
  recall20: number;
}

/** Figures per query and per group (`ALL` and each type), in the order the types first appear. */
export interface RunScore {
  perQuery: Map<string, RunFigures>;
  groups: Map<string, RunFigures & { n: number }>;
}

const dcg = (gains: number[]) => gains.reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);

/** Scores `run` (titles in rank order per qid; repeats count once) against `qrels` (qid → title → grade). */
export function scoreRun(queries: EvalQuery[], qrels: Map<string, Map<string, number>>, run: Map<string, string[]>): RunScore {
  const perQuery = new Map<string, RunFigures>();
  const sums = new Map<string, { n: number; f: RunFigures }>([['ALL', { n: 0, f: { ndcg10: 0, mrr10: 0, recall20: 0 } }]]);
  for (const { qid, type } of queries) {
    const rel = qrels.get(qid) ?? new Map<string, number>();
    const ranked = [...new Set(run.get(qid) ?? [])];
    const ideal = dcg([...rel.values()].sort((a, b) => b - a).slice(0, 10));
    const ndcg10 = dcg(ranked.slice(0, 10).map((t) => rel.get(t) ?? 0)) / (ideal || 1);
    const first = ranked.slice(0, 10).findIndex((t) => (rel.get(t) ?? 0) >= 2);
    const relevant = [...rel.values()].filter((g) => g >= 2).length;
    const recall20 = relevant ? ranked.slice(0, 20).filter((t) => (rel.get(t) ?? 0) >= 2).length / relevant : 0;
    const f = { ndcg10, mrr10: first < 0 ? 0 : 1 / (first + 1), recall20 };
    perQuery.set(qid, f);
    for (const group of ['ALL', type]) {
      const s = sums.get(group) ?? sums.set(group, { n: 0, f: { ndcg10: 0, mrr10: 0, recall20: 0 } }).get(group)!;
      s.n++;
      s.f.ndcg10 += f.ndcg10;
      s.f.mrr10 += f.mrr10;
      s.f.recall20 += f.recall20;
    }
  }
  const groups = new Map([...sums].map(([g, { n, f }]) => [g, { n, ndcg10: f.ndcg10 / n, mrr10: f.mrr10 / n, recall20: f.recall20 / n }]));
  return { perQuery, groups };
}

/** Reads a set's `queries.tsv` (qid, type, query) and `qrels.tsv` (qid, title, grade), each with a header line. */
export function parseEvalSet(queriesTsv: string, qrelsTsv: string): { queries: EvalQuery[]; qrels: Map<string, Map<string, number>> } {
  const rows = (text: string) => text.split('\n').slice(1).filter((l) => l.trim()).map((l) => l.split('\t'));
  const queries = rows(queriesTsv).map(([qid, type, query]) => ({ qid: qid!, type: type!, query: query! }));
  const qrels = new Map<string, Map<string, number>>();
  for (const [qid, title, grade] of rows(qrelsTsv)) {
    if (!qrels.has(qid!)) qrels.set(qid!, new Map());
    qrels.get(qid!)!.set(title!, Number(grade));
  }
  return { queries, qrels };
}

/** The groups as the lines `eval-search` prints: `type n=.. nDCG@10=.. MRR@10=.. R@20=..`. */
export function formatScore(score: RunScore): string {
  return [...score.groups]
    .map(([g, f]) => `${g.padEnd(10)} n=${String(f.n).padStart(2)} nDCG@10=${f.ndcg10.toFixed(3)} MRR@10=${f.mrr10.toFixed(3)} R@20=${f.recall20.toFixed(3)}`)
    .join('\n');
}
