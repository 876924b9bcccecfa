/**
 * Checks the plain-words query set (eval/plainwords) against its rule: no content word of a query, once stopwords
 * are dropped and the rest Porter-stemmed, may occur in the title of a paper it grades 3, and at most two may
 * occur in that paper's abstract. Run with `npx tsx scripts/check-plainwords.ts [setDir] [corpus.jsonl]`; it
 * prints every violation and exits non-zero when there is one.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { porterStem } from '../src/search/lexical/porterStemmer.ts';

/** Common English function words the rule ignores; kept here so the rule does not depend on any ranker's list. */
export const PLAINWORDS_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
    'him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ' +
    'ours out over own same she should so some such than that the their theirs them then there these they this those ' +
    'through to too under until up very was we were what when where which while who whom why will with would you ' +
    'your yours yourself s t don let lets get gets got one ones also may might must shall us way ways thing things'
  ).split(' '),
);

/** The stems of a text's content words, in order of first appearance, without repeats. */
export function contentStems(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (!raw || PLAINWORDS_STOPWORDS.has(raw)) continue;
    out.add(porterStem(raw));
  }
  return [...out];
}

/** One broken rule: which query, which target paper, and the offending stems. */
export interface PlainwordsViolation {
  qid: string;
  title: string;
  problem: string;
}

/** Most query stems a target paper's abstract may contain. */
export const MAX_ABSTRACT_OVERLAP = 2;

function readTsv(path: string): string[][] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => l.split('\t'));
}

/** Runs the rule over a query set directory (queries.tsv, qrels.tsv) and a corpus JSONL; returns every violation. */
export function checkPlainwords(setDir: string, corpusPath: string): PlainwordsViolation[] {
  const papers = new Map<string, string>();
  for (const line of readFileSync(corpusPath, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const p = JSON.parse(line) as { title: string; abstract: string };
    if (!papers.has(p.title)) papers.set(p.title, p.abstract);
  }
  const queries = new Map(readTsv(resolve(setDir, 'queries.tsv')).map(([qid, , query]) => [qid!, query ?? ''] as const));
  const out: PlainwordsViolation[] = [];
  const targets = new Map<string, string[]>();
  for (const [qid, title, grade] of readTsv(resolve(setDir, 'qrels.tsv'))) {
    if (!queries.has(qid!)) out.push({ qid: qid!, title: title!, problem: 'judged query is not in queries.tsv' });
    if (!papers.has(title!)) out.push({ qid: qid!, title: title!, problem: 'title is not in the corpus' });
    if (!['1', '2', '3'].includes(grade!)) out.push({ qid: qid!, title: title!, problem: `grade ${grade} is not 1-3` });
    if (grade === '3') targets.set(qid!, [...(targets.get(qid!) ?? []), title!]);
  }
  for (const [qid, query] of queries) {
    const stems = contentStems(query);
    if (stems.length === 0) out.push({ qid, title: '', problem: 'query has no content words' });
    const goal = targets.get(qid) ?? [];
    if (goal.length === 0) out.push({ qid, title: '', problem: 'query has no target paper (grade 3)' });
    for (const title of goal) {
      const abstract = papers.get(title);
      if (abstract === undefined) continue;
      const inTitle = new Set(contentStems(title));
      const inAbstract = new Set(contentStems(abstract));
      const titleHits = stems.filter((s) => inTitle.has(s));
      const abstractHits = stems.filter((s) => inAbstract.has(s));
      if (titleHits.length > 0) out.push({ qid, title, problem: `in the title: ${titleHits.join(', ')}` });
      if (abstractHits.length > MAX_ABSTRACT_OVERLAP)
        out.push({ qid, title, problem: `${abstractHits.length} in the abstract: ${abstractHits.join(', ')}` });
    }
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const setDir = process.argv[2] ?? 'eval/plainwords';
  const corpus = process.argv[3] ?? 'demo/seed-papers.jsonl';
  const violations = checkPlainwords(setDir, corpus);
  for (const v of violations) console.log(`${v.qid}\t${v.title}\t${v.problem}`);
  const n = readTsv(resolve(setDir, 'queries.tsv')).length;
  console.log(violations.length ? `${violations.length} violation(s) in ${n} queries` : `ok: ${n} queries pass the rule`);
  process.exit(violations.length ? 1 : 0);
}
