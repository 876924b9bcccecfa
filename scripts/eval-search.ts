/**
 * Scores paperwire's search on the development set: loads the demo corpus into a temporary database, runs the
 * queries of ../shared/search-eval through searchPapers in each mode, writes one run file per mode and prints
 * the scorer's figures. usage: npx tsx scripts/eval-search.ts [--modes lexical,hybrid,semantic] [--out DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDemoCorpus } from '../src/ingest/demoCorpus.ts';
import { searchContext, searchPapers, type SearchMode } from '../src/search/searchPapers.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { bundledEmbedder } from '../src/search/embedding/bundledEmbedder.ts';
import { createSemanticSearch } from '../src/search/semantic/semanticSearch.ts';

const EVAL_DIR = resolve(process.env.SEARCH_EVAL_DIR ?? '../shared/search-eval');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const modes = (opt('modes') ?? 'lexical,hybrid,semantic').split(',') as SearchMode[];
const outDir = resolve(opt('out') ?? join(tmpdir(), 'paperwire-eval'));
mkdirSync(outDir, { recursive: true });

const dir = mkdtempSync(join(tmpdir(), 'paperwire-eval-'));
const store = openSqliteStore(join(dir, 'paperwire.db'), { migrate: true });
try {
  await loadDemoCorpus(store);
  const ctx = searchContext(store);
  const embedder = args.includes('--no-semantic') ? undefined : bundledEmbedder();
  if (embedder) {
    const semantic = createSemanticSearch(store, embedder);
    await semantic.load();
    await semantic.embedPending();
    ctx.semantic = semantic;
    console.log(`semantic ranker: bundled model ${embedder.id}`);
  }
  const queries = readFileSync(join(EVAL_DIR, 'queries.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t') as [string, string, string]);
  for (const mode of modes) {
    const lines: string[] = [];
    let used: SearchMode = mode;
    for (const [qid, , query] of queries) {
      const result = await searchPapers(ctx, { q: query, mode, limit: 20 });
      used = result.mode;
      for (const p of result.papers) lines.push(`${qid}\t${p.title}`);
    }
    const file = join(outDir, `run-${mode}.tsv`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    console.log(`\n== mode ${mode}${used !== mode ? ` (ran as ${used}: no semantic ranker)` : ''} → ${file}`);
    console.log(execFileSync('node', [join(EVAL_DIR, 'score.mjs'), file], { encoding: 'utf8' }).trimEnd());
  }
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
