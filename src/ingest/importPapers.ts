import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { IngestItem } from '../storage/ingestStore.ts';
import { workerEntry } from '../jobs/workerEntry.ts';
import type { Store } from '../storage/store.ts';
import { detectFormat, type ImportFormat } from './importInput.ts';
import { recordToInput, type PaperRecord } from './paperRecord.ts';
import type { ImporterMessage, ParseWorkerData, WorkerMessage } from './parseWorker.ts';

/** What an import did, line by line: the summary the CLI prints and the admin page shows. */
export interface ImportSummary {
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  featured: number;
  /** Skipped lines with their reasons (the first 1,000; `skippedMore` counts the rest). */
  skipped: { line: number; reason: string }[];
  skippedMore?: number;
  /** Set when the import resumed after a crash: lines up to here were committed by the earlier run. */
  resumedAfter?: number;
  format?: ImportFormat;
}

/** How many skipped lines an import keeps with their reasons; beyond that it only counts them. */
const SKIPPED_KEPT = 1000;

/** Stores one parsed record: the paper, then its places on daily lists (and their submitters). */
export async function storeRecord(
  store: Store,
  record: PaperRecord,
  summary: ImportSummary,
  positionOn?: (date: string) => number | undefined,
): Promise<void> {
  const { id, status } = await store.papers.upsert(recordToInput(record));
  summary[status]++;
  for (const f of record.featured ?? []) {
    const user = f.submitted_by ? await store.users.ensure({ username: f.submitted_by }) : undefined;
    if ((await store.daily.feature(id, f.date, { submittedBy: user?.id, position: positionOn?.(f.date) })) === 'added') summary.featured++;
  }
}

/**
 * Usernames are unique whatever their case, and `submitted_by` is matched exactly: a line whose submitter differs
 * only in case from an existing user ("ADMIN1" when admin1 exists) is not credited to that user but reported and
 * skipped, so an import can never put words in a real account's mouth.
 */
async function withoutCaseVariants(store: Store, items: IngestItem[], lines: number[]): Promise<{ items: IngestItem[]; skipped: { line: number; reason: string }[] }> {
  const names = new Set(items.flatMap((item) => (item.featured ?? []).flatMap((f) => (f.submittedBy ? [f.submittedBy] : []))));
  const clashes = new Map<string, string>();
  for (const name of names) {
    const existing = await store.users.get(name);
    if (existing && existing.username !== name) clashes.set(name, existing.username);
  }
  if (!clashes.size) return { items, skipped: [] };
  const kept: IngestItem[] = [];
  const skipped: { line: number; reason: string }[] = [];
  items.forEach((item, i) => {
    const clash = item.featured?.find((f) => f.submittedBy && clashes.has(f.submittedBy))?.submittedBy;
    if (!clash) kept.push(item);
    else skipped.push({ line: lines[i]!, reason: `submitted_by ${JSON.stringify(clash)} is not the user ${clashes.get(clash)} (usernames are matched exactly)` });
  });
  return { items: kept, skipped };
}

/** Options of an import; all optional. */
export interface ImportOptions {
  /** The format; detected from the first bytes when not given. */
  format?: ImportFormat;
  /** Cursor key for resuming after a crash (set for regular files; stdin has none). */
  resumeKey?: string;
  /** Records per transaction (default 2,000: larger batches hold more in memory and gain little). */
  batchSize?: number;
  /** Called after each committed batch, with the summary so far. */
  onProgress?: (summary: ImportSummary) => void;
}

/** Batches from the parse worker as an async stream; raw chunks of `input` are handed to it as it asks. */
async function* parsedBatches(input: Readable, data: ParseWorkerData): AsyncGenerator<Extract<WorkerMessage, { type: 'batch' }>> {
  const worker = new Worker(workerEntry('parseWorker', import.meta.url), { workerData: data });
  const chunks = input[Symbol.asyncIterator]();
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const send = (m: ImporterMessage) => worker.postMessage(m);
  let reading: Promise<unknown> = Promise.resolve();
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'pull') {
      // pulls arrive several at a time; chunks are read one after another, in order
      reading = reading.then(() =>
        chunks.next().then(
          ({ value, done }) => send({ type: 'chunk', chunk: done ? null : (value as Buffer) }),
          (err: Error) => ((failure = err), wake?.()),
        ),
      );
      return;
    }
    queue.push(m);
    wake?.();
  });
  worker.on('error', (err) => ((failure = err), wake?.()));
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the import parser stopped (exit ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      while (!queue.length && !failure) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift();
      if (!m) throw failure!;
      if (m.type === 'end') return;
      if (m.type === 'error') throw new Error(m.message);
      if (m.type === 'batch') {
        yield m;
        send({ type: 'credit' });
      }
    }
  } finally {
    await worker.terminate();
    input.destroy();
  }
}

/**
 * Imports papers from a stream in paperwire's JSON lines, the Kaggle arXiv snapshot or Hugging Face
 * daily_papers JSON. A worker thread parses while this thread writes; records are committed in batches,
 * each together with the line it reached, so an import killed at any point resumes where it stopped (with
 * `resumeKey`) and never stores a record twice. A malformed line is reported with its number and skipped.
 */
export async function importPapers(
  store: Store,
  input: Readable,
  options: ImportOptions | ((summary: ImportSummary) => void) = {},
): Promise<ImportSummary> {
  const opts = typeof options === 'function' ? { onProgress: options } : options;
  const format = opts.format ?? (await detectFormat(input));
  const summary: ImportSummary = { read: 0, new: 0, updated: 0, unchanged: 0, featured: 0, skipped: [], format };
  const cursorKey = opts.resumeKey;
  const resumeAfter = cursorKey ? Number((await store.ingest.cursor(cursorKey)) ?? 0) : 0;
  if (resumeAfter > 0) summary.resumedAfter = resumeAfter;

  const endBulk = await store.ingest.bulkWrites();
  try {
    for await (const batch of parsedBatches(input, { format, resumeAfter, batchSize: opts.batchSize ?? 2000, maxAhead: 2 })) {
      const { items, skipped } = await withoutCaseVariants(store, batch.items, batch.lines);
      const { statuses, featured } = await store.ingest.commit(cursorKey ?? `import:${format}`, items, cursorKey ? String(batch.lastLine) : undefined);
      for (const s of statuses) summary[s]++;
      summary.featured += featured;
      summary.read += batch.read;
      for (const s of [...batch.skipped, ...skipped].sort((a, b) => a.line - b.line)) {
        if (summary.skipped.length < SKIPPED_KEPT) summary.skipped.push(s);
        else summary.skippedMore = (summary.skippedMore ?? 0) + 1;
      }
      opts.onProgress?.(summary);
    }
  } finally {
    await endBulk();
  }
  if (cursorKey) await store.ingest.clearCursor(cursorKey);
  return summary;
}
