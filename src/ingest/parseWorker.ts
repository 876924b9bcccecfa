/**
 * The parsing half of a bulk import, run in a worker thread so that JSON parsing and normalization use one
 * core while SQLite writes on the other. It pulls raw chunks from the main thread, splits them into records,
 * maps each with the format's mapper and posts batches back; it never runs more than a few batches ahead.
 */
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { IngestItem } from '../storage/ingestStore.ts';
import { importRecords, type ImportFormat } from './importInput.ts';
import { describe, FORMAT_MAPPERS } from './importMappers.ts';

/** A message from the worker to the importer. */
export type WorkerMessage =
  | { type: 'pull' }
  | { type: 'batch'; items: IngestItem[]; lines: number[]; lastLine: number; read: number; skipped: { line: number; reason: string }[] }
  | { type: 'end' }
  | { type: 'error'; message: string };

/** A message from the importer to the worker. */
export type ImporterMessage = { type: 'chunk'; chunk: Uint8Array | null } | { type: 'credit' };

/** What the worker is started with. */
export interface ParseWorkerData {
  format: ImportFormat;
  resumeAfter: number;
  batchSize: number;
  maxAhead: number;
}

const port = parentPort!;
const { format, resumeAfter, batchSize, maxAhead } = workerData as ParseWorkerData;
const toItem = FORMAT_MAPPERS[format];
const post = (m: WorkerMessage) => port.postMessage(m);

/**
 * Raw chunks asked for ahead of need: the importer's thread answers only between its (synchronous) database
 * commits, so a worker that asked for one chunk at a time would sit idle through each commit.
 */
const CHUNKS_AHEAD = 8;

const arrived: (Uint8Array | null)[] = [];
let chunkWaiter: (() => void) | undefined;
let creditWaiter: (() => void) | undefined;
let outstanding = 0;
port.on('message', (m: ImporterMessage) => {
  if (m.type === 'chunk') {
    arrived.push(m.chunk);
    chunkWaiter?.();
  } else {
    outstanding--;
    creditWaiter?.();
  }
});

async function* chunks(): AsyncGenerator<Buffer> {
  for (let i = 0; i < CHUNKS_AHEAD; i++) post({ type: 'pull' });
  for (;;) {
    while (!arrived.length) await new Promise<void>((resolve) => (chunkWaiter = resolve));
    const chunk = arrived.shift()!;
    if (chunk === null) return;
    post({ type: 'pull' });
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

async function run(): Promise<void> {
  let batch: IngestItem[] = [];
  let lines: number[] = [];
  let skipped: { line: number; reason: string }[] = [];
  let read = 0;
  let lastLine = resumeAfter;
  const flush = async () => {
    while (outstanding >= maxAhead) await new Promise<void>((resolve) => (creditWaiter = resolve));
    outstanding++;
    post({ type: 'batch', items: batch, lines, lastLine, read, skipped });
    (batch = []), (lines = []), (skipped = []), (read = 0);
  };
  for await (const records of importRecords(Readable.from(chunks(), { objectMode: false }))) {
    for (const { line, text } of records) {
      if (line <= resumeAfter) continue;
      read++;
      lastLine = line;
      try {
        batch.push(toItem(JSON.parse(text)));
        lines.push(line);
      } catch (error) {
        skipped.push({ line, reason: describe(error) });
      }
      if (read >= batchSize) await flush();
    }
  }
  await flush();
  post({ type: 'end' });
}

run().catch((err) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
