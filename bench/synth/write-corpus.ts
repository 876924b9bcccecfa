/**
 * Streams a synthetic corpus to a file (or stdout) in paperwire's JSON-lines import format or the Kaggle arXiv
 * snapshot format, in large chunks with back-pressure, never holding the corpus in memory. Files are written
 * to a temporary name and renamed at the end, so a reader never sees a half-written corpus.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { corpusLines, FORMATS, type CorpusFormat } from './corpus-lines.ts';
import type { GenerateOptions } from './generate-papers.ts';
import { pumpParallel, startWorkers } from './write-parallel.ts';

export { corpusLines, FORMATS, type CorpusFormat };

export interface WriteStats {
  count: number;
  bytes: number;
  ms: number;
  /** Worker threads used (1 = rendered on the calling thread). */
  workers: number;
}

export interface WriteOptions {
  /**
   * Worker threads; default from 20,000 papers: one per core beyond the first, at most 4 (so 1, i.e. this
   * thread only, on a 2-core machine, where workers cost more CPU than they save). Output is the same either way.
   */
  workers?: number;
  /** Papers per parallel chunk (default 4,000); only tests change it. */
  chunkPapers?: number;
}

async function workersFor(opts: GenerateOptions, w: WriteOptions): Promise<Worker[] | null> {
  const n = w.workers ?? (opts.count >= 20_000 ? Math.min(4, availableParallelism() - 1) : 1);
  if (n <= 1) return null;
  try {
    return await startWorkers(n);
  } catch {
    return null; // e.g. no TypeScript loader in worker threads: render on this thread instead
  }
}

const CHUNK = 1 << 20;

async function pump(out: Writable, lines: Iterable<string>): Promise<{ count: number; bytes: number }> {
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
export async function writeCorpus(path: string, opts: GenerateOptions, format: CorpusFormat = 'jsonl', wo: WriteOptions = {}): Promise<WriteStats> {
  const t0 = performance.now();
  if (!FORMATS.includes(format)) throw new Error(`unknown format "${format}", want jsonl or kaggle`);
  const pool = await workersFor(opts, wo);
  const workers = pool?.length ?? 1;
  const run = (out: Writable) => (pool ? pumpParallel(out, opts, format, pool, wo.chunkPapers) : pump(out, corpusLines(opts, format)));
  if (path === '-') {
    const stats = await run(process.stdout);
    return { ...stats, ms: performance.now() - t0, workers };
  }
  const tmp = `${path}.tmp-${process.pid}`;
  const file = createWriteStream(tmp);
  const gzip = path.endsWith('.gz') ? createGzip({ level: 6 }) : null;
  if (gzip) gzip.pipe(file);
  try {
    const stats = await run(gzip ?? file);
    (gzip ?? file).end();
    await once(file, 'close');
    renameSync(tmp, path);
    return { ...stats, ms: performance.now() - t0, workers };
  } catch (err) {
    for (const w of pool ?? []) void w.terminate();
    file.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
}
