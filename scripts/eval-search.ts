/**
 * Scores paperwire's search on its query sets: loads the demo corpus into a temporary database, runs the queries
 * of the development set (../shared/search-eval) and of paperwire's blind holdout sets (eval/holdout, eval/holdout2) through
 * searchPapers in each mode, writes one run file per set and mode, and prints nDCG@10, MRR@10 and Recall@20 per
 * query type. usage: npx tsx scripts/eval-search.ts [--modes lexical,hybrid,semantic] [--sets dev,holdout,holdout2,plainwords]
 * [--out DIR] [--per-query] [--no-semantic] [--model DIR] [--dim N] [--smoothing NEIGHBOURS,WEIGHT] [--semantic-weight W]
 * [--credibility CHANCE_PERCENTILE,RELATIVE,LEXICAL_COVERAGE,MATCHED_PERCENTILE,FIRST_PAGE] (0,0,0,0,0 keeps every candidate, as before issue 23)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDemoCorpus } from '../src/ingest/demoCorpus.ts';
import { searchPapers, type SearchMode } from '../src/search/searchPapers.ts';
import { createSearchContext } from '../src/search/searchContext.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { bundledEmbedder } from '../src/search/embedding/bundledEmbedder.ts';
import { loadStaticEmbedder } from '../src/search/embedding/loadStaticEmbedder.ts';
import { createSemanticSearch } from '../src/search/semantic/semanticSearch.ts';

import { DEFAULT_RANKING } from '../src/search/hybridHits.ts';
import { formatScore, parseEvalSet, scoreRun } from '../src/search/eval/scoreRun.ts';

const SETS: Record<string, string> = {
  dev: resolve(process.env.SEARCH_EVAL_DIR ?? '../shared/search-eval'),
  holdout: resolve('eval/holdout'),
  holdout2: resolve('eval/holdout2'),
  // written blind for issue 23: everyday words for technical ideas; never tune on it (eval/plainwords/README.md)
  plainwords: resolve('eval/plainwords'),
};
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const modes = (opt('modes') ?? 'lexical,hybrid,semantic').split(',') as SearchMode[];
const sets = (opt('sets') ?? 'dev,holdout,holdout2,plainwords').split(',').filter((name) => SETS[name] && existsSync(join(SETS[name], 'qrels.tsv')));
const outDir = resolve(opt('out') ?? join(tmpdir(), 'paperwire-eval'));
mkdirSync(outDir, { recursive: true });

const dir = mkdtempSync(join(tmpdir(), 'paperwire-eval-'));
const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
try {
  await loadDemoCorpus(store);
  const ctx = createSearchContext(store);
  const dim = opt('dim') ? Number(opt('dim')) : undefined;
  // --model scores a candidate static model directory (a training export plus vocab.txt) instead of the bundled one
  const model = opt('model');
  const embedder = args.includes('--no-semantic') ? undefined : model ? loadStaticEmbedder(resolve(model), { dim }) : bundledEmbedder({ dim });
  const [neighbours, weight] = (opt('smoothing') ?? `${DEFAULT_RANKING.smoothing.neighbours},${DEFAULT_RANKING.smoothing.weight}`).split(',').map(Number);
  const w = Number(opt('semantic-weight') ?? DEFAULT_RANKING.fusion[1]);
  const c = DEFAULT_RANKING.credibility;
  const [chancePercentile, relative, lexicalCoverage, matchedPercentile, firstPage] = (opt('credibility') ?? `${c.chancePercentile},${c.relative},${c.lexicalCoverage},${c.matchedPercentile},${c.firstPage}`)
    .split(',')
    .map(Number);
  ctx.ranking = {
    ...DEFAULT_RANKING,
    fusion: [+(1 - w).toFixed(3), w],
    smoothing: { neighbours: neighbours!, weight: weight! },
    credibility: { chancePercentile: chancePercentile!, relative: relative!, lexicalCoverage: lexicalCoverage!, matchedPercentile: matchedPercentile ?? chancePercentile!, firstPage: firstPage ?? 0 },
  };
  console.log(`ranking: ${JSON.stringify(ctx.ranking)}`);
  if (embedder) {
    const semantic = createSemanticSearch(store, embedder);
    await semantic.load();
    await semantic.embedPending();
    ctx.semantic = semantic;
    console.log(`semantic ranker: ${model ? 'candidate' : 'bundled'} model ${embedder.id}`);
  }
  for (const set of sets) {
    const dir = SETS[set]!;
    const { queries, qrels } = parseEvalSet(readFileSync(join(dir, 'queries.tsv'), 'utf8'), readFileSync(join(dir, 'qrels.tsv'), 'utf8'));
    for (const mode of modes) {
      const run = new Map<string, string[]>();
      let used: SearchMode = mode;
      for (const { qid, query } of queries) {
        const result = await searchPapers(ctx, { q: query, mode, limit: 20 });
        used = result.mode;
        run.set(qid, result.papers.map((p) => p.title));
      }
      const file = join(outDir, `run-${set}-${mode}.tsv`);
      writeFileSync(file, [...run].flatMap(([qid, titles]) => titles.map((t) => `${qid}\t${t}\n`)).join(''));
      const score = scoreRun(queries, qrels, run);
      console.log(`\n== ${set} (${dir}), mode ${mode}${used !== mode ? ` (ran as ${used}: no semantic ranker)` : ''} → ${file}`);
      console.log(formatScore(score));
      if (args.includes('--per-query')) {
        for (const q of queries) console.log(`  ${q.qid} ${q.type.padEnd(10)} ${score.perQuery.get(q.qid)!.ndcg10.toFixed(3)}  ${q.query.slice(0, 90)}`);
      }
    }
  }
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
