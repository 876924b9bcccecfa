/**
 * Reads one snapshot file and computes its CRC-32 in a worker thread (readChecked.ts starts it), so that at a
 * server's start the checksums of the lexical and vector snapshots (≈ 110 MB at 126k papers, a third of a
 * second of CPU) run beside the server thread instead of on it; the bytes come back transferred, not copied.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { crc32 } from 'node:zlib';

/** The file and where its checksummed part starts. */
export interface ReadCheckedRequest {
  path: string;
  from: number;
}
/** The file's bytes (a transferred buffer) and the CRC-32 from `from` on, or the read error. */
export type ReadCheckedResponse = { buffer: ArrayBuffer; byteOffset: number; byteLength: number; crc: number } | { error: string; code?: string };

const { path, from } = workerData as ReadCheckedRequest;
try {
  const buf = await readFile(path);
  const crc = buf.length > from ? crc32(buf.subarray(from)) >>> 0 : 0;
  const whole = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength;
  const bytes = whole ? buf : Buffer.from(buf); // a pooled small buffer is copied out before it is transferred
  parentPort!.postMessage({ buffer: bytes.buffer as ArrayBuffer, byteOffset: 0, byteLength: bytes.byteLength, crc } satisfies ReadCheckedResponse, [bytes.buffer as ArrayBuffer]);
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err), code: (err as NodeJS.ErrnoException).code } satisfies ReadCheckedResponse);
}
