/**
 * Streams a synthetic corpus to a file (or stdout) in paperwire's JSON-lines import format or the Kaggle arXiv
 * snapshot format, in large chunks with back-pressure, never holding the corpus in memory. Files are written
 * to a temporary name and renamed at the end, so a reader never sees a half-written corpus.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { generatePapers, type GenerateOptions } from './generate-papers.ts';
import { toKaggleRecord } from './kaggle-record.ts';

export type CorpusFormat = 'jsonl' | 'kaggle';
export const FORMATS: readonly CorpusFormat[] = ['jsonl', 'kaggle'];

/** One JSON line (without the newline) per paper, in the chosen format. */
export function* corpusLines(opts: GenerateOptions, format: CorpusFormat = 'jsonl'): Generator<string> {
  if (!FORMATS.includes(format)) throw new Error(`unknown format "${format}", want jsonl or kaggle`);
  for (const p of generatePapers(opts)) yield JSON.stringify(format === 'kaggle' ? toKaggleRecord(p) : p);
}

export interface WriteStats {
  count: number;
  bytes: number;
  ms: number;
}

const CHUNK = 1 << 20;

async function pump(out: Writable, lines: Iterable<string>): Promise<Omit<WriteStats, 'ms'>> {
  let buf = '';
  let count = 0;
  let bytes = 0;
  const flush = async () => {
    bytes += Buffer.byteLength(buf);
    const ok = out.write(buf);
    buf = '';
    if (!ok) await once(out, 'drain');
  };
  for (const line of lines) {
    buf += line + '\n';
    count++;
    if (buf.length >= CHUNK) await flush();
  }
  if (buf) await flush();
  return { count, bytes };
}

/**
 * Writes the corpus for `opts` to `path` ("-" for stdout; a ".gz" suffix compresses) and returns
 * the paper count, uncompressed bytes and elapsed milliseconds.
 */
export async function writeCorpus(path: string, opts: GenerateOptions, format: CorpusFormat = 'jsonl'): Promise<WriteStats> {
  const t0 = performance.now();
  const lines = corpusLines(opts, format);
  if (path === '-') {
    const stats = await pump(process.stdout, lines);
    return { ...stats, ms: performance.now() - t0 };
  }
  const tmp = `${path}.tmp-${process.pid}`;
  const file = createWriteStream(tmp);
  const gzip = path.endsWith('.gz') ? createGzip({ level: 6 }) : null;
  if (gzip) gzip.pipe(file);
  try {
    const stats = await pump(gzip ?? file, lines);
    (gzip ?? file).end();
    await once(file, 'close');
    renameSync(tmp, path);
    return { ...stats, ms: performance.now() - t0 };
  } catch (err) {
    file.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
}
