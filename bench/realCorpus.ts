/**
 * The 126k real arXiv papers of `../shared/corpus/` (titles, abstracts, categories, announcement day) in
 * paperwire's import format, for benchmarks on real text: each line `{id, title, abstract, categories,
 * published, featured: [{date}]}`, the announcement day serving as both the published day and the one featured
 * day (papers without one get neither). Converted once into .cache/real/; `npx tsx bench/realCorpus.ts` prints
 * the path. BENCH_REAL_CORPUS overrides where the xz file is.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SOURCE = process.env.BENCH_REAL_CORPUS ?? fileURLToPath(new URL('../../shared/corpus/arxiv-cs-2025-2026.jsonl.xz', import.meta.url));
const CACHE = fileURLToPath(new URL('../.cache/real/', import.meta.url));
const CONVERTER_VERSION = 1;

interface CorpusLine {
  id?: string;
  title?: string;
  abstract?: string;
  categories?: string[];
  date?: string | null;
}

/** One corpus line in paperwire's import format. */
export function toImportLine(r: CorpusLine): string {
  const day = r.date ?? undefined;
  return JSON.stringify({ id: r.id, title: r.title, abstract: r.abstract, categories: r.categories, published: day, featured: day ? [{ date: day }] : undefined });
}

/** The path of the converted corpus (paperwire JSON lines), converting it first when missing. */
export async function ensureRealCorpus(): Promise<string> {
  const out = join(CACHE, `arxiv-real-v${CONVERTER_VERSION}.jsonl`);
  if (existsSync(out)) return out;
  if (!existsSync(SOURCE)) throw new Error(`the real corpus is not at ${SOURCE} (set BENCH_REAL_CORPUS)`);
  mkdirSync(CACHE, { recursive: true });
  const xz = spawn('xz', ['-dc', SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const tmp = `${out}.part`;
  const sink = createWriteStream(tmp);
  for await (const line of createInterface({ input: xz.stdout })) {
    if (!line.trim()) continue;
    if (!sink.write(toImportLine(JSON.parse(line) as CorpusLine) + '\n')) await new Promise<void>((r) => sink.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => {
    sink.once('error', reject);
    sink.end(() => resolve());
  });
  renameSync(tmp, out);
  return out;
}

/** Real search queries: the development and evaluation sets' (../shared/search-eval, eval/ * /queries.tsv). */
export function realQueries(): string[] {
  const files = [fileURLToPath(new URL('../../shared/search-eval/queries.tsv', import.meta.url))];
  for (const set of ['holdout', 'holdout2', 'plainwords']) files.push(fileURLToPath(new URL(`../eval/${set}/queries.tsv`, import.meta.url)));
  return files
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1))
    .map((l) => l.split('\t')[2]?.trim())
    .filter((q): q is string => Boolean(q));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await ensureRealCorpus());
