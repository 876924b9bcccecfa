import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The bulk formats `paperwire import` reads. */
export type ImportFormat = 'jsonl' | 'kaggle' | 'hf';

/** An opened import file: its decoded text stream, and how far through the raw bytes reading has got (for ETA). */
export interface ImportInput {
  stream: Readable;
  /** Size of the raw (possibly compressed) file; undefined for stdin and pipes. */
  size?: number;
  bytesRead(): number;
  gzip: boolean;
}

/** Waits for the first chunk of a stream and puts it back, so the caller can look before reading. */
async function peek(stream: Readable): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const onReadable = () => {
      const chunk = stream.read() as Buffer | null;
      cleanup();
      if (chunk) stream.unshift(chunk);
      resolve(chunk ?? Buffer.alloc(0));
    };
    const onEnd = () => (cleanup(), resolve(Buffer.alloc(0)));
    const onError = (err: Error) => (cleanup(), reject(err));
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.once('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/**
 * Opens FILE (or stdin for `-`) as a stream of text, gunzipping on the fly when the bytes are gzip (by magic
 * number, so `.gz` files and compressed pipes both work). Nothing is read into memory beyond stream buffers.
 */
export async function openImportInput(file: string, stdin: Readable = process.stdin): Promise<ImportInput> {
  const raw = file === '-' ? stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  const size = file === '-' ? undefined : statSync(file).size;
  let bytes = 0;
  const counted = raw.pipe(new Transform({ transform: (chunk: Buffer, _enc, cb) => ((bytes += chunk.length), cb(null, chunk)) }));
  raw.once('error', (err: Error) => counted.destroy(err));
  const head = await peek(counted);
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  let stream: Readable = counted;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: 1 << 18 });
    counted.once('error', (err: Error) => gunzip.destroy(err));
    stream = counted.pipe(gunzip);
  }
  return { stream, size, bytesRead: () => bytes, gzip };
}

/** Guesses the format from the first bytes: a JSON array or `{"paper": …}` items are HF, snapshot fields are Kaggle. */
export async function detectFormat(stream: Readable): Promise<ImportFormat> {
  const head = (await peek(stream)).subarray(0, 64 * 1024).toString('utf8').trimStart();
  if (head.startsWith('[')) return 'hf';
  const first = head.split('\n', 1)[0] ?? '';
  if (/"paper"\s*:\s*\{/.test(first)) return 'hf';
  if (/"(authors_parsed|update_date|versions|journal-ref)"\s*:/.test(first)) return 'kaggle';
  return 'jsonl';
}

/** One record's text and the line it starts on. */
export interface RawRecord {
  line: number;
  text: string;
}

/**
 * Reads JSON lines: one record per non-blank line, numbered from 1, yielded a chunk's worth at a time. Each
 * chunk is decoded once up to its last newline (the bytes after it wait for the next chunk, so a character
 * split between chunks stays whole); lines end at "\n", a "\r" before it dropped.
 */
async function* jsonLines(stream: Readable): AsyncGenerator<RawRecord[]> {
  let line = 0;
  let rest: Buffer | undefined;
  const split = (text: string, out: RawRecord[]) => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      line++;
      const raw = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      if (raw.trim()) out.push({ line, text: raw });
      if (nl < 0) return;
      start = nl + 1;
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const buf = rest ? Buffer.concat([rest, bytes]) : bytes;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      rest = buf;
      continue;
    }
    const records: RawRecord[] = [];
    split(buf.toString('utf8', 0, last), records);
    rest = last + 1 < buf.length ? buf.subarray(last + 1) : undefined;
    if (records.length) yield records;
  }
  if (rest?.length) {
    const records: RawRecord[] = [];
    split(rest.toString('utf8'), records);
    if (records.length) yield records;
  }
}

/** Splits a top-level JSON array into its elements' texts as the bytes stream in, never holding the whole array. */
async function* jsonArrayElements(stream: Readable): AsyncGenerator<RawRecord> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let startLine = 0;
  let buf = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    let from = depth >= 2 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (ch === '\n') line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '[' || ch === '{') {
        depth++;
        if (depth === 2) (from = i), (startLine = line), (buf = '');
      } else if (ch === ']' || ch === '}') {
        depth--;
        if (depth === 1) {
          yield { line: startLine, text: buf + chunk.slice(from, i + 1) };
          (buf = ''), (from = -1);
        }
      } else if (depth === 1 && ch !== ',' && !/\s/.test(ch)) {
        throw new Error(`line ${line}: expected an object in the top-level array, found "${ch}"`);
      }
    }
    if (depth >= 2 && from >= 0) buf += chunk.slice(from);
  }
  if (depth !== 0) throw new Error(`line ${line}: the JSON array ends early (truncated file?)`);
}

/** Records of an import input, a chunk's worth at a time: array elements when it is a JSON array, else JSON lines. */
export async function* importRecords(stream: Readable): AsyncGenerator<RawRecord[]> {
  const head = (await peek(stream)).toString('utf8').trimStart();
  if (!head.startsWith('[')) return yield* jsonLines(stream);
  for await (const record of jsonArrayElements(stream)) yield [record];
}
