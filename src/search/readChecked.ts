import { readFile, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { workerEntry } from '../jobs/workerEntry.ts';
import type { ReadCheckedRequest, ReadCheckedResponse } from './snapshotReadWorker.ts';

/** Files at least this large are read and checksummed in a worker thread; smaller ones here (tests, small instances). */
const WORKER_FROM = 8 << 20;

/**
 * A snapshot file's bytes and the CRC-32 of everything from `from` on. A large file is read and checksummed in a
 * worker thread (snapshotReadWorker.ts), so a server loading its lexical and vector snapshots at start spends no
 * time of its own thread on the checksums, and the two run on two cores; if the worker cannot run, it is done
 * here. A missing file rejects with the ENOENT error, as readFile does.
 */
export async function readChecked(path: string, from: number): Promise<{ buf: Buffer; crc: number }> {
  const here = async () => {
    const buf = await readFile(path);
    return { buf, crc: buf.length > from ? crc32(buf.subarray(from)) >>> 0 : 0 };
  };
  const size = (await stat(path)).size; // a missing file rejects here, with its ENOENT
  if (size < WORKER_FROM) return here();
  let r: ReadCheckedResponse;
  try {
    r = await new Promise<ReadCheckedResponse>((resolve, reject) => {
      const w = new Worker(workerEntry('snapshotReadWorker', import.meta.url), { workerData: { path, from } satisfies ReadCheckedRequest });
      w.once('message', (m: ReadCheckedResponse) => (resolve(m), void w.terminate()));
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`the snapshot read worker stopped (exit ${code})`)));
    });
  } catch {
    return here();
  }
  if ('error' in r) throw Object.assign(new Error(r.error), { code: r.code });
  return { buf: Buffer.from(r.buffer, r.byteOffset, r.byteLength), crc: r.crc };
}
