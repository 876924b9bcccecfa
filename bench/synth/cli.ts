/**
 * Command line for the synthetic corpus generator: writes a corpus (or a benchmark query set) and reports the
 * time taken, rate, size and peak memory on stderr, keeping stdout clean for piping into `paperwire import -`.
 *
 *   npx tsx bench/synth/cli.ts --count 100000 --seed 1 --format jsonl|kaggle --out FILE|-
 *   npx tsx bench/synth/cli.ts --queries 200 --seed 1 --out queries.jsonl
 */
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { DEFAULT_END, DEFAULT_START } from './generate-papers.ts';
import { generateQueries } from './generate-queries.ts';
import { FORMATS, writeCorpus, type CorpusFormat } from './write-corpus.ts';

const USAGE = `usage: tsx bench/synth/cli.ts [--count N] [--seed S] [--format jsonl|kaggle] [--out FILE|-]
                              [--start YYYY-MM-DD] [--end YYYY-MM-DD] [--workers N] [--queries N]
  --count    papers to generate (default 1000)
  --seed     PRNG seed; the same seed gives byte-identical output (default 1)
  --format   jsonl (paperwire import format, default) or kaggle (arXiv metadata snapshot)
  --out      output file, "-" for stdout (default); a .gz name is compressed
  --start/--end  first and last day (default ${DEFAULT_START} .. ${DEFAULT_END})
  --workers  worker threads (default: cores - 1, at most 4, from 20,000 papers); same output for any number
  --queries  instead of papers, write N benchmark queries as JSON lines`;

function int(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' }, seed: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      start: { type: 'string' }, end: { type: 'string' }, queries: { type: 'string' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const seed = int('seed', values.seed, 1);
  const out = values.out ?? '-';
  if (values.queries !== undefined) {
    const text = generateQueries(seed, int('queries', values.queries, 100)).map((q) => JSON.stringify(q)).join('\n') + '\n';
    if (out === '-') process.stdout.write(text);
    else writeFileSync(out, text);
    return;
  }
  const format = (values.format ?? 'jsonl') as CorpusFormat;
  if (!FORMATS.includes(format)) throw new Error(`--format must be jsonl or kaggle, got "${format}"`);
  const count = int('count', values.count, 1000);
  const workers = values.workers === undefined ? undefined : Math.max(1, int('workers', values.workers, 1));
  const stats = await writeCorpus(out, { count, seed, start: values.start, end: values.end }, format, { workers });
  const s = stats.ms / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.error(`synth: ${stats.count} papers (${format}, seed ${seed}) -> ${out}: ${(stats.bytes / 1e6).toFixed(1)} MB in ` +
    `${s.toFixed(2)} s, ${Math.round(stats.count / s).toLocaleString('en-US')} papers/s, ${stats.workers} worker(s), ` +
    `peak RSS ${rssMb.toFixed(0)} MB (main thread and workers)`);
}

main().catch((err: Error) => {
  console.error(`synth: ${err.message}\n${USAGE}`);
  process.exit(2);
});
