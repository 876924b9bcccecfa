/**
 * Worker thread for parallel corpus writing: renders the papers of a range of days to UTF-8 and hands the
 * bytes back without copying. Each day has its own PRNG stream, so the bytes match a single-threaded run.
 */
import { parentPort } from 'node:worker_threads';
import { corpusLines, type CorpusFormat } from './corpus-lines.ts';
import type { GenerateOptions } from './generate-papers.ts';

export interface ChunkJob {
  id: number;
  opts: GenerateOptions;
  format: CorpusFormat;
}

const encoder = new TextEncoder();
parentPort!.on('message', (job: ChunkJob) => {
  let text = '';
  let count = 0;
  for (const line of corpusLines(job.opts, job.format)) {
    text += line + '\n';
    count++;
  }
  const bytes = encoder.encode(text);
  parentPort!.postMessage({ id: job.id, count, bytes }, [bytes.buffer]);
});
parentPort!.postMessage({ ready: true });
